import {
  calculateChangeHash,
  MemoryStorage,
  PrivateConversationState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from '../config';
import { withDeadline } from '../storage/boundedStore';
import { BLOB_CALL_TIMEOUT_MS, BLOB_RETRY_OPTIONS } from '../storage/blobRetry';

export interface StateStorage {
  storage: Storage;
  kind: 'memory' | 'blob';
  /** Whether the store answers: read a key that does not exist. */
  probe(): Promise<void>;
}

/**
 * Where conversation state lives: this process's memory, or an Azure Blob container every instance shares, so a
 * question asked by one instance can be answered by another, and a restart loses nothing.
 */
export function stateStorage(config: Pick<Config, 'storage'>): StateStorage {
  if (!config.storage) return { storage: new MemoryStorage(), kind: 'memory', probe: async () => undefined };
  const { connectionString, container } = config.storage;
  const storage = withDeadline(
    new BlobsStorage(connectionString, container, {
      storagePipelineOptions: { retryOptions: BLOB_RETRY_OPTIONS },
    }),
    BLOB_CALL_TIMEOUT_MS,
  );
  return { storage, kind: 'blob', probe: () => storage.read(['readiness-probe']).then(() => undefined) };
}

interface AsRead {
  eTag?: string;
  hash: string;
  /** Saved once already: `eTag` is no longer the stored version. */
  savedThisTurn?: boolean;
}

/**
 * Per user and conversation state, written only over the version this turn read. botbuilder's BotState writes
 * with eTag "*" (the last writer wins), so two instances answering one conversation at once would overwrite each
 * other; here the second write fails with an eTag conflict, and TeamsBot.run runs the turn again on the state as
 * it now is. A conversation's very first write has no version to check against.
 */
export class OptimisticConversationState extends PrivateConversationState {
  private readonly asRead = Symbol('stateAsRead');

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const state = (await super.load(context, force)) as Record<string, unknown>;
    if (force || !context.turnState.get(this.asRead)) {
      const eTag = typeof state.eTag === 'string' ? state.eTag : undefined;
      context.turnState.set(this.asRead, { eTag, hash: calculateChangeHash(state) } satisfies AsRead);
    }
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const asRead = context.turnState.get<AsRead | undefined>(this.asRead);
    const state = this.get(context);
    if (!asRead || !state) return;
    if (!force && calculateChangeHash(state) === asRead.hash) return;
    const key = await this.storageKey(context);
    const eTag = asRead.savedThisTurn ? await this.eTagOfOwnSave(key, asRead.hash) : asRead.eTag;
    await this.storage.write({ [key]: { ...state, eTag } });
    const saved: AsRead = { hash: calculateChangeHash(state), savedThisTurn: true };
    context.turnState.set(this.asRead, saved);
  }

  /**
   * The store does not return the version a write made, and a turn saves once, so it is only looked up when a
   * turn saves a second time: still our own content means still our version; anything else is another writer.
   */
  private async eTagOfOwnSave(key: string, savedHash: string): Promise<string | undefined> {
    const stored = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
    if (!stored || calculateChangeHash(stored) !== savedHash) {
      throw new Error(`Storage: "${key}" changed after this turn saved it (eTag conflict).`);
    }
    return typeof stored.eTag === 'string' ? stored.eTag : undefined;
  }
}
