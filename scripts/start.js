#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the local demo. A real n8n with this package installed the way users install it,
 * the Reconbanker sandbox beside it, credentials and templates ready.
 *
 *   1. the pinned n8n runtime (installed into a cache on first use: a few minutes, once)
 *   2. `npm run build` + `npm pack`, the tarball installed into .local/n8n-user/.n8n/nodes
 *   3. the sandbox (test/sandbox/cli.js) on http://127.0.0.1:4010, seeded from scripts/demo-seed.json
 *   4. n8n on http://localhost:5678 (SQLite in .local/n8n-user), owner created or logged in
 *   5. the package's credentials pointing at the sandbox (created once, updated on later runs)
 *   6. every templates/*.json imported (once; re-imported when the file changes)
 *   7. the demo workflow published (see DEMO below), then what to do next is printed
 * Ctrl-C stops n8n and the sandbox. A second `npm start` reuses .local/n8n-user.
 *
 * Options: --reset (start from an empty .local/n8n-user), --no-build (pack the existing dist/).
 * Environment: RECONBANKER_DEMO_PORT (5678), RECONBANKER_DEMO_SANDBOX_PORT (4010).
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const readline = require('node:readline');
const { spawn } = require('node:child_process');

const { ensureN8nRuntime } = require('./lib/n8n-runtime');
const { startN8n, isPortInUse, makeClient } = require('./lib/n8n-instance');
const { buildPackAndInstall, REPO_ROOT } = require('./lib/package-tarball');

const LOCAL_DIR = path.join(REPO_ROOT, '.local');
const USER_FOLDER = path.join(LOCAL_DIR, 'n8n-user');
const STATE_FILE = path.join(USER_FOLDER, 'reconbanker-demo.json');
const SEED_FILE = path.join(__dirname, 'demo-seed.json');
const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
const SANDBOX_CLI = path.join(REPO_ROOT, 'test', 'sandbox', 'cli.js');

const N8N_PORT = Number(process.env.RECONBANKER_DEMO_PORT || 5678);
const SANDBOX_PORT = Number(process.env.RECONBANKER_DEMO_SANDBOX_PORT || 4010);
const N8N_URL = `http://localhost:${N8N_PORT}`;

/** The n8n owner `npm start` creates (local demo only). */
const DEMO_OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Reconbanker-demo-1',
};
const API_KEY_LABEL = 'reconbanker-demo (npm start)';

// ─── The demo workflow ─────────────────────────────────────────────────────────────────────────
// By default the "behind a firewall" template: Reconbanker Realtime Trigger → TOTP → Submit. It needs
// no URL at all: n8n opens the sandbox's realtime stream with the demo Dashboard credential, so
// `prepare` only puts the demo account's ID into the trigger. The sandbox account
// (scripts/demo-seed.json) expects the TOTP code of the secret the demo `totpApi` credential holds,
// so opening a request (the printed curl) makes the workflow answer it and the sandbox accept it.
// RECONBANKER_DEMO_TEMPLATE=authenticator-totp.json runs the push version instead: its trigger uses
// manual registration, so `prepare` does what a user does in the dashboard's Notification settings:
// point the account at the trigger's production URL, with the token.
const DEMO = {
	template: process.env.RECONBANKER_DEMO_TEMPLATE || 'behind-firewall-realtime-totp.json',
	async prepare({ api, workflowId, sandbox, accountId, webhookUrl, secrets }) {
		const workflow = await api.get(`/workflows/${workflowId}`);
		const realtime = workflow.nodes.find((node) => node.type === 'n8n-nodes-reconbanker.reconbankerRealtimeTrigger');
		if (realtime) {
			realtime.parameters = { ...realtime.parameters, accountScope: 'list', accountIds: accountId };
			const { name, nodes, connections, settings } = workflow;
			await api.put(`/workflows/${workflowId}`, { name, nodes, connections, settings: settings || {} });
			log(`the realtime trigger watches account ${accountId} (no webhook URL needed)`);
			return;
		}
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-reconbanker.reconbankerTrigger');
		if (!trigger) return;
		// n8n's webhook path: <webhookId>/<path>, or <workflowId>/<node name>/<path> for nodes without one.
		const id = trigger.webhookId ?? `${workflowId}/${encodeURIComponent(trigger.name.toLowerCase())}`;
		const productionUrl = `${webhookUrl.replace(/\/+$/, '')}/webhook/${id}/notifications`;
		await sandbox.put(`/accounts/${accountId}/config`, {
			notification_endpoint_url: productionUrl,
			notification_auth_type: 'bearer',
			notification_auth_token: secrets.webhookToken,
			notification_events: ['assistance_required'],
			notification_transport: 'api',
		});
		log(`sandbox account ${accountId} notifies ${productionUrl}`);
	},
};
// ───────────────────────────────────────────────────────────────────────────────────────────────

function say(line = '') {
	process.stdout.write(`${line}\n`);
}
function log(line) {
	process.stderr.write(`[start] ${line}\n`);
}

function readJson(file, fallback) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return fallback;
	}
}
function writeState(state) {
	fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Finds the first string anywhere in a JSON value that matches. */
function findString(value, re) {
	if (typeof value === 'string') return re.test(value) ? value : undefined;
	if (value && typeof value === 'object') {
		for (const v of Object.values(value)) {
			const found = findString(v, re);
			if (found) return found;
		}
	}
	return undefined;
}

/** Starts test/sandbox/cli.js and resolves its first stdout line (JSON) and the child. */
function startSandboxCli({ port, seedFile, signingSecret, logFile }) {
	return new Promise((resolve, reject) => {
		if (!fs.existsSync(SANDBOX_CLI)) {
			reject(new Error(`The Reconbanker sandbox CLI is missing (${SANDBOX_CLI}).`));
			return;
		}
		const args = [SANDBOX_CLI, '--port', String(port), '--seed', seedFile, '--signing-secret', signingSecret];
		// Its own process group: a terminal Ctrl-C reaches only us, and we stop it in order.
		const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		process.once('exit', () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		});
		const err = fs.createWriteStream(logFile, { flags: 'a' });
		child.stderr.pipe(err);
		const lines = readline.createInterface({ input: child.stdout });
		let settled = false;
		lines.once('line', (line) => {
			settled = true;
			try {
				resolve({ child, info: JSON.parse(line) });
			} catch (error) {
				child.kill('SIGTERM');
				reject(new Error(`The sandbox printed something other than JSON: ${line.slice(0, 200)} (${error.message})`));
			}
		});
		child.once('exit', (code, signal) => {
			if (!settled) {
				settled = true;
				let tail = '';
				try {
					tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
				} catch {
					// nothing logged
				}
				reject(new Error(`The sandbox exited during start (code ${code}, signal ${signal}):\n${tail}`));
			}
		});
	});
}

/** The package's credential and node classes, read from the built dist/ (names may change). */
function packageTypes() {
	const pkg = readJson(path.join(REPO_ROOT, 'package.json'), {});
	const load = (file) => {
		try {
			return Object.values(require(path.join(REPO_ROOT, file))).filter((v) => typeof v === 'function').map((C) => new C());
		} catch (error) {
			log(`could not load ${file}: ${error.message}`);
			return [];
		}
	};
	const credentials = (pkg.n8n?.credentials || [])
		.flatMap(load)
		.filter((c) => typeof c?.name === 'string' && Array.isArray(c.properties));
	return { name: pkg.name, credentials };
}

/**
 * What the demo credentials hold, by credential type. Keys a type does not have (per n8n's schema
 * for it) are dropped, so renamed fields show up as a clear "missing required field" instead of a
 * rejected request.
 */
function demoCredentialData({ sandboxUrl, seed, sandboxApiKey, secrets }) {
	const user = seed.users?.[0] || {};
	const totpSecret = seed.accounts?.[0]?.expectedCode?.totpSecret;
	return {
		reconbankerApi: { baseUrl: sandboxUrl, apiKey: sandboxApiKey },
		reconbankerDashboardApi: { baseUrl: sandboxUrl, email: user.email, password: user.password },
		reconbankerWebhookAuth: {
			authType: 'bearer',
			token: secrets.webhookToken,
			signingSecret: secrets.signingSecret,
			timestampToleranceSeconds: 300,
		},
		...(totpSecret ? { totpApi: { label: 'Reconbanker:demo', secret: totpSecret } } : {}),
	};
}

async function upsertCredential(api, state, type, displayName, wanted) {
	const schema = await api.request('GET', `/credentials/schema/${encodeURIComponent(type)}`);
	if (schema.status !== 200) {
		log(`n8n has no credential type ${type}; skipped`);
		return undefined;
	}
	const properties = schema.body.properties || {};
	const data = Object.fromEntries(Object.entries(wanted).filter(([key]) => key in properties));
	const missing = (schema.body.required || []).filter((key) => !(key in data));
	if (missing.length) {
		log(`TODO: the demo does not know how to fill ${type}.${missing.join(', ')} (scripts/start.js demoCredentialData); skipped`);
		return undefined;
	}
	const name = `${displayName} (demo sandbox)`;
	const known = state.credentials[type];
	if (known) {
		const updated = await api.request('PATCH', `/credentials/${known.id}`, { data });
		if (updated.status === 200) return { id: known.id, name: updated.body.name || known.name };
		if (updated.status !== 404) throw new Error(`PATCH /credentials/${known.id} → ${updated.status} ${JSON.stringify(updated.body)}`);
	}
	const created = await api.post('/credentials', { name, type, data });
	state.credentials[type] = { id: created.id, name: created.name };
	return state.credentials[type];
}

/** What the public API accepts for POST/PUT /workflows. */
function workflowBody(template, credentialsByType) {
	const nodes = (template.nodes || []).map((node) => {
		if (!node.credentials) return node;
		const credentials = {};
		for (const [type, ref] of Object.entries(node.credentials)) {
			credentials[type] = credentialsByType[type] || ref;
		}
		return { ...node, credentials };
	});
	return {
		name: template.name,
		nodes,
		connections: template.connections || {},
		settings: template.settings || {},
		...(template.staticData ? { staticData: template.staticData } : {}),
	};
}

async function importTemplates(api, state, credentialsByType) {
	const files = fs.existsSync(TEMPLATES_DIR)
		? fs
				.readdirSync(TEMPLATES_DIR)
				.filter((f) => f.endsWith('.json'))
				.sort()
		: [];
	const credentialsHash = sha256(JSON.stringify(credentialsByType));
	const result = [];
	for (const file of files) {
		const text = fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8');
		const hash = sha256(`${text}\n${credentialsHash}`);
		let template;
		try {
			template = JSON.parse(text);
		} catch (error) {
			log(`templates/${file} is not valid JSON (${error.message}); skipped`);
			continue;
		}
		template.name = template.name || file.replace(/\.json$/, '');
		const known = state.workflows[file];
		const body = workflowBody(template, credentialsByType);
		let id;
		let action = 'unchanged';
		if (known && (await api.request('GET', `/workflows/${known.id}`)).status === 200) {
			id = known.id;
			if (known.hash !== hash) {
				const put = await api.request('PUT', `/workflows/${id}`, body);
				if (put.status !== 200) {
					log(`templates/${file}: update failed (${put.status} ${JSON.stringify(put.body).slice(0, 300)})`);
					continue;
				}
				action = 'updated';
			}
		} else {
			const created = await api.request('POST', '/workflows', body);
			if (created.status !== 200) {
				log(`templates/${file}: import failed (${created.status} ${JSON.stringify(created.body).slice(0, 300)})`);
				continue;
			}
			id = created.body.id;
			action = 'imported';
		}
		state.workflows[file] = { id, hash };
		result.push({ file, id, name: template.name, action });
	}
	return result;
}

async function main() {
	const args = new Set(process.argv.slice(2));
	const t0 = Date.now();
	if (args.has('--reset')) {
		log(`--reset: removing ${USER_FOLDER}`);
		fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	}
	for (const [what, port] of [
		['n8n', N8N_PORT],
		['sandbox', SANDBOX_PORT],
	]) {
		if (await isPortInUse(port)) {
			throw new Error(`port ${port} (${what}) is already in use — is another \`npm start\` running? Stop it first.`);
		}
	}
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const state = readJson(STATE_FILE, {});
	state.credentials = state.credentials || {};
	state.workflows = state.workflows || {};
	state.secrets = state.secrets || {
		webhookToken: crypto.randomBytes(24).toString('base64url'),
		signingSecret: crypto.randomBytes(24).toString('base64url'),
	};
	writeState(state);

	const runtime = await ensureN8nRuntime();
	log(`n8n ${runtime.n8nVersion} runtime: ${runtime.dir}`);
	const pkg = buildPackAndInstall({ userFolder: USER_FOLDER, build: !args.has('--no-build') });

	const running = { n8n: null, sandbox: null };
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the sandbox…');
		const sandboxExit = running.sandbox
			? new Promise((resolve) => {
					if (running.sandbox.exitCode !== null || running.sandbox.signalCode !== null) resolve();
					else {
						running.sandbox.once('exit', resolve);
						running.sandbox.kill('SIGTERM');
					}
				})
			: Promise.resolve();
		await Promise.all([running.n8n ? running.n8n.stop() : Promise.resolve(), sandboxExit]);
		say('Stopped.');
		process.exit(code);
	};
	let interrupts = 0;
	const onSignal = () => {
		interrupts += 1;
		if (interrupts > 1) {
			try {
				if (running.n8n) process.kill(-running.n8n.pid, 'SIGKILL');
			} catch {
				// gone
			}
			running.sandbox?.kill('SIGKILL');
			process.exit(130);
		}
		void stopAll(0);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		// The sandbox (in-memory: new API key on every start, so the credential is updated below).
		const seed = readJson(SEED_FILE);
		const sandboxLog = path.join(LOCAL_DIR, 'sandbox.log');
		const { child, info } = await startSandboxCli({
			port: SANDBOX_PORT,
			seedFile: SEED_FILE,
			signingSecret: state.secrets.signingSecret,
			logFile: sandboxLog,
		});
		running.sandbox = child;
		child.once('exit', (code, signal) => {
			if (!stopping) {
				log(`the sandbox exited (code ${code}, signal ${signal}); see ${sandboxLog}`);
				void stopAll(1);
			}
		});
		const sandboxUrl = info.baseUrl;
		const accountId = info.accountId || seed.accounts[0].id;
		const sandboxApiKey = info.apiKey || findString(info, /^rbk_[0-9a-f]{8}_[0-9a-f]{64}$/);
		if (!sandboxApiKey) throw new Error(`The sandbox printed no API key: ${JSON.stringify(info).slice(0, 300)}`);
		log(`sandbox at ${sandboxUrl} (account ${accountId})`);
		const sandbox = makeClient(`${sandboxUrl}/__sandbox`, () => ({}));

		// n8n
		const n8n = await startN8n({
			// Known before it is ready, so Ctrl-C during the boot stops it cleanly too.
			onSpawn: (instance) => {
				running.n8n = instance;
			},
			runtime,
			userFolder: USER_FOLDER,
			port: N8N_PORT,
			webhookUrl: `${N8N_URL}/`,
			logFile: path.join(LOCAL_DIR, 'n8n.log'),
			killOnSignal: false,
			log: (line) => log(line),
		});
		running.n8n = n8n;
		const session = await n8n.setupOwner(DEMO_OWNER).catch((error) => {
			throw new Error(
				`Could not log in as ${DEMO_OWNER.email} (${error.message}). If you changed the owner in the editor, run \`npm start -- --reset\` to start over.`,
			);
		});

		// A public-API key: reuse the stored one while it works; otherwise replace ours.
		let api = state.n8nApiKey ? n8n.publicApi(state.n8nApiKey) : null;
		if (!api || (await api.request('GET', '/workflows?limit=1')).status !== 200) {
			for (const key of await session.listApiKeys()) {
				if (key.label === API_KEY_LABEL) await session.deleteApiKey(key.id);
			}
			state.n8nApiKey = await session.createApiKey(API_KEY_LABEL);
			writeState(state);
			api = n8n.publicApi(state.n8nApiKey);
		}

		// Credentials pointing at the sandbox.
		const wanted = demoCredentialData({ sandboxUrl, seed, sandboxApiKey, secrets: state.secrets });
		const { credentials: declared } = packageTypes();
		const displayNames = Object.fromEntries(declared.map((c) => [c.name, c.displayName || c.name]));
		displayNames.totpApi = 'TOTP';
		const credentialsByType = {};
		for (const type of [...declared.map((c) => c.name), ...Object.keys(wanted).filter((t) => !t.startsWith('reconbanker'))]) {
			if (!wanted[type]) {
				log(`TODO: no demo data for credential type ${type} (scripts/start.js demoCredentialData)`);
				continue;
			}
			const ref = await upsertCredential(api, state, type, displayNames[type] || type, wanted[type]);
			if (ref) credentialsByType[type] = ref;
		}
		writeState(state);

		// Templates.
		const imported = await importTemplates(api, state, credentialsByType);
		writeState(state);

		// The demo workflow.
		let demoLine = 'No demo workflow is chosen yet (TODO in scripts/start.js: DEMO.template).';
		const demoEntry = DEMO.template && imported.find((w) => w.file === DEMO.template);
		if (DEMO.template && !demoEntry) {
			demoLine = `The demo template templates/${DEMO.template} was not imported (see messages above).`;
		} else if (demoEntry) {
			// One demo answers the sandbox's requests: unpublish the other templates (an earlier run may
			// have published another demo).
			for (const other of imported) {
				if (other.id !== demoEntry.id) await api.request('POST', `/workflows/${other.id}/unpublish`, {});
			}
			await DEMO.prepare({
				api,
				workflowId: demoEntry.id,
				sandbox,
				accountId,
				webhookUrl: n8n.webhookUrl,
				secrets: state.secrets,
			});
			const published = await api.request('POST', `/workflows/${demoEntry.id}/publish`, {});
			demoLine =
				published.status === 200
					? `Published the demo workflow "${demoEntry.name}": ${N8N_URL}/workflow/${demoEntry.id}`
					: `Publishing "${demoEntry.name}" failed: ${published.status} ${JSON.stringify(published.body).slice(0, 300)}`;
		}

		const controlUrl = `${sandboxUrl}/__sandbox`;
		const openRequest = `curl -s -X POST ${controlUrl}/accounts/${accountId}/requests -H 'content-type: application/json' -d '{"descriptor":{"length":6,"type":"numeric","purpose":"login"}}'`;
		say('');
		say('──────────────────────────────────────────────────────────────────────────────');
		say(` n8n ${runtime.n8nVersion} with ${pkg.name}@${pkg.version} is running (ready in ${Math.round((Date.now() - t0) / 1000)} s)`);
		say('──────────────────────────────────────────────────────────────────────────────');
		say(` Editor:     ${N8N_URL}`);
		say(` Log in:     ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
		say(` Sandbox:    ${sandboxUrl}  (Reconbanker fake; account ${accountId})`);
		say(
			` Dashboard:  ${seed.users[0].email} / ${seed.users[0].password}  (the sandbox's demo user)`,
		);
		say(' Credentials (pointing at the sandbox):');
		for (const [type, ref] of Object.entries(credentialsByType)) say(`   - ${ref.name}  [${type}]`);
		if (imported.length === 0) say(' Templates:  none yet (templates/*.json)');
		else {
			say(' Templates:');
			for (const w of imported) say(`   - ${w.name}  (${w.action}) ${N8N_URL}/workflow/${w.id}`);
		}
		say(` Demo:       ${demoLine}`);
		say('');
		say(' Make the sandbox ask for a code (the demo workflow answers it):');
		say(`   ${openRequest}`);
		say(' Then watch it:');
		say(`   - executions: ${N8N_URL}/home/executions`);
		say(`   - what the sandbox received: curl -s ${controlUrl}/accounts/${accountId}/submissions`);
		say(`   - status: curl -s ${controlUrl}/accounts/${accountId}/status`);
		say('');
		say(` Logs: ${path.relative(REPO_ROOT, n8n.logFile)}, ${path.relative(REPO_ROOT, sandboxLog)}`);
		say(' Ctrl-C stops n8n and the sandbox. `npm start -- --reset` starts from an empty n8n.');
		say('──────────────────────────────────────────────────────────────────────────────');

		// Run until Ctrl-C; if n8n dies on its own, stop the rest too.
		const watch = setInterval(() => {
			if (n8n.exited && !stopping) {
				log(`n8n exited on its own (${JSON.stringify(n8n.exited)}); see ${n8n.logFile}`);
				clearInterval(watch);
				void stopAll(1);
			}
		}, 1000);
	} catch (error) {
		log(error.message);
		await stopAll(1);
	}
}

main().catch((error) => {
	process.stderr.write(`[start] ${error.stack || error.message}\n`);
	process.exit(1);
});
