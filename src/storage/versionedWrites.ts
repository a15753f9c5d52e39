import type { KeyValueStore } from './boundedStore';

type Item = { eTag?: string } & Record<string, unknown>;
type Items = Record<string, Item | undefined>;

/** What a write has to go over: the version read, or (once written) the content this store wrote. */
type Version = { eTag: string | undefined } | { written: string };

/** An item's content, without its version; what botbuilder's calculateChangeHash compares. */
const contentOf = ({ eTag: _eTag, ...content }: Item) => JSON.stringify(content);

/**
 * Writes each item only over the version it was read at. botbuilder's BotState reads an item, then writes that very
 * object back with eTag "*" (the last writer wins), so two instances answering one conversation at once would
 * overwrite each other; through this store the second write fails with an eTag conflict, and TeamsBot.run runs the
 * turn again on the state as it now is. An object the store did not hand out (a conversation's very first state,
 * or one BotState.clear made) is written as it is: over any version.
 */
export function versionedWrites<T extends Items>(store: KeyValueStore<T>): KeyValueStore<T> {
  const versions = new WeakMap<object, Version>();
  /**
   * The store does not return the version a write made, and a turn saves once, so it is only looked up when an
   * item is written a second time: still our own content means still our version; anything else is another writer.
   */
  const versionOfOwnWrite = async (key: string, written: string) => {
    const stored = (await store.read([key]))[key];
    if (!stored || contentOf(stored) !== written) {
      throw new Error(`Storage: "${key}" changed after it was written here (eTag conflict).`);
    }
    return stored.eTag;
  };
  return {
    async read(keys) {
      const items = await store.read(keys);
      for (const item of Object.values(items)) if (item) versions.set(item, { eTag: item.eTag });
      return items;
    },
    async write(changes) {
      const versioned: Items = {};
      for (const [key, item] of Object.entries(changes)) {
        const version = item && versions.get(item);
        if (!item || !version) versioned[key] = item;
        else {
          const eTag = 'written' in version ? await versionOfOwnWrite(key, version.written) : version.eTag;
          versioned[key] = { ...item, eTag };
        }
      }
      await store.write(versioned as T);
      for (const item of Object.values(changes)) if (item) versions.set(item, { written: contentOf(item) });
    },
    delete: (keys) => store.delete(keys),
  };
}
