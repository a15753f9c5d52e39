import { fold } from './normalize';
import { VOCABULARY } from './phrases';
import { FILLER_WORDS } from './words';

const LONGEST_WORD = Math.max(...VOCABULARY.map((word) => word.length));
/** Longer text gets no typo suggestion. */
const MAX_CORRECTED_LENGTH = 200;

/**
 * How many edits turn a into b: inserting, deleting or replacing a character, or swapping two neighbours
 * ("lein" → "lien" is one), the commonest typing slip.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The text with each word that is a near miss of a command word replaced by that word ("agrements" → "agreements"). */
export function correctTypos(text: string): string {
  // Commands are a few words; a suggestion for a pasted page would be useless, and costly to make.
  if (text.length > MAX_CORRECTED_LENGTH) return text;
  return text
    .split(' ')
    .map((token) => {
      // French elision ("d’invitation"): only the word after the apostrophe is looked at.
      const [, elided = '', word = token] = /^([a-z][’'])?(.*)$/i.exec(token) ?? [];
      const key = fold(word);
      // Edit distance is at least the difference in length: a long word cannot be a typo of a command word,
      // and comparing it would cost its length times the vocabulary's (a pasted 60,000-letter word: 1.5 s).
      if (key.length < 3 || key.length > LONGEST_WORD + 2 || VOCABULARY.includes(key)) return token;
      // A word the bot knows is no typo: "bien" is not "lien".
      if (FILLER_WORDS.has(key)) return token;
      const allowed = key.length >= 7 ? 2 : 1;
      let best: { word: string; distance: number } | undefined;
      for (const candidate of VOCABULARY) {
        const distance = editDistance(key, candidate);
        if (distance <= allowed && (!best || distance < best.distance)) best = { word: candidate, distance };
      }
      return best ? `${elided}${best.word}` : token;
    })
    .join(' ');
}
