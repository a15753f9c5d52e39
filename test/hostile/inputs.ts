import fc from 'fast-check';

/** Fragments an attacker or a clumsy paste could put in a message. */
const HOSTILE_FRAGMENTS = [
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\ufeff', // byte order mark
  '\u0000',
  'شركة كونتوسو',
  'עברית',
  '<script>alert(1)</script>',
  '<at>Partner Center Assistant</at>',
  '<img src=x onerror=alert(1)>',
  '[link](javascript:alert(1))',
  '![x](https://example.com/x.png)',
  '${$root.secret}',
  '{"type":"AdaptiveCard","body":[]}',
  '"}], "actions": [{"type": "Action.OpenUrl", "url": "https://evil.example"}]',
  '../../v1/customers',
  '14876998-c0dc-46e6-9d0c-65a57a6c32ec/../../relationshiprequests',
  '14876998-c0dc-46e6-9d0c-65a57a6c32ec?size=500',
  '14876998-c0dc-46e6-9d0c-65a57a6c32ec#frag',
  'contoso.com/../../x',
  '%2e%2e%2f',
  '?filter=*',
  '&agreementType=*',
  '\r\n\r\nGET / HTTP/1.1',
  '{{customer}}',
  'agreements for ',
  'invite link',
  'mca for ',
];

/**
 * Long runs of the characters text patterns stop at (tags, entities, punctuation, quotes, spaces), in the shapes
 * that make a backtracking pattern try every start: '<'×60,000 then '!'×60,000 then 'x' held the loop for 21 s.
 */
export const backtrackingBait: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        '<',
        '>',
        '!',
        '<at>',
        '</at',
        '&amp',
        '&nbsp;',
        '"',
        '«',
        ' ',
        '.',
        '\t',
        'please ',
        '-',
      ),
      fc.integer({ min: 1, max: 60_000 }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .chain((runs) =>
    fc
      .constantFrom('', 'x', '?', 'contoso.com')
      .map((end) => runs.map(([unit, n]) => unit.repeat(n)).join('') + end),
  );

/** Any text at all, from random Unicode to long pastes, with hostile fragments mixed in. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 20 })), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
  fc.constantFrom('agreements for ', 'mca for ', 'all agreements for ', 'accords pour ').chain((lead) =>
    fc
      .array(
        fc.oneof(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 30 })),
        {
          maxLength: 6,
        },
      )
      .map((parts) => lead + parts.join('')),
  ),
  fc
    .tuple(fc.constantFrom('a', 'é', '👩‍💼', '\u200b', 'x '), fc.integer({ min: 1_000, max: 60_000 }))
    .map(([unit, count]) => unit.repeat(count)),
  backtrackingBait,
);
