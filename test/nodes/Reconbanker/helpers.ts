/**
 * Shared set-up for the Reconbanker action node tests (not a test file itself).
 *
 * Every test file starts its own sandbox on port 0 (files run in parallel) and runs the real node
 * through n8n-core's engine (test/harness) against it over real HTTP. Assertions about what reached
 * the server use the sandbox's request log and `submissions()`.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Reconbanker } from '../../../nodes/Reconbanker/Reconbanker.node';
import { harnessDeduplicationStore, runNode, type RunNodeOptions } from '../../harness';
import type { LogEntry, Sandbox, SandboxOptions } from '../../sandbox';
import { world as startSandboxWorld, type World as SandboxWorld } from '../../sandbox/helpers';

/** A UUID that no sandbox account has. */
export const UNKNOWN_ACCOUNT = '0e0f2b1c-1111-4222-8333-444455556666';

/** The sandbox world (one user, one account, one key with both scopes), ready for `runNode`. */
export interface World extends SandboxWorld {
	/** Credentials for `runNode`, pointing at the sandbox with `key` unless overridden. */
	credentials(overrides?: { baseUrl?: string; apiKey?: string }): RunNodeOptions['credentials'];
	/** A fresh account of the same user (its own rate-limit budget and request log). */
	newAccount(): string;
}

async function startWorld(options: Partial<SandboxOptions> = {}): Promise<World> {
	const base = await startSandboxWorld({ rejectionReopenDelayMs: 200, ...options });
	const { sb, userId, key } = base;
	return {
		...base,
		credentials: (overrides = {}) => ({
			reconbankerApi: { baseUrl: overrides.baseUrl ?? sb.baseUrl, apiKey: overrides.apiKey ?? key },
		}),
		newAccount: () => sb.createAccount({ userId }).id,
	};
}

/**
 * One world for the test file: started before its tests, closed after them. Before each test the
 * request log and n8n's deduplication store (Submit's memory across executions) are emptied, unless
 * `clearLogBeforeEach` is false — as it must be for concurrent tests, which share both and keep
 * apart by using an account each (the store's keys name the account or a request).
 */
export function useWorld(
	options: { sandbox?: Partial<SandboxOptions>; clearLogBeforeEach?: boolean } = {},
): World {
	const world = {} as World;
	beforeAll(async () => {
		Object.assign(world, await startWorld(options.sandbox));
	});
	afterAll(async () => {
		await world.sb.close();
	});
	if (options.clearLogBeforeEach ?? true) {
		beforeEach(() => {
			world.sb.log.length = 0;
			harnessDeduplicationStore().reset();
		});
	}
	return world;
}

/** The workflow the runs for one account belong to in concurrent tests: its own rows in the store. */
export const workflowOf = (accountId: string) => `workflow-of-${accountId}`;

/**
 * Options for a run in the workflow of its account (the first item's `accountId`, else the
 * `accountId` parameter), unless they name a workflow: concurrent tests, one account each, then
 * share nothing in n8n's deduplication store, while the runs of one test share it like executions.
 */
export function inAccountWorkflow(parameters: INodeParameters, options: Partial<RunNodeOptions> = {}): Partial<RunNodeOptions> {
	const accountId = String(options.items?.[0]?.json?.accountId ?? parameters.accountId);
	return { workflowId: workflowOf(accountId), ...options };
}

/** Runs the Reconbanker node once (manual execution) and returns its first output. */
export async function run(
	world: World,
	parameters: INodeParameters,
	options: Partial<RunNodeOptions> = {},
): Promise<INodeExecutionData[]> {
	const output = await runNode(new Reconbanker(), {
		parameters,
		credentials: world.credentials(),
		...options,
	});
	return output[0] ?? [];
}

/** Runs the node and returns the error it failed with (fails the test if it did not fail). */
export async function runError(
	world: World,
	parameters: INodeParameters,
	options: Partial<RunNodeOptions> = {},
): Promise<Error & Record<string, unknown>> {
	let output: INodeExecutionData[] | undefined;
	try {
		output = await run(world, parameters, options);
	} catch (error) {
		return error as Error & Record<string, unknown>;
	}
	throw new Error(`Expected the node to fail, but it output ${JSON.stringify(output)}`);
}

/** Requests the sandbox received for one account's external API (status reads and OTP posts). */
export function v1Requests(sb: Sandbox, accountId?: string): LogEntry[] {
	return sb.log.filter(
		(entry) =>
			entry.path.includes('/v1/') && (accountId === undefined || entry.path.toLowerCase().includes(accountId)),
	);
}

export function otpPosts(sb: Sandbox, accountId?: string): LogEntry[] {
	return v1Requests(sb, accountId).filter((entry) => entry.method === 'POST' && entry.path.endsWith('/otp'));
}

export function statusReads(sb: Sandbox, accountId?: string): LogEntry[] {
	return v1Requests(sb, accountId).filter((entry) => entry.method === 'GET' && entry.path.endsWith('/status'));
}

/**
 * Every string reachable from `value`, own non-enumerable properties included (an Error's
 * `message`, `stack`, `cause`, `description`, `context`, `errorResponse`, …), joined. Used to
 * prove a secret appears nowhere in an error or an output.
 */
export function everythingIn(value: unknown): string {
	const seen = new Set<unknown>();
	const parts: string[] = [];
	const visit = (current: unknown, depth: number) => {
		if (current === null || current === undefined || depth > 12) return;
		if (typeof current === 'string') {
			parts.push(current);
			return;
		}
		if (typeof current === 'number' || typeof current === 'boolean' || typeof current === 'bigint') {
			parts.push(String(current));
			return;
		}
		if (typeof current !== 'object' || seen.has(current)) return;
		seen.add(current);
		for (const name of Object.getOwnPropertyNames(current)) {
			let child: unknown;
			try {
				child = (current as Record<string, unknown>)[name];
			} catch {
				continue;
			}
			if (typeof child === 'function') continue;
			parts.push(name);
			visit(child, depth + 1);
		}
	};
	visit(value, 0);
	try {
		parts.push(JSON.stringify(value) ?? '');
	} catch {
		// circular: the walk above covered it
	}
	return parts.join('\n');
}

/** Fails unless `secret` (and its long random tail) appears nowhere in `value`. */
export function expectNoSecret(value: unknown, secret: string): void {
	const text = everythingIn(value);
	expect(text).not.toContain(secret);
	const tail = secret.split('_').pop() as string;
	if (tail.length >= 16) expect(text).not.toContain(tail);
}

/** A base URL on 127.0.0.1 where nothing listens (the port was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}

export interface CannedServer {
	baseUrl: string;
	/** Requests received: method, path and headers. */
	requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; body: string }>;
	close(): Promise<void>;
}

/**
 * A tiny HTTP server that answers every request with `respond` (or, when `respond` returns
 * 'reset', drops the connection without an answer): for responses the sandbox never gives
 * (a 400 envelope, a proxy's HTML 502, a reset connection).
 */
export async function startCannedServer(
	respond: (req: http.IncomingMessage) => { status: number; headers?: Record<string, string>; body: string } | 'reset',
): Promise<CannedServer> {
	const requests: CannedServer['requests'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			requests.push({
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			const answer = respond(req);
			if (answer === 'reset') {
				req.socket.destroy();
				return;
			}
			res.writeHead(answer.status, answer.headers ?? {});
			res.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Parameters of the Submit operation with the defaults spelled out where tests rely on them. */
export function submitParameters(accountId: string, code: string, extra: INodeParameters = {}): INodeParameters {
	return { resource: 'code', operation: 'submit', accountId, code, ...extra };
}

/**
 * Fast result-watching parameters: the smallest grace and interval the node allows, and a timeout
 * that leaves room for "accepted" (grace + ~3.5 s until other executions' sends of that time are known).
 */
export const FAST_RESULT: INodeParameters = {
	waitForResult: true,
	resultTimeoutSeconds: 25,
	gracePeriodSeconds: 20,
	resultPollIntervalSeconds: 1,
};
