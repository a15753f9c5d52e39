import { createLogger, MAX_LOGGED_LENGTH, type LogFields, type LogFormat, type Logger } from '../src/log';

/** A logger at debug level writing into an array, with each line's level. */
function capture(format?: LogFormat): { logger: Logger; lines: string[]; levels: string[] } {
  const lines: string[] = [];
  const levels: string[] = [];
  const sink = (line: string, level: string): void => {
    lines.push(line);
    levels.push(level);
  };
  return { logger: createLogger('debug', format ? { format, sink } : sink), lines, levels };
}

/** The lines one call writes, as a log reader would split them, without the time and level. */
function linesOf(message: string, fields?: LogFields): string[] {
  const { logger, lines } = capture();
  logger.info(message, fields);
  return lines
    .flatMap((line) => line.split(/\r\n|[\n\r\u0085\u2028\u2029]/))
    .map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} info {2}/, ''));
}

/** The one JSON line one call writes, parsed. */
function jsonOf(message: string, fields?: LogFields): Record<string, unknown> {
  const { logger, lines } = capture('json');
  logger.info(message, fields);
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
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

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIyOTphYmMiLCJ1cG4iOiJ1QGNvbnRvc28uY29tIn0.c2lnbmF0dXJl';

/** A secret or contact detail of each kind, where it hides, and what must not be in the line. */
const SECRETS: readonly [string, string, LogFields, RegExp][] = [
  [
    'an Authorization header',
    '',
    { headers: { authorization: 'Basic dXNlcjpwYXNz', Accept: 'x' } },
    /dXNlcjpwYXNz/,
  ],
  ['a top-level authorization field', '', { Authorization: 'Basic dXNlcjpwYXNz' }, /dXNlcjpwYXNz/],
  ['an access_token field', '', { access_token: 'opaque-access' }, /opaque-access/],
  ['a token field', '', { token: 'opaque-token' }, /opaque-token/],
  ['an id_token field, nested', '', { response: { id_token: 'opaque-id' } }, /opaque-id/],
  [
    'a refresh_token field, in an array',
    '',
    { grants: [{ refresh_token: 'opaque-refresh' }] },
    /opaque-refresh/,
  ],
  ['a password field', '', { password: 'hunter2' }, /hunter2/],
  ['a client_secret field, two levels down', '', { app: { msal: { client_secret: 's3cr3t' } } }, /s3cr3t/],
  ['a JWT in the message', `token ${JWT} refused`, {}, /eyJ/],
  ['a JWT in a field', '', { reason: `bad ${JWT}` }, /eyJ/],
  ['a JWT cut in half by the length cap', `${'x'.repeat(MAX_LOGGED_LENGTH - 20)} ${JWT}`, {}, /eyJhbGci/],
  ['a Bearer value in the message', 'sent Bearer abc.DEF-123_x~+/= to PC', {}, /Bearer|abc\.DEF/i],
  ['a Bearer value in a field', '', { header: 'Bearer abc.DEF-123' }, /Bearer|abc\.DEF/i],
  ['a token in a query string', 'GET /cb?state=1&access_token=opaque-q&x=1', {}, /opaque-q/],
  ['an email address in the message', 'no customer SomeEmail@example.com', {}, /SomeEmail|example\.com/],
  [
    'an email address in a field',
    '',
    { contact: { email: 'first.last+tag@contoso.co.uk' } },
    /first\.last|contoso/,
  ],
  ['a phone number in the message', 'call 1234567890 now', {}, /1234567890/],
  ['a phone number in a field', '', { phone: '+33 1 23 45 67 89' }, /23 45 67/],
  ['a phone number with punctuation', '', { phone: '(555) 123-4567' }, /123-4567/],
];

describe('createLogger, pretty (the default)', () => {
  it('writes time, level, message and key=value fields on one line', () => {
    const { logger, lines } = capture();
    logger.info('turn done', { userId: '29:abc', ms: 12 });
    expect(lines).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} info {2}turn done userId=29:abc ms=12$/),
    ]);
  });

  it('writes plain values as they are and quotes those with spaces, quotes or equals signs', () => {
    expect(
      linesOf('turn done', { userId: '29:abc', ms: 12, ok: true, reason: 'no token', skipped: undefined }),
    ).toEqual(['turn done userId=29:abc ms=12 ok=true reason="no token"']);
    expect(linesOf('x', { a: 'k=v', b: 'say "hi"' })).toEqual(['x a="k=v" b="say \\"hi\\""']);
  });

  it('writes an object or an array as JSON, on the same line', () => {
    expect(linesOf('x', { ids: ['a', 'b'], status: { code: 503, kind: 'busy' } })).toEqual([
      'x ids=["a","b"] status={"code":503,"kind":"busy"}',
    ]);
    expect(linesOf('x', { who: { name: 'A B' } })).toEqual(['x who="{\\"name\\":\\"A B\\"}"']);
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
    expect(line).toMatch(new RegExp(`^${'m'.repeat(MAX_LOGGED_LENGTH)}… \\[cut from 1000000 characters\\] `));
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

  it('keeps nesting and width bounded, so that a line stays short', () => {
    const wide = Array.from({ length: 50 }, (_, i) => i);
    const [line] = linesOf('x', { wide, deep: { a: { b: { c: 'hidden' } } } });
    const [, quotedWide, quotedDeep] = /^x wide=("(?:[^"\\]|\\.)*") deep=(".*")$/.exec(line!)!;
    expect(JSON.parse(JSON.parse(quotedWide!) as string)).toEqual([
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      '… 40 more',
    ]);
    expect(JSON.parse(JSON.parse(quotedDeep!) as string)).toEqual({ a: { b: '[too deep]' } });
  });
});

describe('createLogger, json', () => {
  it('writes one JSON object a line: level, ISO time, the fields, msg', () => {
    const { logger, lines } = capture('json');
    logger.info('turn done', {
      userId: '29:abc',
      ms: 12,
      ok: true,
      skipped: undefined,
      nested: { kind: 'a' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\{"level":"info","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",/);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'info',
      time: expect.any(String),
      msg: 'turn done',
      userId: '29:abc',
      ms: 12,
      ok: true,
      nested: { kind: 'a' },
    });
  });

  it.each(HOSTILE)(
    'escapes %s as \\uXXXX in a message and a value, and JSON.parse gives them back',
    (_name, value) => {
      const line = jsonOf(`unknown ${value}`, { userId: value });
      expect(line['msg']).toBe(`unknown ${value}`);
      expect(line['userId']).toBe(value);
    },
  );

  it('cuts a long value and says from what length', () => {
    expect(jsonOf('m', { v: 'x'.repeat(100_000) })['v']).toBe(
      `${'x'.repeat(MAX_LOGGED_LENGTH)}… [cut from 100000 characters]`,
    );
  });
});

describe('createLogger, redaction', () => {
  it.each(SECRETS)('keeps %s out of a pretty line', (_name, message, fields, secret) => {
    const { logger, lines } = capture();
    logger.warn(message || 'request', fields);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(secret);
    expect(lines[0]).toMatch(/\[(redacted|jwt|credential|email|phone)\]/);
  });

  it.each(SECRETS)('keeps %s out of a JSON line', (_name, message, fields, secret) => {
    const { logger, lines } = capture('json');
    logger.warn(message || 'request', fields);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(secret);
    expect(lines[0]).toMatch(/\[(redacted|jwt|credential|email|phone)\]/);
  });

  it('says what it took out, and leaves the rest of the message and fields as they were', () => {
    expect(
      linesOf(`Bearer ${JWT} and ${JWT} from a@b.io or +1 (425) 555-0100`, {
        headers: { authorization: 'x', accept: 'application/json' },
        token: 'x',
      }),
    ).toEqual([
      '[credential] and [jwt] from [email] or [phone] headers={"authorization":"[redacted]","accept":"application/json"} token=[redacted]',
    ]);
  });

  it('keeps ids that look like numbers or addresses but are not contact details', () => {
    const fields = {
      tenantId: '12345678-1234-1234-1234-123456789012',
      conversationId: '19:abcdef@thread.tacv2',
      chat: '19:a_b@unq.gbl.spaces',
      at: '2026-01-01 12:00',
      url: 'http://127.0.0.1:3978/api/messages',
      mpnId: '1234567',
    };
    expect(linesOf('ok', fields)).toEqual([
      `ok ${Object.entries(fields)
        .map(([key, value]) => `${key}=${/\s/.test(value) ? `"${value}"` : value}`)
        .join(' ')}`,
    ]);
  });

  it('redacts a child binding as it does a field', () => {
    const { logger, lines } = capture('json');
    logger.child({ token: 'opaque', user: 'SomeEmail@example.com' }).info('x');
    expect(JSON.parse(lines[0]!)).toMatchObject({ token: '[redacted]', user: '[email]' });
  });
});

describe('Logger.child', () => {
  it.each(['pretty', 'json'] as const)('carries its bindings on every line, and nests (%s)', (format) => {
    const { logger, lines } = capture(format);
    const turn = logger.child({ correlationId: 'c-1' });
    const call = turn.child({ operation: 'getCustomer' });
    turn.info('first');
    call.warn('second', { status: 503 });
    turn.error('third');
    logger.info('fourth');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(0, 3)) expect(line).toMatch(/"?correlationId"?[=:]"?c-1/);
    expect(lines[1]).toMatch(/"?operation"?[=:]"?getCustomer/);
    expect(lines[2]).not.toContain('operation');
    expect(lines[3]).not.toContain('correlationId');
  });

  it('writes a field that repeats a binding once', () => {
    const { logger, lines } = capture('json');
    logger.child({ correlationId: 'c-1' }).info('x', { correlationId: 'c-1' });
    expect(lines[0]!.match(/correlationId/g)).toHaveLength(1);
  });

  it('writes a pretty line with the bindings first', () => {
    const { logger, lines } = capture();
    logger.child({ correlationId: 'c-1' }).info('turn done', { ms: 3 });
    expect(lines[0]).toMatch(/ info {2}turn done correlationId=c-1 ms=3$/);
  });
});

describe('createLogger, levels and sink', () => {
  it('writes only the lines at or above its level, and tells the sink each level', () => {
    const levels: string[] = [];
    const logger = createLogger('warn', (_line, level) => levels.push(level));
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.child({ a: 1 }).info('i');
    logger.child({ a: 1 }).error('e');
    expect(levels).toEqual(['warn', 'error', 'error']);
    createLogger('silent', () => levels.push('silent')).error('e');
    expect(levels).toHaveLength(3);
  });

  it('hands each line to the sink before the call returns', () => {
    const { logger, lines, levels } = capture('json');
    logger.debug('one');
    expect(lines).toHaveLength(1);
    logger.child({ a: 1 }).error('two');
    expect(lines).toHaveLength(2);
    expect(levels).toEqual(['debug', 'error']);
  });
});
