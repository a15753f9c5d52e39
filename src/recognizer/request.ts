import { customerReference, type CustomerReference } from './customer';
import { fold } from './normalize';
import { tokenize, type Token } from './tokens';
import {
  AGREEMENT_NOUNS,
  AGREEMENT_WORDS,
  ALL_WORDS,
  AROUND_A_NAME,
  CONNECTOR_WORDS,
  FILLER_WORDS,
  GENERIC_NOUNS,
  HELP_WORDS,
  INVITE_WORDS,
  LINK_WORDS,
  PARTNER_WORDS,
  POINTER_WORDS,
  PREFIXES,
  RESELLER_WORDS,
} from './words';

/** Which agreements: the MCA (the usual question), the Microsoft Cloud Agreement, or every type. */
export type AgreementScope = 'mca' | 'mcloudA' | 'all';

export type ReadRequest =
  | { intent: 'inviteLink' }
  | { intent: 'agreements'; customer: CustomerReference; scope: AgreementScope }
  | { intent: 'help' };

/** What a word is to a request; `name` words may belong to a customer's name. */
type Role = 'agreement' | 'invite' | 'filler' | 'name';

interface Word extends Token {
  role: Role;
  /** Capitalized where the user typed it: a filler word inside a capitalized name is part of it. */
  capitalized: boolean;
}

const GUID = /(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/;
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Hex digits and dashes with a digit: a tenant id, mistyped, kept whole. */
const ID_LIKE = /^[0-9a-f]+(?:-[0-9a-f]+)+$/;
/** A quoted name is taken as typed, whatever words it holds. */
const QUOTED = /"([^"]+)"/;
/** More words than this around a bare name is a sentence, not a name. */
const MAX_BARE_WORDS = 8;

/**
 * A request read from what it contains rather than from its shape: a tenant id, a domain or a company name, and
 * words of agreements, selling or signing ("can I sell to Wingtip Toys?", "is contoso.com on MCA?", "statut MCA de
 * X"), or words of the invite ("whats our reseller link"). Undefined when the text holds none of these.
 */
export function readRequest(plain: string): ReadRequest | undefined {
  const folded = fold(plain);
  const words = classify(plain, folded);
  const has = (role: Role) => words.some((w) => w.role === role);
  if (has('invite') && !has('agreement')) return { intent: 'inviteLink' };
  const tenantId = GUID.exec(folded)?.[0];
  if (tenantId)
    return { intent: 'agreements', customer: { kind: 'tenantId', tenantId }, scope: scopeOf(words) };
  const domain = words.find((w) => w.word.includes('.') && DOMAIN.test(w.word));
  if (!has('agreement')) {
    if (domain)
      return { intent: 'agreements', customer: { kind: 'domain', domain: domain.word }, scope: 'mca' };
    if (words.some((w) => HELP_WORDS.has(w.word))) return { intent: 'help' };
    return undefined;
  }
  const customer: CustomerReference = domain
    ? { kind: 'domain', domain: domain.word }
    : customerReference(quotedName(plain, folded) ?? nameIn(plain, words) ?? '');
  return { intent: 'agreements', customer, scope: scopeOf(words) };
}

/**
 * A message that is only a company name, maybe with a few words around it ("contoso", "Fabrikam?", "what about
 * Wingtip Toys?", "et pour Contoso ?"): the customer to check.
 */
export function readBareCustomer(plain: string): CustomerReference | undefined {
  const folded = fold(plain);
  const words = classify(plain, folded);
  if (words.length === 0 || words.length > MAX_BARE_WORDS) return undefined;
  const named = words.flatMap((w, i) => (w.role === 'name' ? [i] : []));
  const first = named[0];
  const last = named[named.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const aroundOrInside = (w: Word, i: number) =>
    w.role === 'name' ||
    AROUND_A_NAME.has(w.word) ||
    CONNECTOR_WORDS.has(w.word) ||
    (i > first && i < last && joinsAName(w, i));
  if (!words.every(aroundOrInside)) return undefined;
  return customerReference(plain.slice(words[first]!.start, words[last]!.end));
}

function classify(plain: string, folded: string): Word[] {
  const tokens = tokenize(folded);
  return tokens.map((token, i) => {
    const capitalized = /\p{Lu}/u.test(plain.charAt(token.start));
    // An initial ("A. Datum Corporation") is a name's, not an article.
    const initial = capitalized && token.word.length === 1 && folded.charAt(token.end) === '.';
    const generic = GENERIC_NOUNS.has(token.word);
    const role: Role =
      initial || (generic && capitalized) ? 'name' : generic ? 'filler' : roleOf(token.word, tokens, i);
    return { ...token, capitalized, role };
  });
}

function roleOf(word: string, tokens: readonly Token[], at: number): Role {
  if (ID_LIKE.test(word) && /\d/.test(word)) return 'name';
  if (AGREEMENT_WORDS.has(word)) return 'agreement';
  if (INVITE_WORDS.has(word) || RESELLER_WORDS.has(word)) return 'invite';
  if (PARTNER_WORDS.has(word) && tokens.some((t) => LINK_WORDS.has(t.word))) return 'invite';
  if (word === 'cloud' && isCloudAgreement(tokens, at)) return 'agreement';
  if (FILLER_WORDS.has(word) || HELP_WORDS.has(word) || ALL_WORDS.has(word)) return 'filler';
  if (word.includes('-')) return joinedRole(word.split('-'));
  return 'name';
}

/** "montre-moi", "a-t-il", "est-ce" are fillers; "re-sign", "re-accepted" agreement words; "Saint-Gobain" a name. */
function joinedRole(parts: readonly string[]): Role {
  const known = (part: string) => FILLER_WORDS.has(part) || AGREEMENT_WORDS.has(part) || PREFIXES.has(part);
  if (!parts.every(known)) return 'name';
  return parts.some((part) => AGREEMENT_WORDS.has(part)) ? 'agreement' : 'filler';
}

/** "cloud agreement", "Microsoft Cloud Agreement", "contrat cloud": the type, not a name. */
function isCloudAgreement(tokens: readonly Token[], at: number): boolean {
  return [at - 1, at + 1].some((i) => AGREEMENT_NOUNS.has(tokens[i]?.word ?? ''));
}

function scopeOf(words: readonly Word[]): AgreementScope {
  const cloud = (w: Word) =>
    w.role === 'agreement' && (w.word === 'mcloud' || w.word === 'mclouda' || w.word === 'cloud');
  if (words.some(cloud)) return 'mcloudA';
  const asksForTypes = words.some((w) => AGREEMENT_NOUNS.has(w.word));
  return asksForTypes && words.some((w) => ALL_WORDS.has(w.word)) ? 'all' : 'mca';
}

function quotedName(plain: string, folded: string): string | undefined {
  const quoted = QUOTED.exec(folded);
  return quoted ? plain.slice(quoted.index + 1, quoted.index + quoted[0].length - 1) : undefined;
}

/**
 * The customer's name: the run of name words (with "of", "&", "de"… and capitalized fillers inside it) that the
 * request points at: after "for", "to", "with", "de", "à" or an agreement word, or before one ("did X sign").
 */
function nameIn(plain: string, words: readonly Word[]): string | undefined {
  let best: { start: number; end: number; score: number } | undefined;
  let i = 0;
  while (i < words.length) {
    if (words[i]!.role !== 'name') {
      i += 1;
      continue;
    }
    let last = i;
    let next = i + 1;
    while (next < words.length) {
      const word = words[next]!;
      if (word.role === 'name') last = next;
      else if (!joinsAName(word, next)) break;
      next += 1;
    }
    const before = words[i - 1];
    const after = words[last + 1];
    // "sell Copilot to Contoso": a preposition points more surely than a verb.
    const pointedAt = before && POINTER_WORDS.has(before.word) ? 3 : before?.role === 'agreement' ? 2 : 0;
    const score = pointedAt + (after?.role === 'agreement' ? 1 : 0);
    if (!best || score > best.score) best = { start: words[i]!.start, end: words[last]!.end, score };
    i = last + 1;
  }
  return best && plain.slice(best.start, best.end);
}

/** A word that may stand inside a name: a connector, or a capitalized filler ("Best For You Organics"). */
function joinsAName(word: Word, at: number): boolean {
  if (word.role !== 'filler') return false;
  return CONNECTOR_WORDS.has(word.word) || (word.capitalized && at > 0 && word.word !== 'i');
}
