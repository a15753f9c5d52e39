/**
 * Callers pass ids and outcomes, never tokens or message text. A value may still come from the client (an id, a
 * locale) or hold a secret by mistake: every string is cut at MAX_LOGGED_LENGTH and scrubbed of JWTs, Bearer
 * tokens, email addresses and phone numbers, and secret keys (authorization, token, password…) are redacted.
 * Objects and arrays are written two levels deep at most, ten entries each.
 */
export type LogValue = string | number | boolean | null | undefined | readonly LogValue[] | LogObject;
interface LogObject {
  readonly [key: string]: LogValue;
}
export type LogFields = Readonly<Record<string, LogValue>>;
