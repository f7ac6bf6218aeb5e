/**
 * Reconbanker Status Watch Trigger: activated through n8n-core's TriggersAndPollers/TriggerContext
 * (test/harness/trigger-session.ts) against the real sandbox over HTTP, with real time (the shortest
 * interval the node allows is 5 s). Scenarios that only wait run concurrently, each with its own
 * accounts and node id.
 */
import { randomUUID } from 'node:crypto';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { forgetLiveState } from '../../../nodes/ReconbankerStatusTrigger/live-state';
import { ReconbankerStatusWatchTrigger } from '../../../nodes/ReconbankerStatusWatchTrigger/ReconbankerStatusWatchTrigger.node';
import { runManualTrigger, startTriggerSession, type TriggerSession } from '../../harness/trigger-session';
import { startSandbox, type Sandbox } from '../../sandbox';
import { startCountingProxy, type CountingProxy } from '../ReconbankerStatusTrigger/status/counting-proxy';

jest.setTimeout(60_000);

const watchNode = new ReconbankerStatusWatchTrigger();

let sb: Sandbox;
let userId: string;
let readKey: string;

beforeAll(async () => {
	sb = await startSandbox();
	userId = sb.createUser({ email: 'watch@example.com', password: 'pw-watch-1' }).id;
	readKey = sb.createApiKey({ userId, scopes: ['status:read'] }).key;
});

afterAll(async () => {
	await sb.close();
});

afterAll(() => forgetLiveState());

const newAccounts = (count: number) => Array.from({ length: count }, () => sb.createAccount({ userId }).id);
const statusRequestsFor = (accountIds: string[]) =>
	sb.log.filter((entry) => accountIds.some((id) => entry.path.endsWith(`/v1/accounts/${id}/status`))).length;
const eventsOf = (emitted: INodeExecutionData[][]) => emitted[0].map((item) => item.json);
const errorsOf = (emitted: INodeExecutionData[][]) => emitted[1].map((item) => item.json);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface WatchInput {
	accountIds: string[];
	intervalSeconds?: number;
	fireOn?: string[];
	options?: IDataObject;
	apiKey?: string;
	baseUrl?: string;
	staticData?: IDataObject;
}

function parametersOf(input: WatchInput): INodeParameters {
	return {
		intervalSeconds: input.intervalSeconds ?? 5,
		accountIds: input.accountIds.join('\n'),
		fireOn: input.fireOn ?? ['code_requested'],
		options: (input.options ?? {}) as INodeParameters,
	};
}

const open = new Set<TriggerSession>();
afterEach(async () => {
	await Promise.all([...open].map((session) => session.close()));
	open.clear();
});

async function startWatch(input: WatchInput): Promise<TriggerSession> {
	const session = await startTriggerSession(watchNode, {
		parameters: parametersOf(input),
		credentials: { reconbankerApi: { baseUrl: input.baseUrl ?? sb.baseUrl, apiKey: input.apiKey ?? readKey } },
		staticData: input.staticData,
		nodeId: randomUUID(),
	});
	open.add(session);
	return session;
}

describe('description', () => {
	it('is a trigger node with the Status Trigger outputs, the API credential and a seconds interval (min 5, default 10)', () => {
		const { description } = watchNode;
		expect(description.name).toBe('reconbankerStatusWatchTrigger');
		expect(description.displayName).toBe('Reconbanker Status Watch Trigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.polling).toBeUndefined();
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual([NodeConnectionTypes.Main, NodeConnectionTypes.Main]);
		expect(description.outputNames).toEqual(['Code Requests', 'Poll Errors']);
		expect(description.credentials).toEqual([{ name: 'reconbankerApi', required: true, testedBy: 'reconbankerApiConnection' }]);
		const interval = description.properties.find((property) => property.name === 'intervalSeconds');
		expect(interval).toMatchObject({ type: 'number', default: 10, typeOptions: { minValue: 5 } });
	});
});

describe('an active watch', () => {
	it.concurrent('fires a pending request at activation, a new one on the next check, each once; closing stops every request', async () => {
		const [a, b] = newAccounts(2);
		const pending = sb.openRequest(a);
		const session = await startWatch({ accountIds: [a, b] });
		// The first check runs inside activation.
		expect(session.emits.map(eventsOf)).toEqual([
			[expect.objectContaining({ event: 'code_requested', accountId: a, requestId: pending.id })],
		]);

		const opened = sb.openRequest(b, { length: 8, type: 'alphanumeric' });
		const startedWaiting = Date.now();
		await session.waitForEmits(2, 9_000);
		expect(Date.now() - startedWaiting).toBeLessThan(8_000);
		expect(eventsOf(session.emits[1])).toEqual([
			expect.objectContaining({
				event: 'code_requested',
				accountId: b,
				requestId: opened.id,
				descriptor: { length: 8, type: 'alphanumeric' },
			}),
		]);
		expect(session.staticData).toEqual({
			[`node:${watchNode.description.displayName}`]: {
				accounts: { [a]: { requestId: pending.id, attempts: 1 }, [b]: { requestId: opened.id, attempts: 1 } },
				deferred: [],
			},
		});

		// Another check: nothing new, nothing emitted.
		const requestsBefore = statusRequestsFor([a, b]);
		await sb.waitFor(() => statusRequestsFor([a, b]) >= requestsBefore + 2, { timeoutMs: 8_000 });
		expect(session.emits).toHaveLength(2);

		const closing = Date.now();
		await session.close();
		expect(Date.now() - closing).toBeLessThan(1_000);
		const requestsAtClose = statusRequestsFor([a, b]);
		await sleep(6_000);
		expect(statusRequestsFor([a, b])).toBe(requestsAtClose);
		expect(session.failedExecutions).toEqual([]);
		expect(session.fatalErrors).toEqual([]);
	});

	it.concurrent('reports a failing account once on the Poll Errors output while the others keep firing', async () => {
		const [good, failing] = newAccounts(2);
		const limitedKey = sb.createApiKey({ userId, scopes: ['status:read'], accountIds: [good] }).key;
		const session = await startWatch({ accountIds: [good, failing], apiKey: limitedKey });
		expect(session.emits).toHaveLength(1);
		expect(eventsOf(session.emits[0])).toEqual([]);
		expect(errorsOf(session.emits[0])).toEqual([
			expect.objectContaining({ event: 'poll_error', accountId: failing, httpCode: '403', errorCode: 'FORBIDDEN' }),
		]);

		const opened = sb.openRequest(good);
		await session.waitForEmits(2, 9_000);
		expect(eventsOf(session.emits[1])).toEqual([expect.objectContaining({ accountId: good, requestId: opened.id })]);
		expect(errorsOf(session.emits[1])).toEqual([]); // the same error is not reported again
		for (const emitted of session.emits) expect(JSON.stringify(emitted)).not.toContain(limitedKey);
	});

	it.concurrent('when every account fails, records one failed execution per distinct error and keeps checking', async () => {
		const [a] = newAccounts(1);
		const key = sb.createApiKey({ userId, scopes: ['status:read'] });
		const session = await startWatch({ accountIds: [a], apiKey: key.key });
		sb.revokeApiKey(key.id);
		const before = statusRequestsFor([a]);
		// Two more checks (~10 s), both failing with the same error: one failed execution.
		await sb.waitFor(() => statusRequestsFor([a]) >= before + 2, { timeoutMs: 14_000 });
		await session.waitUntil(() => session.failedExecutions.length > 0, 2_000, 'the failed execution');
		expect(session.failedExecutions).toHaveLength(1);
		expect(session.failedExecutions[0]).toBeInstanceOf(NodeApiError);
		expect(session.failedExecutions[0]).toMatchObject({ httpCode: '401' });
		expect(JSON.stringify(session.failedExecutions[0])).not.toContain(key.key);
		expect(session.fatalErrors).toEqual([]);
		expect(session.emits).toEqual([]);
	});

	it.concurrent('never overlaps itself: a check longer than the interval is followed by the next, one at a time', async () => {
		const proxy: CountingProxy = await startCountingProxy(sb.baseUrl, 2_000);
		try {
			const accounts = newAccounts(3);
			// One request at a time, 2 s each: a check takes ~6 s, longer than the 5 s interval.
			const startedAt = Date.now();
			const session = await startWatch({ accountIds: accounts, baseUrl: proxy.baseUrl, options: { maxConcurrency: 1 } });
			const firstCheckMs = Date.now() - startedAt;
			expect(firstCheckMs).toBeGreaterThan(5_500);
			expect(proxy.requests).toBe(3);
			// The next check starts right away (no extra wait) and never runs beside another.
			await sb.waitFor(() => proxy.requests >= 6, { timeoutMs: 9_000 });
			expect(Date.now() - startedAt).toBeLessThan(firstCheckMs * 2 + 2_500);
			expect(proxy.maxInFlight).toBe(1);
			await session.close();
			expect(proxy.maxInFlight).toBe(1);
		} finally {
			await proxy.close();
		}
	});

	it.concurrent('closing during a check aborts its requests at once and keeps the state as it was', async () => {
		const proxy: CountingProxy = await startCountingProxy(sb.baseUrl, 3_000);
		try {
			const [a] = newAccounts(1);
			const staticData: IDataObject = {};
			const session = await startWatch({ accountIds: [a], baseUrl: proxy.baseUrl, staticData });
			const stateAfterActivation = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			sb.openRequest(a);
			await sb.waitFor(() => proxy.requests >= 2, { timeoutMs: 9_000 }); // the loop's first check is in flight
			const closing = Date.now();
			await session.close();
			expect(Date.now() - closing).toBeLessThan(1_000);
			await sleep(3_500);
			expect(session.emits).toEqual([]);
			expect(staticData).toEqual(stateAfterActivation);
			expect(session.failedExecutions).toEqual([]);
		} finally {
			await proxy.close();
		}
	});
});

describe('activation', () => {
	it('fails with the API error when no account can be read, and leaves nothing running', async () => {
		const [a] = newAccounts(1);
		const key = sb.createApiKey({ userId, scopes: ['status:read'] });
		sb.revokeApiKey(key.id);
		await expect(startWatch({ accountIds: [a], apiKey: key.key })).rejects.toMatchObject({
			httpCode: '401',
			message: 'The Reconbanker API key is malformed, unknown or revoked',
		});
		const requests = statusRequestsFor([a]);
		await sleep(5_500);
		expect(statusRequestsFor([a])).toBe(requests);
	});

	it('refuses an interval under 5 s, an invalid account id or no event, before any request', async () => {
		const [a] = newAccounts(1);
		const logLength = sb.log.length;
		await expect(startWatch({ accountIds: [a], intervalSeconds: 4 })).rejects.toThrow(
			'"Check Every (Seconds)" must be at least 5',
		);
		await expect(startWatch({ accountIds: [a, 'nope'] })).rejects.toBeInstanceOf(NodeOperationError);
		await expect(startWatch({ accountIds: [a], fireOn: [] })).rejects.toThrow('No events selected in "Fire On"');
		expect(sb.log.length).toBe(logLength);
	});

	it('leaves no timer behind once closed', async () => {
		const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
		const baseline = timers();
		const session = await startWatch({ accountIds: newAccounts(1) });
		expect(timers()).toBeGreaterThan(baseline); // the wait until the next check
		await session.close();
		expect(timers()).toBe(baseline);
	});
});

describe('"Listen for test event"', () => {
	it('emits every account\'s current status at once, without touching the state or starting a loop', async () => {
		const [idle, waiting] = newAccounts(2);
		const opened = sb.openRequest(waiting);
		const staticData: IDataObject = {};
		const result = await runManualTrigger(watchNode, {
			parameters: parametersOf({ accountIds: [idle, waiting] }),
			credentials: { reconbankerApi: { baseUrl: sb.baseUrl, apiKey: readKey } },
			staticData,
		});
		expect(result[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ event: 'no_pending_request', accountId: idle }),
			expect.objectContaining({ event: 'code_requested', accountId: waiting, requestId: opened.id }),
		]);
		expect(result[1]).toEqual([]);
		expect(staticData).toEqual({});
		const requests = statusRequestsFor([idle, waiting]);
		await sleep(5_500);
		expect(statusRequestsFor([idle, waiting])).toBe(requests);
	});
});
