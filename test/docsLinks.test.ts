import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The README links to docs/ for the reference, and the docs link to each other and back: a section moved or
 * renamed must not leave a link to nothing. Checks every relative link (and #anchor) of the project's markdown
 * against the files and the headings GitHub makes anchors of.
 */
const ROOT = path.resolve(__dirname, '..');
const FILES = [
  'README.md',
  'SECURITY.md',
  'bench/README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks and inline code, where a link is a link. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (heading as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

const links = (markdown: string) =>
  [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/i.test(target));

describe.each(FILES)('%s', (file) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8');

  it('links only to files and headings that exist', () => {
    const dead: string[] = [];
    for (const target of links(text)) {
      const [where = '', anchor] = target.split('#');
      const resolved = where
        ? path.join(path.dirname(path.join(ROOT, file)), decodeURI(where))
        : path.join(ROOT, file);
      if (!existsSync(resolved)) dead.push(target);
      else if (anchor !== undefined && !anchors(readFileSync(resolved, 'utf8')).has(anchor))
        dead.push(target);
    }
    expect(dead).toEqual([]);
  });
});

it('the README links to every page of docs/', () => {
  const readme = links(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const unlinked = FILES.filter((file) => file.startsWith('docs/')).filter(
    (file) => !readme.some((target) => target.split('#')[0] === file),
  );
  expect(unlinked).toEqual([]);
});
