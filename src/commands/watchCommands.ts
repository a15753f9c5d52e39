import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { ReportJob, ReportOwner } from '../jobs/reportRecord';
import type { Watch } from '../jobs/watchRecord';
import { supportsAgreements } from '../partnerCenter/clouds';
import { knownTimeZone } from '../schedule';
import { agreementsUnavailable } from './agreements';
import { ANSWER, needsTokens, type Command } from './command';
import type { RequestContext } from './context';
import { notice } from './notice';
import { sourceNote } from './context';
import { nameOrSomeone, resumeWatchingAction, stopWatchingAction, subscriberName } from './watchCards';

/** "watch MCA here": this conversation gets the digest and the notices, on behalf of whoever asks. */
export const watchMcaCommand: Command<'watchMca'> = {
  submit: (value) => (value.resume === true ? { intent: 'watchMca', resume: true } : { intent: 'watchMca' }),
  needs: (_, { services }) => (supportsAgreements(services.cloud) ? needsTokens() : ANSWER),
  run: async ({ resume }, context, calling) => {
    const { services, l10n } = context;
    if (!supportsAgreements(services.cloud))
      return agreementsUnavailable(services.cloud, l10n, context.correlationId);
    return calling(() => watchMca(context, resume === true));
  },
  retry: () => ({ command: 'watchMca' }),
  help: { command: 'watch.command', description: 'watch.helpLine' },
};

/** "stop watching MCA": anyone in the conversation may (the card that answers says who started it). */
export const stopWatchingCommand: Command<'stopWatching'> = {
  submit: () => ({ intent: 'stopWatching' }),
  run: async (_, context, calling) => calling(() => stopWatching(context), { needsToken: false }),
  retry: () => stopWatchingAction,
};

/** "what are we watching?" */
export const watchStatusCommand: Command<'watchStatus'> = {
  submit: () => ({ intent: 'watchStatus' }),
  run: async (_, context, calling) => calling(() => watchStatus(context), { needsToken: false }),
  retry: () => ({ command: 'watchStatus' }),
};

async function watchMca(context: RequestContext, resume: boolean): Promise<Reply> {
  const { services, l10n, conversation } = context;
  const token = context.partnerCenter?.request.token;
  if (!conversation || !token) throw new Error('watchMca needs a conversation and a token');
  // An old card's Resume button, pressed after someone stopped the watch: it is not started again behind their back.
  if (resume && !(await services.watches.status(conversation.id))) return nothingWatched(l10n);
  const subscriber: ReportOwner = {
    userKey: context.userKey,
    userId: conversation.userId,
    userName: conversation.userName?.slice(0, 100),
    tenantId: conversation.tenantId,
    locale: l10n.locale,
    timeZone: knownTimeZone(conversation.timeZone),
    conversationKind: conversation.kind,
    maskContacts: context.maskContacts,
    conversation: conversation.postReference,
  };
  const found = await services.watches.watch(subscriber, conversation.id, token);
  const text = { started: 'watch.started', watching: 'watch.already', resumed: 'watch.resumed' }[found.kind];
  return watchCard(context, found.watch, l10n.t(text), found.kind === 'started' ? undefined : found.run);
}

async function stopWatching(context: RequestContext): Promise<Reply> {
  const { services, l10n, conversation } = context;
  const { t } = l10n;
  const stopped = conversation && (await services.watches.stop(conversation.id));
  if (!stopped) return nothingWatched(l10n);
  const name = subscriberName(stopped);
  const stopper = conversation.userName;
  const text = [
    t('watch.stopped'),
    name ? t('watch.startedBy', { name }) : undefined,
    stopper && stopper !== name ? t('watch.stoppedBy', { name: stopper.slice(0, 100) }) : undefined,
  ];
  // Stopped by mistake (any colleague may): one press watches again, on behalf of whoever presses it.
  return notice(t('watch.stoppedTitle'), text.filter(Boolean).join(' '), {
    submitTitle: t('watch.watchAgain'),
    submitAction: { command: 'watchMca' },
  });
}

async function watchStatus(context: RequestContext): Promise<Reply> {
  const { services, l10n, conversation } = context;
  const found = conversation && (await services.watches.status(conversation.id));
  if (!found) return nothingWatched(l10n);
  return watchCard(context, found.watch, l10n.t('watch.statusText'), found.run);
}

/** Why the watch's run waits, for the watch card. */
function pausedNow(run: ReportJob, l10n: Localizer): string {
  const { t } = l10n;
  const name = nameOrSomeone({ subscriber: run.owner }, l10n);
  if (run.reason === 'tokenService') return t('watch.pausedNowService');
  return t(run.reason === 'mfa' ? 'watch.pausedNowMfa' : 'watch.pausedNow', { name });
}

function nothingWatched(l10n: Localizer): Reply {
  const { t } = l10n;
  return notice(t('watch.noneTitle'), t('watch.none'), {
    submitTitle: t('watch.watchButton'),
    submitAction: { command: 'watchMca' },
  });
}

/** A watch as its conversation sees it: whom it acts for, when it posts next, what it is doing; Stop watching. */
function watchCard(context: RequestContext, watch: Watch, status: string, run?: ReportJob): Reply {
  const { l10n } = context;
  const { t } = l10n;
  const name = nameOrSomeone(watch, l10n);
  const now =
    run?.status === 'running'
      ? t('watch.running')
      : run?.status === 'paused'
        ? pausedNow(run, l10n)
        : undefined;
  const facts = [
    { title: t('watch.actsFor'), value: t('watch.actsForValue', { name }) },
    ...(now ? [{ title: t('watch.now'), value: now }] : []),
    { title: t('watch.nextDigest'), value: l10n.formatWhen(watch.nextDigestAt) },
    { title: t('watch.nextCheck'), value: l10n.formatWhen(watch.nextCheckAt) },
  ];
  const buttons = [
    ...(run?.status === 'paused'
      ? [{ title: t('watch.resumeButton'), buttonAction: resumeWatchingAction }]
      : []),
    { title: t('watch.stopButton'), buttonAction: stopWatchingAction },
  ];
  return {
    card: 'mcaReport',
    data: { title: t('watch.title'), status, counts: facts, groups: [], note: sourceNote(context), buttons },
  };
}
