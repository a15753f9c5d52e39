import { randomUUID } from 'node:crypto';
import {
  CardFactory,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import type { CommandServices } from '../commands/context';
import { errorReply } from '../commands/errorReply';
import { inviteLink } from '../commands/inviteLink';
import { within } from '../deadline';
import { localizer, type Localizer } from '../i18n/localizer';
import { describe, type Logger } from '../log';
import { userKeyOf, userLocale, userTimeZone } from './conversation';
import { silentToken, type SignIn } from './signIn';

export interface MessageExtensionDependencies {
  services: Pick<CommandServices, 'partnerCenter' | 'emulated'>;
  signIn: SignIn;
  renderer: CardRenderer;
  logger: Logger;
}

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
  deps: MessageExtensionDependencies,
): Promise<MessagingExtensionResponse> {
  const l10n = localizer(userLocale(context.activity), userTimeZone(context.activity));
  const correlationId = randomUUID();
  // Whatever hangs (the token service, Partner Center, the network), Teams hears in time.
  return within(answer(context, query, deps, l10n, correlationId), MESSAGE_EXTENSION_ANSWER_MS, () => {
    deps.logger.warn('message extension out of time', {
      correlationId,
      budgetMs: MESSAGE_EXTENSION_ANSWER_MS,
    });
    return failureResponse(undefined, l10n, correlationId);
  });
}

async function answer(
  context: TurnContext,
  query: MessagingExtensionQuery,
  deps: MessageExtensionDependencies,
  l10n: Localizer,
  correlationId: string,
): Promise<MessagingExtensionResponse> {
  const logger = deps.logger.child({ correlationId });
  const token = await silentToken(context, deps.signIn, logger, query.state);
  if (!token) return signInResponse(context, deps.signIn, l10n);

  const { partnerCenter, emulated } = deps.services;
  const request = partnerCenter.newRequestContext({
    token,
    correlationId,
    locale: l10n.locale,
    userKey: userKeyOf(context.activity),
    budgetMs: MESSAGE_EXTENSION_BUDGET_MS,
  });
  try {
    const reply = await inviteLink({ partnerCenter, request, l10n, emulated, maskContacts: false });
    const card = CardFactory.adaptiveCard(deps.renderer.render(reply));
    const preview = CardFactory.thumbnailCard(l10n.t('inviteLink.title'), l10n.t('inviteLink.preview'));
    logger.info('message extension answered', { command: query.commandId });
    return {
      composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [{ ...card, preview }] },
    };
  } catch (error) {
    logger.warn('message extension failed', { error: describe(error) });
    return failureResponse(error, l10n, correlationId);
  }
}

function failureResponse(error: unknown, l10n: Localizer, correlationId: string): MessagingExtensionResponse {
  const { data } = errorReply(error, l10n, { correlationId });
  return {
    composeExtension: { type: 'message', text: `${data.title}. ${data.advice} ${data.supportReference}` },
  };
}

async function signInResponse(
  context: TurnContext,
  signIn: SignIn,
  l10n: Localizer,
): Promise<MessagingExtensionResponse> {
  const link = signIn.kind === 'teams' ? await signIn.tokens.signInLink(context) : undefined;
  return {
    composeExtension: {
      type: 'auth',
      suggestedActions: {
        actions: link ? [{ type: 'openUrl', value: link, title: l10n.t('signIn.button') }] : [],
      },
    },
  };
}
