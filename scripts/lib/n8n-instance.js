'use strict';
/**
 * Start, drive and stop one real n8n (from ensureN8nRuntime()). Used by `npm start` and the e2e tests.
 *
 *   const n8n = await startN8n({ runtime, userFolder, port: 5678 });   // waits until REST answers
 *   const session = await n8n.setupOwner(DEMO_OWNER);                   // owner setup, or login
 *   const apiKey = await session.createApiKey('e2e');                   // every scope the owner may grant
 *   const api = n8n.publicApi(apiKey);  await api.get('/workflows');    // /api/v1/...
 *   await session.get('/node-types')…                                    // /rest/... with the cookie
 *   await n8n.stop();                                                    // SIGTERM the group, then SIGKILL
 *
 * n8n runs in its own process group (it spawns task runners), so stop() ends all of it.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, execFile } = require('node:child_process');

const BROWSER_ID = 'n8n-nodes-reconbanker-scripts';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free a moment ago (the OS picks it). */
function getFreePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on host:port. */
function isPortInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/*
 * n8n runs in its own process group, so a Ctrl-C in the terminal does not reach it. Unless a caller
 * handles signals itself (killOnSignal: false, as scripts/start.js does), a SIGINT/SIGTERM/SIGHUP to
 * this process kills every n8n it started and then takes the signal's default action.
 */
const liveGroups = new Set();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let signalHandlersInstalled = false;
function killLiveGroups() {
	for (const pid of liveGroups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	liveGroups.clear();
}
function onSignal(signal) {
	killLiveGroups();
	for (const s of SIGNALS) process.removeListener(s, onSignal);
	signalHandlersInstalled = false;
	if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
function installSignalHandlers() {
	if (signalHandlersInstalled) return;
	signalHandlersInstalled = true;
	for (const s of SIGNALS) process.on(s, onSignal);
}
process.on('exit', killLiveGroups);

function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/**
 * The environment n8n runs with. Nothing from a calling jest/npm process leaks in: NODE_ENV=test
 * makes n8n refuse to load nodes ("Not available in tests"), and npm_config_* would reach the npm
 * n8n itself runs. NODE_ENV=production, as in a real deployment: without it n8n answers a stranger's
 * malformed webhook body with a stack trace that shows its internal paths.
 */
function n8nEnv({ runtime, userFolder, port, brokerPort, webhookUrl, listenAddress, extraEnv }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(npm_|JEST_|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|N8N_|DB_|WEBHOOK_URL$|EXECUTIONS_|GENERIC_TIMEZONE$|TZ$)/i.test(key)) continue;
		env[key] = value;
	}
	Object.assign(env, {
		PATH: `${runtime.binDir}${path.delimiter}${process.env.PATH || ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: listenAddress,
		N8N_PROTOCOL: 'http',
		N8N_HOST: 'localhost',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		WEBHOOK_URL: webhookUrl,
		N8N_EDITOR_BASE_URL: webhookUrl,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// Loading the package exactly as a user's instance would: from <userFolder>/.n8n/nodes.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extraEnv,
	});
	return env;
}

/** Parses a body as JSON when it is JSON, else returns the text. */
function parseBody(text, contentType) {
	if ((contentType || '').includes('json') || /^[[{]/.test(text.trim())) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}

/**
 * One HTTP request on a fresh connection (no keep-alive: a pooled socket that the server closed
 * while idle fails the next request with "other side closed"). Resolves
 * { status, body, headers } where headers is a WHATWG Headers object; any status resolves.
 */
function httpRequest(url, { method = 'GET', headers = {}, body, timeoutMs = 60_000 } = {}) {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const lib = target.protocol === 'https:' ? require('node:https') : require('node:http');
		const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = lib.request(
			target,
			{
				method,
				agent: false,
				headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
				timeout: timeoutMs,
			},
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const responseHeaders = new Headers();
					for (const [key, value] of Object.entries(res.headers)) {
						for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) responseHeaders.append(key, v);
					}
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({ status: res.statusCode, body: parseBody(text, res.headers['content-type']), headers: responseHeaders });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(payload);
	});
}

class HttpError extends Error {
	constructor(method, url, status, body) {
		const shown = typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body).slice(0, 500);
		super(`${method} ${url} → ${status}: ${shown}`);
		this.status = status;
		this.body = body;
	}
}

/**
 * A tiny JSON client. `request()` resolves `{ status, body, headers }` for any status;
 * `get/post/patch/put/delete` throw an HttpError unless the status is 2xx.
 */
function makeClient(baseUrl, headers) {
	const request = async (method, route, body, { headers: extra = {}, timeoutMs = 60_000 } = {}) => {
		return httpRequest(`${baseUrl}${route}`, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers(),
				...extra,
			},
			body,
			timeoutMs,
		});
	};
	const strict = (method) => async (route, body, options) => {
		const result = await request(method, route, body, options);
		if (result.status < 200 || result.status >= 300) {
			throw new HttpError(method, `${baseUrl}${route}`, result.status, result.body);
		}
		return result.body;
	};
	return {
		baseUrl,
		request,
		get: (route, options) => strict('GET')(route, undefined, options),
		delete: (route, options) => strict('DELETE')(route, undefined, options),
		post: strict('POST'),
		patch: strict('PATCH'),
		put: strict('PUT'),
	};
}

function cookieFrom(response) {
	const all = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
	const raw = all.length ? all : [response.headers.get('set-cookie') || ''];
	for (const line of raw) {
		const match = /(?:^|,\s*)n8n-auth=([^;]+)/.exec(line);
		if (match) return `n8n-auth=${match[1]}`;
	}
	return undefined;
}

/**
 * Starts `n8n start` and resolves once the REST API answers JSON; or, for queue mode, `n8n worker` /
 * `n8n webhook` (options.command), resolved once its /healthz/readiness answers 200.
 * @param {object} options
 * @param {'start'|'worker'|'webhook'} [options.command]  default 'start'. A worker serves only
 *   /healthz (QUEUE_HEALTH_CHECK_* are set to `port`); a webhook process serves /webhook/* and /healthz
 * @param {string[]} [options.args]  extra CLI arguments (e.g. ['--concurrency=5'])
 * @param {{binDir: string, nodeBin: string, n8nBin: string}} options.runtime  from ensureN8nRuntime()
 * @param {string} options.userFolder  N8N_USER_FOLDER (n8n keeps .n8n/ with the SQLite db in it)
 * @param {number} [options.port]  default: a free port
 * @param {number} [options.brokerPort]  task-runner broker port; default: a free port ≠ port
 * @param {string} [options.webhookUrl]  default http://localhost:<port>/
 * @param {string} [options.listenAddress]  default 127.0.0.1
 * @param {string} [options.logFile]  default <userFolder>/n8n.log
 * @param {Record<string,string>} [options.env]  extra environment
 * @param {number} [options.readyTimeoutMs]  default 180 s
 * @param {boolean} [options.killOnSignal]  default true: SIGINT/SIGTERM/SIGHUP kill this n8n
 * @param {(line: string) => void} [options.log]
 * @param {(instance: object) => void} [options.onSpawn]  called with the instance before the readiness
 *   wait, so a caller can stop n8n cleanly if it is interrupted while n8n boots
 */
async function startN8n(options) {
	const { runtime, userFolder } = options;
	const log = options.log || ((line) => process.stderr.write(`[n8n] ${line}\n`));
	const listenAddress = options.listenAddress || '127.0.0.1';
	const port = options.port || (await getFreePort());
	let brokerPort = options.brokerPort;
	while (!brokerPort || brokerPort === port) brokerPort = await getFreePort();
	for (const [what, p] of [['N8N_PORT', port], ['N8N_RUNNERS_BROKER_PORT', brokerPort]]) {
		if (await isPortInUse(p)) {
			throw new Error(`port ${p} (${what}) is already in use: is another n8n running? Stop it or choose another port.`);
		}
	}
	const command = options.command || 'start';
	if (!['start', 'worker', 'webhook'].includes(command)) throw new Error(`unknown n8n command "${command}"`);
	const webhookUrl = options.webhookUrl || `http://localhost:${port}/`;
	const baseUrl = `http://127.0.0.1:${port}`;
	fs.mkdirSync(userFolder, { recursive: true });
	const logFile = options.logFile || path.join(userFolder, 'n8n.log');
	// A worker has no N8N_PORT server: its health endpoint (our readiness probe) listens on `port`.
	const workerServer =
		command === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: listenAddress }
			: {};
	const env = n8nEnv({
		runtime,
		userFolder,
		port,
		brokerPort,
		webhookUrl,
		listenAddress,
		extraEnv: { ...workerServer, ...(options.env || {}) },
	});
	const args = [runtime.n8nBin, command, ...(options.args || [])];

	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n===== ${new Date().toISOString()} n8n ${command} (port ${port}, broker ${brokerPort}) =====\n`);
	const started = Date.now();
	const child = spawn(runtime.nodeBin, args, {
		cwd: userFolder,
		env,
		detached: true, // its own process group: stop() signals the task runners too
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	// If our own process exits (or is signalled) without stop(), do not leave n8n behind.
	liveGroups.add(child.pid);
	if (options.killOnSignal !== false) installSignalHandlers();

	let stopping = null;
	const instance = {
		command,
		baseUrl,
		port,
		brokerPort,
		webhookUrl,
		userFolder,
		logFile,
		pid: child.pid,
		env,
		startedAt: started,
		get exited() {
			return exited;
		},
		/** SIGTERM to the whole group, SIGKILL after timeoutMs; resolves when n8n has exited. */
		stop(timeoutMs = 20_000) {
			if (stopping) return stopping;
			stopping = (async () => {
				const signalGroup = (signal) => {
					try {
						process.kill(-child.pid, signal);
					} catch {
						// group gone
					}
				};
				if (!exited) {
					signalGroup('SIGTERM');
					let timer;
					const timeout = new Promise((resolve) => {
						timer = setTimeout(() => resolve('timeout'), timeoutMs);
					});
					const first = await Promise.race([exitPromise, timeout]);
					clearTimeout(timer);
					if (first === 'timeout') log(`n8n (pid ${child.pid}) did not stop within ${timeoutMs} ms; killing it`);
				}
				signalGroup('SIGKILL'); // stragglers (task runners) in the group
				await exitPromise;
				liveGroups.delete(child.pid);
			})();
			return stopping;
		},
		rest: (cookie) => makeClient(`${baseUrl}/rest`, () => ({ 'browser-id': BROWSER_ID, ...(cookie ? { cookie } : {}) })),
		publicApi: (apiKey) => makeClient(`${baseUrl}/api/v1`, () => ({ 'x-n8n-api-key': apiKey })),
		/** Owner setup on a fresh instance, login on a set-up one; resolves a logged-in session. */
		setupOwner: (owner) => setupOwner(instance, owner),
		login: (owner) => login(instance, owner),
		/** Runs an n8n CLI command (e.g. ['import:workflow', '--input=x.json']) against this user folder. */
		// Its own broker port: some commands (execute) start a task broker of their own.
		cli: async (args, cliOptions) =>
			runN8nCli(runtime, { ...env, N8N_RUNNERS_BROKER_PORT: String(await getFreePort()) }, args, cliOptions),
	};

	log(`starting n8n ${command === 'start' ? '' : `${command} `}on ${baseUrl} (user folder ${userFolder}, log ${logFile})`);
	options.onSpawn?.(instance);
	try {
		const waitOptions = { timeoutMs: options.readyTimeoutMs || 180_000, isDead: () => exited };
		if (command === 'start') await waitForRest(instance, waitOptions);
		else await waitForReadiness(instance, waitOptions);
	} catch (error) {
		await instance.stop(5_000);
		error.message += `\n--- last lines of ${logFile} ---\n${tail(logFile)}`;
		throw error;
	}
	instance.bootMs = Date.now() - started;
	log(`n8n ${command === 'start' ? '' : `${command} (port ${port}) `}is ready after ${(instance.bootMs / 1000).toFixed(1)} s`);
	return instance;
}

/**
 * /healthz answers ~10 s before the REST routes exist; wait for a JSON answer from REST itself
 * (`GET /rest/settings` is public, and answers once the controllers are registered).
 */
async function waitForRest(instance, { timeoutMs, isDead }) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		const dead = isDead();
		if (dead) throw new Error(`n8n exited during start (code ${dead.code}, signal ${dead.signal})`);
		try {
			const response = await httpRequest(`${instance.baseUrl}/rest/settings`, {
				headers: { accept: 'application/json', 'browser-id': BROWSER_ID },
				timeoutMs: 5_000,
			});
			const { body } = response;
			if (response.status === 200 && body && typeof body === 'object' && body.data) {
				instance.settings = body.data;
				return;
			}
			last = `${response.status} ${typeof body === 'string' ? body.slice(0, 80) : JSON.stringify(body).slice(0, 80)}`;
		} catch (error) {
			last = error.code || error.message;
		}
		await sleep(500);
	}
	throw new Error(`n8n's REST API did not answer within ${timeoutMs / 1000} s (last: ${last})`);
}

/**
 * A worker's or webhook process's readiness: GET /healthz/readiness answers 200 once its database
 * is connected and migrated, Redis is connected and the process is fully started.
 */
async function waitForReadiness(instance, { timeoutMs, isDead }) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		const dead = isDead();
		if (dead) throw new Error(`n8n ${instance.command} exited during start (code ${dead.code}, signal ${dead.signal})`);
		try {
			const response = await httpRequest(`${instance.baseUrl}/healthz/readiness`, { timeoutMs: 5_000 });
			if (response.status === 200) return;
			last = `${response.status}`;
		} catch (error) {
			last = error.code || error.message;
		}
		await sleep(500);
	}
	throw new Error(`n8n ${instance.command} was not ready within ${timeoutMs / 1000} s (last: ${last})`);
}

function makeSession(instance, cookie, user) {
	const rest = instance.rest(cookie);
	return {
		...rest,
		cookie,
		user,
		/** Every scope this user may grant (GET /rest/api-keys/scopes). */
		apiKeyScopes: async () => (await rest.get('/api-keys/scopes')).data,
		/** A public-API key with every grantable scope; resolves the raw key. */
		async createApiKey(label) {
			const scopes = (await rest.get('/api-keys/scopes')).data;
			const created = await rest.post('/api-keys', { label, expiresAt: null, scopes });
			return created.data.rawApiKey;
		},
		/** Lists the user's API keys (redacted); 2.40 answers { data: { items, counts, totals } }. */
		async listApiKeys() {
			const { data } = await rest.get('/api-keys');
			return Array.isArray(data) ? data : data?.items ?? [];
		},
		deleteApiKey: (id) => rest.delete(`/api-keys/${encodeURIComponent(id)}`),
	};
}

async function login(instance, { email, password }) {
	const response = await httpRequest(`${instance.baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json', 'browser-id': BROWSER_ID },
		body: { emailOrLdapLoginId: email, password },
	});
	const { body } = response;
	const cookie = cookieFrom(response);
	if (response.status !== 200 || !cookie) {
		throw new HttpError('POST', `${instance.baseUrl}/rest/login`, response.status, body);
	}
	return makeSession(instance, cookie, body.data);
}

/** Creates the owner when the instance has none (first start), otherwise logs in. */
async function setupOwner(instance, owner) {
	const settings = (await instance.rest().get('/settings')).data;
	const needsSetup = settings?.userManagement?.showSetupOnFirstLoad;
	if (!needsSetup) return login(instance, owner);
	const response = await httpRequest(`${instance.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json', 'browser-id': BROWSER_ID },
		body: {
			email: owner.email,
			firstName: owner.firstName,
			lastName: owner.lastName,
			password: owner.password,
		},
	});
	const { body } = response;
	const cookie = cookieFrom(response);
	if (response.status !== 200 || !cookie) {
		throw new HttpError('POST', `${instance.baseUrl}/rest/owner/setup`, response.status, body);
	}
	return makeSession(instance, cookie, body.data);
}

/**
 * Runs an n8n CLI command with the same environment (user folder, database) as the instance.
 * Resolves { stdout, stderr }; rejects with both on a non-zero exit.
 */
function runN8nCli(runtime, env, args, { timeoutMs = 120_000 } = {}) {
	return new Promise((resolve, reject) => {
		execFile(
			runtime.nodeBin,
			[runtime.n8nBin, ...args],
			{ env, cwd: env.N8N_USER_FOLDER, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
			(error, stdout, stderr) => {
				if (error) {
					error.message += `\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`;
					reject(error);
				} else resolve({ stdout, stderr });
			},
		);
	});
}

module.exports = { startN8n, getFreePort, isPortInUse, makeClient, httpRequest, HttpError, runN8nCli, n8nEnv, BROWSER_ID };
