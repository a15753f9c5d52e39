/**
 * The fixed phrases of the commands that take no customer, English and French alike whatever the user's locale
 * (people mix them), matched whole against matchKey() (folded, punctuation as spaces). Requests for agreements and
 * for the invite are read from their words instead (request.ts).
 */

export const HELP_PHRASES: readonly RegExp[] = [
  /^(?:help|aide|what can you do(?: for me)?|what do you do|how does (?:this|it) work|how do (?:i|you) use (?:this|it|you)|comment (?:ca|cela) (?:marche|fonctionne)|que sais tu faire|que peux tu faire|que savez vous faire|que pouvez vous faire|commands?|commandes?|menu|hi|hello|hey|bonjour|salut|coucou)(?: please| stp| svp)?$/,
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
