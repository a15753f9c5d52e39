import {
  PrivateConversationState,
  TeamsActivityHandler,
  TurnContext,
  type Storage,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type FileConsentCardResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { sendAgain, welcome } from '../commands/notices';
import { threadIntoChannelReply, userLocalizer } from '../teams/activity';
import { MainDialog } from './mainDialog';
import { requestContext, type BotDependencies } from './request';
import { inviteLinkSearch } from './messageExtension';
import { answerFileConsent } from '../teams/fileConsent';
import { versionedWrites } from '../storage/versionedWrites';
import { turnOutbox } from './outbox';
import { messageOf } from '../teams/messages';
import { isETagConflict } from '../storage/boundedStore';

/** Turns of one conversation that raced another instance for its state, tried again before giving up. */
const MAX_TURN_ATTEMPTS = 3;

/** Thin glue: Teams activities in, the main dialog run, state saved (per user and conversation). */
export class TeamsBot extends TeamsActivityHandler {
  /** Dialog state, per user and conversation: in a group chat each user's questions and sign-in stay theirs. */
  private readonly state: PrivateConversationState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialog: MainDialog;

  constructor(private readonly deps: BotDependencies & { storage: Storage }) {
    super();
    this.state = new PrivateConversationState(versionedWrites(deps.storage));
    this.dialogState = this.state.createProperty<DialogState>('dialogState');
    this.dialog = new MainDialog(deps);

    this.onMessage(async (context, next) => {
      // In group chats and channels the text starts with "<at>Bot</at>"; the recognizer wants the request alone.
      TurnContext.removeRecipientMention(context.activity);
      threadIntoChannelReply(context.activity);
      await this.dialog.run(context, this.dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const { membersAdded, recipient } = context.activity;
      if (membersAdded?.some((member) => member.id === recipient.id)) {
        // Installed in a personal scope or a team: a short welcome, in the installer's language.
        await context.sendActivity(messageOf(deps.renderer.render(welcome(userLocalizer(context.activity)))));
      }
      await next();
    });

    // Removed from the chat or the team, or uninstalled: the conversation's watch ends now, not at its next post.
    this.onMembersRemoved(async (context, next) => {
      const { membersRemoved, recipient } = context.activity;
      if (membersRemoved?.some((member) => member.id === recipient.id)) await this.removed(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.removed(context);
      await next();
    });
  }

  private async removed(context: TurnContext): Promise<void> {
    const { conversation } = requestContext(context, this.deps);
    if (!conversation) return;
    const stopped = await this.deps.services.watches.stop(conversation.id);
    if (stopped) this.deps.logger.info('watch ended: the bot was removed from its conversation');
  }

  /** After the user consents or signs in through the card, Teams sends this; the pending sign-in prompt takes it. */
  protected override async handleTeamsSigninVerifyState(context: TurnContext): Promise<void> {
    await this.dialog.run(context, this.dialogState);
  }

  /** Teams single sign-on: the token to exchange, already checked and de-duplicated by the middleware. */
  protected override async handleTeamsSigninTokenExchange(context: TurnContext): Promise<void> {
    await this.dialog.run(context, this.dialogState);
  }

  /** The report's CSV: accepted, it goes where Teams says (the user's OneDrive); declined, the user hears so. */
  protected override async handleTeamsFileConsent(context: TurnContext, response: FileConsentCardResponse) {
    await context.sendActivity(await answerFileConsent(requestContext(context, this.deps), response));
  }

  /** The "Invite link" search command of the message extension. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return inviteLinkSearch(context, query, this.deps);
  }

  /**
   * Runs the turn, then saves its state; only then are its messages sent. When another instance changed the
   * conversation's state meanwhile (the save's eTag is stale), the turn's messages are dropped and it runs again
   * on the fresh state, so nothing is answered twice or lost.
   */
  override async run(context: TurnContext): Promise<void> {
    const outbox = turnOutbox(context);
    try {
      for (let attempt = 1; ; attempt++) {
        outbox.drop();
        try {
          await super.run(context);
          await this.state.saveChanges(context, false);
          break;
        } catch (error) {
          if (!isETagConflict(error)) throw error;
          this.deps.logger.warn('conversation state changed meanwhile: running the turn again', { attempt });
          await this.state.load(context, true);
          if (attempt === MAX_TURN_ATTEMPTS) {
            outbox.drop();
            await outbox.release();
            const l10n = userLocalizer(context.activity);
            await context.sendActivity(messageOf(this.deps.renderer.render(sendAgain(l10n))));
            return;
          }
        }
      }
    } catch (error) {
      // The turn's answers go with it (its state was not saved), and the error card must not be held. The
      // conversation's pending question or sign-in goes too: replayed, it could fail the same way every time.
      outbox.drop();
      await outbox.release();
      await this.state.delete(context).catch(() => undefined);
      throw error;
    }
    await outbox.release();
  }
}
