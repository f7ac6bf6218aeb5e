'use strict';
/**
 * Jest globalSetup of the queue-mode suite (jest.e2e-queue.config.js): one n8n queue-mode cluster for
 * every file of the run.
 *
 *  1. the pinned n8n 2.x runtime (scripts/lib/n8n-runtime.js)
 *  2. `npm run build` + `npm pack` once; the tarball installed into every process's user folder
 *  3. PostgreSQL + Redis of its own, then main + 2 workers + 2 webhook processes booting in parallel
 *     (scripts/lib/n8n-queue-cluster.js); owner set up on the main, a public-API key
 *  4. plain data for the tests in <temp>/context.json (RECONBANKER_E2E_CONTEXT): the fields every e2e
 *     helper reads (the main is "the" n8n, WEBHOOK_URL the first webhook process) plus `queue`: each
 *     process's spec, so a test can stop, kill and start it again (harness/queue.ts); the current
 *     pid of each process in <temp>/pids.json, which queue-global-teardown.js reads.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8nRuntime } = require('../../../scripts/lib/n8n-runtime');
const { buildPackage, packPackage } = require('../../../scripts/lib/package-tarball');
const { startQueueCluster } = require('../../../scripts/lib/n8n-queue-cluster');

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-password-1',
};

function log(message) {
	process.stderr.write(`[e2e-queue] ${message}\n`);
}

/**
 * Test-only timer settings. A killed worker's job is found stalled once its lock expires
 * (QUEUE_WORKER_LOCK_DURATION, n8n default 60 s) at the next stalled-job check
 * (QUEUE_WORKER_STALLED_INTERVAL, default 30 s): 20 s / 5 s here, so the crash test waits ~25 s, not
 * ~90 s. The lock is renewed every 5 s (default 10 s), so a busy event loop still keeps it.
 */
const CLUSTER_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
	// "Loaded all credentials and nodes from <package>" is a debug line: the proof each process loaded it.
	N8N_LOG_LEVEL: 'debug',
};

module.exports = async function queueGlobalSetup() {
	const t0 = Date.now();
	const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
	process.stderr.write('\n');

	const runtime = await ensureN8nRuntime('default');
	log(`runtime n8n ${runtime.n8nVersion} ready (${seconds(t0)})`);

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconbanker-e2e-queue-'));
	const state = { root, cluster: null };
	globalThis.__RECONBANKER_E2E_QUEUE__ = state;
	try {
		const t1 = Date.now();
		if (process.env.RECONBANKER_E2E_SKIP_BUILD !== '1') buildPackage();
		const packed = packPackage();
		log(`package ${packed.name}@${packed.version} packed (${seconds(t1)})`);

		let cluster;
		try {
			cluster = await startQueueCluster({ runtime, root, packed, workers: 2, webhooks: 2, env: CLUSTER_ENV, log });
		} finally {
			fs.rmSync(packed.dir, { recursive: true, force: true });
		}
		state.cluster = cluster;

		const main = cluster.processes.main;
		const session = await main.setupOwner(OWNER);
		const apiKey = await session.createApiKey('reconbanker-e2e-queue');

		const pidsFile = path.join(root, 'pids.json');
		const pids = Object.fromEntries(Object.entries(cluster.processes).map(([name, instance]) => [name, instance.pid]));
		fs.writeFileSync(pidsFile, JSON.stringify(pids, null, 2));

		const context = {
			n8nVersion: runtime.n8nVersion,
			n8nMajor: Number(String(runtime.n8nVersion).split('.')[0]),
			runtimeName: 'default',
			n8nBaseUrl: main.baseUrl,
			webhookUrl: cluster.webhookUrl,
			port: main.port,
			pid: main.pid,
			apiKey,
			cookie: session.cookie,
			owner: OWNER,
			userFolder: main.userFolder,
			logFile: main.logFile,
			runtime: { dir: runtime.dir, nodeBin: runtime.nodeBin, n8nBin: runtime.n8nBin, binDir: runtime.binDir },
			n8nEnv: main.env,
			package: {
				name: packed.name,
				version: packed.version,
				dir: path.join(main.userFolder, '.n8n', 'nodes', 'node_modules', packed.name),
				sha256: packed.sha256,
			},
			timings: { setupMs: Date.now() - t0, bootMs: cluster.bootMs },
			queue: {
				root,
				pidsFile,
				processes: cluster.specs,
				postgres: { host: cluster.pg.host, port: cluster.pg.port, database: cluster.pg.database, runAs: cluster.pg.runAs ?? null },
				redis: { host: cluster.redis.host, port: cluster.redis.port },
				clusterEnv: CLUSTER_ENV,
			},
		};
		const contextFile = path.join(root, 'context.json');
		fs.writeFileSync(contextFile, JSON.stringify(context, null, 2), { mode: 0o600 });
		process.env.RECONBANKER_E2E_CONTEXT = contextFile;
		log(`cluster ready: main ${main.baseUrl}, webhooks ${cluster.webhookUrl} (setup total ${seconds(t0)}); logs in ${root}`);
	} catch (error) {
		// Jest does not run globalTeardown when globalSetup fails: clean up here.
		if (state.cluster) await state.cluster.stop();
		log(`setup failed; logs (if any) kept in ${root}`);
		throw error;
	}
};
