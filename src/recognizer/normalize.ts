const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
};

/**
 * Teams sends message text as light HTML: mentions as <at>…</at>, spaces as &nbsp;. This turns it into plain text:
 * mentions dropped (the bot's own is removed before; any other names a person, not a request), zero-width
 * characters removed and runs of white space folded, keeping case and accents.
 */
/**
 * Control and format characters (zero-width spaces, joiners, bidi marks and overrides, BOM, NUL…) but the
 * whitespace ones: invisible, never part of a command or a customer's name, and unsafe to send on.
 */
export const INVISIBLE = /(?![\t\n\v\f\r])[\p{Cc}\p{Cf}]/gu;

export function plainText(text: string): string {
  return withoutTags(text)
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/gi, (_, name: string) => ENTITIES[name.toLowerCase()] ?? ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const AT_OPEN = /^<at\b/i;
const AT_CLOSE = /<\/at>/gi;

/**
 * Every tag as a space, and a mention (<at>…</at>) with its name, in one pass: the cost stays linear whatever
 * the text (a regex here took seconds on 60,000 '<' with no '>'). A '<' with no '>' after it is text.
 */
function withoutTags(text: string): string {
  let plain = '';
  let at = 0;
  // Once no "</at>" is found after some point there is none after any later point either.
  let mentionsCanClose = true;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    const close = open < 0 ? -1 : text.indexOf('>', open);
    if (close < 0) break;
    plain += `${text.slice(at, open)} `;
    at = close + 1;
    if (mentionsCanClose && AT_OPEN.test(text.slice(open, open + 4))) {
      AT_CLOSE.lastIndex = at;
      if (AT_CLOSE.exec(text)) at = AT_CLOSE.lastIndex;
      else mentionsCanClose = false;
    }
  }
  return plain + text.slice(at);
}

/** The text without the given characters at its end; a loop, as a `[…]+$` regex is quadratic on long runs. */
export function trimEndOf(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}

/** Typographic forms people paste from mail and documents, as their plain counterparts. */
const PLAIN_FORMS: Record<string, string> = {
  '\u2019': "'",
  '\u2018': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u00A0': ' ',
};

/**
 * Lower case, accents off, typographic quotes and dashes plain, character for character: the result has the same
 * length as the input, so a match found in it can be cut from the original text, case and accents intact.
 */
export function fold(text: string): string {
  let folded = '';
  for (const ch of text) {
    const plain = PLAIN_FORMS[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    folded += plain.length === ch.length ? plain : ch;
  }
  return folded;
}

/** For matching whole phrases: folded, with punctuation (apostrophes and hyphens too) as single spaces. */
export function matchKey(text: string): string {
  return fold(plainText(text))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
