import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type StatePropertyAccessor,
  type TokenResponse,
  type TurnContext,
} from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  type DialogStateManagerConfiguration,
  DialogTurnStatus,
  OAuthPrompt,
  WaterfallDialog,
  type DialogState,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CardRenderer, Reply } from '../cards/renderer';
import { agreements, agreementsUnavailable } from '../commands/agreements';
import type { CommandContext, PartnerCenterPort } from '../commands/context';
import { customerChoice, noCustomerMatch } from '../commands/customerChoice';
import { resolveCustomer } from '../commands/customerResolution';
import { errorReply } from '../commands/errorReply';
import { cancelled, customerInput, help } from '../commands/help';
import { inviteLink } from '../commands/inviteLink';
import { noSignInLocally, signedIn, signedOut, signInFailed, signInInPersonalChat } from '../commands/signIn';
import { localizer, type Language, type Localizer } from '../i18n/localizer';
import type { Logger } from '../log';
import { supportsAgreements, type PartnerCenterCloud } from '../partnerCenter/clouds';
import { PartnerCenterError } from '../partnerCenter/errors';
import { customerReference } from '../recognizer/customer';
import {
  isCancel,
  recognize,
  recognizeSubmit,
  type CustomerReference,
  type Recognized,
  type SubmitValue,
} from '../recognizer/recognizer';
import { conversationKind, userKeyOf, userLocale, userTimeZone } from './conversation';
import { CustomerPrompt } from './customerPrompt';
import { whileTyping } from './typing';
import type { UserTokenSource } from '../localTokens/source';
import type { TokenService } from './tokenService';

/** How the bot gets the user's Partner Center token. */
export type SignIn =
  /** Local mode: a stand-in token the emulator accepts, no sign-in step. */
  | { kind: 'local'; tokenFor: UserTokenSource }
  /** Teams mode: the Azure Bot OAuth connection, with Teams single sign-on where Teams offers it. */
  | { kind: 'teams'; connectionName: string; tokens: TokenService };

export interface MainDialogDependencies {
  partnerCenter: PartnerCenterPort;
  renderer: CardRenderer;
  signIn: SignIn;
  /** The data comes from the built-in emulator (local mode): cards say so. */
  emulated: boolean;
  /** Agreements exist only in the public cloud; elsewhere the bot says so without calling. */
  cloud: PartnerCenterCloud;
  /** Mask contact emails and phone numbers in group chats and channels (the default). */
  maskContactDetails: boolean;
  logger: Logger;
}

/** What the first step learned, kept in dialog state while the user answers or signs in. */
interface PendingRequest {
  recognized: Recognized;
  correlationId: string;
  locale?: string;
  timeZone?: string;
}

interface StepValues {
  request: PendingRequest;
}

type AgreementsRequest = Extract<Recognized, { intent: 'agreements' }>;

const MAIN_WATERFALL = 'mainWaterfall';
const CUSTOMER_PROMPT = 'customerPrompt';
const SIGN_IN_TIMEOUT_MS = 15 * 60_000;
/**
 * Where botbuilder keeps, for the rest of a turn, the dialog memory configuration (memory scopes and path
 * resolvers) it builds in the turn's first DialogContext. Building it was an eighth of a turn's CPU; its scopes
 * keep nothing between turns (they read and write turn state), so the one from the first turn serves them all.
 */
export const DIALOG_MEMORY_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

const signInPromptId = (language: Language) => `signIn-${language}`;

/**
 * Recognizes the request, asks which customer when it was not said, gets the user's token (signing in when
 * needed), runs the command and sends the card. Each step reads the request from dialog state, which is per user
 * and conversation, so in a group chat one user's answer never continues another's question.
 */
export class MainDialog extends ComponentDialog {
  private memoryConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(private readonly deps: MainDialogDependencies) {
    super('MainDialog');
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        (step) => this.recognizeStep(step),
        (step) => this.customerStep(step),
        (step) => this.answerStep(step),
      ]),
    );
    this.addDialog(new CustomerPrompt(CUSTOMER_PROMPT, (prompt) => this.validateCustomer(prompt)));
    if (deps.signIn.kind === 'teams') {
      for (const language of ['en', 'fr'] as const) {
        const { t } = localizer(language);
        this.addDialog(
          new OAuthPrompt(signInPromptId(language), {
            connectionName: deps.signIn.connectionName,
            title: t('signIn.button'),
            text: t('signIn.prompt'),
            timeout: SIGN_IN_TIMEOUT_MS,
            // A new message while sign-in is pending ends the prompt; answerStep then handles it afresh.
            endOnInvalidMessage: true,
          }),
        );
      }
    }
    this.initialDialogId = MAIN_WATERFALL;
  }

  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    if (this.memoryConfiguration) {
      context.turnState.set(DIALOG_MEMORY_CONFIGURATION_KEY, this.memoryConfiguration);
    }
    const dialogs = new DialogSet(dialogState);
    dialogs.add(this);
    const dialogContext = await dialogs.createContext(context);
    this.memoryConfiguration ??= dialogContext.state.configuration;
    const result = await dialogContext.continueDialog();
    // Sign-in invokes only ever continue a pending prompt; a message starts a new request.
    if (result.status === DialogTurnStatus.empty && context.activity.type === ActivityTypes.Message) {
      await dialogContext.beginDialog(this.id);
    }
  }

  private async recognizeStep(step: WaterfallStepContext) {
    const { context } = step;
    const request: PendingRequest = {
      recognized: recognizeActivity(context),
      correlationId: randomUUID(),
      locale: userLocale(context.activity),
      timeZone: userTimeZone(context.activity),
    };
    (step.values as StepValues).request = request;
    const l10n = localizer(request.locale, request.timeZone);
    const { recognized, correlationId } = request;

    switch (recognized.intent) {
      case 'help':
        return this.reply(step, help(l10n), request);
      case 'unknown':
        return this.reply(
          step,
          help(l10n, { unknownText: recognized.text, suggestion: recognized.suggestion }),
          request,
        );
      case 'signOut':
        return this.reply(step, await this.signOut(context, l10n), request);
      case 'signIn':
        if (this.deps.signIn.kind === 'local') return this.reply(step, noSignInLocally(l10n), request);
        return step.next();
      case 'inviteLink':
        return step.next();
      case 'agreements': {
        if (!supportsAgreements(this.deps.cloud)) {
          return this.reply(step, agreementsUnavailable(this.deps.cloud, l10n, correlationId), request);
        }
        const { customer, scope } = recognized;
        if (customer.kind === 'invalid')
          return this.reply(step, customerInput(customer, l10n, { scope }), request);
        if (customer.kind !== 'missing') return step.next();
        const question = this.activity(
          customerInput(customer, l10n, { scope, asking: true }),
          l10n,
          correlationId,
        );
        return step.beginDialog(CUSTOMER_PROMPT, { prompt: question });
      }
    }
  }

  /** An answer to "Which customer?" (or nothing to do), then the user's token. */
  private async customerStep(step: WaterfallStepContext) {
    const request = (step.values as StepValues).request;
    const l10n = localizer(request.locale, request.timeZone);
    const answer = step.result as string | undefined;
    if (typeof answer === 'string' && request.recognized.intent === 'agreements') {
      if (isCancel(answer)) return this.reply(step, cancelled(l10n), request);
      const reread = recognize(answer);
      // Another request instead of an answer ("invite link", "help"): that request is handled instead.
      if (reread.intent !== 'agreements' && reread.intent !== 'unknown')
        return step.replaceDialog(MAIN_WATERFALL);
      const customer = reread.intent === 'agreements' ? reread.customer : customerReference(answer);
      const scope =
        reread.intent === 'agreements' && reread.scope !== 'mca' ? reread.scope : request.recognized.scope;
      request.recognized = { intent: 'agreements', customer, scope };
    }
    return this.getToken(step, l10n, request);
  }

  /** Accepts a customer, or a way out; re-asks, with what was wrong, for an empty answer or a malformed id. */
  private async validateCustomer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    if (!prompt.recognized.succeeded) return false;
    const answer = prompt.recognized.value ?? '';
    const reread = recognize(answer);
    if (isCancel(answer) || (reread.intent !== 'agreements' && reread.intent !== 'unknown')) return true;
    const customer: CustomerReference =
      reread.intent === 'agreements' ? reread.customer : customerReference(answer);
    if (customer.kind !== 'missing' && customer.kind !== 'invalid') return true;
    const l10n = localizer(userLocale(prompt.context.activity), userTimeZone(prompt.context.activity));
    const reply = customerInput(customer, l10n, { asking: true });
    await prompt.context.sendActivity(this.activity(reply, l10n, randomUUID()));
    return false;
  }

  /** The user's token, by the way this conversation allows: silently, or through the sign-in prompt. */
  private async getToken(step: WaterfallStepContext, l10n: Localizer, request: PendingRequest) {
    const { signIn } = this.deps;
    const { context } = step;
    if (signIn.kind === 'local')
      return step.next({ token: await signIn.tokenFor(userKeyOf(context.activity)) });
    if (conversationKind(context.activity) === 'channel') {
      const token = await signIn.tokens.get(context).catch((error: unknown) => {
        // Treated as "not signed in" (the user is sent to sign in), but a failing token service must show.
        this.deps.logger.warn('token service failed: asking the user to sign in', {
          correlationId: request.correlationId,
          error: describe(error),
        });
        return undefined;
      });
      if (token) return step.next(token);
      return this.reply(step, signInInPersonalChat(l10n, personalChatUrl(context)), request);
    }
    return step.beginDialog(signInPromptId(l10n.language), {
      prompt: MessageFactory.text(l10n.t('signIn.prompt')),
    });
  }

  private async answerStep(step: WaterfallStepContext) {
    const request = (step.values as StepValues).request;
    const l10n = localizer(request.locale, request.timeZone);
    const token = (step.result as TokenResponse | undefined)?.token;
    if (!token) {
      // The user wrote something else instead of signing in (or after the prompt expired): that message is
      // the new request. Running the first step again cannot loop: it answers, or waits at a new prompt.
      if (step.context.activity.type === ActivityTypes.Message) return step.replaceDialog(MAIN_WATERFALL);
      return this.reply(step, signInFailed(l10n), request);
    }
    if (request.recognized.intent === 'signIn') return this.reply(step, signedIn(l10n), request);
    const reply = await whileTyping(step.context, () => this.runCommand(step.context, request, l10n, token));
    return this.reply(step, reply, request);
  }

  private async runCommand(context: TurnContext, pending: PendingRequest, l10n: Localizer, token: string) {
    const { recognized, correlationId } = pending;
    const commandContext: CommandContext = {
      partnerCenter: this.deps.partnerCenter,
      request: this.deps.partnerCenter.newRequestContext({
        token,
        correlationId,
        locale: l10n.locale,
        userKey: userKeyOf(context.activity),
      }),
      l10n,
      emulated: this.deps.emulated,
      maskContacts: this.deps.maskContactDetails && conversationKind(context.activity) !== 'personal',
    };
    const tenantId =
      recognized.intent === 'agreements' && recognized.customer.kind === 'tenantId'
        ? recognized.customer.tenantId
        : undefined;
    try {
      if (recognized.intent === 'agreements') return await this.agreements(recognized, commandContext);
      return await inviteLink(commandContext);
    } catch (error) {
      this.logFailure(error, correlationId);
      await this.forgetRefusedToken(context, error);
      return errorReply(error, l10n, {
        correlationId,
        tenantId,
        retryAction: retryActionFor(recognized),
        cloud: this.deps.cloud,
        canSignInAgain: this.deps.signIn.kind === 'teams',
      });
    }
  }

  /** One customer: its agreements. Several: a choice. None: say so, and how to search instead. */
  private async agreements(recognized: AgreementsRequest, context: CommandContext): Promise<Reply> {
    const { customer, scope } = recognized;
    if (customer.kind === 'missing' || customer.kind === 'invalid')
      return customerInput(customer, context.l10n, { scope });
    const resolution = await resolveCustomer(customer, context);
    const searched =
      customer.kind === 'domain' ? customer.domain : customer.kind === 'name' ? customer.name : '';
    if (resolution.kind === 'none') return noCustomerMatch(searched, scope, context.l10n);
    if (resolution.kind === 'many') {
      return customerChoice(searched, resolution.customers, resolution.more, scope, context.l10n);
    }
    return agreements(resolution.customer, scope, context);
  }

  /** A token Partner Center refused (expired, or without MFA) is dropped, so the next request signs in afresh. */
  private async forgetRefusedToken(context: TurnContext, error: unknown): Promise<void> {
    const refused =
      error instanceof PartnerCenterError && (error.kind === 'unauthorized' || error.kind === 'mfaRequired');
    if (!refused || this.deps.signIn.kind !== 'teams') return;
    await this.deps.signIn.tokens.signOut(context).catch((signOutError: unknown) => {
      this.deps.logger.warn('could not drop a refused token', { error: describe(signOutError) });
    });
  }

  private async signOut(context: TurnContext, l10n: Localizer): Promise<Reply> {
    if (this.deps.signIn.kind === 'local') return noSignInLocally(l10n);
    await this.deps.signIn.tokens.signOut(context);
    return signedOut(l10n);
  }

  private async reply(step: WaterfallStepContext, reply: Reply, request: PendingRequest) {
    const l10n = localizer(request.locale, request.timeZone);
    await step.context.sendActivity(this.activity(reply, l10n, request.correlationId));
    this.deps.logger.info('answered', {
      correlationId: request.correlationId,
      intent: request.recognized.intent,
      card: reply.card,
      conversation: conversationKind(step.context.activity),
    });
    return step.endDialog();
  }

  private logFailure(error: unknown, correlationId: string): void {
    if (error instanceof PartnerCenterError) {
      this.deps.logger.warn('Partner Center request failed', {
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

  /** The reply as a message with its card. A card that cannot be rendered becomes the generic error card. */
  private activity(reply: Reply, l10n: Localizer, correlationId: string): Partial<Activity> {
    let card;
    try {
      card = this.deps.renderer.render(reply);
    } catch (error) {
      this.deps.logger.error('card rendering failed', {
        correlationId,
        card: reply.card,
        error: describe(error),
      });
      card = this.deps.renderer.render(errorReply(error, l10n, { correlationId }));
    }
    return { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] };
  }
}

/** A card button arrives as a message with `value`; typed text as `text`, with the @mention already removed. */
function recognizeActivity(context: TurnContext): Recognized {
  const { value, text } = context.activity;
  if (typeof value === 'object' && value !== null && !text) return recognizeSubmit(value as SubmitValue);
  return recognize(text ?? '');
}

/** Card data that repeats a request, for the "Try again" button of transient failures. */
function retryActionFor(recognized: Recognized): Record<string, string> {
  if (recognized.intent !== 'agreements') return { command: 'inviteLink' };
  const { customer, scope } = recognized;
  const text =
    customer.kind === 'tenantId'
      ? customer.tenantId
      : customer.kind === 'domain'
        ? customer.domain
        : customer.kind === 'name'
          ? customer.name
          : '';
  return { command: 'agreements', customer: text, scope };
}

/** Teams' deep link to a one-to-one chat with the bot, whose id in Teams is "28:<app id>". */
function personalChatUrl(context: TurnContext): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(context.activity.recipient.id)}`;
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
