/**
 * The phrases the bot understands, English and French alike whatever the user's locale: people mix them.
 *
 * Keyword phrases are matched against matchKey() (folded, punctuation as spaces). Agreements requests are matched
 * against fold() of the text, which keeps punctuation (domains have dots, tenant ids dashes) and has the text's
 * length, so the customer group `x` can be cut from the original. Group `t` names the agreement type asked for.
 */

const POLITE = String.raw`(?:(?:please|pls|can you|could you|would you|stp|svp)\s+)?`;
const MCA = String.raw`mca|microsoft customer agreement|customer agreement|contrat client(?: microsoft)?`;
const MCLOUDA = String.raw`mcloud ?a|microsoft cloud agreement|cloud agreement|contrat (?:microsoft )?cloud`;
const ALL = String.raw`all(?: the)?|every|tous les|toutes les|tous|toutes`;
const FOR = String.raw`(?:\s*(?:for|of|with|from|about|pour|de|du|des|d'|avec|:)\s*|\s+|$)`;

export const INVITE_LINK_PHRASES: readonly RegExp[] = [
  // send the invite, invite link, get me the reseller relationship link, invitation url…
  /^(?:please )?(?:(?:get|send|show|give|share|create|generate|copy)(?: me| us| it)? )?(?:the |an |a |our |my )?(?:(?:reseller|partner|relationship) )*(?:invite|invitation|relationship request|reseller|relationship)(?: (?:link|url))?(?: please)?$/,
  // lien d'invitation, lien de revendeur, envoie le lien d'invitation stp, invitation revendeur…
  /^(?:(?:envoie|envoyer|envoyez|donne|donnez|obtenir|genere|generer|partage|partager)(?: moi| nous)? )?(?:le |un |l |mon |notre )?(?:lien (?:d |de )?(?:invitation|revendeur|relation)(?: (?:de )?revendeur)?|invitation(?: (?:de )?revendeur)?)(?: (?:stp|svp|s il te plait|s il vous plait))?$/,
];

export const HELP_PHRASES: readonly RegExp[] = [
  /^(?:help|aide|what can you do|what do you do|que sais tu faire|que peux tu faire|que savez vous faire|que pouvez vous faire|commands?|commandes?|menu|hi|hello|hey|bonjour|salut|coucou)(?: please| stp| svp)?$/,
];

export const SIGN_IN_PHRASES: readonly RegExp[] = [
  /^(?:please )?(?:sign|log) ?in(?: please)?$/,
  /^login$/,
  /^(?:se )?connect(?:er|e moi|ez moi)$/,
  /^connexion$/,
];

export const SIGN_OUT_PHRASES: readonly RegExp[] = [
  /^(?:please )?(?:sign|log) ?out(?: please)?$/,
  /^logout$/,
  /^(?:se )?deconnect(?:er|e moi|ez moi)$/,
  /^deconnexion$/,
];

export const CANCEL_PHRASES: readonly RegExp[] = [
  /^(?:cancel|stop|quit|never ?mind|forget it|annuler?|annulez|laisse tomber|arrete|rien)$/,
];

/** Requests for agreements, each with the customer in group x and, optionally, the type in group t. */
export const AGREEMENTS_PHRASES: readonly RegExp[] = [
  // agreements for X · agreement X · show all agreements of X · check the agreements: X
  new RegExp(
    String.raw`^${POLITE}(?:(?:check|show|get|list|find|look ?up|give me|what are)(?: me)?\s+)?(?:the\s+)?(?:(?<t>${ALL}|${MCA}|${MCLOUDA})\s+)?(?:the\s+)?(?:agreements?|contracts?|acceptances?)(?:\s+(?:status|types?))?${FOR}(?<x>.*)$`,
    'd',
  ),
  // mca for X · customer agreement X · cloud agreement of X · mca de X
  new RegExp(
    String.raw`^${POLITE}(?:(?:check|show|get)\s+)?(?:the\s+)?(?<t>${MCA}|${MCLOUDA})(?:\s+(?:status|acceptance|check))?${FOR}(?<x>.*)$`,
    'd',
  ),
  // has X accepted the MCA? · did X sign the customer agreement · is X signed up to the MCA
  new RegExp(
    String.raw`^(?:has|have|did|does|is)\s+(?<x>.+?)\s+(?:already\s+)?(?:accepted|accept|signed|sign|agreed to|agree to)\s+(?:the\s+)?(?<t>${MCA}|${MCLOUDA}|agreements?)$`,
    'd',
  ),
  // contrats pour X · contrat de X · tous les contrats de X · contrat client de X · montre-moi les contrats de X
  new RegExp(
    String.raw`^${POLITE}(?:(?:montre|montrez|affiche|affichez|verifie|verifiez|donne|donnez|liste|listez)(?:-moi|\s+moi|-nous)?\s+)?(?:(?<t>${ALL})\s+)?(?:les?\s+|la\s+)?(?:contrats?|accords?|acceptations?)(?:\s+(?<t2>client(?:\s+microsoft)?|cloud|microsoft cloud))?${FOR}(?<x>.*)$`,
    'd',
  ),
  // X a-t-il accepté le MCA ? · est-ce que X a signé le contrat client
  new RegExp(
    String.raw`^(?:est-ce qu[e']\s*|est ce qu[e']\s*)?(?<x>.+?)\s+(?:a-t-(?:il|elle)|a t (?:il|elle)|a|ont-ils|ont)\s+(?:deja\s+)?(?:accepte|signe)\s+(?:le\s+|la\s+|les\s+)?(?<t>${MCA}|${MCLOUDA}|contrats?)$`,
    'd',
  ),
];

/** Type words → the agreements asked for; anything else means the MCA, the question sales staff ask. */
export function scopeOf(typeWords: string | undefined): 'mca' | 'mcloudA' | 'all' {
  if (!typeWords) return 'mca';
  if (new RegExp(`^(?:${ALL})$`).test(typeWords)) return 'all';
  if (new RegExp(`^(?:${MCLOUDA}|cloud|microsoft cloud)$`).test(typeWords)) return 'mcloudA';
  return 'mca';
}

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
];
