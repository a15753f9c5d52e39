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
  return text
    .replace(/<at\b[^>]*>.*?<\/at>/gis, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/gi, (_, name: string) => ENTITIES[name.toLowerCase()] ?? ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
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
