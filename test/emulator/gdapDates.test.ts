import { loadEmulatorData } from '../../src/emulator/data';
import { startEmulator } from '../../src/emulator/server';
import { FakeClock } from '../helpers/clocks';
import { createLocalToken } from '../../src/localTokens/issuer';
import { TOKEN_SECRET } from '../helpers/seeds';

/** The end dates the emulator lists, by relationship name, on a clock set to `day`. */
async function endDatesOn(day: string, gdapDatesFromToday: boolean): Promise<Map<string, string>> {
  const clock = new FakeClock(Date.parse(`${day}T12:00:00Z`));
  const emulator = await startEmulator({
    data: loadEmulatorData(),
    tokenSecret: TOKEN_SECRET,
    clock,
    gdapDatesFromToday,
  });
  try {
    const ends = new Map<string, string>();
    let next: string | undefined =
      `${emulator.url}/v1.0/tenantRelationships/delegatedAdminRelationships?$top=50`;
    while (next) {
      // Issued on the emulator's clock, which checks it.
      const token = createLocalToken({
        secret: TOKEN_SECRET,
        userId: 'tania',
        mfa: true,
        audience: 'graph',
        now: clock.now(),
      });
      const page = (await (await fetch(next, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
        value: Array<{ displayName: string; endDateTime?: string }>;
        '@odata.nextLink'?: string;
      };
      for (const r of page.value) if (r.endDateTime) ends.set(r.displayName, r.endDateTime);
      next = page['@odata.nextLink'];
    }
    return ends;
  } finally {
    await emulator.close();
  }
}

describe("the emulator's GDAP dates", () => {
  it('move with today in local mode, so a relationship about to end still is, weeks later', async () => {
    const asWritten = await endDatesOn('2027-03-01', false);
    const moved = await endDatesOn('2027-03-01', true);
    const days = (Date.parse('2027-03-01') - Date.parse('2026-12-06')) / 86_400_000;
    expect(moved.size).toBe(asWritten.size);
    for (const [name, end] of asWritten) {
      expect(Date.parse(moved.get(name)!) - Date.parse(end)).toBe(days * 86_400_000);
    }
  });

  it('stay as written for the tests', async () => {
    const ends = await endDatesOn('2027-03-01', false);
    expect([...ends.values()]).toContain('2026-12-20T09:30:00Z');
  });
});
