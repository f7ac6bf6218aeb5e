/**
 * What an e2e test file works with: the shared real n8n started by global-setup.js (as plain data
 * plus small HTTP clients), a sandbox of its own, and a few helpers.
 *
 *   import { e2e, startTestSandbox, waitFor } from './harness/context';
 *   const { api, rest, ctx } = e2e();          // public API (X-N8N-API-KEY) and REST (owner cookie)
 *   const sandbox = await startTestSandbox();  // in this process: the full programmatic handle
 *   afterAll(() => sandbox.close());
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface E2eContext {
	n8nVersion: string;
	/** 1 (the 1.x LTS runtime) or 2; the public API differs between them (see publishWorkflow) */
	n8nMajor: number;
	/** which pinned runtime runs: 'default' (n8n 2.x) or 'lts' (RECONBANKER_E2E_RUNTIME=lts) */
	runtimeName: string;
	/** http://127.0.0.1:<port> — REST at /rest, public API at /api/v1 */
	n8nBaseUrl: string;
	/** WEBHOOK_URL n8n was started with (ends with /): production webhooks at <webhookUrl>webhook/<path> */
	webhookUrl: string;
	port: number;
	pid: number;
	/** public-API key with every scope the owner may grant */
	apiKey: string;
	/** `n8n-auth=...` cookie of the owner, for /rest and /types */
	cookie: string;
	owner: { email: string; firstName: string; lastName: string; password: string };
	userFolder: string;
	logFile: string;
	runtime: { dir: string; nodeBin: string; n8nBin: string; binDir: string };
	/** the environment n8n runs with (for CLI calls against the same database) */
	n8nEnv: Record<string, string>;
	package: { name: string; version: string; dir: string; sha256: string };
	timings: { setupMs: number; bootMs: number };
}

export interface HttpResult<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

export interface RequestOptions {
	headers?: Record<string, string>;
	timeoutMs?: number;
}

/** `request` resolves for any status; the verb helpers throw unless the status is 2xx. */
export interface JsonClient {
	baseUrl: string;
	request<T = any>(method: string, route: string, body?: unknown, options?: RequestOptions): Promise<HttpResult<T>>;
	get<T = any>(route: string, options?: RequestOptions): Promise<T>;
	delete<T = any>(route: string, options?: RequestOptions): Promise<T>;
	post<T = any>(route: string, body?: unknown, options?: RequestOptions): Promise<T>;
	patch<T = any>(route: string, body?: unknown, options?: RequestOptions): Promise<T>;
	put<T = any>(route: string, body?: unknown, options?: RequestOptions): Promise<T>;
}

// Plain CommonJS helpers shared with `npm start` (no type declarations of their own).
const instanceLib = require('../../../scripts/lib/n8n-instance') as {
	makeClient(baseUrl: string, headers: () => Record<string, string>): JsonClient;
	runN8nCli(
		runtime: E2eContext['runtime'],
		env: Record<string, string>,
		args: string[],
		options?: { timeoutMs?: number },
	): Promise<{ stdout: string; stderr: string }>;
	getFreePort(): Promise<number>;
	BROWSER_ID: string;
};

let cached: E2eContext | undefined;

/** The data global-setup.js wrote. */
export function e2eContext(): E2eContext {
	if (cached) return cached;
	const file = process.env.RECONBANKER_E2E_CONTEXT;
	if (!file || !existsSync(file)) {
		throw new Error(
			'No e2e context: run the e2e tests with `npm run test:e2e` (jest -c jest.e2e.config.js), whose globalSetup starts n8n.',
		);
	}
	cached = JSON.parse(readFileSync(file, 'utf8')) as E2eContext;
	return cached;
}

/** Clients for the shared n8n. */
export function e2e(): { ctx: E2eContext; api: JsonClient; rest: JsonClient; web: JsonClient } {
	const ctx = e2eContext();
	return {
		ctx,
		/** public API: /api/v1/... */
		api: instanceLib.makeClient(`${ctx.n8nBaseUrl}/api/v1`, () => ({ 'x-n8n-api-key': ctx.apiKey })),
		/** internal REST: /rest/... with the owner's cookie */
		rest: instanceLib.makeClient(`${ctx.n8nBaseUrl}/rest`, () => ({
			cookie: ctx.cookie,
			'browser-id': instanceLib.BROWSER_ID,
		})),
		/** the root, with the owner's cookie: /types/nodes.json, /icons/..., /webhook/... */
		web: instanceLib.makeClient(ctx.n8nBaseUrl, () => ({
			cookie: ctx.cookie,
			'browser-id': instanceLib.BROWSER_ID,
		})),
	};
}

/** Runs an n8n CLI command against the shared instance's database (e.g. ['export:workflow', '--all']). */
export async function n8nCli(args: string[], options?: { timeoutMs?: number }) {
	const ctx = e2eContext();
	const env = { ...ctx.n8nEnv, N8N_RUNNERS_BROKER_PORT: String(await instanceLib.getFreePort()) };
	return instanceLib.runN8nCli(ctx.runtime, env, args, options);
}

/** n8n's log from a byte offset (take `n8nLogSize()` before an action, read what it logged after). */
export function n8nLog(fromOffset = 0): string {
	const text = readFileSync(e2eContext().logFile);
	return text.subarray(fromOffset).toString('utf8');
}

export function n8nLogSize(): number {
	return statSync(e2eContext().logFile).size;
}

/** The sandbox's programmatic handle (see test/sandbox/index.js); typed loosely on purpose. */
export interface SandboxHandle {
	baseUrl: string;
	port: number;
	close(): Promise<void>;
	[key: string]: any;
}

const openSandboxes = new Set<SandboxHandle>();

/**
 * Starts a Reconbanker sandbox in this test process on a free loopback port. Closing it is optional:
 * whatever is still open when the test file ends is closed (an open server would keep jest alive).
 */
export async function startTestSandbox(options: Record<string, unknown> = {}): Promise<SandboxHandle> {
	const entry = path.join(REPO_ROOT, 'test', 'sandbox', 'index.js');
	if (!existsSync(entry)) throw new Error(`The Reconbanker sandbox is missing (${entry})`);
	const { startSandbox } = require(entry) as {
		startSandbox(opts: Record<string, unknown>): Promise<SandboxHandle>;
	};
	const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', ...options });
	openSandboxes.add(sandbox);
	return sandbox;
}

// Registered when a test file imports this module, so it runs before the file's own root-level
// afterAll hooks (jest runs them in the order they were defined): read sandbox state in tests, not
// in afterAll.
afterAll(async () => {
	await Promise.all([...openSandboxes].map((sandbox) => sandbox.close()));
	openSandboxes.clear();
});

/** Polls until `probe` returns something truthy; resolves with it. */
export async function waitFor<T>(
	probe: () => T | Promise<T>,
	{ timeoutMs = 30_000, intervalMs = 250, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value as NonNullable<T>;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** A name no other test uses in the shared n8n. */
export function uniqueName(prefix: string): string {
	return `${prefix} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Creates a credential through the public API; resolves its id. */
export async function createCredential(
	api: JsonClient,
	type: string,
	data: Record<string, unknown>,
	name = uniqueName(type),
): Promise<string> {
	const created = await api.post<{ id: string }>('/credentials', { name, type, data: await withN8n1Defaults(api, type, data) });
	return created.id;
}

/**
 * n8n 1.x adds "Allowed HTTP Request Domains" (`allowedHttpRequestDomains`, default `all`, and
 * `allowedDomains` shown only for `domains`) to every credential type with an `authenticate` block.
 * Its public API turns that into a JSON schema whose `if` an absent field satisfies, so a credential
 * created without `allowedHttpRequestDomains` is refused with "requires property allowedDomains".
 * Send the editor's default when the type has the field (2.x: unchanged).
 */
async function withN8n1Defaults(api: JsonClient, type: string, data: Record<string, unknown>) {
	if (e2eContext().n8nMajor >= 2 || data.allowedHttpRequestDomains !== undefined) return data;
	const schema = await api.get<{ properties?: Record<string, unknown> }>(`/credentials/schema/${encodeURIComponent(type)}`);
	return schema.properties?.allowedHttpRequestDomains ? { ...data, allowedHttpRequestDomains: 'all' } : data;
}

/** What the public API accepts for POST/PUT /workflows (it rejects any other property). */
export function workflowBody(workflow: Record<string, any>, name?: string) {
	const body: Record<string, unknown> = {
		name: name ?? workflow.name ?? uniqueName('workflow'),
		nodes: workflow.nodes ?? [],
		connections: workflow.connections ?? {},
		settings: workflow.settings ?? {},
	};
	if (workflow.staticData) body.staticData = workflow.staticData;
	return body;
}

/**
 * Makes a workflow live (its triggers registered, its production webhooks served): n8n 2.x
 * "publishes" (`POST /api/v1/workflows/{id}/publish`), n8n 1.x "activates" (`…/activate`).
 */
export async function publishWorkflow(api: JsonClient, workflowId: string): Promise<void> {
	const verb = e2eContext().n8nMajor >= 2 ? 'publish' : 'activate';
	await api.post(`/workflows/${workflowId}/${verb}`, {});
}

/** The opposite of publishWorkflow: `…/unpublish` on 2.x, `…/deactivate` on 1.x. */
export async function unpublishWorkflow(api: JsonClient, workflowId: string): Promise<void> {
	const verb = e2eContext().n8nMajor >= 2 ? 'unpublish' : 'deactivate';
	await api.post(`/workflows/${workflowId}/${verb}`, {});
}

/** Creates a workflow through the public API and (optionally) publishes it; resolves its id. */
export async function createWorkflow(
	api: JsonClient,
	workflow: Record<string, any>,
	{ publish = false, name }: { publish?: boolean; name?: string } = {},
): Promise<string> {
	const created = await api.post<{ id: string }>('/workflows', workflowBody(workflow, name));
	if (publish) await publishWorkflow(api, created.id);
	return created.id;
}

/**
 * Runs a stored credential's test in n8n; resolves n8n's `{ status: 'OK' | 'Error', message }`.
 * n8n 2.x has `POST /api/v1/credentials/{id}/test`. 1.x's public API has no test route: there the
 * editor's own route is used (`POST /rest/credentials/test`, owner cookie) with what the editor
 * sends, the credential's id, type and data (without data 1.x answers "Node "Temp-Node" does not
 * have any credentials of type … set").
 */
export async function testStoredCredential(
	id: string,
	type: string,
	data: Record<string, unknown>,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { ctx, api, rest } = e2e();
	if (ctx.n8nMajor >= 2) return api.post(`/credentials/${id}/test`, {});
	const answer = await rest.post<{ data: { status: 'OK' | 'Error'; message: string } }>('/credentials/test', {
		credentials: { id, name: '', type, data: await withN8n1Defaults(api, type, data) },
	});
	return answer.data;
}

export interface ExecutionSummary {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: any;
}

/** Executions of one workflow (newest first), optionally with their data. */
export async function listExecutions(
	api: JsonClient,
	workflowId: string,
	{ includeData = false, limit = 100 }: { includeData?: boolean; limit?: number } = {},
): Promise<ExecutionSummary[]> {
	const query = new URLSearchParams({ workflowId, limit: String(limit), includeData: String(includeData) });
	const page = await api.get<{ data: ExecutionSummary[] }>(`/executions?${query}`);
	return page.data;
}

/** Waits until a workflow has at least `count` finished executions; resolves them with data. */
export async function waitForExecutions(
	api: JsonClient,
	workflowId: string,
	{ count = 1, timeoutMs = 60_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<ExecutionSummary[]> {
	return waitFor(
		async () => {
			const executions = await listExecutions(api, workflowId, { includeData: true });
			const done = executions.filter((e) => e.stoppedAt && e.status !== 'running' && e.status !== 'new');
			return done.length >= count ? done : undefined;
		},
		{ timeoutMs, what: `${count} finished execution(s) of workflow ${workflowId}` },
	);
}

// ---- loop tests: webhook URLs, node outputs, secret scans (additive helpers) -------------------

/**
 * The production URL n8n serves a published workflow's webhook node on, read from the stored
 * workflow: `<WEBHOOK_URL>webhook/<node webhookId>/<path>` (n8n's getNodeWebhookPath for a node
 * with a webhookId and a fixed path, as the Reconbanker Trigger's `notifications`).
 */
export async function productionWebhookUrl(
	api: JsonClient,
	workflowId: string,
	nodeName: string,
	webhookPath = 'notifications',
): Promise<string> {
	const workflow = await api.get<{ nodes: Array<{ name: string; webhookId?: string }> }>(`/workflows/${workflowId}`);
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`Workflow ${workflowId} has no node "${nodeName}"`);
	if (!node.webhookId) throw new Error(`Node "${nodeName}" of workflow ${workflowId} has no webhookId`);
	return `${e2eContext().webhookUrl}webhook/${node.webhookId}/${webhookPath}`;
}

/** The JSON of the items a node output (first run, first output) in an execution fetched with data. */
export function nodeOutputJson(execution: ExecutionSummary, nodeName: string): Array<Record<string, any>> {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!Array.isArray(runs) || runs.length === 0) return [];
	const items = runs[0]?.data?.main?.[0];
	return Array.isArray(items) ? items.map((item: { json: Record<string, any> }) => item.json) : [];
}

/** What n8n stored as an execution's error (what the user sees on the failed node), if it failed. */
export function executionError(execution: ExecutionSummary): { message: string; description?: string; node?: string } | undefined {
	const error = execution.data?.resultData?.error;
	if (!error) return undefined;
	return {
		message: String(error.message),
		description: error.description ?? undefined,
		node: typeof error.node === 'string' ? error.node : error.node?.name,
	};
}

/**
 * An execution's status with its error, so a failed `expect(statusAndError(e)).toEqual({ status: 'success' })`
 * shows why it failed.
 */
export function statusAndError(execution: ExecutionSummary): { status: string; error?: ReturnType<typeof executionError> } {
	const error = executionError(execution);
	return error ? { status: execution.status, error } : { status: execution.status };
}

/**
 * Every execution n8n keeps (all workflows), with its full data: not redacted (`execution:reveal`)
 * and not cut at n8n's display-size limit. Follows the public API's cursor. (n8n 1.x neither
 * redacts nor cuts, and refuses those two query parameters as unknown.)
 */
export async function listAllExecutions(api: JsonClient): Promise<ExecutionSummary[]> {
	const all: ExecutionSummary[] = [];
	let cursor: string | undefined;
	const fullData: Record<string, string> =
		e2eContext().n8nMajor >= 2 ? { ignoreDataSizeLimit: 'true', redactExecutionData: 'false' } : {};
	for (;;) {
		const query = new URLSearchParams({ includeData: 'true', ...fullData, limit: '100' });
		if (cursor) query.set('cursor', cursor);
		const page = await api.get<{ data: ExecutionSummary[]; nextCursor?: string | null }>(`/executions?${query}`);
		all.push(...page.data);
		if (!page.nextCursor || page.data.length === 0) return all;
		cursor = page.nextCursor;
	}
}

/**
 * Where any of `secrets` (label → value) shows up in n8n: every execution's data (public API,
 * includeData=true), the raw bytes of every file n8n keeps in <user folder>/.n8n — the SQLite
 * database (+ WAL), the event log, storage/ — (credentials are stored encrypted there, so a plain
 * hit means a leak), and n8n's own log. Resolves the hits as
 * "<label> in <where>" (empty = nothing found) and how much was searched.
 */
export async function findSecretsInN8n(
	api: JsonClient,
	secrets: Record<string, string>,
): Promise<{ hits: string[]; executionsSearched: number; filesSearched: string[] }> {
	const { readdirSync } = require('node:fs') as typeof import('node:fs');
	const entries = Object.entries(secrets).filter(([, value]) => typeof value === 'string' && value.length >= 8);
	if (entries.length !== Object.keys(secrets).length) throw new Error('findSecretsInN8n: every secret must be a string of 8+ characters');
	const hits: string[] = [];
	const executions = await listAllExecutions(api);
	for (const execution of executions) {
		const text = JSON.stringify(execution);
		for (const [label, value] of entries) {
			if (text.includes(value)) hits.push(`${label} in execution ${execution.id} of workflow ${execution.workflowId}`);
		}
	}
	const ctx = e2eContext();
	// Everything n8n writes under <user folder>/.n8n (database.sqlite + -wal/-shm, n8nEventLog*.log,
	// storage/…), except nodes/ where the package itself is installed; and n8n's log.
	const n8nDir = path.join(ctx.userFolder, '.n8n');
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (!(dir === n8nDir && entry.name === 'nodes')) walk(full);
			} else if (entry.isFile()) files.push(full);
		}
	};
	walk(n8nDir);
	files.push(ctx.logFile);
	for (const file of files) {
		if (!existsSync(file)) continue;
		const bytes = readFileSync(file);
		for (const [label, value] of entries) {
			if (bytes.includes(Buffer.from(value, 'utf8'))) hits.push(`${label} in ${path.relative(n8nDir, file)}`);
		}
	}
	return { hits, executionsSearched: executions.length, filesSearched: files.map((f) => path.relative(n8nDir, f)) };
}

/**
 * Waits until n8n serves a production webhook URL. Publishing through the public API answers
 * before the webhook is registered (n8n answers 404 "not registered" for a moment), so a test that
 * notifies right after publishing must wait. Probes with an empty POST without credentials (an
 * authenticating trigger refuses it, so it starts nothing); resolves the first non-404 status.
 */
export async function waitForWebhookRegistered(url: string, { timeoutMs = 30_000 } = {}): Promise<number> {
	return waitFor(
		async () => {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await response.arrayBuffer();
			return response.status === 404 ? undefined : response.status;
		},
		{ timeoutMs, intervalMs: 200, what: `n8n to register the webhook ${url}` },
	);
}
