/**
 * `npm test`: the two suites that need no browser, as jest projects, by what their tests need (docs/testing.md):
 * - unit: in this process only: no child process, no Azurite, no browser;
 * - system (files named *.system.test.ts): real processes and servers on loopback, the bot built in dist/, Azurite
 *   started once for the whole suite.
 * The browser and soak suites have configurations of their own (jest.e2e.config.js, jest.soak.config.js).
 */
const transform = require('./test/helpers/jestTransform.cjs');

/** A project's limit for one test (jest reads `testTimeout` from the global configuration only). */
const timeout = (ms) => ({
  globals: { SUITE_TIMEOUT_MS: ms },
  setupFilesAfterEnv: ['<rootDir>/test/helpers/suiteTimeout.ts'],
});

/** @type {import('jest').Config} */
module.exports = {
  // Every core: most of the system suite's time is spent waiting on other processes.
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '\\.system\\.test\\.ts$',
        '<rootDir>/test/e2e/',
        '<rootDir>/test/soak/',
      ],
      // A hang is a bug to see, not to hide.
      ...timeout(10_000),
    },
    {
      displayName: 'system',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.system.test.ts'],
      // Builds dist/ when it is older than src/, then starts Azurite once for every file of the suite.
      globalSetup: '<rootDir>/test/system/setup.ts',
      globalTeardown: '<rootDir>/test/system/teardown.ts',
      ...timeout(60_000),
    },
  ],
};
