import {
  ActivityTypes,
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type BotState,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { CardRenderer } from '../cards/renderer';
import { welcome } from '../commands/help';
import { localizer } from '../i18n/localizer';
import { threadIntoChannelReply, userLocale, userTimeZone } from './conversation';
import type { MainDialog } from './mainDialog';
import { inviteLinkSearch, type MessageExtensionDependencies } from './messageExtension';

/** Thin glue: Teams activities in, the main dialog run, state saved (per user and conversation). */
export class TeamsBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly dialogStateStore: BotState,
    private readonly dialog: MainDialog,
    renderer: CardRenderer,
    private readonly messageExtension: MessageExtensionDependencies,
  ) {
    super();
    this.dialogState = dialogStateStore.createProperty<DialogState>('dialogState');

    this.onMessage(async (context, next) => {
      // In group chats and channels the text starts with "<at>Bot</at>"; the recognizer wants the request alone.
      TurnContext.removeRecipientMention(context.activity);
      threadIntoChannelReply(context.activity);
      await dialog.run(context, this.dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = context.activity.membersAdded?.some(
        (member) => member.id === context.activity.recipient.id,
      );
      if (botAdded) {
        // Installed in a personal scope or a team: a short welcome, in the installer's language.
        const l10n = localizer(userLocale(context.activity), userTimeZone(context.activity));
        const card = renderer.render(welcome(l10n));
        await context.sendActivity({
          type: ActivityTypes.Message,
          attachments: [CardFactory.adaptiveCard(card)],
        });
      }
      await next();
    });
  }

  /** After the user consents or signs in through the card, Teams sends this; the pending sign-in prompt takes it. */
  protected override async handleTeamsSigninVerifyState(context: TurnContext): Promise<void> {
    await this.dialog.run(context, this.dialogState);
  }

  /** Teams single sign-on: the token to exchange, already checked and de-duplicated by the middleware. */
  protected override async handleTeamsSigninTokenExchange(context: TurnContext): Promise<void> {
    await this.dialog.run(context, this.dialogState);
  }

  /** The "Invite link" search command of the message extension. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return inviteLinkSearch(context, query, this.messageExtension);
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.dialogStateStore.saveChanges(context, false);
  }
}
