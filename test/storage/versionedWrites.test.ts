import {
  MemoryStorage,
  PrivateConversationState,
  TestAdapter,
  TurnContext,
  type Activity,
  type Storage,
} from 'botbuilder';
import { isETagConflict } from '../../src/storage/boundedStore';
import { versionedWrites } from '../../src/storage/versionedWrites';

const activity: Partial<Activity> = {
  type: 'message',
  channelId: 'msteams',
  conversation: { id: 'a:state', isGroup: false, conversationType: 'personal', name: '' },
  from: { id: '29:tania', name: 'Tania' },
  recipient: { id: '28:bot', name: 'Bot' },
};

/** One turn of a bot instance over a shared store, with the bot's conversation state. */
async function turn(storage: Storage) {
  const state = new PrivateConversationState(versionedWrites(storage));
  const context = new TurnContext(new TestAdapter(), activity);
  const property = state.createProperty<number>('step');
  await state.load(context);
  return {
    set: (value: number) => property.set(context, value),
    get: () => property.get(context),
    save: () => state.saveChanges(context),
  };
}

describe('conversation state over versionedWrites', () => {
  it('saves over the version it read, and again later in the same turn', async () => {
    const storage = new MemoryStorage();
    const first = await turn(storage);
    await first.set(1);
    await first.save();

    const second = await turn(storage);
    expect(await second.get()).toBe(1);
    await second.set(2);
    await second.save();
    await second.set(3);
    await second.save();
    expect(await (await turn(storage)).get()).toBe(3);
  });

  it('refuses to overwrite a version another instance saved after this turn read', async () => {
    const storage = new MemoryStorage();
    await (async () => {
      const seed = await turn(storage);
      await seed.set(1);
      await seed.save();
    })();
    const onA = await turn(storage);
    const onB = await turn(storage);
    await onB.set(2);
    await onB.save();
    await onA.set(5);
    const failure = await onA.save().catch((error: unknown) => error);
    expect(isETagConflict(failure)).toBe(true);
    expect(await (await turn(storage)).get()).toBe(2);
  });

  it('refuses a second save in a turn when another instance saved in between', async () => {
    const storage = new MemoryStorage();
    const onA = await turn(storage);
    await onA.set(1);
    await onA.save();
    const onB = await turn(storage);
    await onB.set(2);
    await onB.save();
    await onA.set(3);
    const failure = await onA.save().catch((error: unknown) => error);
    expect(isETagConflict(failure)).toBe(true);
    expect(await (await turn(storage)).get()).toBe(2);
  });

  it('does not write when nothing changed', async () => {
    const storage = new MemoryStorage();
    const write = jest.spyOn(storage, 'write');
    const unchanged = await turn(storage);
    await unchanged.get();
    await unchanged.save();
    expect(write).not.toHaveBeenCalled();
  });
});

describe('versionedWrites', () => {
  it('writes an item it did not hand out as it is, and passes deletes through', async () => {
    const storage = new MemoryStorage();
    const store = versionedWrites(storage);
    await store.write({ fresh: { value: 1, eTag: '*' } });
    await store.write({ fresh: { value: 2, eTag: '*' } });
    expect((await storage.read(['fresh'])).fresh).toMatchObject({ value: 2 });
    await store.delete(['fresh']);
    expect(await storage.read(['fresh'])).toEqual({});
  });
});
