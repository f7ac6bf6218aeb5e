'use strict';
/**
 * Jest globalSetup for the e2e tests: one real n8n for the whole run.
 *
 *  1. the pinned runtime (installed on first use, cached afterwards): n8n 2.x by default,
 *     the n8n 1.x LTS one with RECONBANKER_E2E_RUNTIME=lts (scripts/lib/n8n-runtime.js)
 *  2. `npm run build` + `npm pack`, the tarball installed into a fresh temp user folder the way n8n's
 *     community-node installer does
 *  3. `n8n start` on free ports (WEBHOOK_URL = its own loopback address), owner set up, a public-API
 *     key with every scope the owner may grant
 *  4. plain data for the tests in <temp>/context.json; its path in RECONBANKER_E2E_CONTEXT
 *     (globalSetup runs outside the tests' module registry: only data crosses, never handles)
 *
 * global-teardown.js stops n8n (the whole process group) and removes the temp folder.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8nRuntime } = require('../../../scripts/lib/n8n-runtime');
const { startN8n } = require('../../../scripts/lib/n8n-instance');
const { buildPackAndInstall } = require('../../../scripts/lib/package-tarball');

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-password-1',
};

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

module.exports = async function globalSetup() {
	const t0 = Date.now();
	const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
	process.stderr.write('\n');

	const runtimeName = process.env.RECONBANKER_E2E_RUNTIME || 'default';
	const runtime = await ensureN8nRuntime(runtimeName);
	log(`${runtimeName} runtime n8n ${runtime.n8nVersion} ready (${seconds(t0)}): ${runtime.dir}`);

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconbanker-e2e-'));
	const userFolder = path.join(root, 'n8n-user');
	const logFile = path.join(root, 'n8n.log');
	const state = { root, n8n: null };
	globalThis.__RECONBANKER_E2E__ = state;

	try {
		const t1 = Date.now();
		const pkg = buildPackAndInstall({ userFolder, build: process.env.RECONBANKER_E2E_SKIP_BUILD !== '1' });
		log(`package ${pkg.name}@${pkg.version} built, packed and installed (${seconds(t1)})`);

		const n8n = await startN8n({ runtime, userFolder, logFile, log: (line) => log(line) });
		state.n8n = n8n;
		const session = await n8n.setupOwner(OWNER);
		const apiKey = await session.createApiKey('reconbanker-e2e');

		const context = {
			n8nVersion: runtime.n8nVersion,
			n8nMajor: Number(String(runtime.n8nVersion).split('.')[0]),
			runtimeName,
			n8nBaseUrl: n8n.baseUrl,
			webhookUrl: n8n.webhookUrl,
			port: n8n.port,
			pid: n8n.pid,
			apiKey,
			cookie: session.cookie,
			owner: OWNER,
			userFolder,
			logFile,
			runtime: { dir: runtime.dir, nodeBin: runtime.nodeBin, n8nBin: runtime.n8nBin, binDir: runtime.binDir },
			n8nEnv: n8n.env,
			package: { name: pkg.name, version: pkg.version, dir: pkg.packageDir, sha256: pkg.sha256 },
			timings: { setupMs: Date.now() - t0, bootMs: n8n.bootMs },
		};
		const contextFile = path.join(root, 'context.json');
		fs.writeFileSync(contextFile, JSON.stringify(context, null, 2), { mode: 0o600 });
		process.env.RECONBANKER_E2E_CONTEXT = contextFile;
		log(`n8n ${runtime.n8nVersion} at ${n8n.baseUrl} (boot ${(n8n.bootMs / 1000).toFixed(1)} s, setup total ${seconds(t0)}); log: ${logFile}`);
	} catch (error) {
		// Jest does not run globalTeardown when globalSetup fails: clean up here.
		if (state.n8n) await state.n8n.stop();
		log(`setup failed; n8n log (if any) kept at ${logFile}`);
		throw error;
	}
};
