import { createLogger, MAX_LOGGED_LENGTH, type LogFields } from '../src/log';

/** The lines one call writes, as a log reader would split them, without the time and level. */
function linesOf(message: string, fields?: LogFields): string[] {
  const lines: string[] = [];
  createLogger('debug', (line) => lines.push(line)).info(message, fields);
  return lines
    .flatMap((line) => line.split(/\r\n|[\n\r\u0085\u2028\u2029]/))
    .map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z info {2}/, ''));
}

/** Every character that could end a line, forge one or hide text, as a client could send it. */
const HOSTILE = [
  ['ANSI colour', '\u001b[31mred'],
  ['CR LF', 'x\r\n2026-01-01T00:00:00.000Z info  forged'],
  ['NUL', 'a\u0000b'],
  ['DEL', 'a\u007fb'],
  ['NEL (U+0085)', 'a\u0085b'],
  ['line separator (U+2028)', 'a\u2028b'],
  ['paragraph separator (U+2029)', 'a\u2029b'],
  ['right-to-left override (U+202E)', 'user\u202egnp.exe'],
  ['zero-width space (U+200B)', 'a\u200bb'],
  ['byte order mark (U+FEFF)', '\ufeffa'],
  ['language tag (U+E0001, astral)', 'a\u{e0001}b'],
  ['lone surrogate', 'a\ud800b'],
] as const;

describe('createLogger', () => {
  it('writes plain values as they are and quotes those with spaces, quotes or equals signs', () => {
    expect(
      linesOf('turn done', { userId: '29:abc', ms: 12, ok: true, reason: 'no token', skipped: undefined }),
    ).toEqual(['turn done userId=29:abc ms=12 ok=true reason="no token"']);
    expect(linesOf('x', { a: 'k=v', b: 'say "hi"' })).toEqual(['x a="k=v" b="say \\"hi\\""']);
  });

  it.each(HOSTILE)(
    'writes a field value with %s quoted and escaped as \\uXXXX, on one line that gives the value back',
    (_name, value) => {
      const lines = linesOf('turn done', { userId: value, after: 'next' });
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      const quoted = /^turn done userId=("(?:[^"\\]|\\.)*") after=next$/.exec(line)?.[1];
      expect(quoted).toMatch(/\\u[0-9a-f]{4}/);
      expect(JSON.parse(quoted!)).toBe(value);
    },
  );

  it.each(HOSTILE)('writes a message with %s quoted and escaped, on one line', (_name, value) => {
    const lines = linesOf(`unknown command ${value}`, { userId: 'u1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
    const quoted = /^(".*") userId=u1$/.exec(lines[0]!)?.[1];
    expect(JSON.parse(quoted!)).toBe(`unknown command ${value}`);
  });

  it('cuts a long field value or message, and says it was cut and from what length', () => {
    const [line] = linesOf('m'.repeat(1_000_000), { locale: 'x'.repeat(1_000_000), next: 'kept' });
    expect(line!.length).toBeLessThan(2 * MAX_LOGGED_LENGTH + 200);
    expect(line).toContain(`"${'m'.repeat(MAX_LOGGED_LENGTH)}… [cut from 1000000 characters]"`);
    expect(line).toContain(`locale="${'x'.repeat(MAX_LOGGED_LENGTH)}… [cut from 1000000 characters]"`);
    expect(line).toMatch(/ next=kept$/);
    expect(linesOf('ok', { id: 'x'.repeat(MAX_LOGGED_LENGTH) })).toEqual([
      `ok id=${'x'.repeat(MAX_LOGGED_LENGTH)}`,
    ]);
  });

  it('never cuts a surrogate pair in two', () => {
    const value = `${'x'.repeat(MAX_LOGGED_LENGTH - 1)}😀tail`;
    const [line] = linesOf('m', { v: value });
    expect(line).not.toMatch(/[\p{Cs}]/u);
    expect(line).toContain(`v="${'x'.repeat(MAX_LOGGED_LENGTH - 1)}… [cut from`);
  });
});
