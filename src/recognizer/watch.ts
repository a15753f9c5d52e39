/**
 * "watch MCA here" and the phrasings that mean it ("keep this channel informed about MCA", "préviens-nous quand le
 * MCA change"), stopping it ("stop watching MCA", "arrête la surveillance") and asking about it ("what are we
 * watching?"). Read from the words of matchKey(text): one pass, set lookups.
 */
const WATCH_WORDS = new Set([
  'watch',
  'watching',
  'watched',
  'monitor',
  'monitoring',
  'alert',
  'alerts',
  'notify',
  'notifications',
  'subscribe',
  'unsubscribe',
  'informed',
  'surveiller',
  'surveille',
  'surveillez',
  'surveillons',
  'surveillance',
  'alerte',
  'alertes',
  'alerter',
  'previens',
  'prevenez',
  'prevenir',
  'informes',
  'informer',
  'abonner',
  'desabonner',
]);
/** Words that make a watch word about the MCA, or about this conversation ("watch here"). */
const SUBJECT_WORDS = new Set([
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
]);
const STOP_WORDS = new Set([
  'stop',
  'end',
  'cancel',
  'unsubscribe',
  'arreter',
  'arrete',
  'arretez',
  'arretons',
  'annuler',
  'annule',
  'desabonner',
  'desabonne',
  'plus',
  'dont',
  'don',
  'longer',
]);
/** After "for": what the watch is for ("for this channel"); anything else names a customer ("agreements for Watch Co"). */
const FOR_WORDS = new Set(['for', 'pour']);
const FOR_HERE = new Set([
  ...SUBJECT_WORDS,
  'this',
  'us',
  'me',
  'ce',
  'cette',
  'nous',
  'moi',
  'the',
  'le',
  'la',
  'les',
]);
/** A question about what is watched: "what are we watching", "is this channel watched", "qu'est-ce qu'on surveille". */
const QUESTION_STARTS = new Set([
  'what',
  'which',
  'are',
  'is',
  'do',
  'who',
  'quoi',
  'qu',
  'que',
  'quel',
  'quelle',
  'est',
]);
const STATUS_WORDS = new Set(['status', 'statut', 'etat']);

export type WatchIntent = 'watchMca' | 'stopWatching' | 'watchStatus';

export function readWatchIntent(key: string): WatchIntent | undefined {
  const words = key.split(' ');
  const has = (set: ReadonlySet<string>) => words.some((word) => set.has(word));
  if (!has(WATCH_WORDS)) return undefined;
  if (words.some((word, i) => FOR_WORDS.has(word) && !FOR_HERE.has(words[i + 1] ?? ''))) return undefined;
  if (has(STOP_WORDS)) return 'stopWatching';
  if (QUESTION_STARTS.has(words[0]!) || has(STATUS_WORDS)) return 'watchStatus';
  return has(SUBJECT_WORDS) ? 'watchMca' : undefined;
}
