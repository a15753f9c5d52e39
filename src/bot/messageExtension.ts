import {
  CardFactory,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { Reply } from '../cards/renderer';
import type { RequestContext } from '../commands/context';
import { errorReply } from '../commands/errorReply';
import { inviteLinkReply } from '../commands/runCommand';
import { within } from '../deadline';
import { describe } from '../log';
import { requestContext, type BotDependencies } from './request';
import { withTokens } from '../teams/request';
import { silentToken } from './signIn';

/**
 * Teams waits 5 s for a message extension's answer, then retries and gives up
 * (learn.microsoft.com/microsoftteams/platform/messaging-extensions/how-to/search-commands/respond-to-search):
 * Partner Center gets 4 s of it.
 */
export const MESSAGE_EXTENSION_BUDGET_MS = 4000;
/** The whole answer, the token service included: what Partner Center leaves of it is for everything else. */
export const MESSAGE_EXTENSION_ANSWER_MS = 4500;

/**
 * The "Invite link" search command: the same card the bot posts, offered for insertion into any message.
 * Without a sign-in it answers with Teams' auth response, whose link signs the user in; Teams then asks again
 * with the sign-in's code in `state`.
 */
export async function inviteLinkSearch(
  context: TurnContext,
  query: MessagingExtensionQuery,
  deps: BotDependencies,
): Promise<MessagingExtensionResponse> {
  const request = requestContext(context, deps);
  const failed = (error: unknown) =>
    textResponse(errorReply(error, request.l10n, { correlationId: request.correlationId }), request.l10n);
  // Whatever fails (the token service, a card) Teams hears why; whatever hangs, it hears in time.
  const answered = answer(context, query, deps, request).catch((error: unknown) => {
    request.logger.error('message extension failed', { error: describe(error) });
    return failed(error);
  });
  return within(answered, MESSAGE_EXTENSION_ANSWER_MS, () => {
    request.logger.warn('message extension out of time', { budgetMs: MESSAGE_EXTENSION_ANSWER_MS });
    return failed(undefined);
  });
}

async function answer(
  context: TurnContext,
  query: MessagingExtensionQuery,
  { signIn, renderer }: BotDependencies,
  request: RequestContext,
): Promise<MessagingExtensionResponse> {
  const { l10n, logger } = request;
  const token = await silentToken(context, signIn, logger, query.state);
  if (!token) {
    const link = signIn.kind === 'teams' ? await signIn.tokens.signInLink(context) : undefined;
    const actions = link ? [{ type: 'openUrl', value: link, title: l10n.t('signIn.button') }] : [];
    return { composeExtension: { type: 'auth', suggestedActions: { actions } } };
  }
  // Inserted into any message, read by anyone: nothing in the invite-link card is personal.
  const inserted = { ...request, maskContacts: false, forgetToken: undefined };
  const reply = await inviteLinkReply(
    withTokens(inserted, { partnerCenter: token }, MESSAGE_EXTENSION_BUDGET_MS),
  );
  logger.info('message extension answered', { command: query.commandId, card: reply.card });
  // Anything but the link itself (an error, a choice of provider, a partner without a link) is said, not inserted:
  // its buttons would go to whoever reads the message.
  if (reply.card !== 'inviteLink') return textResponse(reply, l10n);
  const card = CardFactory.adaptiveCard(renderer.render(reply));
  const preview = CardFactory.thumbnailCard(l10n.t('inviteLink.title'), l10n.t('inviteLink.preview'));
  return {
    composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [{ ...card, preview }] },
  };
}

/** A failure or a question as a plain message: a card would be offered for insertion into the user's message. */
function textResponse({ card, data }: Reply, l10n: RequestContext['l10n']): MessagingExtensionResponse {
  const parts =
    card === 'error'
      ? [data.title, data.advice, data.supportReference]
      : card === 'inviteChoice'
        ? [data.title, l10n.t('inviteLink.chooseInChat')]
        : [data.title, data.text];
  const text = parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => (/[.?!]$/.test(part.trim()) ? part.trim() : `${part.trim().replace(/:$/, '')}.`))
    .join(' ');
  return { composeExtension: { type: 'message', text } };
}
