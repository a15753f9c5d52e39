import { calculateChangeHash, PrivateConversationState, type Storage, type TurnContext } from 'botbuilder';

interface AsRead {
  eTag?: string;
  hash: string;
  /** Saved once already: `eTag` is no longer the stored version. */
  savedThisTurn?: boolean;
}

/**
 * Per user and conversation state, written only over the version this turn read. botbuilder's BotState writes
 * with eTag "*" — the last writer wins — so two instances answering one conversation at once would silently
 * overwrite each other; here the second write fails with an eTag conflict, and the turn is run again on the
 * state as it now is (TeamsBot.run). A conversation's very first write has no version to check against.
 */
export class OptimisticConversationState extends PrivateConversationState {
  private readonly asRead = Symbol('stateAsRead');

  constructor(storage: Storage) {
    super(storage);
  }

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
    context.turnState.set(this.asRead, {
      hash: calculateChangeHash(state),
      savedThisTurn: true,
    } satisfies AsRead);
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
