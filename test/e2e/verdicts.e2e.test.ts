import { cardShowing, say, screenshot, screenshotDesktopAndPhone, usePlayground } from './harness';

/**
 * One card per answer the agreements check can give, as the Playground shows it, in English and French: each
 * customer of the built-in emulator stands for one state. The pictures are in cards/screenshots/ (the README
 * shows them).
 */
interface State {
  name: string;
  tenantId: string;
  /** The card's title: the company, before anything else. */
  company: string;
  /** The mark before the verdict: the state without its colour. */
  mark: string;
  en: string[];
  fr: string[];
}

const STATES: State[] = [
  {
    name: 'can-transact',
    company: 'Contoso Ltd',
    mark: '✔',
    tenantId: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
    en: [
      'Can transact: accepted the current version on February 12, 2024 by Mark Hanson, confirmed by the partner',
    ],
    fr: [
      'Vente possible\u00a0: version en vigueur acceptée le 12 février 2024 par Mark Hanson, confirmée par le partenaire',
    ],
  },
  {
    name: 'can-transact-direct',
    company: 'Tailspin Toys',
    mark: '✔',
    tenantId: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
    en: [
      'Can transact: accepted by the customer directly through Microsoft (Microsoft 365 admin center)',
      'Partner Center does not say when the customer accepted directly, nor which version.',
      'This answer rests on the customer’s own acceptance, not on the partner attestations below.',
    ],
    fr: [
      'Vente possible\u00a0: accepté directement par le client auprès de Microsoft',
      'L’Espace partenaires n’indique ni la date de cette acceptation directe, ni la version acceptée.',
    ],
  },
  {
    name: 'reacceptance-needed',
    company: 'Northwind Traders',
    mark: '↻',
    tenantId: '2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
    en: [
      'Re-acceptance needed: accepted an earlier version on May 18, 2021 at 9:30 AM UTC (Andrew Fuller)',
      'Message to forward to the customer',
      'Also on record: Microsoft Cloud Agreement (November 2, 2017).',
      'May 18, 2021 at 9:30 AM UTC · Earlier version · Andrew Fuller',
      'Template IDs (for support)',
    ],
    fr: [
      'Nouvelle acceptation nécessaire\u00a0: une version antérieure a été acceptée le 18 mai 2021 à 09:30 UTC (Andrew Fuller)',
      'Autres contrats enregistrés\u00a0: Contrat Microsoft Cloud (2 novembre 2017).',
    ],
  },
  {
    name: 'not-accepted',
    company: 'Fabrikam, Inc.',
    mark: '✖',
    tenantId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    en: [
      'Not accepted: no Microsoft Customer Agreement acceptance on record',
      'Also on record: Microsoft Cloud Agreement (March 14, 2018).',
    ],
    fr: ['Non accepté\u00a0: aucune acceptation du Contrat client Microsoft enregistrée'],
  },
  {
    name: 'unknown',
    company: 'Woodgrove Bank',
    mark: '?',
    tenantId: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f',
    en: [
      'Unknown: not everything could be checked',
      'Send the customer your reseller invite link first.',
      'Direct acceptance not checked: no active reselling relationship.',
      'Get the invite link',
    ],
    fr: [
      'Inconnu\u00a0: certaines vérifications n’ont pas abouti',
      'Envoyez-lui d’abord votre lien d’invitation de revendeur.',
    ],
  },
];

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each([
  ['en', {}],
  ['fr', { LOCAL_USER_LOCALE: 'fr-FR' }],
] as const)('every verdict, in %s', (language, env) => {
  const session = usePlayground(env);

  it.each(STATES.map((state) => [state.name, state] as const))('%s', async (name, state) => {
    const { page } = session;
    await say(page, state.tenantId);
    // The tenant id is on this customer's card only.
    const card = await cardShowing(page, `${language === 'fr' ? 'locataire' : 'tenant'} ${state.tenantId}`);
    const text = await card.innerText();
    expect(text.split('\n')[0]).toBe(state.company);
    // The mark, then the verdict's first words: the state is told without its colour.
    expect(text).toMatch(new RegExp(`^${literal(state.mark)}\\s+${literal(state[language][0]!)}`, 'm'));
    for (const line of state[language]) expect(text).toContain(line);
    // The state that most often needs action, also at a phone's width (its French is the longest).
    if (name === 'reacceptance-needed')
      await screenshotDesktopAndPhone(page, `verdict-${name}.${language}`, card);
    else await screenshot(page, `verdict-${name}.${language}`, card);
  });

  it('asks which customer before answering about a custom domain', async () => {
    const { page } = session;
    await say(page, language === 'fr' ? 'contrats de contoso.com' : 'is contoso.com on MCA?');
    const card = await cardShowing(
      page,
      language === 'fr'
        ? 'Plusieurs clients correspondent à «\u00a0contoso.com\u00a0»'
        : 'Several customers match “contoso.com”',
    );
    expect(await card.innerText()).toContain(language === 'fr' ? 'Annuler' : 'Cancel');
    await screenshot(page, `customer-choice.${language}`, card);
  });
});

describe('a token without multi-factor authentication', () => {
  const session = usePlayground({ LOCAL_TOKEN_MFA: 'false' });

  it('gets the MFA card, again on asking again, and never a loop', async () => {
    const { page } = session;
    const mfaCards = page.locator('.ac-adaptiveCard', {
      hasText: 'Partner Center needs multi-factor authentication',
    });
    for (const [i, request] of ['can I sell to Wingtip Toys?', 'invite link'].entries()) {
      await say(page, request);
      // Each request gets its own card: the second is not the first one still on screen.
      await mfaCards.nth(i).waitFor({ timeout: 20_000 });
      expect(await mfaCards.nth(i).innerText()).toContain('LOCAL_TOKEN_MFA');
    }
    expect(await mfaCards.count()).toBe(2);
    await screenshot(page, 'mfa-required', mfaCards.last());
  });
});
