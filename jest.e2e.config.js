/**
 * The end-to-end tests (npm run test:e2e): the bot, the emulator and the Microsoft 365 Agents Playground, driven in
 * Debian's Chromium. They start real processes and a browser, so they run one at a time.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: require('./test/helpers/jestTransform.cjs'),
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  // Builds dist/ when it is older than src/: the stack runs the built bot, as `npm start` does.
  globalSetup: '<rootDir>/test/e2e/setup.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
