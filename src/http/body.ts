/**
 * Reading an HTTP answer safely, for every client over fetch (Partner Center, Graph): a body read up to a cap,
 * JSON parsed without throwing, and a timeout told apart from other failures.
 */

/**
 * The body as text, or undefined past `maxBytes`: read chunk by chunk and given up on at the cap, so a huge
 * answer never sits in memory whole, nor holds the event loop while it is parsed. A Content-Length over the
 * cap is refused before any byte is read.
 */
export async function readText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const tooLong = async () => {
    // Cancelling closes the connection: the rest of the body is never downloaded.
    await reader.cancel().catch(() => undefined);
    return undefined;
  };
  if (Number(response.headers.get('content-length')) > maxBytes) return tooLong();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) return tooLong();
    text += decoder.decode(value, { stream: true });
  }
}

/** By name, not class: fetch rejects with a DOMException, which is not an Error of every realm. */
export function isTimeout(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** The JSON value, or undefined for an empty or unparsable text. */
export function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
