import {
  cardShowing,
  expectNothingLeftTheMachine,
  mentionBotAndSay,
  openConversation,
  say,
  screenshot,
  usePlayground,
} from './harness';

/**
 * The bot as a person uses it: `npm start`'s entry point (emulator, bot, Agents Playground), the Playground's UI
 * in headless Chromium, messages typed in the compose box and card buttons clicked. Every assertion is on what
 * the page shows; each flow leaves a screenshot in test/e2e/artifacts/.
 */
const SEED = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
const BOT = 'Partner Center Assistant';

describe('in English', () => {
  const session = usePlayground();

  it('welcomes the user, then "invite link" shows the link and an Open button', async () => {
    const { page } = session;
    const welcome = await cardShowing(page, 'Hello! I am Partner Center Assistant.');
    expect(await welcome.getByText('Run the MCA report', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'welcome', welcome);
    await say(page, 'invite link');
    const card = await cardShowing(page, 'Reseller relationship invitation');
    expect(await card.innerText()).toMatch(
      /https:\/\/admin\.microsoft\.com\/Adminportal\/Home\?invType=ResellerRelationship/,
    );
    expect(await card.getByText('Open the link', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'invite-link', card);
  });

  it('answers "agreements for" the seeds\' customer with Tania Carr and both dates', async () => {
    const { page } = session;
    await say(page, `agreements for ${SEED}`);
    const card = await cardShowing(
      page,
      'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
    );
    const text = await card.innerText();
    // The company first, then what the card is about and the tenant.
    expect(text).toMatch(new RegExp(`^Wingtip Toys\\s+Microsoft Customer Agreement · tenant ${SEED}`));
    expect(text).toContain('August 27, 2019');
    expect(text).toContain('August 26, 2019');
    expect(text.match(/Tania Carr/g)?.length).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'agreements.en', card);
  });

  it('answers a card button with the follow-up card', async () => {
    const { page } = session;
    const card = await cardShowing(
      page,
      'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
    );
    await card.getByText('Show all agreement types', { exact: true }).click();
    const followUp = await cardShowing(page, 'Agreements on record (2)');
    expect(await followUp.getByText('Check MCA', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'all-agreement-types', followUp);
  });

  it('answers text it does not understand with the help card and a suggestion', async () => {
    const { page } = session;
    await say(page, 'agrements for Wingtip Toys');
    const help = await cardShowing(page, 'I did not understand “agrements for Wingtip Toys”.');
    expect(await help.innerText()).toContain('Did you mean:');
    expect(await help.innerText()).not.toContain('What I can do');
    await help.getByText('agreements for Wingtip Toys', { exact: true }).click();
    await cardShowing(page, `Microsoft Customer Agreement · tenant ${SEED}`);
    await screenshot(page, 'help', help);
  });

  it('says on the help card what the MCA report does, how long it takes and where its CSV goes', async () => {
    const { page } = session;
    await say(page, 'help');
    const help = await cardShowing(page, 'What I can do');
    const text = await help.innerText();
    expect(text).toContain('about a minute per 2,000 customers');
    // The Playground shows no file cards: the CSV is a download here.
    expect(text).toContain('the full list as a CSV file to download.');
    await screenshot(page, 'help-card', help);
  });

  it('answers an @mention in the group chat, there', async () => {
    const { page } = session;
    await openConversation(page, 'Renewals desk');
    await mentionBotAndSay(page, BOT, 'invite link');
    const card = await cardShowing(page, 'Reseller relationship invitation');
    expect(await card.innerText()).toContain('invType=ResellerRelationship');
    await screenshot(page, 'group-chat');
  });

  it('answers an @mention in a team channel, in its thread, with contact details masked', async () => {
    const { page } = session;
    await openConversation(page, 'Customer onboarding');
    await mentionBotAndSay(page, BOT, 'agreements for Wingtip Toys');
    const card = await cardShowing(
      page,
      'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
    );
    const text = await card.innerText();
    expect(text).toContain('S***@example.com');
    expect(text).not.toContain('SomeEmail@example.com');
    await screenshot(page, 'channel');
  });

  it('sent nothing off this machine, but the fonts the page asks a CDN for', () => {
    expectNothingLeftTheMachine(session.stack, session.client);
  });
});

describe('in French', () => {
  // The Playground reports every user as en-US whatever its configuration; local mode answers as told.
  const session = usePlayground({ LOCAL_USER_LOCALE: 'fr-FR' });

  it('welcomes and answers in French', async () => {
    const { page } = session;
    await cardShowing(page, 'Bonjour\u00a0! Je suis Partner Center Assistant.');
    await say(page, `contrats pour ${SEED}`);
    const card = await cardShowing(
      page,
      'Nouvelle acceptation nécessaire\u00a0: une version antérieure a été acceptée le 27 août 2019 (Tania Carr)',
    );
    expect(await card.innerText()).toContain('26 août 2019');
    await screenshot(page, 'agreements.fr', card);
    expectNothingLeftTheMachine(session.stack, session.client);
  });
});
