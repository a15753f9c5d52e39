import { isHttpsOrLocalhost, parseUrl } from '../checks';
const NEEDS_ESCAPE = /[\r\n\\`*_~[\]<>]|^\s*([#+\-=>]|\d+\.)/;

/**
 * Teams renders TextBlock and FactSet text as Markdown, so a company or contact name from Partner Center could
 * carry a link, an image or formatting, and anything in angle brackets is taken for HTML and dropped. Escaping
 * makes it show as typed. Newlines are folded: a name is one line.
 */
export function escapeMarkdown(text: string): string {
  // Most text needs nothing: one test instead of three replacements.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return (
    text
      .replace(/\r\n?|\n/g, ' ')
      .replace(/[\\`*_~[\]<>]/g, '\\$&')
      .replace(/^(\s*)([#+\-=>])/, '$1\\$2')
      // CommonMark escapes punctuation only: "\1." shows its backslash, "1\." shows "1." and starts no list.
      .replace(/^(\s*\d+)\./, '$1\\.')
  );
}

/** Only links a user can safely open: https, or http to this machine (local mode). */
export function safeUrl(text: string): string | undefined {
  const url = parseUrl(text);
  return url && isHttpsOrLocalhost(url) ? url.href : undefined;
}
