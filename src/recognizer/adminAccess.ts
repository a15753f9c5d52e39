import { customerReference, type CustomerReference } from './customer';
import { fold } from './normalize';

/**
 * The GDAP requests, English and French: asking a customer for admin access ("admin access for Wingtip Toys",
 * "GDAP for contoso.com", "accès administrateur délégué pour Fabrikam"), listing a customer's admin relationships,
 * the ones about to end, and "invite <customer>" (both invitations at once). Read from the folded text, whose
 * characters line up with the typed ones, so the customer is cut from what the user typed, case and accents kept.
 */
export type AdminAccessRequest =
  /** `customer` missing: a generic invitation, for any customer that opens it. */
  | { intent: 'adminAccess'; customer: CustomerReference }
  /** `toEnd`: the user asked to end or remove admin access; the list says how, since the bot does not. */
  | { intent: 'adminRelationships'; customer: CustomerReference; toEnd?: boolean }
  | { intent: 'expiringAdminRelationships' }
  | { intent: 'inviteCustomer'; customer: CustomerReference };

/** What names GDAP: the word itself, or admin access / a delegated admin relationship in either language. */
const GDAP =
  /\b(?:gdap|granular delegated admin(?:istration)?(?: privileges?)?|delegated admin(?:istration|istrator)?(?: access| privileges?| relationships?| requests?| invitations?)?|admin(?:istrator|istration)? (?:access|relationships?|rights)|acces (?:admin(?:istrateur)?|d['’ ]?admin(?:istrateur|istration)?)(?: delegues?)?|relations? (?:d['’ ]?admin(?:istration)?|admin|gdap)(?: delegues?)?|droits? (?:d['’ ]?admin(?:istrateur|istration)?|admin))\b/;
const RELATIONSHIP_WORDS =
  /\b(?:relationships?|relations?|list|show|status|statut|liste|lister|voir|afficher|montre(?:r|z)?(?:-moi)?|who|which|qui|quels?|quelles?|current|existing|actuels?|actuelles?|existants?)\b/;
/**
 * Ending, removing or cutting admin access: never read as a request for it. The bot does not end relationships; it
 * lists them and says where that is done.
 */
const END_WORDS =
  /\b(?:remove|removing|end|ending it|terminate|terminating|revoke|revoking|cancel|delete|stop|drop|cut|supprimer|supprime[rz]?|retirer|retire[rz]?|resilier|resilie[rz]?|revoquer|mettre fin|arreter|couper|annuler)\b/;
const EXPIRING_WORDS =
  /\b(?:expir\w*|ending|end soon|ends soon|run(?:ning)? out|qui (?:expirent|arrivent a echeance|se terminent)|echeance|bientot)\b/;
/** "invite Wingtip Toys", "inviter Fabrikam": the customer right after the verb. */
const INVITE_CUSTOMER = /^(?:please |pls |stp |svp )?(?:invite|inviter|invitez|invite-moi) (.+)$/;
/** Words after "invite" that ask for the link itself, a reseller's link, or for no customer in particular. */
const NOT_A_CUSTOMER =
  /^(?:(?:for|pour) )?(?:(?:the|a|my|our|your|le|la|mon|notre|un|une|ton|votre) )?(?:reseller|revendeur|revendeuse|link|links|lien|liens|url|new customers?|customers?|a new customer|clients?|nouveaux? clients?|someone|quelqu'un|them|les)\b/;
/** Between the request's words and the customer. */
const LEADING_LINK =
  /^(?:(?:request|requests|invite|invitation|invitations|relationships?|relations?|access|acces|demande|please|for|to|on|with|of|at|pour|de|du|des|d'|l'|chez|a|aupres de|avec|sur|the|le|la|les|customer|company|client|tenant|societe|entreprise|delegues?)(?: |(?<=')))+/;
const GENERIC =
  /^(?:generic|general|any customer|anyone|no customer|generique|n'importe quel client|sans client|tout client)$/;

export function readAdminAccess(plain: string): AdminAccessRequest | undefined {
  const folded = fold(plain);
  const invite = INVITE_CUSTOMER.exec(folded);
  if (invite?.[1] && !GDAP.test(folded) && !NOT_A_CUSTOMER.test(invite[1])) {
    return {
      intent: 'inviteCustomer',
      customer: customerAfter(plain, folded, folded.length - invite[1].length),
    };
  }
  const gdap = GDAP.exec(folded);
  if (!gdap) return undefined;
  const after = gdap.index + gdap[0].length;
  const customer = customerAfter(plain, folded, after);
  if (EXPIRING_WORDS.test(folded)) return { intent: 'expiringAdminRelationships' };
  if (END_WORDS.test(folded)) return { intent: 'adminRelationships', customer, toEnd: true };
  if (RELATIONSHIP_WORDS.test(folded) && !/^\s*(?:requests?|invitations?)\b/.test(folded.slice(after)))
    return { intent: 'adminRelationships', customer };
  return { intent: 'adminAccess', customer };
}

/** The customer named after position `from`, past the small words that lead to it. */
function customerAfter(plain: string, folded: string, from: number): CustomerReference {
  const rest = folded.slice(from);
  const lead = /^\s*/.exec(rest)![0].length;
  const linked = LEADING_LINK.exec(rest.slice(lead));
  const start = from + lead + (linked?.[0].length ?? 0);
  const text = plain.slice(start).trim();
  if (
    GENERIC.test(
      fold(text)
        .replace(/[?!.]+$/, '')
        .trim(),
    )
  )
    return { kind: 'missing' };
  return customerReference(text);
}
