/**
 * The Status Trigger's memory across n8n restarts, overlapping polls, and what one poll costs n8n:
 * run through n8n-core's PollTriggerExecutor/PollContext (test/harness) against the real sandbox.
 *
 * A restart is simulated the way n8n 2.40 behaves: it saves a poll trigger's static data only when
 * the poll emits (and at the end of an activation), so after a restart the node sees the static data
 * of its last *emitting* poll; `forgetLiveState()` drops what the process kept in memory.
 */
import { Expression } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ReconbankerStatusTrigger } from '../../../nodes/ReconbankerStatusTrigger/ReconbankerStatusTrigger.node';
import { forgetLiveState } from '../../../nodes/ReconbankerStatusTrigger/live-state';
import { runPoll } from '../../harness';
import { HarnessCredentialsHelper } from '../../harness/credentials-helper';
import { startSandbox, type Sandbox } from '../../sandbox';
import { startCountingProxy, type CountingProxy } from './status/counting-proxy';

const trigger = new ReconbankerStatusTrigger();
const NODE_DATA = 'node:Reconbanker Status Trigger';

let sb: Sandbox;
let userId: string;
let readKey: string;
let writeKey: string;

beforeAll(async () => {
	sb = await startSandbox({ rejectionReopenDelayMs: 30 });
	userId = sb.createUser({ email: 'state@example.com', password: 'pw-state-1' }).id;
	readKey = sb.createApiKey({ userId, scopes: ['status:read'] }).key;
	writeKey = sb.createApiKey({ userId, scopes: ['otp:write'] }).key;
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => forgetLiveState());

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A poll trigger in an n8n 2.40 main process: `live` is the in-memory static data, `saved` what the
 * database holds (copied from `live` only when a poll emits, or at activation). `restart()` is a new
 * process: memory gone, static data read back from the database.
 */
function n8nMain(accountIds: string[], fireOn = ['code_requested']) {
	let live: IDataObject = {};
	let saved: IDataObject = {};
	const main = {
		async poll(apiKey = readKey, activation = false): Promise<INodeExecutionData[][] | null> {
			const { result } = await runPoll(trigger, {
				parameters: { accountIds: accountIds.join('\n'), fireOn, options: {} },
				credentials: { reconbankerApi: { baseUrl: sb.baseUrl, apiKey } },
				staticData: live,
				activation: activation ? 'init' : 'update',
			});
			if (result !== null || activation) saved = clone(live);
			return result;
		},
		restart() {
			forgetLiveState();
			live = clone(saved);
		},
		get saved() {
			return saved;
		},
	};
	return main;
}

const errorsOf = (result: INodeExecutionData[][] | null) => (result?.[1] ?? []).map((item) => item.json);
const eventsOf = (result: INodeExecutionData[][] | null) => (result?.[0] ?? []).map((item) => item.json);

describe('after a restart', () => {
	it('an account error that recurs is reported again (it recovered while nothing was saved)', async () => {
		const good = sb.createAccount({ userId }).id;
		const failing = sb.createAccount({ userId }).id;
		const limitedKey = sb.createApiKey({ userId, scopes: ['status:read'], accountIds: [good] }).key;
		const main = n8nMain([good, failing]);
		await main.poll(readKey, true);

		// Reported once (an emitting poll: saved), not again while it keeps failing.
		expect(errorsOf(await main.poll(limitedKey)).map(({ accountId, httpCode }) => [accountId, httpCode])).toEqual([
			[failing, '403'],
		]);
		expect(await main.poll(limitedKey)).toBeNull();
		// Recovers: nothing to emit, so n8n saves nothing.
		expect(await main.poll(readKey)).toBeNull();

		main.restart();
		// Fails again after the restart: reported.
		expect(errorsOf(await main.poll(limitedKey)).map(({ accountId, httpCode }) => [accountId, httpCode])).toEqual([
			[failing, '403'],
		]);
		expect(await main.poll(limitedKey)).toBeNull();
	});

	it('an account still failing is reported once more, then once per process again', async () => {
		const good = sb.createAccount({ userId }).id;
		const failing = sb.createAccount({ userId }).id;
		const limitedKey = sb.createApiKey({ userId, scopes: ['status:read'], accountIds: [good] }).key;
		const main = n8nMain([good, failing]);
		expect(errorsOf(await main.poll(limitedKey, true))).toHaveLength(1);
		expect(await main.poll(limitedKey)).toBeNull();
		main.restart();
		expect(errorsOf(await main.poll(limitedKey))).toHaveLength(1);
		expect(await main.poll(limitedKey)).toBeNull();
	});

	it('a request cleared while nothing was saved fires nothing unselected, and the next request fires once', async () => {
		const accountId = sb.createAccount({ userId }).id;
		const main = n8nMain([accountId]);
		const first = sb.openRequest(accountId);
		expect(eventsOf(await main.poll(readKey, true)).map(({ requestId }) => requestId)).toEqual([first.id]);

		sb.setExpectedCode(accountId, null);
		const submitted = await fetch(`${sb.baseUrl}/v1/accounts/${accountId}/otp`, {
			method: 'POST',
			headers: { Authorization: `Api-Key ${writeKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ code: '123456' }),
		});
		expect(submitted.status).toBe(202);
		expect(await main.poll()).toBeNull(); // cleared: "Request Cleared" is not selected
		expect(main.saved[NODE_DATA]).toMatchObject({ accounts: { [accountId]: { requestId: first.id } } });

		main.restart(); // the saved state still names the cleared request
		expect(await main.poll()).toBeNull();
		const second = sb.openRequest(accountId);
		expect(eventsOf(await main.poll()).map(({ event, requestId }) => [event, requestId])).toEqual([
			['code_requested', second.id],
		]);
		expect(await main.poll()).toBeNull();
	});
});

describe('overlapping polls', () => {
	let proxy: CountingProxy;

	beforeAll(async () => {
		proxy = await startCountingProxy(sb.baseUrl, 40);
	});

	afterAll(async () => {
		await proxy.close();
	});

	const pollThrough = (accountIds: string[], staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') =>
		runPoll(trigger, {
			parameters: { accountIds: accountIds.join(','), fireOn: ['code_requested'], options: { maxConcurrency: 2 } },
			credentials: { reconbankerApi: { baseUrl: proxy.baseUrl, apiKey: readKey } },
			staticData,
			mode,
		});

	it('a poll that starts while the previous one of the same node runs is skipped, without requests', async () => {
		const accounts = Array.from({ length: 8 }, () => sb.createAccount({ userId }).id);
		const opened = sb.openRequest(accounts[5]);
		const staticData: IDataObject = {};
		proxy.reset();
		const slow = pollThrough(accounts, staticData);
		await sb.waitFor(() => proxy.requests > 0);
		const overlapping = await pollThrough(accounts, staticData);
		expect(overlapping.result).toBeNull();
		const first = await slow;
		expect(proxy.requests).toBe(accounts.length);
		expect(eventsOf(first.result).map(({ requestId }) => requestId)).toEqual([opened.id]);

		// The next poll runs normally (the node is free again) and fires nothing twice.
		proxy.reset();
		expect((await pollThrough(accounts, staticData)).result).toBeNull();
		expect(proxy.requests).toBe(accounts.length);
	});

	it('"Fetch Test Event" is not blocked by a running poll', async () => {
		const accounts = Array.from({ length: 6 }, () => sb.createAccount({ userId }).id);
		proxy.reset();
		const slow = pollThrough(accounts, {});
		await sb.waitFor(() => proxy.requests > 0);
		const manual = await pollThrough(accounts, {}, 'manual');
		expect(eventsOf(manual.result)).toHaveLength(accounts.length);
		await slow;
	});

	it('a failing poll frees the node for the next one', async () => {
		const accounts = [sb.createAccount({ userId }).id];
		const revoked = sb.createApiKey({ userId, scopes: ['status:read'] });
		sb.revokeApiKey(revoked.id);
		await expect(
			runPoll(trigger, {
				parameters: { accountIds: accounts[0], fireOn: ['code_requested'], options: {} },
				credentials: { reconbankerApi: { baseUrl: sb.baseUrl, apiKey: revoked.key } },
				staticData: {},
			}),
		).rejects.toMatchObject({ httpCode: '401' });
		const opened = sb.openRequest(accounts[0]);
		const { result } = await pollThrough(accounts, {});
		expect(eventsOf(result).map(({ requestId }) => requestId)).toEqual([opened.id]);
	});
});

describe('what a poll costs n8n', () => {
	/**
	 * Counts, for one poll, the credential reads, parameter reads and expression evaluations n8n
	 * performs for the node: none of them may grow with the number of accounts.
	 */
	async function countsFor(accountCount: number) {
		const accounts = Array.from({ length: accountCount }, () => sb.createAccount({ userId }).id);
		const credentialReads = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		const expressions = jest.spyOn(Expression.prototype, 'resolveSimpleParameterValue');
		const { PollContext } = await import('n8n-core');
		const parameterReads = jest.spyOn(PollContext.prototype, 'getNodeParameter');
		try {
			await runPoll(trigger, {
				parameters: {
					accountIds: accounts.join('\n'),
					fireOn: '={{ ["code_requested"] }}' as unknown as string[],
					options: {},
				},
				credentials: { reconbankerApi: { baseUrl: sb.baseUrl, apiKey: readKey } },
				staticData: {},
			});
			return {
				credentialReads: credentialReads.mock.calls.length,
				parameterReads: parameterReads.mock.calls.length,
				expressions: expressions.mock.calls.length,
			};
		} finally {
			credentialReads.mockRestore();
			expressions.mockRestore();
			parameterReads.mockRestore();
		}
	}

	it('reads the credential once, each parameter once and evaluates no expression per account', async () => {
		const one = await countsFor(1);
		const many = await countsFor(40);
		expect(one.credentialReads).toBe(1);
		expect(one.parameterReads).toBe(3); // accountIds, fireOn, options
		expect(one.expressions).toBeGreaterThanOrEqual(1); // the fireOn expression: the spy sees evaluations
		expect(many).toEqual(one);
	});
});
