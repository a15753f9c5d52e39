import { calculateChangeHash, PrivateConversationState, type Storage, type TurnContext } from 'botbuilder';

interface AsRead {
  eTag?: string;
  hash: string;
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
    await this.storage.write({ [key]: { ...state, eTag: asRead.eTag } });
    // A second save in this turn would need the new version, which the store does not return: read it again.
    await this.load(context, true);
  }
}
