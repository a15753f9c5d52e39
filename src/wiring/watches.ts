import { watchCards } from '../commands/watchCards';
import type { Config } from '../config';
import type { ReportChannel } from '../jobs/reportPorts';
import type { ReportService } from '../jobs/reports';
import { WatchService } from '../jobs/watches';
import type { Logger } from '../log';
import { systemClock } from '../clock';
import { cronSchedule } from '../schedule';
import type { JobStore } from '../storage/jobStore';

/** The conversations watching their customers' MCA: in the reports' store, their runs among the reports. */
export function watchService(
  config: Config,
  options: {
    store: JobStore;
    reports: ReportService;
    channel: ReportChannel;
    emulated: boolean;
    /** Local mode: where the bot serves a user's CSV itself. */
    csvUrl?: (userKey: string, jobId: string) => string;
    logger: Logger;
  },
): WatchService {
  return new WatchService({
    store: options.store,
    reports: options.reports,
    channel: options.channel,
    cards: watchCards({
      emulated: options.emulated,
      maskContactDetails: config.maskContactDetails,
      csvUrl: options.csvUrl,
    }),
    schedules: {
      digest: cronSchedule(config.watch.digestSchedule),
      check: cronSchedule(config.watch.checkSchedule),
    },
    clock: systemClock,
    logger: options.logger,
  });
}
