import type { CommandServices } from '../../src/commands/context';

/** The MCA reports of a test that runs none: nothing is running, nothing kept; starting one is a test's mistake. */
export const noReports: CommandServices['reports'] = {
  request: () => Promise.reject(new Error('this test runs no MCA report')),
  cancel: async () => undefined,
  cancelRunning: async () => undefined,
  latest: async () => undefined,
  finished: async () => undefined,
  csv: async () => undefined,
};

/** The watches of a test that watches nothing: asking to watch fails, as a bug would. */
export const noWatches: CommandServices['watches'] = {
  watch: () => Promise.reject(new Error('this test runs no MCA watch')),
  stop: async () => undefined,
  status: async () => undefined,
};
