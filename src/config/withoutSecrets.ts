import { parseUrl } from '../checks';

/**
 * A URL setting as it can be shown in an error message, which ends up in deployment logs: a user name and
 * password become ***, and so do a query and a fragment (they may hold a signature). Text a parser reads no
 * host from loses everything up to its last @, where another parser might see credentials.
 */
export function withoutSecrets(text: string): string {
  const url = parseUrl(text);
  if (!url?.host) {
    const at = text.lastIndexOf('@');
    if (at < 0) return text;
    const scheme = /^[a-z][a-z0-9+.-]*:[\\/]*/i.exec(text)?.[0] ?? '';
    return `${scheme}***:***@${text.slice(at + 1)}`;
  }
  if (!url.username && !url.password && !url.search && !url.hash) return text;
  if (url.username || url.password) {
    url.username = '***';
    url.password = '***';
  }
  if (url.search) url.search = '***';
  if (url.hash) url.hash = '***';
  return url.href;
}
