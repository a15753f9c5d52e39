/**
 * The soak test (npm run test:soak): 1,000 turns with Partner Center faults injected, then a check for leaked
 * handles and memory growth. Run alone, with --expose-gc, so its memory figures are its own.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: require('./test/helpers/jestTransform.cjs'),
  roots: ['<rootDir>/test/soak'],
  testMatch: ['**/*.soak.test.ts'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
