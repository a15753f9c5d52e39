import type { AdaptiveCard, CardRenderer, Reply } from '../cards/renderer';
import { describe } from '../log';
import type { RequestContext } from './context';
import type { Localizer } from '../i18n/localizer';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../partnerCenter/errors';
import { GraphError, type GraphErrorKind } from '../graph/errors';

/** Kinds where the same request may well work a little later, so the card offers to try again. */
const TRANSIENT: ReadonlySet<PartnerCenterErrorKind> = new Set([
  'throttled',
  'unavailable',
  'network',
  'timeout',
  'unreadable',
]);

export interface ErrorReplyOptions {
  correlationId: string;
  /** The tenant id the request was about, for advice that names it. */
  tenantId?: string;
  /** Card data that repeats the request, offered on transient failures. */
  retryAction?: Record<string, string>;
  cloud?: PartnerCenterCloud;
  /** A sign-in the user can redo (Teams mode): auth failures offer it instead of a plain retry. */
  canSignInAgain?: boolean;
}

/** Graph failures worth trying again as they are; a create that got no answer is not (it may exist). */
const GRAPH_TRANSIENT: ReadonlySet<GraphErrorKind> = new Set([
  'throttled',
  'unavailable',
  'unreadable',
  'network',
  'timeout',
]);

/** Any failure as a card a user can act on: what happened, what to do, and the reference support needs. */
export function errorReply(error: unknown, l10n: Localizer, options: ErrorReplyOptions): Reply {
  if (error instanceof GraphError) return graphErrorReply(error, l10n, options);
  const kind = error instanceof PartnerCenterError ? error.kind : 'internal';
  const { t } = l10n;
  // Partner Center's own Retry-After when it gave one; a minute otherwise, its usual throttling window.
  const seconds =
    error instanceof PartnerCenterError && error.retryAfterSeconds ? error.retryAfterSeconds : 60;
  return {
    card: 'error',
    data: {
      title: t(`errors.${kind}.title`),
      // Locally the emulator refuses the stand-in token: what to change is a setting, not a sign-in.
      advice: t(
        kind === 'mfaRequired' && !options.canSignInAgain
          ? 'errors.mfaRequired.adviceLocal'
          : `errors.${kind}.advice`,
        {
          tenantId: options.tenantId ?? '',
          wait: l10n.formatWait(seconds),
          cloud: t(`clouds.${options.cloud ?? 'public'}`),
        },
      ),
      supportReference: t('common.supportReference', { correlationId: options.correlationId }),
      ...actionFor(kind, options, l10n),
    },
  };
}

function actionFor(kind: PartnerCenterErrorKind | 'internal', options: ErrorReplyOptions, l10n: Localizer) {
  // Without MFA, signing in again the same way brings the same token back: signing out comes first.
  if (kind === 'mfaRequired' && options.canSignInAgain) {
    return { tryAgain: l10n.t('signIn.signOutButton'), retryAction: { command: 'signOut' } };
  }
  if (kind === 'unauthorized' && options.canSignInAgain) {
    return { tryAgain: l10n.t('signIn.again'), retryAction: { command: 'signIn' } };
  }
  const retry = kind !== 'internal' && TRANSIENT.has(kind) ? options.retryAction : undefined;
  return { tryAgain: l10n.t('common.tryAgain'), retryAction: retry };
}

function graphErrorReply(error: GraphError, l10n: Localizer, options: ErrorReplyOptions): Reply {
  const { t } = l10n;
  const { kind } = error;
  const seconds = error.retryAfterSeconds ?? 60;
  const action =
    kind === 'mfaRequired' && options.canSignInAgain
      ? { tryAgain: t('signIn.signOutButton'), retryAction: { command: 'signOut' } }
      : kind === 'unauthorized' && options.canSignInAgain
        ? { tryAgain: t('signIn.again'), retryAction: { command: 'signIn' } }
        : {
            tryAgain: t('common.tryAgain'),
            retryAction: GRAPH_TRANSIENT.has(kind) ? options.retryAction : undefined,
          };
  return {
    card: 'error',
    data: {
      title: t(`gdap.errors.${kind}.title`),
      advice: t(`gdap.errors.${kind}.advice`, {
        wait: l10n.formatWait(seconds),
        message: error.graphMessage ?? t('gdap.errors.noMessage'),
      }),
      supportReference: t('common.supportReference', { correlationId: options.correlationId }),
      ...action,
    },
  };
}

/** The reply's card; one that cannot be rendered (a template or data defect) becomes the error card, logged. */
export function renderedOrError(
  reply: Reply,
  renderer: CardRenderer,
  request: Pick<RequestContext, 'l10n' | 'correlationId' | 'logger'>,
): AdaptiveCard {
  try {
    return renderer.render(reply);
  } catch (error) {
    request.logger.error('card rendering failed', { card: reply.card, error: describe(error) });
    return renderer.render(errorReply(error, request.l10n, { correlationId: request.correlationId }));
  }
}
