import { MemoryStorage, type StoreItems } from 'botbuilder';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

const suite = useSeedEmulator();
const message = (text: string, value?: Record<string, unknown>) => ({
  type: 'message',
  text,
  value,
  locale: 'en-US',
});

/** The conversation's stored dialog state, as the bot saved it, to read or rewrite. */
async function storedState(storage: MemoryStorage): Promise<{ key: string; item: Record<string, unknown> }> {
  const keys = Object.keys((storage as unknown as { memory: Record<string, string> }).memory);
  const items: StoreItems = await storage.read(keys);
  const key = keys.find((k) => items[k]?.dialogState) as string;
  return { key, item: items[key] as Record<string, unknown> };
}

describe('a question pending', () => {
  it('is answered even when an earlier version saved it (the request in the waterfall values)', async () => {
    const storage = new MemoryStorage();
    const { adapter } = botOnTestAdapter(suite.client, localSignIn(), { storage });
    await adapter
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .startTest();
    // What the previous version stored: no waterfall options, the request in its values.
    const { key, item } = await storedState(storage);
    const outer = (item.dialogState as { dialogStack: Array<{ state: Record<string, unknown> }> })
      .dialogStack[0]!;
    const waterfall = (outer.state.dialogs as { dialogStack: Array<{ state: Record<string, unknown> }> })
      .dialogStack[0]!.state;
    waterfall.values = { request: waterfall.options };
    delete waterfall.options;
    await storage.write({ [key]: { ...item, eTag: '*' } });

    await adapter
      .send(message('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
  });

  it('gives way to another request typed into its box, or to another card button', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      // The question card's box, holding a request instead of a customer.
      .send(message('', { command: 'agreements', scope: 'mca', customer: 'invite link' }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Reseller relationship invitation'))
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      // The help card's "Get the invite link" button.
      .send(message('', { command: 'inviteLink' }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Reseller relationship invitation'))
      .startTest();
    // Never a search for a customer called "invite link".
    expect(suite.emulator.requests.map((r) => decodeURIComponent(r.path))).not.toContainEqual(
      expect.stringMatching(/invite link/i),
    );
  });
});
