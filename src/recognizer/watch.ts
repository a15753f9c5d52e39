/**
 * "watch MCA here" and the phrasings that mean it ("keep this channel posted on the MCA", "préviens-nous quand le
 * MCA change"), stopping it ("stop watching MCA", "désactive les alertes MCA") and asking about it ("what are we
 * watching?"). Read from the words of matchKey(text): one pass, set lookups.
 *
 * Subscribing a channel posts every customer needing action there, with the asker's access: a sentence must be a
 * request to watch the MCA, not a sentence about a customer that happens to hold a watch word ("has Alert Logic
 * signed the MCA?", "Watch Co mca", "notify the customer about the MCA"). So a request starts with its verb, only
 * small words stand between the verb and the MCA, and what follows names no customer. Stopping is as strict: a stop
 * word first, then nothing but the watch.
 */

const words = (...lists: string[][]) => new Set(lists.flat());

/** Words before the request itself: politeness, the bot addressed, "can you", "I'd like to", "est-ce que tu peux". */
const LEADS = words(
  [
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
    'i',
    'd',
    'like',
  ],
  [
    'we',
    'want',
    'to',
    'start',
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
  ],
  ['voudrais', 'veux', 'je', 'j', 'on', 'est', 'ce', 'que', 'aimerais'],
);

/** Verbs that ask to be kept informed. */
const WATCH_VERBS = words(
  [
    'watch',
    'watching',
    'monitor',
    'track',
    'follow',
    'subscribe',
    'notify',
    'alert',
    'keep',
    'inform',
    'let',
  ],
  ['warn', 'surveiller', 'surveille', 'surveillez', 'surveillons', 'suivre', 'suis', 'suivez', 'previens'],
  ['prevenez', 'prevenir', 'avertis', 'avertissez', 'avertir', 'informe', 'informez', 'informer', 'notifie'],
  ['notifiez', 'notifier', 'alerte', 'alertez', 'alerter', 'tiens', 'tenez'],
);

/** What is watched. */
const MCA = words(['mca', 'agreement', 'agreements', 'contrat', 'contrats']);
/** This conversation, as a request names it. */
const HERE = words([
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

/** Small words that may stand between the verb and the MCA: "keep us posted on the", "préviens-nous quand le". */
const FILLERS = words(
  ['the', 'our', 'my', 'us', 'me', 'this', 'that', 'a', 'an', 'any', 'all', 'every', 'of', 'on', 'about'],
  [
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
    'up',
    'date',
  ],
  [
    's',
    'state',
    'changes',
    'for',
    'with',
    'to',
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
  ],
  ['nous', 'moi', 'ce', 'cette', 'au', 'aux', 'courant', 'quand', 'sur', 'tous', 'un', 'une', 'pour', 'dans'],
  ['si', 'etat', 'informes', 'changements', 'customers', 'clients', 'off', 'more', 'longer', 't', 'plus'],
);
/** Words after "for", "of", "de"… that keep the request about the whole conversation ("for all customers"). */
const FOR_WORDS = words(['for', 'of', 'on', 'about', 'de', 'du', 'pour', 'sur']);

/** A watch named as a thing: "MCA alerts here", "weekly MCA digest in this channel", "alertes MCA ici". */
const WATCH_NOUNS = words(['alerts', 'alert', 'digest', 'notifications', 'alertes', 'alerte', 'resume']);
/** How a watch named as a thing starts: "MCA alerts…", "weekly MCA digest…", "les alertes MCA…". */
const THING_STARTS = words([...MCA, ...WATCH_NOUNS, 'weekly', 'the', 'les', 'des']);

/** Words that start a request to stop: "stop watching", "turn off MCA alerts", "arrête de surveiller". */
const STOP_STARTS = words(
  ['stop', 'cancel', 'end', 'disable', 'mute', 'remove', 'unsubscribe', 'no', 'quit', 'don', 'dont'],
  [
    'arrete',
    'arreter',
    'arretez',
    'arretons',
    'desactive',
    'desactiver',
    'desactivez',
    'supprime',
    'supprimer',
  ],
  ['supprimez', 'coupe', 'couper', 'coupez', 'stoppe', 'stopper', 'stoppez', 'fin', 'annule', 'annuler'],
  ['annulez', 'desabonne', 'desabonner', 'desabonnez', 'ne'],
);
const UNSUBSCRIBE = words(['unsubscribe', 'desabonne', 'desabonner', 'desabonnez']);
/** The watch, as a stop names it: by its verb or its name. */
const WATCHED = words(
  [...WATCH_VERBS, ...WATCH_NOUNS],
  ['watching', 'monitoring', 'tracking', 'notifying', 'alerting', 'subscription', 'surveillance', 'suivi'],
  ['notification'],
);

/** Forms of "watched" that say a question is about the watch: "what are we watching", "qu'est-ce qu'on surveille". */
const STATUS_WATCHED = words(
  ['watching', 'watched', 'surveille', 'surveillee', 'surveilles', 'surveillees', 'surveillance'],
  ['surveillez', 'surveillons', 'suivi'],
);
/** The watch by its name, for "MCA watch status". */
const WATCH_NAMES = words(['watch', 'watching', 'surveillance', 'alerts', 'alertes', 'suivi']);
const QUESTION_STARTS = words(
  ['what', 'which', 'are', 'is', 'do', 'does', 'who', 'anything', 'whats'],
  ['quoi', 'qu', 'que', 'quel', 'quelle', 'est', 'ou', 'qui', 'y'],
);
const QUESTION_WORDS = words(['why', 'how', 'pourquoi', 'comment', ...QUESTION_STARTS]);
/** "ce canal est-il surveillé ?": French asks by inverting. */
const INVERTED = words(['il', 'elle', 'ce', 'on']);

export type WatchIntent = 'watchMca' | 'stopWatching' | 'watchStatus';

export function readWatchIntent(key: string): WatchIntent | undefined {
  const all = key.split(' ');
  if (isStatusQuestion(all)) return 'watchStatus';
  let start = 0;
  while (start < all.length - 1 && LEADS.has(all[start]!)) start++;
  if (STOP_STARTS.has(all[start]!) || (all[start] === 'turn' && all[start + 1] === 'off'))
    return isStop(all.slice(start)) ? 'stopWatching' : undefined;
  if (WATCH_VERBS.has(all[start]!) && asksToWatch(all.slice(start + 1))) return 'watchMca';
  return namedAsAThing(all.slice(start)) ? 'watchMca' : undefined;
}

/**
 * "stop watching MCA", "turn off MCA alerts", "ne surveille plus le MCA": after the stop word, only the watch, the
 * MCA, this conversation and small words. A name ("cancel the MCA alert for Contoso") makes it about a customer.
 */
function isStop(request: string[]): boolean {
  const rest = request.slice(1);
  const only = rest.every(
    (word) => WATCHED.has(word) || MCA.has(word) || HERE.has(word) || FILLERS.has(word),
  );
  if (!only) return false;
  // "unsubscribe (from MCA)": the verb names the watch itself; "ne … plus" brackets the verb.
  if (UNSUBSCRIBE.has(request[0]!)) return true;
  if (request[0] === 'ne' && !rest.includes('plus')) return false;
  return rest.some((word) => WATCHED.has(word));
}

function isStatusQuestion(all: string[]): boolean {
  const asked =
    QUESTION_STARTS.has(all[0]!) ||
    all.includes('quoi') ||
    all.some((word, i) => word === 'est' && INVERTED.has(all[i + 1] ?? ''));
  if (asked && all.some((word) => STATUS_WATCHED.has(word))) return true;
  // "MCA watch status", "statut de la surveillance": the watch named, and its status asked.
  const status = all.some((word) => word === 'status' || word === 'statut');
  return (
    status &&
    all.some((word) => WATCH_NAMES.has(word)) &&
    all.every((word) => word === 'status' || word === 'statut' || !isName(word))
  );
}

/**
 * After the verb: only small words or this conversation, then the MCA; after it, no customer named ("watch the
 * MCA for all customers" asks for a watch, "watch the MCA of Contoso" about one customer).
 */
function asksToWatch(afterVerb: string[]): boolean {
  const at = afterVerb.findIndex((word) => MCA.has(word));
  if (at < 0) return false;
  const before = afterVerb.slice(0, at);
  if (!before.every((word) => FILLERS.has(word) || HERE.has(word))) return false;
  return !namesACustomer(afterVerb.slice(at + 1));
}

/** "MCA alerts here", "alertes MCA ici": the watch named with the MCA, for this conversation, not a question. */
function namedAsAThing(request: string[]): boolean {
  if (!THING_STARTS.has(request[0]!) || request.some((word) => QUESTION_WORDS.has(word))) return false;
  const has = (set: ReadonlySet<string>) => request.some((word) => set.has(word));
  return has(MCA) && has(WATCH_NOUNS) && has(HERE) && !namesACustomer(request);
}

/** A customer named: "customer …", "client …", or a word that is no small word after "for", "of", "de"… */
function namesACustomer(rest: string[]): boolean {
  return rest.some(
    (word, i) =>
      word === 'customer' ||
      word === 'client' ||
      (FOR_WORDS.has(word) && i + 1 < rest.length && isName(rest[i + 1]!)),
  );
}

/** A word that is neither small nor the watch's: most likely part of a name. */
function isName(word: string): boolean {
  return !FILLERS.has(word) && !HERE.has(word) && !MCA.has(word) && !WATCHED.has(word) && !LEADS.has(word);
}
