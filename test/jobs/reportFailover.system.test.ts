import { loadEmulatorData } from '../../src/emulator/data';
import { countByState, generateCustomers } from '../../src/emulator/population';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { jobKeyOf } from '../../src/jobs/reportRecord';
import { readJob, readRows } from '../../src/jobs/reportStore';
import { BlobJobStore } from '../../src/storage/blobJobStore';
import { suiteAzurite } from '../helpers/azurite';
import { sharedStoreEnv, startBotProcess, type BotProcess } from '../helpers/botProcess';
import { TOKEN_SECRET } from '../helpers/seeds';
import { until } from '../helpers/poll';
import { startConnectorDouble, type ConnectorDouble } from '../helpers/servers';

const GENERATED = 400;
const USER = { id: '29:tania', name: 'Tania Carr', aadObjectId: '7d2e1c3b-0000-4000-8000-000000000001' };
/** The shipped customers, by the verdict a single check gives each. */
const SEED_COUNTS = { canTransact: 3, reacceptanceNeeded: 2, notAccepted: 5, unknown: 1 };

const cardOf = (body: Record<string, unknown>) =>
  JSON.stringify((body.attachments as Array<{ content: unknown }> | undefined)?.[0]?.content ?? {});

describe('an MCA report whose instance is killed mid-report', () => {
  const azurite = suiteAzurite();
  let emulator: RunningEmulator;
  let connector: ConnectorDouble;
  const running: BotProcess[] = [];
  beforeAll(async () => {
    // Throttled like Partner Center, so that the report takes a while (several of its 3 s checkpoints) and meets
    // 429s on the way.
    emulator = await startEmulator({
      data: loadEmulatorData(),
      tokenSecret: TOKEN_SECRET,
      generatedCustomers: GENERATED,
      rateLimit: { requestsPerSecond: 100 },
    });
    connector = await startConnectorDouble();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.splice(0).map((bot) => bot.stop('SIGKILL')));
    await connector?.close();
    await emulator?.close();
  });

  it('is finished by another instance, every customer counted once, on the same card', async () => {
    const container = `report-${Date.now()}`;
    const env = {
      ...sharedStoreEnv({
        partnerCenterUrl: emulator.url,
        connectionString: azurite.connectionString,
        container,
      }),
      REPORT_MAX_REQUESTS_PER_SECOND: '10000',
    };
    const first = await startBotProcess(env);
    running.push(first);
    const response = await fetch(`${first.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'report-1',
        text: 'mca report',
        locale: 'en-US',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: USER,
        recipient: { id: '28:bot', name: 'Partner Center Assistant' },
        conversation: { id: 'a:1personal', conversationType: 'personal' },
      }),
    });
    expect(response.status).toBe(200);

    // The job's state, as every instance reads it in Blob storage.
    const store = new BlobJobStore(azurite.container(container));
    const key = jobKeyOf(USER.aadObjectId);
    const checkedSoFar = async () => {
      const job = (await readJob(store, key))?.job;
      return (job?.committed.checked ?? 0) + (job?.current?.checked ?? 0);
    };
    await until(async () => (await checkedSoFar()) >= 100, { capMs: 60_000, everyMs: 50 });
    await first.stop('SIGKILL');
    const atKill = await checkedSoFar();
    expect(atKill).toBeLessThan(GENERATED);

    const second = await startBotProcess(env);
    running.push(second);
    const summary = await until(
      () => connector.requests.find((r) => r.method === 'PUT' && cardOf(r.body).includes('MCA report: ')),
      { capMs: 120_000, everyMs: 50 },
    );
    const job = (await readJob(store, key))!.job;
    expect(job.status).toBe('done');
    const total = GENERATED + 11;
    expect(job.committed.checked).toBe(total);
    const rows = await readRows(store, job);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((row) => row.id)).size).toBe(total);

    // The counts are the population's, each customer once.
    const expected = countByState(generateCustomers(GENERATED));
    for (const state of Object.keys(SEED_COUNTS) as Array<keyof typeof SEED_COUNTS>) {
      expect(job.committed.counts[state]).toBe(expected[state] + SEED_COUNTS[state]);
    }
    expect(cardOf(summary.body)).toContain(`MCA report: ${total.toLocaleString('en-US')} customers`);
    // One progress card, posted by the first instance and updated by both.
    expect(connector.requests.filter((r) => r.method === 'POST' && r.body.type === 'message')).toHaveLength(
      1,
    );
    expect(second.output()).toContain('report run started');
    expect(second.output()).toContain('report done');
  }, 180_000);
});
