'use strict';
/**
 * An n8n queue-mode cluster on one machine, for the e2e queue-mode suite:
 *
 *   PostgreSQL + Redis (queue-services.js), then, all booting at once,
 *   main     `n8n start`   editor, API, triggers and pollers; N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true
 *   worker-N `n8n worker`  runs the executions (health endpoint on its port)
 *   webhook-N `n8n webhook` serves production webhooks (/webhook/*)
 *
 * every process with its own user folder (as its own container would have), the package installed in
 * each of them the way n8n installs a community package, and one shared environment: the same
 * N8N_ENCRYPTION_KEY, database and Redis (n8n's "Queue mode" docs). 2.x migrates PostgreSQL under an
 * advisory lock, so the processes may boot in parallel.
 *
 *   const cluster = await startQueueCluster({ runtime, root, packed, workers: 2, webhooks: 2 });
 *   cluster.processes.main.baseUrl; cluster.specs['worker-1'];   // plain data: restart with startClusterProcess
 *   await cluster.stop();
 *
 * A process's spec is plain data (JSON), so a test can stop and start it again from another module
 * registry: startClusterProcess(runtime, spec).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { getFreePort, startN8n } = require('./n8n-instance');
const { installTarball } = require('./package-tarball');
const { startPostgres, startRedis } = require('./queue-services');

/** The environment every process of one cluster shares. */
function sharedQueueEnv({ pg, redis, encryptionKey }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		N8N_ENCRYPTION_KEY: encryptionKey,
		// n8n's queue-mode docs: manual executions run on workers too.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/** Starts one process of a cluster from its spec (plain data); resolves the startN8n instance. */
function startClusterProcess(runtime, spec, { log, onSpawn } = {}) {
	return startN8n({
		runtime,
		command: spec.command,
		args: spec.args,
		userFolder: spec.userFolder,
		port: spec.port,
		brokerPort: spec.brokerPort,
		webhookUrl: spec.webhookUrl,
		logFile: spec.logFile,
		env: spec.env,
		readyTimeoutMs: spec.readyTimeoutMs,
		log: log && ((line) => log(`${spec.name}: ${line}`)),
		onSpawn,
	});
}

/**
 * Starts PostgreSQL, Redis and the n8n processes; resolves
 * { pg, redis, encryptionKey, specs: {name: spec}, processes: {name: instance}, bootMs, stop() }.
 * @param {object} options
 * @param {object} options.runtime  from ensureN8nRuntime()
 * @param {string} options.root  a folder for the user folders and logs (<root>/<name>/, <root>/<name>.log)
 * @param {{tarball: string, sha256: string, name: string, version: string}} options.packed  from packPackage()
 * @param {number} [options.workers]  default 2
 * @param {number} [options.webhooks]  default 1
 * @param {Record<string,string>} [options.env]  extra environment for every process
 * @param {(line: string) => void} [options.log]
 */
async function startQueueCluster({ runtime, root, packed, workers = 2, webhooks = 1, env = {}, log = () => {}, keepServices = false }) {
	const started = Date.now();
	const [pgResult, redisResult] = await Promise.allSettled([startPostgres({ log, keep: keepServices }), startRedis({ log, keep: keepServices })]);
	if (pgResult.status === 'rejected' || redisResult.status === 'rejected') {
		if (pgResult.status === 'fulfilled') await pgResult.value.stop();
		if (redisResult.status === 'fulfilled') await redisResult.value.stop();
		throw pgResult.status === 'rejected' ? pgResult.reason : redisResult.reason;
	}
	const pg = pgResult.value;
	const redis = redisResult.value;
	const encryptionKey = crypto.randomBytes(24).toString('base64url');
	const shared = { ...sharedQueueEnv({ pg, redis, encryptionKey }), ...env };

	const names = [
		'main',
		...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`),
		...Array.from({ length: webhooks }, (_, i) => `webhook-${i + 1}`),
	];
	// Every port picked up front and distinct (getFreePort alone could hand out the same one twice).
	const taken = new Set();
	const freePort = async () => {
		for (;;) {
			const port = await getFreePort();
			if (!taken.has(port)) {
				taken.add(port);
				return port;
			}
		}
	};
	const ports = {};
	for (const name of names) ports[name] = { port: await freePort(), brokerPort: await freePort() };
	// Production webhooks are served by the webhook processes; WEBHOOK_URL names the first one (the
	// address a load balancer in front of them would have).
	const webhookUrl = webhooks > 0 ? `http://localhost:${ports['webhook-1'].port}/` : `http://localhost:${ports.main.port}/`;

	const specs = {};
	for (const name of names) {
		const command = name === 'main' ? 'start' : name.replace(/-\d+$/, '');
		const userFolder = path.join(root, name);
		specs[name] = {
			name,
			command,
			args: [],
			userFolder,
			logFile: path.join(root, `${name}.log`),
			port: ports[name].port,
			brokerPort: ports[name].brokerPort,
			baseUrl: `http://127.0.0.1:${ports[name].port}`,
			webhookUrl,
			env: { ...shared, ...(command === 'start' ? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : {}) },
			readyTimeoutMs: 240_000,
		};
		fs.mkdirSync(userFolder, { recursive: true });
		// The package in every process's user folder, as n8n installs a community package.
		installTarball({ userFolder, ...packed });
	}

	const processes = {};
	const spawned = [];
	const results = await Promise.allSettled(
		names.map(async (name) => {
			processes[name] = await startClusterProcess(runtime, specs[name], { log, onSpawn: (instance) => spawned.push(instance) });
		}),
	);
	const stopAll = async () => {
		await Promise.all(spawned.map((instance) => instance.stop()));
		await Promise.all([pg.stop(), redis.stop()]);
	};
	const failed = results.find((r) => r.status === 'rejected');
	if (failed) {
		await stopAll();
		throw failed.reason;
	}
	const bootMs = Date.now() - started;
	log(`queue-mode cluster (${names.join(', ')}) ready in ${(bootMs / 1000).toFixed(1)} s`);
	return { pg, redis, encryptionKey, specs, processes, webhookUrl, bootMs, stop: stopAll };
}

module.exports = { startQueueCluster, startClusterProcess, sharedQueueEnv };
