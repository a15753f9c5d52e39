import {
  cardShowing,
  expectNothingLeftTheMachine,
  say,
  screenshotDesktopAndPhone,
  usePlayground,
} from './harness';

/**
 * The invitations a sales person sends a customer, in English and French: an indirect reseller with two providers
 * picks the provider of its invite link, then asks Wingtip Toys for admin access (GDAP), confirms, gets the approval
 * link and the message to forward, and finds the new request in the customer's admin relationships. One stack per
 * language. The pictures are in test/e2e/artifacts/: `<name>.<language>.png` the page, `.card.png` the card as the
 * Playground shows it (446 pixels wide), `.phone.card.png` the card laid out at a phone's width.
 */
const CONTOSO_DISTRIBUTION = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const APPROVAL_LINK =
  /https:\/\/admin\.microsoft\.com\/AdminPortal\/Home#\/partners\/invitation\/granularAdminRelationships\/[0-9a-f-]{36,}/;

const TEXTS = {
  en: {
    welcome: 'Hello! I am Partner Center Assistant.',
    inviteLink: 'invite link',
    chooseProvider: 'Through which indirect provider?',
    providers: ['Contoso Distribution', 'Northwind Cloud Distribution'],
    providerLines: ['Contoso Distribution · MPN ID 5101234', 'Northwind Cloud Distribution · MPN ID 5205678'],
    cancel: 'Cancel',
    linkTitle: 'Reseller relationship invitation',
    through: 'Through your indirect provider Contoso Distribution (MPN ID 5101234)',
    openLink: 'Open the link',
    adminAccess: 'admin access for Wingtip Toys',
    confirmTitle: 'Ask Wingtip Toys for admin access?',
    confirmFacts: [
      'Directory Readers, Global Reader, Service Support Administrator, License Administrator',
      '730 days',
      'Every 180 days, until ended',
      'Only the person who asked can confirm.',
    ],
    confirm: 'Create and send for approval',
    createdTitle: 'Admin-access request for Wingtip Toys: waiting for approval',
    forwardTitle: 'Message to forward to the customer\u2019s Global Administrator',
    openApproval: 'Open the approval page',
    relationships: 'admin relationships for Wingtip Toys',
    listTitle: 'Admin relationships with Wingtip Toys',
    waiting: 'Waiting for approval',
    approvalButton: 'Approval link',
  },
  fr: {
    welcome: 'Bonjour\u00a0! Je suis Partner Center Assistant.',
    inviteLink: "lien d'invitation",
    chooseProvider: 'Par quel fournisseur indirect\u00a0?',
    providers: ['Contoso Distribution', 'Northwind Cloud Distribution'],
    providerLines: ['Contoso Distribution · ID MPN 5101234', 'Northwind Cloud Distribution · ID MPN 5205678'],
    cancel: 'Annuler',
    linkTitle: 'Invitation à une relation de revendeur',
    through: 'Par votre fournisseur indirect Contoso Distribution (ID MPN 5101234)',
    openLink: 'Ouvrir le lien',
    adminAccess: 'accès administrateur délégué pour Wingtip Toys',
    confirmTitle: 'Demander un accès administrateur à Wingtip Toys\u00a0?',
    confirmFacts: [
      'Lecteurs d\u2019annuaire, Lecteur général',
      '730 jours',
      'Tous les 180 jours, jusqu\u2019à résiliation',
      'Seule la personne qui a fait la demande peut la confirmer.',
    ],
    confirm: 'Créer et envoyer pour approbation',
    createdTitle:
      'Demande d\u2019accès administrateur pour Wingtip Toys\u00a0: en attente d\u2019approbation',
    forwardTitle: 'Message à transmettre à l\u2019administrateur général du client',
    openApproval: 'Ouvrir la page d\u2019approbation',
    relationships: "relations d'administration de Wingtip Toys",
    listTitle: 'Relations d\u2019administration avec Wingtip Toys',
    waiting: 'En attente d\u2019approbation',
    approvalButton: 'Lien d\u2019approbation',
  },
};

describe.each([
  ['en', {}],
  // The Playground reports every user as en-US whatever its configuration; local mode answers as told.
  ['fr', { LOCAL_USER_LOCALE: 'fr-FR' }],
] as const)('the invitations of an indirect reseller with two providers, in %s', (language, env) => {
  const session = usePlayground({
    PARTNER_CENTER_EMULATOR_PARTNER_KIND: 'indirectResellerTwoProviders',
    ...env,
  });
  const texts = TEXTS[language];
  let approvalLink = '';

  it('"invite link" asks through which provider, then gives the link through the one clicked', async () => {
    const { page } = session;
    await cardShowing(page, texts.welcome);
    await say(page, texts.inviteLink);
    const choice = await cardShowing(page, texts.chooseProvider);
    for (const button of [...texts.providers, texts.cancel])
      expect(await choice.getByText(button, { exact: true }).isVisible()).toBe(true);
    // The MPN IDs tell providers apart: on the card's lines, where a phone does not cut them.
    for (const line of texts.providerLines) expect(await choice.innerText()).toContain(line);
    await screenshotDesktopAndPhone(page, `invite-choice.${language}`, choice);

    await choice.getByText(texts.providers[0]!, { exact: true }).click();
    const card = await cardShowing(page, texts.through);
    const text = await card.innerText();
    expect(text).toContain(texts.linkTitle);
    expect(text).toMatch(
      new RegExp(
        `https://admin\\.microsoft\\.com/Adminportal/Home\\?invType=IndirectResellerRelationship&partnerId=${CONTOSO_DISTRIBUTION}&`,
      ),
    );
    expect(await card.getByText(texts.openLink, { exact: true }).isVisible()).toBe(true);
    await screenshotDesktopAndPhone(page, `invite-link-provider.${language}`, card);
  });

  it('"admin access for Wingtip Toys" asks to confirm the roles, the duration and the extension', async () => {
    const { page } = session;
    await say(page, texts.adminAccess);
    const card = await cardShowing(page, texts.confirmTitle);
    const text = await card.innerText();
    for (const line of texts.confirmFacts) expect(text).toContain(line);
    expect(await card.getByText(texts.confirm, { exact: true }).isVisible()).toBe(true);
    await screenshotDesktopAndPhone(page, `admin-access-confirm.${language}`, card);
  });

  it('its button creates the request: the approval link and the message to forward with it', async () => {
    const { page } = session;
    const confirmation = await cardShowing(page, texts.confirmTitle);
    await confirmation.getByText(texts.confirm, { exact: true }).click();
    const card = await cardShowing(page, texts.createdTitle);
    const text = await card.innerText();
    approvalLink = APPROVAL_LINK.exec(text)?.[0] ?? '';
    expect(approvalLink).not.toBe('');
    expect(text).toContain(texts.forwardTitle);
    // The link is given twice: alone, to copy, and in the message to forward.
    expect(text.split(approvalLink)).toHaveLength(3);
    expect(await card.getByText(texts.openApproval, { exact: true }).isVisible()).toBe(true);
    await screenshotDesktopAndPhone(page, `admin-access-created.${language}`, card);
  });

  it('"admin relationships for Wingtip Toys" lists the new request, waiting for approval', async () => {
    const { page } = session;
    await say(page, texts.relationships);
    const card = await cardShowing(page, texts.listTitle);
    const text = await card.innerText();
    expect(text).toContain(`Wingtip Toys admin ${new Date().toISOString().slice(0, 10)}`);
    expect(text).toContain(texts.waiting);
    // The seeds' relationships are listed beside it.
    expect(text).toContain('Proseware_WingtipToys_2024');
    expect(await card.getByText(texts.approvalButton, { exact: true }).first().isVisible()).toBe(true);
    await screenshotDesktopAndPhone(page, `admin-relationships.${language}`, card);
  });

  it('sent nothing off this machine, but the fonts the page asks a CDN for', () => {
    expectNothingLeftTheMachine(session.stack, session.client);
  });
});
