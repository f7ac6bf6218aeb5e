/**
 * The editor walk (issue 10): a real browser (Debian's chromium, driven by playwright-core) against
 * the same real n8n the e2e tests use — same globalSetup/teardown, test files `*.editor.test.ts`
 * under test/e2e/editor. `npm run test:editor`; `npm run docs:screenshots` also saves the README
 * pictures into docs/images.
 */
const e2e = require('./jest.e2e.config.js');

module.exports = {
	...e2e,
	testMatch: ['**/*.editor.test.ts'],
	// A browser walk step waits on a slow editor; a whole file gets this long per test.
	testTimeout: 300_000,
};
