import { ELISIONS } from './words';

/** A word of the folded text, and where it is: the folded text has the original's length, so the span cuts both. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * Letters and digits, with the marks that join them inside one word ("AT&T", "Saint-Gobain", "contoso.com",
 * "Margie's"), or a lone "&". One pass: each character is looked at once whatever the text.
 */
const WORD = /[\p{L}\p{N}]+(?:[-.&'][\p{L}\p{N}]+)*|&/gu;
/** A French elision glued to its word ("qu'on"). */
const ELIDED = /^([a-z]+)'(.+)$/;
/** An English possessive or contraction: "Contoso's", "hasn't", "I'll", "they're". */
const CONTRACTED = /^(.+)'(s|t|ll|re|ve|m|d)$/;

export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    const elided = ELIDED.exec(word);
    if (elided && ELISIONS.has(elided[1]!)) {
      const cut = elided[1]!.length + 1;
      tokens.push({ word: elided[1]!, start, end: start + cut - 1 });
      tokens.push({ word: elided[2]!, start: start + cut, end: start + word.length });
    } else if (CONTRACTED.test(word)) {
      const cut = word.lastIndexOf("'");
      tokens.push({ word: word.slice(0, cut), start, end: start + cut });
      tokens.push({ word: word.slice(cut + 1), start: start + cut + 1, end: start + word.length });
    } else {
      tokens.push({ word, start, end: start + word.length });
    }
  }
  return tokens;
}
