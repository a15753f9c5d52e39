/**
 * The end-to-end tests: the bot, the emulator and the Microsoft 365 Agents Playground, driven in Debian's
 * Chromium (npm run test:e2e). They start real processes and a browser, so they run one at a time.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  maxWorkers: 1,
};
