/**
 * The layers of src/ as code (docs/layout.md; the tool: github.com/sverweij/dependency-cruiser). A part imports only
 * the parts listed under it in ALLOWED, all below it in the drawing; no import cycle anywhere in src/. CI runs it
 * through `npm run lint` (`npm run lint:layers`). Types count: an `import type` ties the layers as much as any.
 */

/** The parts of src/, each a folder or a file. */
const PARTS = {
  // Cross-cutting, at the bottom: depend on nothing above.
  log: '^src/log([.]ts$|/)',
  checks: '^src/checks[.]ts$',
  deadline: '^src/deadline[.]ts$',
  clock: '^src/clock[.]ts$',
  retry: '^src/retry[.]ts$',
  cache: '^src/cache[.]ts$',
  heartbeat: '^src/heartbeat[.]ts$',
  signing: '^src/signing[.]ts$',
  schedule: '^src/schedule[.]ts$',
  http: '^src/http/',
  // How fast a partner's long work calls Partner Center.
  pace: '^src/pace/',
  // The domain core: pure.
  mca: '^src/mca/',
  gdap: '^src/gdap/',
  // Clients and adapters, the recognizer, cards and words.
  partnerCenter: '^src/partnerCenter/',
  graph: '^src/graph/',
  localTokens: '^src/localTokens/',
  storage: '^src/storage/',
  recognizer: '^src/recognizer/',
  i18n: '^src/i18n/',
  cards: '^src/cards/',
  config: '^src/config([.]ts$|/)',
  // The work.
  jobs: '^src/jobs/',
  commands: '^src/commands/',
  // Teams and the bot.
  teams: '^src/teams/',
  bot: '^src/bot/',
  server: '^src/server/',
  // Programs of their own, and the wiring on top.
  emulator: '^src/emulator/',
  packaging: '^src/packaging/',
  wiring: '^src/((app|index|playground)[.]ts$|wiring/)',
};

const CROSS_CUTTING = [
  'log',
  'checks',
  'deadline',
  'clock',
  'retry',
  'cache',
  'heartbeat',
  'signing',
  'schedule',
  'http',
];
const BASE = ['log', 'checks', 'deadline', 'clock', 'retry', 'cache', 'heartbeat', 'signing', 'schedule'];

/** Who may import whom: every edge written out, each pointing down. */
const ALLOWED = {
  log: [],
  checks: [],
  deadline: [],
  clock: [],
  retry: ['clock'],
  cache: [],
  heartbeat: [],
  signing: [],
  schedule: [],
  http: ['log', 'clock', 'retry'],
  pace: ['clock'],
  mca: [],
  gdap: [],
  partnerCenter: [...CROSS_CUTTING],
  graph: [...CROSS_CUTTING],
  localTokens: [...CROSS_CUTTING],
  storage: [...CROSS_CUTTING],
  recognizer: [...BASE],
  i18n: [...BASE],
  // Cards put the core's verdicts, states and keys into words.
  cards: [...BASE, 'i18n', 'mca'],
  // The settings validate GDAP roles and Partner Center clouds by their names.
  config: [...BASE, 'gdap', 'partnerCenter'],
  jobs: [...CROSS_CUTTING, 'pace', 'mca', 'partnerCenter', 'storage', 'cards', 'i18n'],
  commands: [
    ...CROSS_CUTTING,
    'mca',
    'gdap',
    'partnerCenter',
    'graph',
    'storage',
    'recognizer',
    'i18n',
    'cards',
    'jobs',
  ],
  teams: [...CROSS_CUTTING, 'mca', 'partnerCenter', 'recognizer', 'i18n', 'cards', 'commands'],
  bot: [
    ...CROSS_CUTTING,
    ...[
      'mca',
      'gdap',
      'partnerCenter',
      'graph',
      'localTokens',
      'storage',
      'recognizer',
      'i18n',
      'cards',
      'config',
    ],
    ...['jobs', 'commands', 'teams'],
  ],
  // The server calls the bot through the port the bot declares (src/bot/turnEndpoint.ts), and nothing else of it.
  server: [...CROSS_CUTTING, 'bot'],
  // The local double of Partner Center and Graph: it answers with the clients' own schemas, and shares no code
  // with what it checks (rule "emulator-without-verdict-code").
  emulator: [...CROSS_CUTTING, 'partnerCenter', 'graph', 'localTokens', 'config'],
  packaging: [...BASE, 'config'],
  wiring: Object.keys(PARTS),
};

const others = (part) => [PARTS[part], ...ALLOWED[part].map((name) => PARTS[name])];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle inside src/: break it with a port declared below, or move the type to its owner.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...Object.keys(PARTS).map((part) => ({
      name: `layer-${part}`,
      severity: 'error',
      comment: `${part} imports only ${ALLOWED[part].join(', ') || 'nothing of src/'} (the parts below it).`,
      from: { path: PARTS[part] },
      to: {
        path: '^src/',
        pathNot: others(part),
      },
    })),
    {
      name: 'in-a-layer',
      severity: 'error',
      comment:
        'Every file of src/ belongs to a part of .dependency-cruiser.cjs: add it to PARTS and ALLOWED.',
      from: { path: '^src/', pathNot: Object.values(PARTS) },
      to: {},
    },
    {
      name: 'emulator-only-from-wiring',
      severity: 'error',
      comment:
        'The emulator is a program of its own: only the wiring (app.ts, index.ts) and its main start it.',
      from: { path: '^src/', pathNot: [PARTS.emulator, PARTS.wiring] },
      to: { path: PARTS.emulator },
    },
    {
      name: 'emulator-without-verdict-code',
      severity: 'error',
      comment:
        'A test double that shares the code under test cannot catch its bugs: the emulator imports nothing of the ' +
        'MCA core, the commands or the jobs, not even a type.',
      from: { path: PARTS.emulator },
      to: { path: '^src/(mca|commands|jobs)/' },
    },
    {
      name: 'mca-pure',
      severity: 'error',
      comment: 'The MCA core is plain data in, plain data out: no I/O, no packages, no node: modules.',
      from: { path: PARTS.mca },
      to: { dependencyTypes: ['npm', 'npm-dev', 'core', 'npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
