// jest takes `testTimeout` from its global configuration only: each project's own limit reaches its tests here,
// through the project's `globals` (jest.config.js).
declare const SUITE_TIMEOUT_MS: number;
jest.setTimeout(SUITE_TIMEOUT_MS);
