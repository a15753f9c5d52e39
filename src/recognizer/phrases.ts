/**
 * The fixed phrases of the commands that take no customer, English and French alike whatever the user's locale
 * (people mix them), matched whole against matchKey() (folded, punctuation as spaces). Requests for agreements and
 * for the invite are read from their words instead (request.ts).
 */

export const HELP_PHRASES: readonly RegExp[] = [
  /^(?:help|aide|what can you do(?: for me)?|what do you do|how does (?:this|it) work|how do (?:i|you) use (?:this|it|you)|comment (?:ca|cela) (?:marche|fonctionne)|que sais tu faire|que peux tu faire|que savez vous faire|que pouvez vous faire|commands?|commandes?|menu)(?: please| stp| svp)?$/,
];

/** A greeting alone ("hi", "bonjour"): answered with the welcome card, short, rather than the whole list. */
export const GREETING_PHRASES: readonly RegExp[] = [
  /^(?:hi|hello|hey|hiya|bonjour|bonsoir|salut|coucou)(?: there| bot| all| team| tout le monde)?$/,
];

export const SIGN_IN_PHRASES: readonly RegExp[] = [
  /^(?:please )?(?:sign|log) ?(?:me )?in(?: please)?$/,
  /^login$/,
  /^(?:se )?connect(?:er|e moi|ez moi)(?: svp| stp)?$/,
  /^connexion(?: svp| stp)?$/,
];

export const SIGN_OUT_PHRASES: readonly RegExp[] = [
  /^(?:please )?(?:sign|log) ?(?:me )?out(?: please)?$/,
  /^logout$/,
  /^(?:se )?deconnect(?:er|e moi|ez moi)(?: svp| stp)?$/,
  /^deconnexion(?: svp| stp)?$/,
];

export const CANCEL_PHRASES: readonly RegExp[] = [
  /^(?:cancel|stop|quit|never ?mind|forget it|annuler?|annulez|laisse tomber|arrete|rien)(?: (?:please|pls|that|this|it|svp|stp|merci|ca))?$/,
];

const THANKS =
  '(?:thanks?|thank you|thankyou|thx|thnx|tnx|ty|tysm|cheers|many thanks|merci|merci beaucoup|merci bien|mille mercis|grand merci)';
const ACK =
  '(?:ok|okay|k|great|perfect|cool|super|top|nice|awesome|excellent|parfait|genial|bien recu|got it|d accord|ah|oh)';
const THANKS_AFTER =
  '(?:a lot|so much|very much|again|mate|man|guys|team|bot|buddy|for (?:checking|that|this|the help|your help|the info)|beaucoup|bcp|bien|encore|pour (?:ca|cela|l aide|ton aide|votre aide|l info)|a toi|a vous)';

/**
 * Thanks, maybe after an "ok" or a "great" ("thx!", "ok thanks", "parfait merci"): answered in kind. Thanks with a
 * request in it ("thanks, and Fabrikam?") is the request: these match the whole message only.
 */
export const THANKS_PHRASES: readonly RegExp[] = [
  new RegExp(`^(?:${ACK} )*${THANKS}(?: ${THANKS_AFTER})*(?: ${ACK})*$`),
];

/** A thumbs up, folded hands or an OK hand alone, in any skin tone: thanks without words. */
export const THANKS_EMOJI = /^(?:[\u{1F44D}\u{1F64F}\u{1F44C}\u{1F64C}][\u{1F3FB}-\u{1F3FF}]?\uFE0F?\s*)+$/u;

/** Words a typo of which is worth a suggestion, with the text to suggest for each. */
export const VOCABULARY: readonly string[] = [
  'invite',
  'invitation',
  'link',
  'reseller',
  'agreements',
  'agreement',
  'contracts',
  'contrats',
  'contrat',
  'help',
  'aide',
  'sign',
  'lien',
  'revendeur',
  'for',
  'pour',
  'sell',
  'transact',
  'signed',
  'accepted',
  'vendre',
  'access',
  'admin',
  'relationships',
  'administrateur',
  'administration',
  'expiring',
];
