import { BotAdapter, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { turnOutbox } from '../../src/bot/outbox';
import { CONNECTOR_RETRY } from '../../src/teams/connectorRetry';

/** An adapter whose sends fail with the given statuses, in order, then succeed; it counts every send. */
class RefusingAdapter extends BotAdapter {
  readonly sent: Array<{ text?: string; status: number }> = [];
  constructor(private readonly refusals: number[]) {
    super();
  }
  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      const status = this.refusals.shift() ?? 200;
      this.sent.push({ text: activity.text, status });
      if (status !== 200) throw Object.assign(new Error(`refused with ${status}`), { statusCode: status });
      return { id: String(this.sent.length) };
    });
  }
  updateActivity = () => Promise.reject(new Error('not used'));
  deleteActivity = () => Promise.reject(new Error('not used'));
  continueConversation = () => Promise.reject(new Error('not used'));
}

/** A turn whose messages go out at once (its outbox released), as after its state was saved. */
async function turnOn(adapter: RefusingAdapter, waits: number[]): Promise<TurnContext> {
  const context = new TurnContext(adapter, { type: 'message', text: 'help' });
  const outbox = turnOutbox(context, {
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  await outbox.release();
  return context;
}

describe('our retry of sends to Teams (the connector pipeline retries 429 and 5xx itself)', () => {
  it('sends a message again after 412, with backoff, until it arrives', async () => {
    const adapter = new RefusingAdapter([412, 412]);
    const waits: number[] = [];
    await (await turnOn(adapter, waits)).sendActivities([{ type: 'message', text: 'one' }]);
    expect(adapter.sent).toEqual([
      { text: 'one', status: 412 },
      { text: 'one', status: 412 },
      { text: 'one', status: 200 },
    ]);
    // Doubling from the base, each ×0.5 to ×1.5.
    const base = CONNECTOR_RETRY.baseDelayMs;
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(base / 2);
    expect(waits[0]).toBeLessThanOrEqual(base * 1.5);
    expect(waits[1]).toBeGreaterThanOrEqual(base);
    expect(waits[1]).toBeLessThanOrEqual(base * 3);
  });

  it('gives up after its attempts, and never repeats a message that already arrived', async () => {
    const adapter = new RefusingAdapter([200, ...Array<number>(CONNECTOR_RETRY.maxAttempts).fill(412)]);
    await expect(
      (await turnOn(adapter, [])).sendActivities([
        { type: 'message', text: 'one' },
        { type: 'message', text: 'two' },
      ]),
    ).rejects.toMatchObject({ statusCode: 412 });
    expect(adapter.sent.map((s) => s.text)).toEqual(['one', 'two', 'two', 'two']);
  });

  it.each([429, 502, 504, 403])('leaves %s alone: one attempt at this layer', async (status) => {
    const adapter = new RefusingAdapter([status]);
    const waits: number[] = [];
    await expect(
      (await turnOn(adapter, waits)).sendActivities([{ type: 'message', text: 'one' }]),
    ).rejects.toMatchObject({
      statusCode: status,
    });
    expect(adapter.sent).toHaveLength(1);
    expect(waits).toHaveLength(0);
  });
});

describe("a turn's outbox", () => {
  function outboxOn(adapter: RefusingAdapter) {
    const context = new TurnContext(adapter, { type: 'message', text: 'help' });
    return { context, outbox: turnOutbox(context) };
  }

  it('holds messages until released, and lets typing and invoke responses through at once', async () => {
    const adapter = new RefusingAdapter([]);
    const { context, outbox } = outboxOn(adapter);
    // Each activity gets its answer in its place: the adapter's id when sent, an empty one when held.
    const responses = await context.sendActivities([
      { type: 'typing', text: 'typing' },
      { type: 'message', text: 'answer' },
      { type: 'invokeResponse', text: 'invoke' },
    ]);
    expect(responses).toEqual([{ id: '1' }, { id: '' }, { id: '2' }]);
    expect(adapter.sent.map((s) => s.text)).toEqual(['typing', 'invoke']);
    expect(context.responded).toBe(true);
    await outbox.release();
    await context.sendActivity({ type: 'message', text: 'after' });
    expect(adapter.sent.map((s) => s.text)).toEqual(['typing', 'invoke', 'answer', 'after']);
  });

  it('sends nothing it dropped', async () => {
    const adapter = new RefusingAdapter([]);
    const { context, outbox } = outboxOn(adapter);
    await context.sendActivity({ type: 'message', text: 'first run' });
    outbox.drop();
    await context.sendActivity({ type: 'message', text: 'second run' });
    await outbox.release();
    expect(adapter.sent.map((s) => s.text)).toEqual(['second run']);
  });

  it('sends held messages again after a 412 when it releases them', async () => {
    const adapter = new RefusingAdapter([412]);
    const context = new TurnContext(adapter, { type: 'message', text: 'help' });
    const outbox = turnOutbox(context, { sleep: async () => undefined });
    await context.sendActivity({ type: 'message', text: 'answer' });
    await outbox.release();
    expect(adapter.sent).toEqual([
      { text: 'answer', status: 412 },
      { text: 'answer', status: 200 },
    ]);
  });
});
