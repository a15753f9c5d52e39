import type { Localizer } from '../i18n/localizer';
import type { ReportJob } from '../jobs/reportRecord';
import type { WatchCards } from '../jobs/watchPorts';
import type { Watch } from '../jobs/watchRecord';
import type { ChangeKind, StateChange } from '../mca/stateChanges';
import { MCA_STATES } from '../mca/verdict';
import { notice } from './notice';
import { ownerLocalizer } from './mcaReport';
import { actionGroups, customerLine } from './reportLines';

/** Changed customers listed on a card, per group; the others are counted ("mca report" lists them all). */
const LISTED_CHANGES = 5;

/** More customers newly unknown at once than this is Partner Center failing, said in one line. */
const OUTAGE_AT = 5;

/** The order a notice tells changes in: what blocks a sale first, good news last. */
const KINDS: readonly ChangeKind[] = ['newlyBlocked', 'newlyUnknown', 'canTransactNow'];

export const stopWatchingAction = { command: 'stopWatching' };
export const resumeWatchingAction = { command: 'watchMca', resume: true };

/** Who a watch acts for, as its cards name them; undefined when Teams gave no name. */
export const subscriberName = (watch: Pick<Watch, 'subscriber'>) => watch.subscriber.userName || undefined;
/** The same, or "the person who started it". */
export const nameOrSomeone = (watch: Pick<Watch, 'subscriber'>, l10n: Localizer) =>
  subscriberName(watch) ?? l10n.t('watch.someone');

/** What a watch posts, in its subscriber's language and time zone, with its conversation's masking. */
export function watchCards(options: {
  emulated: boolean;
  /**
   * MASK_CONTACT_DETAILS as it is now, not as it was when the watch started: contacts are masked outside personal
   * chats when it is on.
   */
  maskContactDetails: boolean;
  /** Local mode: where the bot serves a user's CSV itself. */
  csvUrl?: (userKey: string, jobId: string) => string | undefined;
}): WatchCards {
  /** The footer: what the card adds, who the watch acts for and when the next digest comes; the emulator's note. */
  const notes = (l10n: Localizer, watch: Watch, extra: Array<string | undefined>) =>
    [
      ...extra,
      l10n.t('watch.footer', { name: nameOrSomeone(watch, l10n), when: l10n.formatWhen(watch.nextDigestAt) }),
      options.emulated ? l10n.t('common.emulatorNote') : undefined,
    ]
      .filter(Boolean)
      .join(' ');
  const masked = (run: ReportJob) => options.maskContactDetails && run.owner.conversationKind !== 'personal';
  const stopButton = (l10n: Localizer) => ({
    title: l10n.t('watch.stopButton'),
    buttonAction: stopWatchingAction,
  });

  return {
    digest(watch, run, changes) {
      const l10n = ownerLocalizer(run.owner);
      const { t } = l10n;
      const number = new Intl.NumberFormat(l10n.locale);
      const counts = run.committed.counts;
      const needingAction = run.result?.needingAction ?? 0;
      const date = l10n.formatWhen(run.finishedAt ?? run.updatedAt);
      const status = [
        needingAction === 0
          ? t('watch.digestStatusNone', { date })
          : needingAction === 1
            ? t('watch.digestStatusOne', { date })
            : t('watch.digestStatus', { date, count: number.format(needingAction) }),
        changes?.length === 0 && watch.lastDigestAt !== undefined
          ? t('watch.noChange', { date: l10n.formatWhen(watch.lastDigestAt) })
          : undefined,
      ];
      const changed =
        changes && changes.length > 0 ? [changeGroup(changes, l10n, masked(run), 'changed')] : [];
      // The CSV has every contact unmasked: offered in a personal chat only, as the report's is.
      const personal = run.owner.conversationKind === 'personal';
      const csvUrl = personal ? options.csvUrl?.(run.owner.userKey, run.id) : undefined;
      const csvButton =
        personal && !csvUrl
          ? [{ title: t('report.csv'), buttonAction: { command: 'reportCsv', jobId: run.id } }]
          : [];
      return {
        card: 'mcaReport',
        data: {
          title: t('watch.digestTitle', { count: number.format(run.result?.total ?? run.committed.checked) }),
          status: status.filter(Boolean).join(' '),
          counts: MCA_STATES.map((state) => ({
            title: t(`report.states.${state}`),
            value: number.format(counts[state]),
          })),
          groups: [...changed, ...actionGroups(counts, run.result?.urgent ?? [], l10n, masked(run))],
          note: notes(l10n, watch, [
            changes === undefined ? t('watch.first') : undefined,
            personal ? undefined : t('watch.csvElsewhere'),
          ]),
          buttons: [...csvButton, stopButton(l10n)],
          csvUrl,
          csvTitle: csvUrl ? t('report.csvLocal') : undefined,
        },
      };
    },
    changes(watch, run, changes) {
      const l10n = ownerLocalizer(run.owner);
      const { t } = l10n;
      const number = new Intl.NumberFormat(l10n.locale);
      const byKind = KINDS.map((kind) => changes.filter((change) => change.kind === kind)).filter(
        (some) => some.length > 0,
      );
      const unanswered = changes.filter((change) => change.kind === 'newlyUnknown');
      // Partner Center down for many customers at once is one fact, not a list to press Check on while it is down.
      const outage = unanswered.length > OUTAGE_AT;
      const title =
        changes.length === 1
          ? t(`watch.changesTitleKind.${changes[0]!.kind}`, { name: changes[0]!.row.companyName })
          : outage && unanswered.length === changes.length
            ? t('watch.unansweredTitle', { count: number.format(unanswered.length) })
            : t('watch.changesTitle', { count: number.format(changes.length) });
      return {
        card: 'mcaReport',
        data: {
          title,
          status: t('watch.changesStatus', { date: l10n.formatWhen(run.finishedAt ?? run.updatedAt) }),
          counts: [],
          groups: byKind.map((some) =>
            outage && some[0]!.kind === 'newlyUnknown'
              ? {
                  heading: t('watch.unanswered', { count: number.format(some.length) }),
                  next: t('watch.unansweredNext'),
                  customers: [],
                }
              : changeGroup(some, l10n, masked(run), some[0]!.kind),
          ),
          note: notes(l10n, watch, []),
          buttons: [stopButton(l10n)],
        },
      };
    },
    paused(watch, run) {
      const l10n = ownerLocalizer(run.owner);
      const { t } = l10n;
      const name = nameOrSomeone({ subscriber: run.owner }, l10n);
      const here = run.owner.conversationKind === 'personal';
      if (run.reason === 'tokenService') return notice(t('watch.pausedTitle'), t('watch.pausedService'));
      const text =
        run.reason === 'mfa'
          ? t(options.emulated ? 'errors.mfaRequired.adviceLocal' : 'watch.pausedMfa', { name })
          : t(here ? 'watch.pausedHere' : 'watch.paused', { name });
      return notice(t('watch.pausedTitle'), text, {
        submitTitle: t('watch.resumeButton'),
        submitAction: resumeWatchingAction,
      });
    },
    failed(_watch, run, retryAt) {
      const l10n = ownerLocalizer(run.owner);
      const { t } = l10n;
      return retryAt === undefined
        ? notice(t('watch.failedTitle'), t('watch.failed', { reference: run.id }))
        : notice(
            t('watch.failedDigestTitle'),
            t('watch.failedDigest', { reference: run.id, when: l10n.formatWhen(retryAt) }),
          );
    },
  };
}

/** Changed customers under one heading: each line says what it is now and what it was. */
function changeGroup(
  changes: StateChange[],
  l10n: Localizer,
  maskContacts: boolean,
  kind: ChangeKind | 'changed',
) {
  const { t } = l10n;
  const number = new Intl.NumberFormat(l10n.locale);
  const count = number.format(changes.length);
  const left = changes.length - LISTED_CHANGES;
  return {
    heading: kind === 'changed' ? t('watch.changedGroup', { count }) : t(`watch.kinds.${kind}`, { count }),
    next: kind === 'changed' ? t('watch.changedNext') : t(`watch.kindNext.${kind}`),
    customers: changes.slice(0, LISTED_CHANGES).map(({ row, from }) => {
      const line = customerLine(row, l10n, maskContacts);
      // "Can transact (was re-acceptance needed)": the state it had, in the sentence's lower case.
      const was = t(`report.states.${from}`);
      const change = t('watch.changeLine', {
        to: t(`report.states.${row.state}`),
        from: was.charAt(0).toLocaleLowerCase(l10n.locale) + was.slice(1),
      });
      return { ...line, details: [change, line.details].filter(Boolean).join(t('report.lineSeparator')) };
    }),
    more: left > 0 ? t('watch.moreChanges', { count: number.format(left) }) : undefined,
  };
}
