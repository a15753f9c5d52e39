import { z } from 'zod';
import { isGuid, isHttpsOrLocalhost, parseUrl } from '../checks';
import { readRoleSet, type GdapRoleSet } from '../gdap/roles';
import { isLogLevel } from '../log';
import { cronSchedule } from '../schedule';
import { withoutSecrets } from './withoutSecrets';

/**
 * A setting's schema: from its text (trimmed; undefined when unset or empty) to its value. An issue's message
 * says what is expected and what was given, for SettingReader to put after the setting's name.
 */
export type Setting<T> = z.ZodType<T, string | undefined>;

/** How an issue's message ends: what was given. */
const got = (issue: { input?: unknown }): string => `got "${String(issue.input)}"`;

export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .refine((text) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max, {
      error: (issue) => `expected a whole number from ${min} to ${max}, ${got(issue)}`,
    })
    .transform(Number);
}

/** true or false, also written 1/0, yes/no or on/off, in any case. */
export const flag = z.stringbool({
  truthy: ['true', '1', 'yes', 'on'],
  falsy: ['false', '0', 'no', 'off'],
  error: (issue) => `expected true or false, ${got(issue)}`,
});

/** true or false, kept as written: for a library that reads the text itself. */
export const trueOrFalseText = z
  .string()
  .regex(/^(true|false)$/i, { error: (issue) => `expected true or false, ${got(issue)}` });

/** One of `values`, in any case; the value as `values` spell it. */
export function oneOf<const T extends string>(values: readonly T[]) {
  return z.string().transform((text, context) => {
    const value = values.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
    if (value !== undefined) return value;
    context.addIssue({
      code: 'custom',
      input: text,
      message: `expected one of ${values.join(', ')}, got "${text}"`,
    });
    return z.NEVER;
  });
}

export const logLevel = z.string().refine(isLogLevel, {
  error: (issue) => `expected one of debug, info, warn, error, silent, ${got(issue)}`,
});

/** A GUID, lower-cased. */
export const guid = z
  .string()
  .refine(isGuid, {
    error: (issue) => `expected a GUID such as 00000000-0000-0000-0000-000000000000, ${got(issue)}`,
  })
  .transform((text) => text.toLowerCase());

const listItems = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Tenant ids separated by commas, lower-cased. The message shows the items that are not GUIDs, if any. */
export const tenantIds = z
  .string()
  .superRefine((text, context) => {
    const items = listItems(text);
    const wrong = items.filter((item) => !isGuid(item));
    if (items.length > 0 && wrong.length === 0) return;
    context.addIssue({
      code: 'custom',
      input: text,
      message: `expected tenant ids (GUIDs) separated by commas, got "${wrong.join(', ') || text}"`,
    });
  })
  .transform((text) => listItems(text).map((item) => item.toLowerCase()));

/** A cron pattern croner reads (minute hour day-of-month month day-of-week, or with seconds first) that falls. */
export const cronPattern = z.string().transform((text, context) => {
  try {
    cronSchedule(text);
    return text;
  } catch (error) {
    const never = error instanceof Error && error.message.includes('never falls');
    context.addIssue({
      code: 'custom',
      input: text,
      message: never
        ? `"${text}" never falls (no such day): expected a cron pattern such as "0 9 * * 1" (Mondays at 09:00)`
        : `expected a cron pattern such as "0 9 * * 1" (Mondays at 09:00), ${got({ input: text })}`,
    });
    return z.NEVER;
  }
});

/** A language tag such as fr-FR. */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
  error: (issue) => `expected a language tag such as fr-FR or en-GB, ${got(issue)}`,
});

/** A calendar day, YYYY-MM-DD, that exists (no 30 February). */
function isCalendarDay(text: string): boolean {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

export const isoDay = z.string().refine(isCalendarDay, {
  error: (issue) => `expected a date as YYYY-MM-DD, ${got(issue)}`,
});

const HTTPS_EXPECTED = 'expected an https URL (http only for localhost or 127.0.0.1)';
/** A URL is shown with its credentials, query and fragment replaced: error messages end up in logs. */
const gotUrl = (issue: { input?: unknown }): string => `got "${withoutSecrets(String(issue.input))}"`;

/** An endpoint: https, or plain http to this machine only; kept as written. */
export const endpointUrl = z.string().refine(
  (text) => {
    const url = parseUrl(text);
    return url !== undefined && isHttpsOrLocalhost(url);
  },
  { error: (issue) => `${HTTPS_EXPECTED}, ${gotUrl(issue)}` },
);

/** A service's base URL: an endpoint with no query or credentials, without its trailing slash. */
export const baseUrl = z
  .string()
  .refine((text) => parseUrl(text) !== undefined, {
    abort: true,
    error: (issue) => `${HTTPS_EXPECTED}, ${gotUrl(issue)}`,
  })
  .refine(
    (text) => {
      const url = new URL(text);
      return isHttpsOrLocalhost(url) && !url.search && !url.hash && !url.username && !url.password;
    },
    { error: (issue) => `${HTTPS_EXPECTED}, with no query or credentials, ${gotUrl(issue)}` },
  )
  .transform((text) => new URL(text).href.replace(/\/+$/, ''));

/** A blob container name. A connection string given instead is not shown: it holds the account key. */
export const containerName = z.string().regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, {
  error: (issue) => {
    const text = String(issue.input);
    const shown = /[=;]/.test(text) ? 'a connection string (not shown)' : `"${text}"`;
    return `expected a blob container name (3-63 lower-case letters, digits and single hyphens), got ${shown}`;
  },
});

/** GDAP_ROLES: a template's name (account-staff, helpdesk, administration) or Entra role names separated by commas. */
export const gdapRoles: Setting<GdapRoleSet | undefined> = z
  .string()
  .optional()
  .transform((text, context) => {
    if (text === undefined) return undefined;
    const result = readRoleSet(text);
    if (result.ok) return result.set;
    context.addIssue({
      code: 'custom',
      input: text,
      message: `expected account-staff, helpdesk, administration or Entra role names separated by commas (such as Global Reader, License Administrator), got unknown "${result.unknown.join(', ')}"`,
    });
    return z.NEVER;
  });
