/**
 * Phrases in match-key form (see normalize.ts): lower case, no accents, words separated by single spaces.
 * English and French are both recognized whatever the user's locale: people mix them.
 */
export const INVITE_LINK_PHRASES: readonly RegExp[] = [
  /^(please )?(get |send |show |give me |share )?(me )?(the |an |a |our |my )?(reseller )?(invite|invitation|reseller|relationship)( request)? (link|url)( please)?$/,
  /^(envoie |envoyer |donne moi |obtenir )?(le |un )?lien (d )?(invitation|de revendeur|de relation)( revendeur)?( stp| svp)?$/,
  /^invitation revendeur$/,
];

/** The words that start an agreements request; what follows is the customer. */
export const AGREEMENTS_LEAD =
  /^(?:(?:please )?(?:check |show |get |list )?(?:the )?(?:agreements?|mca|contrats?)(?: (?:for|of|de|du|pour))?)(?: |$)/i;

export const HELP_PHRASES: readonly RegExp[] = [
  /^(help|aide|\?|what can you do|que sais tu faire|commands|commandes)$/,
];

export const SIGN_IN_PHRASES: readonly RegExp[] = [
  /^(please )?(sign|log) ?in( please)?$/,
  /^login$/,
  /^(se )?connect(er|e moi|ez moi)$/,
  /^connexion$/,
];

export const SIGN_OUT_PHRASES: readonly RegExp[] = [
  /^(please )?(sign|log) ?out( please)?$/,
  /^logout$/,
  /^(se )?deconnect(er|e moi|ez moi)$/,
  /^deconnexion$/,
];
