/**
 * What a queue-mode e2e file (test/e2e/queue-mode/) works with beyond harness/context.ts: the
 * cluster's processes (main, worker-N, webhook-N) as plain data, their logs, stopping / killing /
 * starting them again, which worker ran an execution, and a tiny load balancer in front of the
 * webhook processes.
 *
 *   import { clusterProcess, killProcess, startProcess, workerThatRan } from '../harness/queue';
 *   await killProcess('worker-1');                // SIGKILL to its whole process group
 *   await startProcess('worker-1');               // same spec, same ports; waits until ready
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';

import { e2eContext } from './context';

export type ProcessName = 'main' | `worker-${number}` | `webhook-${number}`;

/** One process of the cluster, as queue-global-setup.js wrote it (scripts/lib/n8n-queue-cluster.js). */
export interface ClusterProcessSpec {
	name: string;
	command: 'start' | 'worker' | 'webhook';
	args: string[];
	userFolder: string;
	logFile: string;
	/** main: REST/editor; webhook-N: /webhook/*; worker-N: its health endpoint */
	port: number;
	brokerPort: number;
	baseUrl: string;
	webhookUrl: string;
	env: Record<string, string>;
	readyTimeoutMs: number;
}

export interface QueueContext {
	root: string;
	pidsFile: string;
	processes: Record<string, ClusterProcessSpec>;
	postgres: { host: string; port: number; database: string; runAs: string | null };
	redis: { host: string; port: number };
	clusterEnv: Record<string, string>;
}

const clusterLib = require('../../../scripts/lib/n8n-queue-cluster') as {
	startClusterProcess(
		runtime: unknown,
		spec: ClusterProcessSpec,
		options?: { log?: (line: string) => void },
	): Promise<{ pid: number; bootMs: number }>;
};

/** The cluster data global setup wrote (throws outside the queue-mode run). */
export function queueContext(): QueueContext {
	const queue = (e2eContext() as unknown as { queue?: QueueContext }).queue;
	if (!queue) throw new Error('No queue-mode cluster: run these tests with `npm run test:e2e:queue` (jest -c jest.e2e-queue.config.js).');
	return queue;
}

export function clusterProcess(name: string): ClusterProcessSpec {
	const spec = queueContext().processes[name];
	if (!spec) throw new Error(`The cluster has no process "${name}" (it has ${Object.keys(queueContext().processes).join(', ')})`);
	return spec;
}

/** Names of the processes, optionally of one kind. */
export function processNames(command?: ClusterProcessSpec['command']): string[] {
	return Object.values(queueContext().processes)
		.filter((spec) => !command || spec.command === command)
		.map((spec) => spec.name);
}

function readPids(): Record<string, number> {
	return JSON.parse(readFileSync(queueContext().pidsFile, 'utf8'));
}

/** The pid of a process's group leader now (changes when a test starts it again). */
export function currentPid(name: string): number {
	const pid = readPids()[name];
	if (!Number.isInteger(pid)) throw new Error(`No pid recorded for ${name}`);
	return pid;
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function endGroup(name: string, signal: 'SIGTERM' | 'SIGKILL', timeoutMs: number): Promise<void> {
	const pid = currentPid(name);
	try {
		process.kill(-pid, signal);
	} catch {
		return; // already gone
	}
	const deadline = Date.now() + timeoutMs;
	while (groupAlive(pid)) {
		if (Date.now() > deadline) {
			if (signal === 'SIGKILL') throw new Error(`${name} (pid ${pid}) survived SIGKILL for ${timeoutMs} ms`);
			process.kill(-pid, 'SIGKILL');
			signal = 'SIGKILL';
		}
		await sleep(100);
	}
}

/** Stops a process as an orchestrator would (SIGTERM: n8n shuts down gracefully; SIGKILL after 40 s). */
export function stopProcess(name: string, timeoutMs = 40_000): Promise<void> {
	return endGroup(name, 'SIGTERM', timeoutMs);
}

/** Kills a process and everything it spawned (task runners) at once: a crash, an OOM kill. */
export function killProcess(name: string): Promise<void> {
	return endGroup(name, 'SIGKILL', 10_000);
}

/** Starts a stopped process again with its spec (same user folder, ports, environment); waits until ready. */
export async function startProcess(name: string): Promise<{ bootMs: number }> {
	const spec = clusterProcess(name);
	if (groupAlive(currentPid(name))) throw new Error(`${name} is still running (pid ${currentPid(name)})`);
	const instance = await clusterLib.startClusterProcess(e2eContext().runtime, spec, {
		log: (line) => process.stderr.write(`[e2e-queue] ${line}\n`),
	});
	// The teardown ends the pids in this file: record the new one at once.
	writeFileSync(queueContext().pidsFile, JSON.stringify({ ...readPids(), [name]: instance.pid }, null, 2));
	return { bootMs: instance.bootMs };
}

export async function restartProcess(name: string): Promise<{ bootMs: number }> {
	await stopProcess(name);
	return startProcess(name);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** A process's log (colour codes removed) from a byte offset; take processLogSize() before an action. */
export function processLog(name: string, fromOffset = 0): string {
	return readFileSync(clusterProcess(name).logFile).subarray(fromOffset).toString('utf8').replace(ANSI, '');
}

export function processLogSize(name: string): number {
	return statSync(clusterProcess(name).logFile).size;
}

/** The worker whose log says it started this execution ("Worker started execution <id> (job <n>)"). */
export function workerThatRan(executionId: string): string | undefined {
	const line = new RegExp(`Worker started execution ${executionId} \\(job `);
	return processNames('worker').find((name) => line.test(processLog(name)));
}

/** Every worker whose log says it started this execution (more than one = it ran twice). */
export function workersThatRan(executionId: string): string[] {
	const line = new RegExp(`Worker started execution ${executionId} \\(job `, 'g');
	return processNames('worker').flatMap((name) => processLog(name).match(line)?.map(() => name) ?? []);
}

export interface BalancedRequest {
	target: string;
	method: string;
	path: string;
	status: number;
}

export interface WebhookBalancer {
	/** http://127.0.0.1:<port> — give it `/webhook/<id>/<path>` as a webhook process would get it */
	url: string;
	/** From now on, every request goes to this webhook process (as a load balancer might decide). */
	routeTo(name: string): void;
	/** From now on, each request goes to the next webhook process in turn (round robin). */
	roundRobin(): void;
	/** Every request forwarded so far, with the process that answered it. */
	requests: BalancedRequest[];
	close(): Promise<void>;
}

/**
 * A minimal reverse proxy standing for the load balancer users put in front of their webhook
 * processes: it forwards each request, body and headers unchanged, to the webhook process chosen
 * with routeTo() (the first one at start) and records who answered. Closed when the file ends.
 */
export async function startWebhookBalancer(names = processNames('webhook')): Promise<WebhookBalancer> {
	if (names.length === 0) throw new Error('No webhook processes to balance');
	let fixed: string | undefined = names[0];
	let turn = 0;
	const requests: BalancedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chosen = fixed ?? names[turn++ % names.length];
		const spec = clusterProcess(chosen);
		const upstream = http.request(
			{ host: '127.0.0.1', port: spec.port, method: req.method, path: req.url, headers: req.headers, agent: false },
			(answer) => {
				requests.push({ target: chosen, method: req.method ?? '', path: req.url ?? '', status: answer.statusCode ?? 0 });
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			requests.push({ target: chosen, method: req.method ?? '', path: req.url ?? '', status: 502 });
			res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`balancer: ${chosen} did not answer (${error.message})`);
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const balancer: WebhookBalancer = {
		url: `http://127.0.0.1:${port}`,
		routeTo(name: string) {
			clusterProcess(name);
			fixed = name;
		},
		roundRobin() {
			fixed = undefined;
		},
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
	openBalancers.add(balancer);
	return balancer;
}

// The slow link moved to link.ts (the non-queue files use it too); kept importable from here.
export { startSlowLink, type SlowLink } from './link';

const openBalancers = new Set<WebhookBalancer>();
afterAll(async () => {
	await Promise.all([...openBalancers].map((server) => server.close()));
	openBalancers.clear();
});
