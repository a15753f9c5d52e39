import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import defaultData from '../../src/emulator/defaultData.json';
import {
  cardShowing,
  expectNothingLeftTheMachine,
  say,
  screenshot,
  screenshotDesktopAndPhone,
  usePlayground,
} from './harness';

/**
 * "watch MCA here" in the Playground, in English and French, one stack per language: the watch card, the first
 * digest posted on its own once the report behind it ends, then a change notice from a later check, its Check
 * button, and "Stop watching". The change is the emulator's: Contoso Ltd's agreements answer unreadably once (the
 * digest's run spends that fault, so Contoso Ltd is unknown there), then as they are (the next check finds it can
 * transact). Checks fall every 5 seconds and watches are tended every 5 (a 15-second lease, the shortest allowed:
 * the scan runs every third of it), so the notice comes within about 10 seconds of the digest; the digest's own
 * schedule stays weekly, so every later run is a check. The pictures: `watch-<card>.<language>` in
 * test/e2e/artifacts/ (and cards/screenshots/ with `npm run screenshots`), `.phone` at a phone's width.
 */
const CONTOSO = '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';
const CUSTOMERS = defaultData.customers.length;
/** The shipped customers by state at the digest, Contoso Ltd unknown (a single check finds it can transact). */
const DIGEST_COUNTS = { canTransact: 2, reacceptanceNeeded: 2, notAccepted: 5, unknown: 2 };
const NEEDING_ACTION = CUSTOMERS - DIGEST_COUNTS.canTransact;
/** The Playground's user (.m365agentsplayground.yml), who starts the watch: the cards name them. */
const USER = 'Nestor Wilke';

const TEXTS = {
  en: {
    colon: ': ',
    watch: 'watch MCA here',
    watchTitle: 'Watching MCA here',
    watchStatus: 'The first digest is being made now',
    watchFacts: ['On behalf of', 'Next digest', 'Next change check'],
    stop: 'Stop watching',
    digestTitle: `MCA digest: ${CUSTOMERS} customers`,
    digestStatus: `${NEEDING_ACTION} customers need action.`,
    states: {
      canTransact: 'Can transact',
      reacceptanceNeeded: 'Re-acceptance needed',
      notAccepted: 'Not accepted',
      unknown: 'Unknown',
    },
    first: 'First digest: from the next one, what changed since the one before is listed first.',
    footer: 'Watching for ',
    check: 'Check',
    csv: 'Download the CSV',
    tenant: 'tenant',
    noticeTitle: 'MCA: Contoso Ltd can transact now',
    noticeGroup: 'Can transact now: 1',
    noticeNext: 'Their MCA is accepted: orders and changes can go through.',
    noticeLine: 'Can transact (was unknown)',
    stoppedTitle: 'MCA watch stopped',
    stopped: 'Nothing more will be posted here',
    status: 'what are we watching',
    noneTitle: 'Nothing watched here',
    watchAgain: 'Watch MCA here',
  },
  fr: {
    colon: '\u00a0: ',
    watch: 'surveiller le MCA ici',
    watchTitle: 'Surveillance du MCA dans cette conversation',
    watchStatus: 'Le premier résumé est en préparation',
    watchFacts: ['Au nom de', 'Prochain résumé', 'Prochaine vérification des changements'],
    stop: 'Arrêter la surveillance',
    digestTitle: `Résumé MCA\u00a0: ${CUSTOMERS} clients`,
    digestStatus: `${NEEDING_ACTION} clients à traiter.`,
    states: {
      canTransact: 'Vente possible',
      reacceptanceNeeded: 'Nouvelle acceptation nécessaire',
      notAccepted: 'Non accepté',
      unknown: 'Inconnu',
    },
    first:
      'Premier résumé\u00a0: à partir du prochain, les changements depuis le résumé précédent apparaîtront en tête.',
    footer: 'Surveillance au nom de ',
    check: 'Vérifier',
    csv: 'Télécharger le CSV',
    tenant: 'locataire',
    noticeTitle: 'MCA\u00a0: vente désormais possible à Contoso Ltd',
    noticeGroup: 'Vente désormais possible\u00a0: 1',
    noticeNext: 'Le MCA est accepté\u00a0: les commandes et les modifications sont désormais possibles.',
    noticeLine: 'Vente possible (avant\u00a0: inconnu)',
    stoppedTitle: 'Surveillance du MCA arrêtée',
    stopped: 'Plus rien ne sera publié ici',
    status: 'qu’est-ce qu’on surveille',
    noneTitle: 'Rien n’est surveillé ici',
    watchAgain: 'Surveiller le MCA ici',
  },
};

/** What a user must never read on a card: a template left unfilled, a value that is not one, an exception. */
function expectNoRawText(text: string): void {
  expect(text).not.toMatch(/\$\{|\{\w+\}|\b(undefined|null|NaN|Error|Exception)\b|\[object|Invalid Date/);
}

/** The emulator's shipped data, Contoso Ltd's agreements unreadable for one request: its first run's. */
function dataWithOneUnreadableAnswer(dir: string): string {
  const file = path.join(dir, 'emulator.json');
  const fault = { operation: 'agreements', customerId: CONTOSO, malformed: true, times: 1 };
  writeFileSync(file, JSON.stringify({ ...defaultData, faults: [...defaultData.faults, fault] }));
  return file;
}

describe.each([
  ['en', {}],
  // The Playground reports every user as en-US whatever its configuration; local mode answers as told.
  ['fr', { LOCAL_USER_LOCALE: 'fr-FR' }],
] as const)('"watch MCA here" in the Playground, in %s', (language, env) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'watch-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const session = usePlayground({
    PARTNER_CENTER_EMULATOR_DATA: dataWithOneUnreadableAnswer(dir),
    MCA_WATCH_CHECK_SCHEDULE: '*/5 * * * * *',
    REPORT_LEASE_SECONDS: '15',
    ...env,
  });
  const texts = TEXTS[language];

  it('answers with the watch card: on whose behalf, the next digest and check, and Stop watching', async () => {
    const { page } = session;
    await say(page, texts.watch);
    const card = await cardShowing(page, texts.watchTitle);
    const text = await card.innerText();
    expect(text.split('\n')[0]).toBe(texts.watchTitle);
    expect(text).toContain(texts.watchStatus);
    for (const fact of texts.watchFacts) expect(text).toContain(fact);
    expect(text).toContain(`${USER}${texts.colon}`);
    expect(await card.getByText(texts.stop, { exact: true }).isVisible()).toBe(true);
    expectNoRawText(text);
    await screenshot(page, `watch-started.${language}`, card);
  });

  it('then posts the first digest on its own: the counts by state, what needs action, Stop watching', async () => {
    const { page } = session;
    const digest = await cardShowing(page, texts.digestTitle, 60_000);
    const text = await digest.innerText();
    expect(text.split('\n')[0]).toBe(texts.digestTitle);
    expect(text).toContain(texts.digestStatus);
    for (const [state, label] of Object.entries(texts.states) as Array<
      [keyof typeof DIGEST_COUNTS, string]
    >) {
      expect(text).toMatch(new RegExp(`^${label}\\s+${DIGEST_COUNTS[state]}$`, 'm'));
      // Each state needing action has its own heading, with its customers under it.
      if (state !== 'canTransact') expect(text).toContain(`${label}${texts.colon}${DIGEST_COUNTS[state]}`);
    }
    // Contoso Ltd is among the unknown ones this time, with its Check button.
    expect(text).toContain('Contoso Ltd');
    expect(await digest.getByText(texts.check, { exact: true }).count()).toBeGreaterThanOrEqual(
      NEEDING_ACTION > 5 ? 5 : NEEDING_ACTION,
    );
    // Nothing to compare the first digest with: it says so, and who the watch acts for.
    expect(text).toContain(texts.first);
    expect(text).toContain(`${texts.footer}${USER}.`);
    expect(await digest.getByText(texts.stop, { exact: true }).isVisible()).toBe(true);
    // A personal chat: the CSV is offered, as the report's summary offers it.
    expect(await digest.getByText(texts.csv, { exact: true }).isVisible()).toBe(true);
    expectNoRawText(text);
    await screenshotDesktopAndPhone(page, `watch-digest.${language}`, digest);
  });

  it('posts a short notice when a later check finds a customer changed', async () => {
    const { page } = session;
    const notice = await cardShowing(page, texts.noticeTitle, 45_000);
    const text = await notice.innerText();
    expect(text.split('\n')[0]).toBe(texts.noticeTitle);
    expect(text).toContain(texts.noticeGroup);
    expect(text).toContain(texts.noticeNext);
    expect(text).toMatch(new RegExp(`Contoso Ltd\\s+${texts.noticeLine.replace(/[()]/g, '\\$&')}`));
    // Only Contoso changed: one customer, and no counts of the others.
    expect(await notice.getByText(texts.check, { exact: true }).count()).toBe(1);
    expect(text).not.toContain(texts.states.notAccepted);
    expect(text).toContain(`${texts.footer}${USER}.`);
    expectNoRawText(text);
    await screenshotDesktopAndPhone(page, `watch-notice.${language}`, notice);

    // Its Check button asks about Contoso Ltd now: the single check agrees with the notice.
    await notice.getByText(texts.check, { exact: true }).click();
    const verdict = await cardShowing(page, `${texts.tenant} ${CONTOSO}`);
    expect(await verdict.innerText()).toMatch(new RegExp(`^✔\\s+${texts.states.canTransact}`, 'm'));
  });

  it('"Stop watching" on the digest ends the watch, and says so', async () => {
    const { page } = session;
    const digest = await cardShowing(page, texts.digestTitle);
    await digest.getByText(texts.stop, { exact: true }).click();
    const stopped = await cardShowing(page, texts.stoppedTitle);
    const text = await stopped.innerText();
    expect(text.split('\n')[0]).toBe(texts.stoppedTitle);
    expect(text).toContain(texts.stopped);
    expect(text).toContain(USER);
    expectNoRawText(text);
    await screenshot(page, `watch-stopped.${language}`);
    await say(page, texts.status);
    // The watch is gone: nothing is watched here any more, and the card offers to watch again.
    const none = await cardShowing(page, texts.noneTitle);
    expect(await none.getByText(texts.watchAgain, { exact: true }).isVisible()).toBe(true);
    expectNoRawText(await none.innerText());
  });

  it('sent nothing off this machine, but the fonts the page asks a CDN for', () => {
    expectNothingLeftTheMachine(session.stack, session.client);
  });
});
