import { randomUUID } from 'node:crypto';
import { jobCards } from '../commands/jobCards';
import type { Config } from '../config';
import type { ReportChannel } from '../jobs/reportPorts';
import { ReportService } from '../jobs/reports';
import type { Logger } from '../log';
import type { PartnerCenterClient } from '../partnerCenter/client';
import { systemClock } from '../clock';
import { BlobJobStore } from '../storage/blobJobStore';
import { MemoryJobStore } from '../storage/memoryJobStore';
import { blobContainer } from './stores';
import type { JobStore } from '../storage/jobStore';

/** Where the reports and the watches keep their state: the shared store when there is one. */
export function jobStore(config: Config): JobStore {
  return config.storage ? new BlobJobStore(blobContainer(config.storage)) : new MemoryJobStore();
}

/** The MCA reports, their state in the shared store when there is one, worked on by any instance. */
export function reportService(
  config: Config,
  options: {
    store: JobStore;
    partnerCenter: PartnerCenterClient;
    emulated: boolean;
    csvUrl?: (userKey: string, jobId: string) => string;
    channel: ReportChannel;
    logger: Logger;
  },
): ReportService {
  return new ReportService({
    store: options.store,
    partnerCenter: options.partnerCenter,
    channel: options.channel,
    cards: jobCards({
      emulated: options.emulated,
      csvUrl: (userKey, jobId) => options.csvUrl?.(userKey, jobId),
      currentSince: config.partnerCenter.mcaCurrentSince,
    }),
    settings: {
      maxRatePerSecond: config.report.maxRatePerSecond,
      maxConcurrency: config.report.maxConcurrency,
      leaseMs: config.report.leaseMs,
      checkpointMs: Math.min(3000, config.report.leaseMs / 4),
      progressEveryMs: 3000,
      pageSize: 500,
      mcaCurrentSince: config.partnerCenter.mcaCurrentSince,
    },
    retentionMs: config.report.retentionMs,
    clock: systemClock,
    logger: options.logger,
    instanceId: randomUUID(),
    today: () => new Date(),
  });
}
