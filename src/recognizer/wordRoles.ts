import type { Token } from './tokens';
import { tokenize } from './tokens';
import {
  ADD_WORDS,
  AGREEMENT_NOUNS,
  AGREEMENT_WORDS,
  ALL_WORDS,
  CHECK_WORDS,
  FILLER_WORDS,
  GENERIC_NOUNS,
  HELP_WORDS,
  INVITE_WORDS,
  LINK_WORDS,
  PARTNER_WORDS,
  PLURAL_WORDS,
  PREFIXES,
  RESELLER_WORDS,
  SIGN_IN_WORDS,
  SIGN_OUT_WORDS,
} from './words';

/**
 * What a word is to a request; `name` words may belong to a customer's name. `check` words ask about a customer
 * only when one is named.
 */
export type Role = 'agreement' | 'check' | 'invite' | 'signIn' | 'signOut' | 'filler' | 'name';

export interface Word extends Token {
  role: Role;
  /** Capitalized where the user typed it: a filler word inside a capitalized name is part of it. */
  capitalized: boolean;
}

/** Hex digits and dashes with a digit: a tenant id, mistyped, kept whole. */
const ID_LIKE = /^[0-9a-f]+(?:-[0-9a-f]+)+$/;

/** Each word of a message with its role: agreement, check, invite, sign-in or -out, filler, or part of a name. */
export function classify(plain: string, folded: string): Word[] {
  const tokens = tokenize(folded);
  const words: Word[] = tokens.map((token, i) => {
    const capitalized = /\p{Lu}/u.test(plain.charAt(token.start));
    // An initial ("A. Datum Corporation") is a name's, not an article.
    const initial = capitalized && token.word.length === 1 && folded.charAt(token.end) === '.';
    const generic = GENERIC_NOUNS.has(token.word);
    const role: Role =
      initial || (generic && capitalized) ? 'name' : generic ? 'filler' : roleOf(token.word, tokens, i);
    return { ...token, capitalized, role };
  });
  words.forEach((word, i) => {
    const next = words[i + 1];
    // "Check Point Software", "Signature Healthcare": a capitalized word of agreements before a name is the name's.
    const beforeAName = i > 0 && next?.role === 'name' && next.capitalized;
    if ((word.role === 'agreement' || word.role === 'check') && beforeAName && isCapitalizedWord(plain, word))
      word.role = 'name';
    // "Customer Agreement status": a capitalized generic noun names nothing before an agreement word.
    if (GENERIC_NOUNS.has(word.word) && word.role === 'name' && next?.role === 'agreement')
      word.role = 'filler';
  });
  return words;
}

/** Capitalized as a name is ("Signature"), not shouted as an acronym ("MCA"). */
function isCapitalizedWord(plain: string, word: Word): boolean {
  const typed = plain.slice(word.start, word.end);
  return word.capitalized && typed !== typed.toUpperCase();
}

function roleOf(word: string, tokens: readonly Token[], at: number): Role {
  if (ID_LIKE.test(word) && /\d/.test(word)) return 'name';
  // "d'accord" is "OK", not an agreement.
  if (word === 'accord' && tokens[at - 1]?.word === 'd' && tokens[at - 1]!.end + 1 === tokens[at]!.start)
    return 'filler';
  if (AGREEMENT_WORDS.has(word)) return isSignInOrOut(tokens, at) ?? 'agreement';
  if (CHECK_WORDS.has(word)) return 'check';
  if (SIGN_IN_WORDS.has(word)) return 'signIn';
  if (SIGN_OUT_WORDS.has(word)) return 'signOut';
  if (word === 'log') return isSignInOrOut(tokens, at) ?? 'filler';
  if (INVITE_WORDS.has(word) || RESELLER_WORDS.has(word)) return 'invite';
  if (PARTNER_WORDS.has(word) && tokens.some((t) => LINK_WORDS.has(t.word))) return 'invite';
  if (word === 'cloud' && isCloudAgreement(tokens, at)) return 'agreement';
  const filler = [FILLER_WORDS, HELP_WORDS, ALL_WORDS, ADD_WORDS, PLURAL_WORDS].some((words) =>
    words.has(word),
  );
  if (filler) return 'filler';
  if (word.includes('-')) return joinedRole(word.split('-'));
  return 'name';
}

/** "montre-moi", "a-t-il", "est-ce" are fillers; "re-sign", "re-accepted" agreement words; "Saint-Gobain" a name. */
function joinedRole(parts: readonly string[]): Role {
  const known = (part: string) => FILLER_WORDS.has(part) || AGREEMENT_WORDS.has(part) || PREFIXES.has(part);
  if (!parts.every(known)) return 'name';
  return parts.some((part) => AGREEMENT_WORDS.has(part)) ? 'agreement' : 'filler';
}

/** "sign in", "log me out": a sign-in request, not a signature. */
function isSignInOrOut(tokens: readonly Token[], at: number): Role | undefined {
  if (tokens[at]?.word !== 'sign' && tokens[at]?.word !== 'log') return undefined;
  const after = tokens[at + 1]?.word === 'me' ? tokens[at + 2] : tokens[at + 1];
  return after?.word === 'in' ? 'signIn' : after?.word === 'out' ? 'signOut' : undefined;
}

/** "cloud agreement", "Microsoft Cloud Agreement", "contrat cloud": the type, not a name. */
function isCloudAgreement(tokens: readonly Token[], at: number): boolean {
  return [at - 1, at + 1].some((i) => AGREEMENT_NOUNS.has(tokens[i]?.word ?? ''));
}
