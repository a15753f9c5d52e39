import {
  ActivityTypes,
  MessageFactory,
  type StatePropertyAccessor,
  type TokenResponse,
  type TurnContext,
} from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  OAuthPrompt,
  WaterfallDialog,
  type DialogState,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Reply } from '../cards/renderer';
import type { RequestContext } from '../commands/context';
import { customerInput } from '../commands/customerInput';
import { cancelled } from '../commands/notices';
import { renderedOrError } from '../commands/errorReply';
import { withHeartbeat } from '../heartbeat';
import { describe } from '../log';
import type { Answer } from '../commands/reportCommands';
import { cardsOf } from './answeredCards';
import { nextStep, runCommand, withCustomerAnswer } from '../commands/runCommand';
import { signInFailed, signInInPersonalChat } from '../commands/signIn';
import { localizer, type Language } from '../i18n/localizer';
import type { CustomerAnswer } from '../recognizer/customerAnswer';
import { conversationKind, personalChatLink } from '../teams/activity';
import { CustomerPrompt } from './customerPrompt';
import { fileConsentMessage } from '../teams/fileCards';
import { messageOf } from '../teams/messages';
import { newRequest, withTokens, type PendingRequest } from '../teams/request';
import { requestContext, type BotDependencies } from './request';
import { connectionFor, type TokenResource } from './signIn';
import { hasTokens, silentTokens, type Tokens } from './turnTokens';

/** A request in the turn that works on it, with what its command is given. */
type Turn = { context: TurnContext; request: PendingRequest; commands: RequestContext };

const MAIN_WATERFALL = 'mainWaterfall';
/** Where Partner Center's prompted token waits for Graph's prompt, within one turn. */
const PARTNER_CENTER_TOKEN = Symbol('partnerCenterToken');
const CUSTOMER_PROMPT = 'customerPrompt';
const SIGN_IN_TIMEOUT_MS = 15 * 60_000;

/** Partner Center's prompt keeps the id it always had: a pending sign-in saved by an earlier version resumes. */
const signInPromptId = (resource: TokenResource, language: Language) =>
  resource === 'graph' ? `signIn-graph-${language}` : `signIn-${language}`;

/**
 * "typing…" while Partner Center works: none for an instant answer (each is a call to Teams), then renewed before
 * Teams hides it, after a few seconds.
 */
export const TYPING = { firstAfterMs: 400, everyMs: 3000 };

/**
 * The conversation mechanics around the commands: ask which customer, sign in, remember the pending request.
 * A request that needs none of them is answered at once, without the dialog stack. State is per user and
 * conversation, so in a group chat one user's answer never continues another's question.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: BotDependencies) {
    super('MainDialog');
    this.addDialog(
      new WaterfallDialog(
        MAIN_WATERFALL,
        [this.askStep, this.tokenStep, this.graphTokenStep, this.answerStep].map(
          (run) => async (step: WaterfallStepContext) => {
            const turn = this.stepTurn(step);
            return turn ? run.call(this, step, turn) : this.restart(step);
          },
        ),
      ),
    );
    this.addDialog(new CustomerPrompt(CUSTOMER_PROMPT, (prompt) => this.acceptAnswer(prompt)));
    for (const resource of ['partnerCenter', 'graph'] as const) {
      const connection = connectionFor(deps.signIn, resource);
      if (!connection) continue;
      for (const language of ['en', 'fr'] as const) {
        const { t } = localizer(language);
        this.addDialog(
          new OAuthPrompt(signInPromptId(resource, language), {
            connectionName: connection.connectionName,
            title: t('signIn.button'),
            text: t(resource === 'graph' ? 'signIn.graphPrompt' : 'signIn.prompt'),
            timeout: SIGN_IN_TIMEOUT_MS,
            // A new message while sign-in is pending ends the prompt; the next step then handles it afresh.
            endOnInvalidMessage: true,
          }),
        );
      }
    }
    this.initialDialogId = MAIN_WATERFALL;
  }

  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const pending = Boolean((await dialogState.get(context))?.dialogStack?.length);
    const isMessage = context.activity.type === ActivityTypes.Message;
    // Sign-in invokes only ever continue a pending prompt.
    if (!isMessage && !pending) return;
    // Read now only when it may be answered now; a pending dialog reads its own answer.
    const request = isMessage && !pending ? newRequest(context.activity) : undefined;
    if (request && (await this.answeredAtOnce(this.turn(context, request)))) return;
    const dialogContext = await new DialogSet(dialogState).add(this).createContext(context);
    const result = pending ? await dialogContext.continueDialog() : undefined;
    if ((!result || result.status === DialogTurnStatus.empty) && isMessage) {
      await dialogContext.beginDialog(this.id, request ?? newRequest(context.activity));
    }
  }

  /** Answers when the customer is known and the tokens, if needed, at hand without a prompt. */
  private async answeredAtOnce(turn: Turn): Promise<boolean> {
    const step = nextStep(turn.request.recognized, turn.commands);
    if (step.kind === 'askCustomer') return false;
    const tokens =
      step.kind === 'token'
        ? await silentTokens(turn.context, this.deps.signIn, turn.commands.logger, step.tokens)
        : {};
    // Channels have no sign-in card: answer() sends the user to a personal chat instead.
    if (!hasTokens(step, tokens) && conversationKind(turn.context.activity) !== 'channel') return false;
    await this.answer(turn, tokens);
    return true;
  }

  private async askStep(step: WaterfallStepContext, turn: Turn) {
    const next = nextStep(turn.request.recognized, turn.commands);
    if (next.kind !== 'askCustomer') return step.next();
    return step.beginDialog(CUSTOMER_PROMPT, { prompt: this.message(turn, next.question) });
  }

  /** An answer to "Which customer?" (or nothing asked), then the user's token when the command needs one. */
  private async tokenStep(step: WaterfallStepContext, turn: Turn) {
    const { request, context } = turn;
    const answer = step.result as CustomerAnswer | undefined;
    if (answer?.kind === 'cancel') {
      await this.send(turn, cancelled(turn.commands.l10n));
      return step.endDialog();
    }
    if (answer?.kind === 'otherRequest') {
      return step.replaceDialog(MAIN_WATERFALL, newRequest(context.activity, answer.recognized));
    }
    if (answer?.kind === 'customer') request.recognized = withCustomerAnswer(request.recognized, answer);
    // In personal and group chats the sign-in prompt itself takes a token the user already has, silently.
    const next = nextStep(request.recognized, turn.commands);
    const prompts =
      this.deps.signIn.kind === 'teams' &&
      conversationKind(context.activity) !== 'channel' &&
      next.kind === 'token';
    if (!prompts) {
      await this.answeredAtOnce(turn);
      return step.endDialog();
    }
    if (!next.tokens.partnerCenter) return step.next();
    return this.prompt(step, turn, 'partnerCenter');
  }

  /** Partner Center's token came (or was not needed); then Graph's, when the command calls Graph. */
  private async graphTokenStep(step: WaterfallStepContext, turn: Turn) {
    const next = nextStep(turn.request.recognized, turn.commands);
    if (next.kind !== 'token') return step.endDialog();
    if (next.tokens.partnerCenter) {
      const ended = await this.withoutToken(step, turn);
      if (ended) return ended;
      // Kept for this turn only: dialog state is stored, and a token must never be.
      step.context.turnState.set(PARTNER_CENTER_TOKEN, (step.result as TokenResponse).token);
    }
    if (!next.tokens.graph) return step.next(step.result);
    return this.prompt(step, turn, 'graph');
  }

  private async answerStep(step: WaterfallStepContext, turn: Turn) {
    const next = nextStep(turn.request.recognized, turn.commands);
    if (next.kind !== 'token') return step.endDialog();
    if (next.tokens.graph) {
      const ended = await this.withoutToken(step, turn);
      if (ended) return ended;
    }
    // A prompt's token comes in this turn's result or state; one a prompt got in an earlier turn is in the token
    // service, asked again: tokens are never kept in dialog state.
    const prompted = (step.result as TokenResponse | undefined)?.token;
    const earlier = step.context.turnState.get<string | undefined>(PARTNER_CENTER_TOKEN);
    const tokens: Tokens = {
      partnerCenter: next.tokens.graph ? earlier : prompted,
      graph: next.tokens.graph ? prompted : undefined,
    };
    if (next.tokens.partnerCenter && !tokens.partnerCenter) {
      const needs = { partnerCenter: true, graph: false };
      tokens.partnerCenter = (
        await silentTokens(turn.context, this.deps.signIn, turn.commands.logger, needs)
      ).partnerCenter;
    }
    if (hasTokens(next, tokens)) await this.answer(turn, tokens);
    else await this.send(turn, signInFailed(turn.commands.l10n));
    return step.endDialog();
  }

  private prompt(step: WaterfallStepContext, turn: Turn, resource: TokenResource) {
    const { language, t } = turn.commands.l10n;
    const text = t(resource === 'graph' ? 'signIn.graphPrompt' : 'signIn.prompt');
    return step.beginDialog(signInPromptId(resource, language), { prompt: MessageFactory.text(text) });
  }

  /**
   * A prompt ended without a token. Another message instead of signing in (or after the prompt expired) is the new
   * request: running the first step again cannot loop, it answers or waits at a new prompt. Otherwise sign-in failed.
   */
  private async withoutToken(step: WaterfallStepContext, turn: Turn) {
    if ((step.result as TokenResponse | undefined)?.token) return undefined;
    if (step.context.activity.type === ActivityTypes.Message) return this.restart(step);
    await this.send(turn, signInFailed(turn.commands.l10n));
    return step.endDialog();
  }

  /** Accepts a customer or a way out; re-asks, with what was wrong, for an empty answer or a malformed id. */
  private async acceptAnswer(prompt: PromptValidatorContext<CustomerAnswer>): Promise<boolean> {
    const answer = prompt.recognized.value;
    if (!prompt.recognized.succeeded || !answer) return false;
    if (answer.kind !== 'unusable') return true;
    const asked = { intent: 'agreements' as const, customer: answer.customer, scope: 'mca' as const };
    const turn = this.turn(prompt.context, newRequest(prompt.context.activity, asked));
    const question = customerInput(answer.customer, turn.commands.l10n, { asking: true });
    await prompt.context.sendActivity(this.message(turn, question));
    return false;
  }

  /** Runs the request's command and sends its card; in a channel without a token, sends the user to sign in. */
  private async answer(turn: Turn, tokens: Tokens): Promise<void> {
    const { context, request, commands } = turn;
    const { signIn } = this.deps;
    const step = nextStep(request.recognized, commands);
    if (!hasTokens(step, tokens)) {
      const chat = personalChatLink(context.activity.recipient.id);
      return this.send(turn, signInInPersonalChat(commands.l10n, chat));
    }
    if (step.kind === 'signOut' && signIn.kind === 'teams') {
      await signIn.tokens.signOut(context);
      await signIn.graph?.tokens.signOut(context);
    }
    const work = () => runCommand(request.recognized, withTokens(commands, tokens));
    // Teams shows typing in personal and group chats only.
    const typing = step.kind === 'token' && conversationKind(context.activity) !== 'channel';
    const reply = typing
      ? await withHeartbeat(work, () => context.sendActivity({ type: ActivityTypes.Typing }), TYPING)
      : await work();
    await this.send(turn, reply);
  }

  private async send(turn: Turn, answer: Answer): Promise<void> {
    const { context, request, commands } = turn;
    if (answer && 'replies' in answer)
      await context.sendActivities(answer.replies.map((reply) => this.message(turn, reply)));
    else if (answer)
      await context.sendActivity('file' in answer ? fileConsentMessage(answer) : this.message(turn, answer));
    if (answer && 'settles' in answer && answer.settles) await this.settle(turn, answer.settles);
    const conversation = conversationKind(context.activity);
    commands.logger.info('answered', {
      intent: request.recognized.intent,
      card: cardsOf(answer),
      conversation,
    });
  }

  /** The card whose button was pressed becomes `settled`; a client that cannot update cards keeps the old one. */
  private async settle(turn: Turn, settled: Reply): Promise<void> {
    const id = turn.context.activity.replyToId;
    if (!id) return;
    await turn.context.updateActivity({ ...this.message(turn, settled), id }).catch((error: unknown) => {
      turn.commands.logger.warn('could not update the card that was pressed', { error: describe(error) });
    });
  }

  /**
   * The request a waterfall step works on: its options. A conversation saved by an earlier version kept it in the
   * step's values instead; with neither, the step cannot go on.
   */
  private stepTurn(step: WaterfallStepContext): Turn | undefined {
    const request =
      (step.options as PendingRequest | undefined) ??
      (step.values as { request?: PendingRequest } | undefined)?.request;
    return request?.recognized ? this.turn(step.context, request) : undefined;
  }

  /** A new message is handled afresh (a dialog whose request is lost, too); anything else ends the dialog. */
  private async restart(step: WaterfallStepContext) {
    if (step.context.activity.type !== ActivityTypes.Message) return step.endDialog();
    return step.replaceDialog(MAIN_WATERFALL, newRequest(step.context.activity));
  }

  private turn(context: TurnContext, request: PendingRequest): Turn {
    return { context, request, commands: requestContext(context, this.deps, request) };
  }

  private message(turn: Turn, reply: Reply) {
    return messageOf(renderedOrError(reply, this.deps.renderer, turn.commands));
  }
}
