import { customerReference, type CustomerReference } from './customer';
import { fold } from './normalize';
import { classify, type Role, type Word } from './wordRoles';
import {
  ADD_WORDS,
  AGREEMENT_NOUNS,
  ARTICLES,
  ALL_WORDS,
  AROUND_A_NAME,
  CONNECTOR_WORDS,
  GENERIC_NOUNS,
  HELP_WORDS,
  INVITE_WORDS,
  LEGAL_SUFFIXES,
  LINK_WORDS,
  PLURAL_WORDS,
  POINTER_WORDS,
} from './words';

/** Which agreements: the MCA (the usual question), the Microsoft Cloud Agreement, or every type. */
export type AgreementScope = 'mca' | 'mcloudA' | 'all';

/**
 * Which invite link: the partner's own direct one, the choice again (a card's "Change"), through one of its
 * indirect providers, or on behalf of one of its indirect resellers (by tenant id from a card, by name typed).
 */
export type InviteTarget =
  | { kind: 'direct' }
  | { kind: 'choose' }
  | { kind: 'provider'; id: string }
  | { kind: 'reseller'; id: string }
  | { kind: 'resellerName'; name: string };

export type ReadRequest =
  | { intent: 'inviteLink'; target?: InviteTarget }
  | { intent: 'agreements'; customer: CustomerReference; scope: AgreementScope }
  | { intent: 'severalCustomers'; customers: CustomerReference[]; scope: AgreementScope }
  | { intent: 'help' }
  | { intent: 'signIn' }
  | { intent: 'signOut' };

const GUID = /(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/;
const GUIDS = new RegExp(GUID.source, 'g');
/** A tenant id pasted without its dashes, as some portals and scripts show it. */
const BARE_GUID =
  /(?<![0-9a-f-])([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})(?![0-9a-f-])/;
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
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
  // Before the agreement words: a reseller's name may hold one ("Contract Solutions").
  const reseller = resellerNameIn(plain, words);
  if (reseller) return { intent: 'inviteLink', target: { kind: 'resellerName', name: reseller } };
  if (has('invite') && !has('agreement')) return { intent: 'inviteLink' };
  // "how do I add a new customer?": the invite is how a customer is added. A customer named is not being added:
  // "customer Tailspin Toys wants to add 50 seats" is about selling to it.
  if (
    !has('agreement') &&
    words.some((w) => ADD_WORDS.has(w.word)) &&
    words.some((w) => GENERIC_NOUNS.has(w.word)) &&
    !nameIn(plain, words)
  )
    return { intent: 'inviteLink' };
  const tenantId = GUID.exec(folded)?.[0] ?? BARE_GUID.exec(folded)?.slice(1).join('-');
  const scope = scopeOf(words);
  const tenantIds = [...folded.matchAll(GUIDS)].map((m) => m[0]);
  if (tenantIds.length > 1) {
    const customers = unique(tenantIds).map((id): CustomerReference => ({ kind: 'tenantId', tenantId: id }));
    if (customers.length > 1) return { intent: 'severalCustomers', customers, scope };
  }
  if (tenantId) return { intent: 'agreements', customer: { kind: 'tenantId', tenantId }, scope };
  // In "tania@contoso.com" the domain is after the "@", never before it.
  const domains = words.filter((w) => DOMAIN.test(w.word) && folded.charAt(w.end) !== '@');
  const domainNames = unique(domains.map((d) => d.word.replace(/^www\./, '')));
  if (domainNames.length > 1) {
    const customers = domainNames.map((d): CustomerReference => ({ kind: 'domain', domain: d }));
    return { intent: 'severalCustomers', customers, scope };
  }
  const [domain] = domains;
  if (domain) {
    return {
      intent: 'agreements',
      customer: { kind: 'domain', domain: domain.word.replace(/^www\./, '') },
      scope,
    };
  }
  const quoted = quotedName(plain, folded);
  const span = quoted === undefined ? nameSpanIn(words) : undefined;
  const name = quoted ?? (span && plain.slice(words[span.first]!.start, words[span.last]!.end));
  if (has('agreement') || (has('check') && name)) {
    const names = span ? namesListed(plain, words, span) : [];
    if (names.length > 1)
      return { intent: 'severalCustomers', customers: names.map((n) => customerReference(n)), scope };
    return { intent: 'agreements', customer: customerReference(name ?? ''), scope };
  }
  // The only link the bot gives is the invite: "send me the link", "le lien".
  if (words.some((w) => LINK_WORDS.has(w.word))) return { intent: 'inviteLink' };
  if (has('signIn')) return { intent: 'signIn' };
  if (has('signOut')) return { intent: 'signOut' };
  if (words.some((w) => HELP_WORDS.has(w.word))) return { intent: 'help' };
  return undefined;
}

/** "for reseller X", "for the reseller X", "pour le revendeur X": the name is the rest of the message. */
const FOR_WORDS = new Set(['for', 'pour']);
const RESELLER_NOUNS = new Set(['reseller', 'revendeur', 'revendeuse']);
const MAX_RESELLER_NAME = 256;

/**
 * "invite link for reseller Contoso", "lien d'invitation pour le revendeur Contoso": an indirect provider's link on
 * behalf of one of its resellers, named as typed (matched against the partner's resellers later). Only after an
 * invite or link word, so that "agreements for reseller X" stays a question about agreements.
 */
function resellerNameIn(plain: string, words: readonly Word[]): string | undefined {
  const at = words.findIndex((w, i) => {
    if (!RESELLER_NOUNS.has(w.word)) return false;
    const before = ARTICLES.has(words[i - 1]?.word ?? '') ? words[i - 2] : words[i - 1];
    return before !== undefined && FOR_WORDS.has(before.word);
  });
  const first = words[at + 1];
  if (at < 0 || !first) return undefined;
  const asked = words.slice(0, at).some((w) => INVITE_WORDS.has(w.word) || LINK_WORDS.has(w.word));
  if (!asked) return undefined;
  const name = plain
    .slice(first.start)
    .trim()
    .replace(/^["«“]\s*|\s*["»”]$/g, '');
  return name && name.length <= MAX_RESELLER_NAME ? name : undefined;
}

/**
 * A message that is only a company name, maybe with a few words around it ("contoso", "Fabrikam?", "what about
 * Wingtip Toys?", "et pour Contoso ?"): the customer to check; or a list of them ("Wingtip, Northwind, Fabrikam").
 */
export function readBareCustomers(plain: string): CustomerReference[] | undefined {
  const folded = fold(plain);
  const words = classify(plain, folded);
  if (words.length === 0 || words.length > MAX_BARE_WORDS) return undefined;
  const named = words.flatMap((w, i) => (w.role === 'name' ? [i] : []));
  const last = named[named.length - 1];
  if (named[0] === undefined || last === undefined) return undefined;
  const first = startOfName(words, named[0]);
  const aroundOrInside = (w: Word, i: number) =>
    w.role === 'name' ||
    AROUND_A_NAME.has(w.word) ||
    CONNECTOR_WORDS.has(w.word) ||
    (i >= first && i < last && (w.role === 'filler' ? w.capitalized || CONNECTOR_WORDS.has(w.word) : false));
  if (!words.every(aroundOrInside)) return undefined;
  const names = namesListed(plain, words, { first, last });
  if (names.length > 1) return names.map((n) => customerReference(n));
  return [customerReference(plain.slice(words[first]!.start, words[last]!.end))];
}

/** The same tenant id or domain typed twice is one customer. */
const unique = (values: readonly string[]) => [...new Set(values)];

/** A list of customers is a few names; past this many it is a pasted text, and read as one name. */
const MAX_LISTED_NAMES = 20;

/**
 * The names of a list that the name words from `first` to `last` make ("Wingtip Toys, Northwind Traders and
 * Fabrikam"): split at commas and semicolons, then the last at "and" / "et"; "and" alone splits only when the
 * message says it means several ("which ones", "both", "lesquels"), since "Marks and Spencer" is one company.
 * A comma before a legal suffix ("Fabrikam, Inc.") is the name's. Empty unless there are several names.
 */
function namesListed(plain: string, words: readonly Word[], span: { first: number; last: number }): string[] {
  const plural = words.some((w) => PLURAL_WORDS.has(w.word));
  const separated = (i: number) => /[,;]/.test(plain.slice(words[i - 1]!.end, words[i]!.start));
  const groups: Word[][] = [[]];
  for (let i = span.first; i <= span.last; i++) {
    const word = words[i]!;
    if (i > span.first && separated(i) && !LEGAL_SUFFIXES.has(word.word)) groups.push([]);
    groups[groups.length - 1]!.push(word);
  }
  const andSplits = groups.length > 1 || plural;
  const names = groups.flatMap((group) => {
    if (!andSplits) return [group];
    const parts: Word[][] = [[]];
    for (const word of group) {
      if (AND_WORDS.has(word.word) && !word.capitalized) parts.push([]);
      else parts[parts.length - 1]!.push(word);
    }
    return parts;
  });
  const listed = names
    .filter((group) => group.some((w) => w.role === 'name'))
    .map((group) => plain.slice(group[0]!.start, group[group.length - 1]!.end));
  return listed.length > 1 && listed.length <= MAX_LISTED_NAMES ? listed : [];
}

const AND_WORDS = new Set(['and', 'et']);
const JOINERS = new RegExp(`\\s+(?:${[...AND_WORDS, '&'].join('|')})\\s+`, 'i');

/**
 * The names a customer name joins with "and", "et" or "&" ("northwind and contoso ltd"): what a check tries when no
 * customer has the whole name ("Marks and Spencer" has). Fewer than two: none.
 */
export function namesJoined(name: string): string[] {
  const names = name
    .split(JOINERS)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return names.length > 1 ? names : [];
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
  const span = nameSpanIn(words);
  return span && plain.slice(words[span.first]!.start, words[span.last]!.end);
}

/** The first and last words of the name that `nameIn` reads. */
function nameSpanIn(words: readonly Word[]): { first: number; last: number } | undefined {
  let best: { first: number; last: number; score: number } | undefined;
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
    const first = startOfName(words, i);
    const before = words[first - 1];
    const after = words[last + 1];
    // "sell Copilot to Contoso": a preposition points more surely than a verb. A name that opens the message right
    // before an agreement word is its subject ("wingtip MCA expired?"), as sure as one a preposition points at.
    const pointedAt =
      before && POINTER_WORDS.has(before.word)
        ? 3
        : !before && after?.role === 'agreement'
          ? 2
          : before?.role === 'agreement'
            ? 2
            : 0;
    const score = pointedAt + (after?.role === 'agreement' ? 1 : 0);
    if (!best || score > best.score) best = { first, last, score };
    i = last + 1;
  }
  return best;
}

/**
 * Where a name that starts at `at` really starts: a capitalized filler just before a capitalized name word is the
 * name's ("The Home Depot", "New Horizons", "La Poste", "L'Oréal"); as the message's first word, only an article.
 */
function startOfName(words: readonly Word[], at: number): number {
  let start = at;
  for (;;) {
    const before = words[start - 1];
    if (!before || before.role !== 'filler' || !before.capitalized || before.word === 'i') return start;
    if (!words[start]!.capitalized || (start - 1 === 0 && !ARTICLES.has(before.word))) return start;
    start -= 1;
  }
}

/** A word that may stand inside a name: a connector, or a capitalized filler ("Best For You Organics"). */
function joinsAName(word: Word, at: number): boolean {
  if (word.role !== 'filler') return false;
  return CONNECTOR_WORDS.has(word.word) || (word.capitalized && at > 0 && word.word !== 'i');
}
