/**
 * The suites, as jest projects, by what they need (README, "Tests"):
 * - unit: in this process only: no child process, no Azurite, no browser, no real sleeps;
 * - system: real processes and servers on loopback (the bot built in dist/, Azurite started once for the suite);
 * - e2e: the Agents Playground in Debian's Chromium; soak: 1,000 turns under faults, alone, with --expose-gc.
 * `npm test` runs unit and system. TypeScript is transpiled without type-checking: `npm run build` type-checks.
 */
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

/** A project's limit for one test (jest reads `testTimeout` from the global configuration only). */
const timeout = (ms) => ({
  globals: { SUITE_TIMEOUT_MS: ms },
  setupFilesAfterEnv: ['<rootDir>/test/helpers/suiteTimeout.ts'],
});

/** Files named *.system.test.ts (and the browser and soak suites) are not unit tests. */
const NOT_UNIT = ['/node_modules/', '\\.system\\.test\\.ts$', '<rootDir>/test/e2e/', '<rootDir>/test/soak/'];

/** @type {import('jest').Config} */
module.exports = {
  // Every core: most of the system suite's time is spent waiting on other processes. (e2e and soak run in band.)
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: NOT_UNIT,
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
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      // Builds dist/ when it is older than src/: the stack runs the built bot.
      globalSetup: '<rootDir>/test/e2e/setup.ts',
      ...timeout(120_000),
    },
    {
      displayName: 'soak',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/soak'],
      testMatch: ['**/*.soak.test.ts'],
      ...timeout(300_000),
    },
  ],
};
