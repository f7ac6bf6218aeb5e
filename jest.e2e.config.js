/**
 * End-to-end tests against a real n8n (the pinned runtime in test/e2e/n8n-runtime) with this package
 * installed from its packed tarball, and the Reconbanker sandbox. `npm run test:e2e`.
 *
 * globalSetup installs/reuses the runtime, builds + packs + installs the package into a fresh temp
 * user folder, starts n8n on free ports and sets up the owner and a public-API key; test files read
 * that as plain data through test/e2e/harness/context.ts (each file starts its own sandbox).
 * Environment knobs: RECONBANKER_E2E_SKIP_BUILD=1 (pack the existing dist/), RECONBANKER_E2E_KEEP=1
 * (keep the temp user folder and n8n's log), RECONBANKER_N8N_CACHE (runtime cache folder).
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// queue-mode/ has its own config (jest.e2e-queue.config.js: a cluster, not one n8n).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/n8n-runtime/', '<rootDir>/test/e2e/queue-mode/'],
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/n8n-runtime/', '<rootDir>/.local/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: require('node:path').join(__dirname, 'test', 'e2e', 'tsconfig.json') }] },
	globalSetup: '<rootDir>/test/e2e/harness/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/harness/global-teardown.js',
	// One n8n is shared by every file: run them one after another.
	maxWorkers: 1,
	testTimeout: 180_000,
	verbose: true,
};
