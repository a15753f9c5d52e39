import type { Reply } from '../cards/renderer';
import { GraphError } from '../graph/errors';
import { describe } from '../log';
import { PartnerCenterError } from '../partnerCenter/errors';
import type { Recognized } from '../recognizer/recognizer';
import type { RequestContext } from './context';
import { errorReply } from './errorReply';
import type { Answer } from './reportCommands';

/** Runs a command's Partner Center and Graph calls, with this request's; a failure becomes its error card. */
export async function withFailures<T extends Answer>(
  recognized: Recognized,
  context: RequestContext,
  retryAction: Record<string, string> | undefined,
  work: () => Promise<T>,
  options = { needsToken: true },
): Promise<T | Reply> {
  const { services, l10n, correlationId, logger } = context;
  if (options.needsToken && !context.partnerCenter)
    throw new Error(`${recognized.intent} needs the user's token`);
  try {
    return await work();
  } catch (error) {
    if (error instanceof GraphError) {
      logger.warn('Microsoft Graph request failed', {
        operation: error.operation,
        kind: error.kind,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
      });
      if (error.kind === 'unauthorized') await context.forgetGraphToken?.();
    } else if (error instanceof PartnerCenterError) {
      logger.warn('Partner Center request failed', {
        operation: error.operation,
        kind: error.kind,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
      });
      // A refused token (expired) is dropped, so the next request signs in afresh. One without MFA is kept: Teams
      // single sign-on would hand the same one back, and the user would go round in circles.
      if (error.kind === 'unauthorized') await context.forgetToken?.();
    } else {
      logger.error('command failed', { error: describe(error) });
    }
    return errorReply(error, l10n, {
      correlationId,
      tenantId: tenantIdOf(recognized),
      retryAction,
      cloud: services.cloud,
      canSignInAgain: services.signIn === 'teams',
    });
  }
}

/** The tenant id a request named, for an error card that says which customer was not found. */
function tenantIdOf(recognized: Recognized): string | undefined {
  if (recognized.intent === 'adminAccessConfirm') return recognized.confirmation.customerId;
  if (!('customer' in recognized)) return undefined;
  return recognized.customer.kind === 'tenantId' ? recognized.customer.tenantId : undefined;
}
