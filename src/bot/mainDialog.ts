import { randomUUID } from 'node:crypto';
import { ActivityTypes, CardFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CardRenderer, Reply } from '../cards/renderer';
import { agreements, agreementsUnavailable } from '../commands/agreements';
import type { CommandContext, PartnerCenterPort } from '../commands/context';
import { errorReply, signInRequired } from '../commands/errorReply';
import { customerInput, help } from '../commands/help';
import { inviteLink } from '../commands/inviteLink';
import { localizer, type Localizer } from '../i18n/localizer';
import type { Logger } from '../log';
import { supportsAgreements, type PartnerCenterCloud } from '../partnerCenter/clouds';
import { PartnerCenterError } from '../partnerCenter/errors';
import { recognize, recognizeSubmit, type Recognized, type SubmitValue } from '../recognizer/recognizer';
import { conversationKind, userLocale } from './conversation';
import { userKeyOf, type UserTokenSource } from './userToken';

export interface MainDialogDependencies {
  partnerCenter: PartnerCenterPort;
  renderer: CardRenderer;
  tokenSource: UserTokenSource;
  /** The data comes from the built-in emulator (local mode): cards say so. */
  emulated: boolean;
  /** Agreements exist only in the public cloud; elsewhere the bot says so without calling. */
  cloud: PartnerCenterCloud;
  logger: Logger;
}

const MAIN_WATERFALL = 'mainWaterfall';

/** Recognizes the request, runs its command with the user's token, and sends the card. */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: MainDialogDependencies) {
    super('MainDialog');
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [(step) => this.answer(step)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogs = new DialogSet(dialogState);
    dialogs.add(this);
    const dialogContext = await dialogs.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  private async answer(step: WaterfallStepContext) {
    const { context } = step;
    const started = Date.now();
    const correlationId = randomUUID();
    const l10n = localizer(userLocale(context.activity));
    const recognized = recognizeActivity(context);
    const reply = await this.replyTo(recognized, context, l10n, correlationId);
    await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [this.attachment(reply, l10n, correlationId)],
    });
    this.deps.logger.info('answered', {
      correlationId,
      intent: recognized.intent,
      card: reply.card,
      conversation: conversationKind(context.activity),
      ms: Date.now() - started,
    });
    return step.endDialog();
  }

  private async replyTo(
    recognized: Recognized,
    context: TurnContext,
    l10n: Localizer,
    correlationId: string,
  ): Promise<Reply> {
    switch (recognized.intent) {
      case 'help':
        return help(l10n);
      case 'unknown':
        return help(l10n, { unknownText: recognized.text });
      case 'inviteLink':
        return this.withPartnerCenter(context, l10n, correlationId, { command: 'inviteLink' }, inviteLink);
      case 'agreements': {
        const { customer } = recognized;
        if (customer.kind !== 'tenantId') return customerInput(customer, l10n);
        if (!supportsAgreements(this.deps.cloud))
          return agreementsUnavailable(this.deps.cloud, l10n, correlationId);
        const retryAction = { command: 'agreements', customer: customer.tenantId };
        return this.withPartnerCenter(context, l10n, correlationId, retryAction, (commandContext) =>
          agreements(customer.tenantId, commandContext),
        );
      }
    }
  }

  /** Gets the user's token (or says it cannot), runs the command, and turns any failure into an error card. */
  private async withPartnerCenter(
    context: TurnContext,
    l10n: Localizer,
    correlationId: string,
    retryAction: Record<string, string>,
    command: (commandContext: CommandContext) => Promise<Reply>,
  ): Promise<Reply> {
    const token = await this.deps.tokenSource(context);
    if (!token) {
      this.deps.logger.info('no user token: Partner Center not called', { correlationId });
      return signInRequired(l10n);
    }
    const request = this.deps.partnerCenter.newRequestContext({
      token,
      correlationId,
      locale: l10n.locale,
      userKey: userKeyOf(context.activity),
    });
    try {
      return await command({
        partnerCenter: this.deps.partnerCenter,
        request,
        l10n,
        emulated: this.deps.emulated,
      });
    } catch (error) {
      this.logFailure(error, correlationId);
      return errorReply(error, l10n, {
        correlationId,
        tenantId: retryAction.customer,
        retryAction,
        cloud: this.deps.cloud,
      });
    }
  }

  private logFailure(error: unknown, correlationId: string): void {
    if (error instanceof PartnerCenterError) {
      this.deps.logger.warn('Partner Center call failed', {
        correlationId,
        operation: error.operation,
        kind: error.kind,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
      });
    } else {
      this.deps.logger.error('command failed', { correlationId, error: describe(error) });
    }
  }

  /** A card that cannot be rendered (a bug, or too large for Teams) becomes the generic error card. */
  private attachment(reply: Reply, l10n: Localizer, correlationId: string) {
    try {
      return CardFactory.adaptiveCard(this.deps.renderer.render(reply));
    } catch (error) {
      this.deps.logger.error('card rendering failed', {
        correlationId,
        card: reply.card,
        error: describe(error),
      });
      return CardFactory.adaptiveCard(this.deps.renderer.render(errorReply(error, l10n, { correlationId })));
    }
  }
}

/** A card button arrives as a message with `value`; typed text as `text`, with the @mention already removed. */
function recognizeActivity(context: TurnContext): Recognized {
  const { value, text } = context.activity;
  if (typeof value === 'object' && value !== null && !text) return recognizeSubmit(value as SubmitValue);
  return recognize(text ?? '');
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
