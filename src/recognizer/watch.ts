/**
 * "watch MCA here" and the phrasings that mean it ("keep this channel posted on the MCA", "préviens-nous quand le
 * MCA change"), stopping it ("stop watching MCA", "désactive les alertes MCA") and asking about it ("what are we
 * watching?"). Read from the words of matchKey(text): one pass, set lookups.
 *
 * Subscribing a channel posts every customer needing action there, with the asker's access: a sentence must be a
 * request to watch, not a question that happens to hold a watch word ("has Alert Logic signed the MCA?", "Watch Co
 * mca"). So a request starts with its verb, and only filler words stand between the verb and what is watched.
 */

/** Words before the request itself: politeness, the bot addressed, "can you". */
const LEADS = new Set([
  'please',
  'pls',
  'plz',
  'can',
  'could',
  'would',
  'will',
  'you',
  'hey',
  'hi',
  'bot',
  'ok',
  'svp',
  'stp',
  'merci',
  'peux',
  'pouvez',
  'tu',
  'vous',
  'de',
  'bien',
  'vouloir',
  'voudrais',
  'veux',
  'je',
  'j',
  'on',
  'i',
  'we',
  'want',
  'to',
]);

/** Verbs that ask to be kept informed. */
const WATCH_VERBS = new Set([
  'watch',
  'monitor',
  'track',
  'follow',
  'subscribe',
  'notify',
  'alert',
  'keep',
  'inform',
  'let',
  'ping',
  'warn',
  'surveiller',
  'surveille',
  'surveillez',
  'surveillons',
  'suivre',
  'suis',
  'suivez',
  'previens',
  'prevenez',
  'prevenir',
  'avertis',
  'avertissez',
  'avertir',
  'informe',
  'informez',
  'informer',
  'notifie',
  'notifiez',
  'notifier',
  'alerte',
  'alertez',
  'alerter',
  'tiens',
  'tenez',
]);

/** What is watched: the MCA, or this conversation. */
const SUBJECTS = new Set([
  'mca',
  'agreement',
  'agreements',
  'contrat',
  'contrats',
  'here',
  'ici',
  'channel',
  'canal',
  'chat',
  'conversation',
  'team',
  'equipe',
  'groupe',
  'discussion',
]);

/** Words that may stand between the verb and what is watched: "keep us posted on the", "préviens-nous quand le". */
const FILLERS = new Set([
  ...['the', 'our', 'my', 'us', 'me', 'this', 'that', 'a', 'an', 'any', 'all', 'every', 'of', 'on', 'about'],
  ...[
    'from',
    'over',
    'in',
    'when',
    'if',
    'whenever',
    'informed',
    'posted',
    'updated',
    'know',
    'eye',
    'an',
    'customer',
  ],
  ...['customers', 'customer', 's', 'state', 'changes', 'for', 'with'],
  ...[
    'le',
    'la',
    'les',
    'l',
    'du',
    'des',
    'de',
    'd',
    'nos',
    'mes',
    'nous',
    'moi',
    'ce',
    'cette',
    'au',
    'aux',
  ],
  ...[
    'courant',
    'quand',
    'sur',
    'tous',
    'clients',
    'client',
    'un',
    'une',
    'pour',
    'dans',
    'si',
    'etat',
    'informes',
  ],
]);

/** A watch named as a thing: "MCA alerts here", "weekly MCA digest in this channel", "alertes MCA ici". */
const WATCH_NOUNS = new Set(['alerts', 'alert', 'digest', 'notifications', 'alertes', 'alerte', 'resume']);
const HERE = new Set(['here', 'ici', 'channel', 'canal', 'chat', 'conversation']);

/** Words that start a request to stop: "stop watching", "turn off MCA alerts", "arrête de surveiller". */
const STOP_STARTS = new Set([
  ...[
    'stop',
    'cancel',
    'end',
    'disable',
    'mute',
    'remove',
    'unsubscribe',
    'turn',
    'no',
    'quit',
    'don',
    'dont',
  ],
  ...['arrete', 'arreter', 'arretez', 'arretons', 'desactive', 'desactiver', 'desactivez', 'supprime'],
  ...['supprimer', 'supprimez', 'coupe', 'couper', 'coupez', 'stoppe', 'stopper', 'stoppez', 'fin', 'annule'],
  ...['annuler', 'annulez', 'desabonne', 'desabonner', 'desabonnez', 'ne', 'plus'],
]);
const UNSUBSCRIBE = new Set(['unsubscribe', 'desabonne', 'desabonner', 'desabonnez']);
/** What a stop names after its verb: the watch, by its verb or its name. */
const WATCHED = new Set([
  ...WATCH_VERBS,
  ...WATCH_NOUNS,
  ...['watching', 'monitoring', 'tracking', 'notifying', 'alerting', 'watch', 'subscription', 'surveillance'],
  ...['suivi', 'notification'],
]);

/** Forms of "watched" that say a question is about the watch: "what are we watching", "qu'est-ce qu'on surveille". */
const STATUS_WATCHED = new Set([
  ...['watching', 'watched', 'surveille', 'surveillee', 'surveilles', 'surveillees', 'surveillance'],
  ...['surveillez', 'surveillons', 'suivi'],
]);
const QUESTION_STARTS = new Set([
  ...['what', 'which', 'are', 'is', 'do', 'does', 'who', 'anything', 'whats'],
  ...['quoi', 'qu', 'que', 'quel', 'quelle', 'est', 'ou', 'qui', 'y'],
]);
const STATUS_WORDS = new Set(['status', 'statut', 'quoi']);
/** "ce canal est-il surveillé ?": French asks by inverting. */
const INVERTED = new Set(['il', 'elle', 'ce', 'on']);

export type WatchIntent = 'watchMca' | 'stopWatching' | 'watchStatus';

export function readWatchIntent(key: string): WatchIntent | undefined {
  const words = key.split(' ');
  let start = 0;
  while (start < words.length - 1 && LEADS.has(words[start]!)) start++;
  if (isStop(words, start)) return 'stopWatching';
  if (isStatusQuestion(words)) return 'watchStatus';
  if (WATCH_VERBS.has(words[start]!) && namesTheWatched(words, start + 1)) return 'watchMca';
  return namedAsAThing(words) ? 'watchMca' : undefined;
}

/** "stop watching MCA", "turn off MCA alerts", "ne surveille plus le MCA": a stop word first, then the watch. */
function isStop(words: string[], start: number): boolean {
  if (!STOP_STARTS.has(words[start]!)) return false;
  const rest = words.slice(start + 1);
  // "unsubscribe (from MCA)": the verb names the watch itself.
  if (UNSUBSCRIBE.has(words[start]!)) return rest.every((word) => FILLERS.has(word) || SUBJECTS.has(word));
  // "ne … plus" brackets the verb; "plus d'alertes MCA ici" alone asks for more, not for none.
  if (words[start] === 'ne' || words[start] === 'plus')
    return rest.includes('plus') && rest.some((word) => WATCHED.has(word));
  return rest.some((word) => WATCHED.has(word));
}

function isStatusQuestion(words: string[]): boolean {
  const asked =
    QUESTION_STARTS.has(words[0]!) ||
    words.some((word, i) => word === 'est' && INVERTED.has(words[i + 1] ?? '')) ||
    words.some((word) => STATUS_WORDS.has(word));
  if (!asked) return false;
  if (words.some((word) => STATUS_WATCHED.has(word))) return true;
  // "MCA watch status": the watch named, and its status asked.
  return (
    words.some((word) => word === 'status' || word === 'statut') && words.some((word) => WATCHED.has(word))
  );
}

/**
 * What is watched comes after the verb, with only fillers between: "watch MCA here", "keep us posted on the MCA",
 * "tiens-nous au courant du MCA". A name between ("watch Co mca", "notify me when Contoso accepts the MCA") makes
 * it a sentence about a customer. So does what is watched being one customer's ("the MCA of Contoso").
 */
function namesTheWatched(words: string[], from: number): boolean {
  for (let i = from; i < words.length; i++) {
    const word = words[i]!;
    if (SUBJECTS.has(word)) return !aboutOneCustomer(words, i + 1);
    if (!FILLERS.has(word)) return false;
  }
  return false;
}

/** "MCA alerts here", "alertes MCA ici": the watch named with the MCA, for this conversation. */
function namedAsAThing(words: string[]): boolean {
  const has = (set: ReadonlySet<string>) => words.some((word) => set.has(word));
  return words.includes('mca') && has(WATCH_NOUNS) && has(HERE);
}

/** "… for Contoso", "… de Contoso": a name after of/for/de, not "for this channel" or "pour l'équipe". */
function aboutOneCustomer(words: string[], from: number): boolean {
  for (let i = from; i < words.length - 1; i++) {
    if (!['for', 'of', 'de', 'du', 'pour'].includes(words[i]!)) continue;
    const next = words[i + 1]!;
    if (!FILLERS.has(next) && !SUBJECTS.has(next)) return true;
  }
  return false;
}
