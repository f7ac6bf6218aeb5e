/**
 * End-to-end tests of this package in an n8n queue-mode cluster: `npm run test:e2e:queue`.
 *
 * globalSetup (test/e2e/harness/queue-global-setup.js) starts PostgreSQL and Redis of its own, then
 * the pinned n8n 2.x as main + 2 workers + 2 webhook processes with the packed package installed in
 * every user folder; every file in test/e2e/queue-mode/ shares that one cluster, in file-name order
 * (some files restart or kill processes). Needs Debian's `postgresql` and `redis-server` packages.
 * Knobs as for the other e2e runs: RECONBANKER_E2E_SKIP_BUILD=1, RECONBANKER_E2E_KEEP=1.
 */
const path = require('node:path');

module.exports = {
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e/queue-mode'],
	testMatch: ['**/*.e2e.test.ts'],
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/n8n-runtime/', '<rootDir>/test/e2e/n8n-runtime-lts/', '<rootDir>/.local/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'test', 'e2e', 'tsconfig.json') }] },
	globalSetup: '<rootDir>/test/e2e/harness/queue-global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/harness/queue-global-teardown.js',
	testSequencer: '<rootDir>/test/e2e/harness/file-order-sequencer.js',
	// One cluster is shared by every file: run them one after another, in one process.
	maxWorkers: 1,
	testTimeout: 240_000,
	verbose: true,
};
