/**
 * The end-to-end core against the pinned n8n 1.x LTS (test/e2e/n8n-runtime-lts: n8n 1.123.x on
 * Node 24): `npm run test:e2e:lts`. Same harness and test files as jest.e2e.config.js; the harness
 * reads RECONBANKER_E2E_RUNTIME=lts and uses 1.x's routes where they differ (activate/deactivate
 * instead of publish/unpublish, the editor's credential-test route).
 *
 * The core: the package installs and loads, the credential test, every template imports, the push
 * loop and the poll loop. (`RECONBANKER_E2E_RUNTIME=lts npx jest -c jest.e2e.config.js <file>` runs
 * any other e2e file against 1.x.)
 */
const base = require('./jest.e2e.config');

process.env.RECONBANKER_E2E_RUNTIME = 'lts';

const CORE = ['install', 'credentials', 'templates', 'push-loop', 'poll-loop'];

module.exports = {
	...base,
	testMatch: CORE.map((name) => `<rootDir>/test/e2e/${name}.e2e.test.ts`),
};
