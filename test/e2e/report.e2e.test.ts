import { countByState, generateCustomers } from '../../src/emulator/population';
import { until } from '../helpers/poll';
import { cardShowing, say, screenshot, screenshotDesktopAndPhone, usePlayground } from './harness';

// A few hundred customers, throttled to a pace that lets the card move a few times: scale is the benchmark's
// subject (npm run bench:report), not this test's.
const GENERATED = 300;
const TOTAL = GENERATED + 11;
/** The shipped customers, by the verdict a single check gives each. */
const SEED_COUNTS = { canTransact: 3, reacceptanceNeeded: 2, notAccepted: 5, unknown: 1 };

/** "Checked 1,234 of 3,011 …" → 1234. */
function checkedOn(text: string): number {
  const match = /Checked ([\d,]+) of/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : 0;
}

describe('"mca report" in the Playground, over a generated population throttled like Partner Center', () => {
  const session = usePlayground({
    PARTNER_CENTER_EMULATOR_CUSTOMERS: String(GENERATED),
    PARTNER_CENTER_EMULATOR_RATE_LIMIT: '50',
    REPORT_MAX_REQUESTS_PER_SECOND: '10000',
  });

  it('shows one card that moves, ends with the right counts, and offers the CSV', async () => {
    const { page } = session;
    await say(page, 'mca report');
    const card = page.locator('.ac-adaptiveCard', { hasText: /^\s*MCA report/ }).last();
    await card.waitFor({ timeout: 20_000 });
    // The same card, updated in place: its count of customers checked grows.
    const checked = async () => checkedOn(await card.innerText());
    const first = await until(async () => (await checked()) || false, { capMs: 30_000, everyMs: 250 });
    expect(await card.innerText()).toContain('Cancel');
    await screenshot(page, 'report-progress', card);
    const later = await until(
      async () => {
        const now = await checked();
        return now > first && now;
      },
      { capMs: 30_000, everyMs: 250 },
    );
    expect(later).toBeLessThan(TOTAL);

    const summary = await cardShowing(
      page,
      `MCA report: ${TOTAL.toLocaleString('en-US')} customers`,
      180_000,
    );
    // One report card, the progress card turned summary (the welcome card names the report too, further down).
    expect(await page.locator('.ac-adaptiveCard', { hasText: /^\s*MCA report/ }).count()).toBe(1);
    const text = await summary.innerText();
    const expected = countByState(generateCustomers(GENERATED));
    const labels = {
      canTransact: 'Can transact',
      reacceptanceNeeded: 'Re-acceptance needed',
      notAccepted: 'Not accepted',
      unknown: 'Unknown',
    } as const;
    for (const [state, label] of Object.entries(labels) as Array<[keyof typeof labels, string]>) {
      const count = (expected[state] + SEED_COUNTS[state]).toLocaleString('en-US');
      expect(text).toMatch(new RegExp(`${label}\\s*\\n?\\s*${count}`));
    }
    // By state: each state needing action under its own heading, with what to do once and its first customers.
    for (const [state, label] of Object.entries(labels) as Array<[keyof typeof labels, string]>) {
      if (state === 'canTransact') continue;
      const count = (expected[state] + SEED_COUNTS[state]).toLocaleString('en-US');
      expect(text).toContain(`${label}: ${count}`);
    }
    expect(text.match(/their admin accepts the updated MCA/g)).toHaveLength(1);
    expect(text).toMatch(/more in the CSV, most urgent first/);
    expect(await summary.getByText('Check', { exact: true }).count()).toBeGreaterThanOrEqual(6);
    expect(text).toContain('Download the CSV');
    await screenshotDesktopAndPhone(page, 'report-summary.en', summary);

    // The CSV the button opens: a header and one line per customer.
    const requested = page
      .context()
      .waitForEvent('request', (request) => request.url().includes('/downloads/'));
    await summary.getByText('Download the CSV').click();
    const csv = await (await fetch((await requested).url())).text();
    expect(csv.trim().split('\r\n')).toHaveLength(TOTAL + 1);
    expect(csv).toContain('Tenant id,Company,Domain,State,Basis of the verdict');
  }, 300_000);
});

describe('"rapport MCA" in the Playground, in French', () => {
  const session = usePlayground({
    LOCAL_USER_LOCALE: 'fr-FR',
    PARTNER_CENTER_EMULATOR_CUSTOMERS: String(GENERATED),
    REPORT_MAX_REQUESTS_PER_SECOND: '10000',
  });

  it('ends with the summary by state, in French', async () => {
    const { page } = session;
    await say(page, 'rapport MCA');
    const summary = await cardShowing(
      page,
      `Rapport MCA\u00a0: ${TOTAL.toLocaleString('fr-FR')} clients`,
      180_000,
    );
    const text = await summary.innerText();
    for (const heading of [
      'Nouvelle acceptation nécessaire\u00a0: ',
      'Non accepté\u00a0: ',
      'Inconnu\u00a0: ',
    ])
      expect(text).toContain(heading);
    expect(text).toContain('Télécharger le CSV');
    await screenshotDesktopAndPhone(page, 'report-summary.fr', summary);
  }, 300_000);
});
