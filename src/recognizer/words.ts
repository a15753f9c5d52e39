/**
 * What each word of a request says, English and French alike (people mix them). Words are folded: lower case,
 * no accents (see normalize.fold). A word in none of these sets may be part of a customer's name.
 */

const set = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

/**
 * Words of agreements, signing, selling and checking, of buying more (seats, a renewal), of the agreement's state
 * (expired) and of who accepted it (the contact): the message asks whether a customer can be sold to, which the MCA
 * card answers.
 */
export const AGREEMENT_WORDS = set(`
  agreement agreements contract contracts terms mca mcas mcloud mclouda
  accept accepts accepted accepting acceptance acceptances reaccept reaccepted reacceptance resign attest attested attestation attestations
  sign signs signed signing signature signatures
  sell sells selling sold resell reselling transact transacting transaction transactions
  buy buying purchase purchases purchasing purchased order orders ordering
  compliant eligible facturer blocked block blocking bloque bloquee bloques bloquees renew renews renewal renewing
  renouveler renouvellement abonnement affected
  subscription subscriptions seat seats license licenses licence licences upgrade upgrades upgrading upsell
  abonnements siege sieges
  expire expired expires expiring expiry expiration lapsed valid validity outdated expirer expiree expirees perime
  perimee valide valable
  contact contacts signer signers signatory signatories signataire signataires
  contrat contrats accord accords acceptation acceptations accepte acceptee acceptes acceptees accepter acceptez
  signe signee signes signees signer signez vendre vend vendons vendez vente ventes revendre transiger
  acheter achat achats commander commande commandes conforme
`);

/**
 * Words of checking: a request with a customer ("check Contoso", "statut de Contoso", "is Contoso ok?"), chat
 * without one ("let me check", "thanks for checking", "ok je vérifie").
 */
export const CHECK_WORDS = set(`
  check checks checking checked verify lookup look status verifier verifie verifiez controler controle statut go
  ok okay
`);

/** Nouns of agreements: with an "all" word they ask for every type, beside "cloud" the Microsoft Cloud Agreement. */
export const AGREEMENT_NOUNS = set(`
  agreement agreements contract contracts terms contrat contrats accord accords types
`);

/** "all agreements", "tous les contrats": every agreement type. */
export const ALL_WORDS = set(`all every each other others tous toutes tout autres`);

/** The invite itself: invite, invitation. */
export const INVITE_WORDS = set(`invite invites invitation invitations inviter invitez onboard onboarding`);

/** "reseller link", "lien de revendeur", "relationship request": the invite by another name. */
export const RESELLER_WORDS = set(`reseller resellers relationship revendeur relation`);

/** "partner link", "lien partenaire": the invite when a link is asked for. */
export const PARTNER_WORDS = set(`partner partenaire`);
export const LINK_WORDS = set(`link links url lien liens`);

export const HELP_WORDS = set(`help aide`);

/** "add a new customer", "ajouter un client": the invite. */
export const ADD_WORDS = set(`add adding ajouter ajoute ajout`);

/** "how do I sign in?", "je veux me connecter": sign-in words (sign/log + in are read as a pair). */
export const SIGN_IN_WORDS = set(`login connecter connexion`);
export const SIGN_OUT_WORDS = set(`logout deconnecter deconnexion`);

/** Words that carry no name: pronouns, articles, auxiliaries, polite and chatty words. */
export const FILLER_WORDS = set(`
  a an the and & i we you me us our my your they them their it its is are was were be been am do does did done
  has have had can could would will should shall may might must to for of with on in at from about by as into
  per if whether that this these those there here what whats which who whom whose when where why how
  please pls plz kindly thanks thank thx ty ok okay yes no not yet still already now today again ever anymore
  new newest latest updated update current currently up date customers clients tenant id
  tenantid state show tell give get find see list send share let know need needs needed want wants able
  allowed ready just also too quick quickly any anything some s re ve ll d m t version versions one ones more
  after since before until so or but then asap mind wondering curious confirm via through microsoft partner
  csp link links url lien liens hey hi hello dear team bot guys folks yo good morning afternoon evening
  cool great nice perfect awesome super parfait genial top bravo lol test testing bye cheers sorry much
  many lot lots beaucoup tres very really vraiment oops hmm hmmm yep yup nope sure wow haha hahaha np k kk brb
  thankyou ouais desole desolee bonsoir bonne journee soiree bcp mate dude sounds later tomorrow yesterday demain
  hier week weeks month months year semaine mois annee last next legal manager boss something someone anyone
  mean means meaning said say says dit real question questions u ur directly finally people try trying without
  comment pourquoi same too hasn didn isn wasn won doesn don haven couldn shouldn
  wouldn aren weren ain ll ve re m log out into ttyl gm gn omg idk lgtm fyi recu got idem pareil aussi bon
  voudrais voudrait veut veulent souhaite souhaitent aimerait like lui right comme celui celle everyone happy
  friday vendredi weekend week-end price prix
  le la les l un une des de du d au aux en et ou pour par avec sur dans chez est sont etait ce c ca cela ceci
  ces cet cette que qu quel quelle quels quelles qui quoi on nous vous je j tu il elle ils elles moi te toi se
  son sa ses notre nos votre vos leur leurs mon ma mes peut peux pouvons pouvez peuvent pourrait pourrions
  pourriez puis faut y ont avoir as avons avez deja encore toujours maintenant aujourd hui nouveau nouvelle
  nouvelles dernier derniere mise jour actuel actuelle etat svp stp merci bonjour salut oui non
  pas ne n si montre montrez affiche affichez donne donnez dis dites envoie envoyez envoyer savoir voir liste
  trouver besoin doit doivent locataire identifiant apres depuis avant alors bien quid
`);

/**
 * "the customer Contoso", "la société Alpine Ski House": no part of the name in lower case, the start of one
 * capitalized ("Société Générale", "Client Solutions").
 */
export const GENERIC_NOUNS = set(`customer client cliente company societe entreprise firm`);

/** Words that may sit inside a name ("Bank of America", "City Power & Light", "Banque de France"). */
export const CONNECTOR_WORDS = set(`and & of the de du des d et la le les l s y`);

/**
 * The words that point at the customer: the name follows them ("sell to X", "agreements for X", "did X sign",
 * "vendre à X"). Agreement words point as well.
 */
export const POINTER_WORDS = set(`
  for of to with about on at is did does has have can could customer client check
  pour de du des d avec a chez sur est que qu si
`);

/**
 * What may stand around a bare company name and leave it a request: "Contoso", "what about Fabrikam?",
 * "et pour Contoso ?", "Contoso please". Anything else around a name is a sentence the bot does not know.
 */
export const AROUND_A_NAME = set(`
  please pls plz svp stp thanks thx merci what how about and et pour quid de du also aussi now maintenant then
  alors customer client the le la l ok so for too same next one pareil idem meme try question more chez celui
  tenant locataire
`);

/** What follows a comma inside a company's name ("Fabrikam, Inc.", "Contoso, S.A."): not a list of customers. */
export const LEGAL_SUFFIXES = set(`
  inc incorporated ltd limited llc llp lp corp corporation co company plc gmbh ag kg sa sas sarl srl spa bv nv pty
  oy ab as aps asa
`);

/** "which ones", "both", "lesquels": the message asks about several customers, joined by "and" or "et". */
export const PLURAL_WORDS = set(`ones both each lesquels lesquelles deux chacun chacune`);

/** Articles that may begin a capitalized name, even as the message's first word: "La Poste", "The Home Depot". */
export const ARTICLES = set(`the la le les l`);

/** Prefixes of a hyphenated agreement word: "re-sign", "re-accepted". */
export const PREFIXES = set(`re pre`);

/** French elisions, cut off the word they are glued to: "qu'on", "d'invitation", "l'accord". */
export const ELISIONS = set(`c d j l m n s t qu jusqu lorsqu puisqu`);
