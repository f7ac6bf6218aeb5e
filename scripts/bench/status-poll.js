#!/usr/bin/env node
'use strict';
/**
 * Benchmark: one Reconbanker Status Trigger poll over N accounts in the pinned real n8n, against the
 * sandbox. Not a test: it prints numbers (and optionally a CPU profile of n8n's main process).
 *
 *   node scripts/bench/status-poll.js [--accounts 1000] [--rounds 3] [--concurrency 5]
 *        [--scheduled] [--profile] [--out <dir>] [--no-build] [--repo <checkout>]
 *
 * What it does:
 *   1. the pinned runtime; build + pack + install the package (from this repo, or --repo <dir>, e.g.
 *      an export of an older commit, to compare) into a fresh temp n8n user folder
 *   2. the sandbox in this process with N accounts, each with a pending code request
 *   3. n8n (with --profile: its inspector on a random loopback port)
 *   4. a reconbankerApi credential and a workflow Status Trigger → No Operation (scheduled once a year,
 *      or every minute with --scheduled)
 *   5. round 1: publish. n8n runs the first poll inside the publish call (an activation poll), which
 *      here finds N new requests and emits N items. Rounds 2..R: unpublish + publish again: the poll
 *      finds nothing new (static data kept) and emits nothing.
 *   6. --scheduled: also wait for the next poll n8n starts from its minute schedule (the production
 *      path: n8n-core's PollTriggerExecutor holds an expression isolate for the whole poll)
 *
 * Per poll it reports `pollMs`: from the first status request the sandbox received to the last status
 * response it finished (the poll itself, measured on the wire); `n8nCpuMs`: the CPU time n8n's main
 * process used meanwhile (less sensitive to other load on the machine than wall time); and for
 * activation polls `publishMs` (the publish call; n8n 2.40 answers it before the poll ends). With --profile it writes n8n's CPU profile of each
 * round (<out>/round-<n>.cpuprofile, open in Chrome DevTools) and prints where the time went.
 *
 * The machine may be shared: absolute times are noisy, compare ratios of runs made back to back.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ensureN8nRuntime } = require('../lib/n8n-runtime');
const { startN8n } = require('../lib/n8n-instance');
const { buildPackAndInstall, REPO_ROOT } = require('../lib/package-tarball');
const { summariseProfile, connectInspector } = require('./cpu-profile');

const OWNER = { email: 'bench@example.com', firstName: 'Bench', lastName: 'Owner', password: 'Bench-owner-password-1' };
const TRIGGER = 'Reconbanker Status Trigger';

function parseArgs(argv) {
	const args = { accounts: 1000, rounds: 3, concurrency: 5, scheduled: false, profile: false, build: true, repo: REPO_ROOT, out: undefined };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${arg} needs a value`);
			return next;
		};
		if (arg === '--accounts') args.accounts = Number(value());
		else if (arg === '--rounds') args.rounds = Number(value());
		else if (arg === '--concurrency') args.concurrency = Number(value());
		else if (arg === '--scheduled') args.scheduled = true;
		else if (arg === '--profile') args.profile = true;
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--repo') args.repo = path.resolve(value());
		else if (arg === '--out') args.out = path.resolve(value());
		else throw new Error(`unknown option ${arg}`);
	}
	if (!(args.accounts >= 1) || !(args.rounds >= 1)) throw new Error('--accounts and --rounds must be at least 1');
	return args;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
		return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
	} catch {
		return undefined;
	}
}
// USER_HZ: 100 on Linux for every mainstream architecture.
const CLOCK_TICKS_PER_SECOND = 100;

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records, for the sandbox's status route, when each request arrived and when its response finished,
 * so a poll's duration is measured on the wire (independent of how n8n reports it).
 */
function recordStatusRequests(sandbox) {
	const records = [];
	sandbox.server.prependListener('request', (req, res) => {
		if (!/\/v1\/accounts\/[^/]+\/status$/.test((req.url || '').split('?')[0])) return;
		const record = { start: performance.now(), end: undefined, status: 0 };
		records.push(record);
		res.on('finish', () => {
			record.end = performance.now();
			record.status = res.statusCode;
		});
	});
	return {
		/** Waits until `count` requests after index `from` have finished; resolves their span. */
		async waitForPoll(from, count, { timeoutMs }) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const batch = records.slice(from, from + count);
				if (batch.length === count && batch.every((r) => r.end !== undefined)) {
					const first = Math.min(...batch.map((r) => r.start));
					const last = Math.max(...batch.map((r) => r.end));
					const failed = batch.filter((r) => r.status !== 200).length;
					return { pollMs: last - first, requests: count, failed, firstAt: first };
				}
				if (Date.now() > deadline) {
					throw new Error(`only ${Math.max(0, records.length - from)} of ${count} status requests arrived within ${timeoutMs / 1000} s`);
				}
				await sleep(50);
			}
		},
		get count() {
			return records.length;
		},
	};
}

/**
 * Every minute with --scheduled; otherwise once a year (1 January), so no scheduled poll runs into
 * the activation polls being measured (n8n 2.40 does not stop a poll from overlapping the last).
 */
function workflowFor(credentialId, accountIds, concurrency, scheduled) {
	return {
		name: `bench status poll ${accountIds.length}`,
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-reconbanker.reconbankerStatusTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: {
						item: [scheduled ? { mode: 'everyMinute' } : { mode: 'custom', cronExpression: '0 0 1 1 *' }],
					},
					accountIds: accountIds.join('\n'),
					fireOn: ['code_requested'],
					options: { maxConcurrency: concurrency },
				},
				credentials: { reconbankerApi: { id: credentialId, name: 'bench API' } },
			},
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: 'No Operation',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [260, 0],
				parameters: {},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The inspector URL the main n8n process printed (NODE_OPTIONS=--inspect=127.0.0.1:0). */
async function inspectorUrl(logFile, fromOffset) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const text = fs.readFileSync(logFile).subarray(fromOffset).toString('utf8');
		const match = /Debugger listening on (ws:\/\/\S+)/.exec(text);
		if (match) return match[1];
		await sleep(200);
	}
	throw new Error('n8n did not print its inspector URL');
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const runtime = await ensureN8nRuntime();
	if (args.profile && typeof WebSocket === 'undefined') {
		// The inspector client needs a WebSocket (Node 22+): run again under the runtime's Node 24.
		const result = spawnSync(runtime.nodeBin, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
		process.exit(result.status ?? 1);
	}
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconbanker-bench-'));
	const out = args.out ?? path.join(root, 'out');
	fs.mkdirSync(out, { recursive: true });
	const userFolder = path.join(root, 'n8n-user');
	const logFile = path.join(root, 'n8n.log');
	let n8n;
	let sandbox;
	try {
		const pkg = buildPackAndInstall({ userFolder, build: args.build, repoRoot: args.repo });
		log(`installed ${pkg.name}@${pkg.version} from ${args.repo}`);

		const { startSandbox } = require(path.join(REPO_ROOT, 'test', 'sandbox'));
		sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
		const user = sandbox.createUser({ email: 'bench@example.com', password: 'pw-bench' });
		const accountIds = [];
		for (let i = 0; i < args.accounts; i++) {
			const { id } = sandbox.createAccount({ userId: user.id });
			sandbox.openRequest(id, { length: 6, type: 'numeric' });
			accountIds.push(id);
		}
		const apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null }).key;
		const wire = recordStatusRequests(sandbox);

		const env = { EXECUTIONS_DATA_PRUNE: 'false' };
		if (args.profile) env.NODE_OPTIONS = '--inspect=127.0.0.1:0';
		n8n = await startN8n({ runtime, userFolder, logFile, env, log });
		const inspector = args.profile ? await connectInspector(await inspectorUrl(logFile, 0)) : undefined;
		const session = await n8n.setupOwner(OWNER);
		const api = n8n.publicApi(await session.createApiKey('bench'));
		const credential = await api.post('/credentials', {
			name: 'bench API',
			type: 'reconbankerApi',
			data: { baseUrl: sandbox.baseUrl, apiKey },
		});
		const workflow = await api.post('/workflows', workflowFor(credential.id, accountIds, args.concurrency, args.scheduled));

		const results = [];
		for (let round = 1; round <= args.rounds; round++) {
			if (round > 1) await api.post(`/workflows/${workflow.id}/unpublish`, {});
			const from = wire.count;
			if (inspector) await inspector.startProfile();
			const cpuBefore = processCpuMs(n8n.pid);
			const started = performance.now();
			await api.post(`/workflows/${workflow.id}/publish`, {}, { timeoutMs: 30 * 60_000 });
			const publishMs = performance.now() - started;
			const poll = await wire.waitForPoll(from, args.accounts, { timeoutMs: 30 * 60_000 });
			const n8nCpuMs = cpuBefore === undefined ? undefined : processCpuMs(n8n.pid) - cpuBefore;
			const result = { round, kind: round === 1 ? 'activation, N new requests' : 'activation, nothing new', publishMs, n8nCpuMs, ...poll };
			if (inspector) {
				const profile = await inspector.stopProfile();
				const file = path.join(out, `round-${round}.cpuprofile`);
				fs.writeFileSync(file, JSON.stringify(profile));
				result.profile = file;
				result.summary = summariseProfile(profile);
			}
			delete result.firstAt;
			results.push(result);
			log(`round ${round}: poll ${Math.round(poll.pollMs)} ms, n8n CPU ${n8nCpuMs} ms, publish ${Math.round(publishMs)} ms (${poll.failed} failed requests)`);
		}

		if (args.scheduled) {
			const from = wire.count;
			log('waiting for the next scheduled poll (up to ~70 s)');
			if (inspector) await inspector.startProfile();
			// CPU from the poll's first request on (n8n idles until then; ≤ 20 ms of the poll is missed).
			while (wire.count === from) await sleep(20);
			const cpuBefore = processCpuMs(n8n.pid);
			const poll = await wire.waitForPoll(from, args.accounts, { timeoutMs: 30 * 60_000 });
			const n8nCpuMs = cpuBefore === undefined ? undefined : processCpuMs(n8n.pid) - cpuBefore;
			const result = { round: 'scheduled', kind: 'scheduled, nothing new', n8nCpuMs, ...poll };
			if (inspector) {
				const profile = await inspector.stopProfile();
				const file = path.join(out, 'scheduled.cpuprofile');
				fs.writeFileSync(file, JSON.stringify(profile));
				result.profile = file;
				result.summary = summariseProfile(profile);
			}
			delete result.firstAt;
			results.push(result);
			log(`scheduled: poll ${Math.round(poll.pollMs)} ms, n8n CPU ${n8nCpuMs} ms`);
		}

		const executions = await api.get(`/executions?workflowId=${workflow.id}&limit=10`);
		const report = {
			date: new Date().toISOString(),
			n8n: runtime.n8nVersion,
			node: spawnSync(runtime.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim(),
			cpus: os.cpus().length,
			loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
			repo: args.repo,
			accounts: args.accounts,
			concurrency: args.concurrency,
			executions: executions.data.map((e) => ({ id: e.id, status: e.status, mode: e.mode })),
			results,
		};
		fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2));
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
		log(`report: ${path.join(out, 'report.json')}`);
		if (inspector) inspector.close();
	} finally {
		if (n8n) await n8n.stop();
		if (sandbox) await sandbox.close();
		if (!process.env.RECONBANKER_BENCH_KEEP) fs.rmSync(path.join(root, 'n8n-user'), { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
