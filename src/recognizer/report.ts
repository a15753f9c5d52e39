/**
 * "mca report" and the questions that mean it ("which customers need to accept the MCA?", "quels clients doivent
 * accepter le MCA ?"), and stopping one ("cancel the report"). Read from the words of matchKey(text): one pass,
 * set lookups, whatever the text's length.
 */
const REPORT_WORDS = new Set(['report', 'reports', 'rapport', 'rapports', 'bilan', 'readiness']);
const STOP_WORDS = new Set([
  'cancel',
  'stop',
  'abort',
  'annuler',
  'annule',
  'annulez',
  'arreter',
  'arrete',
  'arretez',
]);
const CUSTOMERS = new Set(['customers', 'clients', 'tenants', 'locataires']);
const MCA_WORDS = new Set(['mca', 'agreement', 'agreements', 'contrat', 'contrats', 'accord']);
/** Asking about customers as a set: which, how many, list, all, any. */
const SET_WORDS = new Set([
  'which',
  'what',
  'who',
  'list',
  'all',
  'every',
  'any',
  'how',
  'quels',
  'quelles',
  'lesquels',
  'liste',
  'lister',
  'tous',
  'combien',
  'des',
]);
/** Short enough that "report" is the request, not a word in a longer one. */
const BARE_REPORT_WORDS = 6;

export type ReportIntent = 'mcaReport' | 'cancelReport';

export function readReportIntent(key: string): ReportIntent | undefined {
  const words = key.split(' ');
  const has = (set: ReadonlySet<string>) => words.some((word) => set.has(word));
  const report = has(REPORT_WORDS);
  if (report && has(STOP_WORDS)) return 'cancelReport';
  if (report && (words.length <= BARE_REPORT_WORDS || has(MCA_WORDS))) return 'mcaReport';
  if (has(MCA_WORDS) && words.some((word, i) => CUSTOMERS.has(word) && askedAsASet(words, i)))
    return 'mcaReport';
  return undefined;
}

/**
 * "which customers", "all my customers", "quels clients", "tous les clients": a set word at most three words
 * before, with no "for" between ("all agreements for Customers Inc" asks about one customer).
 */
function askedAsASet(words: string[], index: number): boolean {
  for (let i = index - 1; i >= 0 && i >= index - 3; i--) {
    const word = words[i]!;
    if (word === 'for' || word === 'pour') return false;
    if (SET_WORDS.has(word)) return true;
  }
  return false;
}
