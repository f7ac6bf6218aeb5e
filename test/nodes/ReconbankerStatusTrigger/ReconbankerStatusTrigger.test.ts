/**
 * Reconbanker Status Trigger: the polling trigger run through n8n-core's PollTriggerExecutor and
 * PollContext (test/harness) against the real sandbox over HTTP.
 */
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ReconbankerStatusTrigger } from '../../../nodes/ReconbankerStatusTrigger/ReconbankerStatusTrigger.node';
import { detectEvents, pollOrder, readState } from '../../../nodes/ReconbankerStatusTrigger/cursor';
import { forgetLiveState } from '../../../nodes/ReconbankerStatusTrigger/live-state';
import { splitAccountIds } from '../../../nodes/shared/account-ids';
import { effectiveLimit, runPool } from '../../../nodes/ReconbankerStatusTrigger/pool';
import type { AccountStatus } from '../../../nodes/shared/status';
import { runPoll } from '../../harness';
import { startSandbox, type Sandbox } from '../../sandbox';
import { startCountingProxy, type CountingProxy } from './status/counting-proxy';

const trigger = new ReconbankerStatusTrigger();

let sb: Sandbox;
let userId: string;
let otherUserId: string;
/** status:read on every account of the user. */
let readKey: string;
/** otp:write, to clear requests the way a workflow would. */
let writeKey: string;

beforeAll(async () => {
	sb = await startSandbox({ pathPrefix: '/rb', rejectionReopenDelayMs: 30 });
	userId = sb.createUser({ email: 'owner@example.com', password: 'pw-owner-1' }).id;
	otherUserId = sb.createUser({ email: 'other@example.com', password: 'pw-other-1' }).id;
	readKey = sb.createApiKey({ userId, scopes: ['status:read'] }).key;
	writeKey = sb.createApiKey({ userId, scopes: ['otp:write'] }).key;
});

afterAll(async () => {
	await sb.close();
});

// Every test starts as a fresh n8n process would: only the static data it passes is remembered.
beforeEach(() => forgetLiveState());

function newAccount(owner = userId): string {
	return sb.createAccount({ userId: owner }).id;
}

interface PollInput {
	accountIds: string[] | string;
	fireOn?: string[];
	options?: IDataObject;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	apiKey?: string;
	baseUrl?: string;
}

async function poll(input: PollInput) {
	const parameters: INodeParameters = {
		accountIds: Array.isArray(input.accountIds) ? input.accountIds.join(', ') : input.accountIds,
		fireOn: input.fireOn ?? ['code_requested'],
		options: (input.options ?? {}) as INodeParameters,
	};
	return await runPoll(trigger, {
		parameters,
		credentials: { reconbankerApi: { baseUrl: input.baseUrl ?? sb.baseUrl, apiKey: input.apiKey ?? readKey } },
		staticData: input.staticData,
		mode: input.mode,
	});
}

/**
 * The node's two outputs as JSON: output 0 "Code Requests" and output 1 "Poll Errors". Checks on
 * every call that no poll_error item is ever on output 0 and nothing else is ever on output 1.
 */
function outputsOf(result: INodeExecutionData[][] | null): { events: IDataObject[]; errors: IDataObject[] } {
	expect(result).not.toBeNull();
	expect(result).toHaveLength(2);
	const [events, errors] = (result as INodeExecutionData[][]).map((output) => output.map((item) => item.json));
	expect(events.filter(({ event }) => event === 'poll_error')).toEqual([]);
	expect(errors.filter(({ event }) => event !== 'poll_error')).toEqual([]);
	return { events, errors };
}

/** Output 0 ("Code Requests"), for polls where no account fails: output 1 must be empty. */
function jsonOf(result: INodeExecutionData[][] | null): IDataObject[] {
	const { events, errors } = outputsOf(result);
	expect(errors).toEqual([]);
	return events;
}

/** Submits a code over HTTP, as the action node would; the login receives it and the request clears. */
async function submitCode(accountId: string, code: string): Promise<void> {
	const response = await fetch(`${sb.baseUrl}/v1/accounts/${accountId}/otp`, {
		method: 'POST',
		headers: { Authorization: `Api-Key ${writeKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ code }),
	});
	expect(response.status).toBe(202);
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

describe('description', () => {
	it('is a polling trigger with no inputs, two outputs (code requests, poll errors) and the API credential', () => {
		const { description } = trigger;
		expect(description.name).toBe('reconbankerStatusTrigger');
		expect(description.displayName).toBe('Reconbanker Status Trigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual([NodeConnectionTypes.Main, NodeConnectionTypes.Main]);
		expect(description.outputNames).toEqual(['Code Requests', 'Poll Errors']);
		expect(description.credentials).toEqual([{ name: 'reconbankerApi', required: true, testedBy: 'reconbankerApiConnection' }]);
		const fireOn = description.properties.find((property) => property.name === 'fireOn');
		expect(fireOn?.default).toEqual(['code_requested']);
	});
});

describe('new code requests', () => {
	it('fires once per request id: a later poll with the same request pending emits nothing', async () => {
		const accountId = newAccount();
		const staticData: IDataObject = {};

		expect((await poll({ accountIds: [accountId], staticData })).result).toBeNull();

		const opened = sb.openRequest(accountId, { length: 8, type: 'alphanumeric', purpose: 'login' });
		const first = jsonOf((await poll({ accountIds: [accountId], staticData })).result);
		expect(first).toEqual([
			{
				event: 'code_requested',
				accountId,
				requestId: opened.id,
				descriptor: { length: 8, type: 'alphanumeric', purpose: 'login' },
				attempts: 1,
				sessionRunning: true,
				status: sb.getStatus(accountId),
			},
		]);

		expect((await poll({ accountIds: [accountId], staticData })).result).toBeNull();
		expect((await poll({ accountIds: [accountId], staticData })).result).toBeNull();

		// A new request (new id) fires again.
		const reopened = sb.openRequest(accountId);
		const second = jsonOf((await poll({ accountIds: [accountId], staticData })).result);
		expect(second.map(({ event, requestId }) => ({ event, requestId }))).toEqual([
			{ event: 'code_requested', requestId: reopened.id },
		]);
	});

	it('fires for a request already pending at activation (the first poll), by default', async () => {
		const accountId = newAccount();
		const opened = sb.openRequest(accountId);
		const staticData: IDataObject = {};
		const items = jsonOf((await poll({ accountIds: [accountId], staticData })).result);
		expect(items.map(({ event, requestId }) => ({ event, requestId }))).toEqual([
			{ event: 'code_requested', requestId: opened.id },
		]);
		expect((await poll({ accountIds: [accountId], staticData })).result).toBeNull();
	});

	it('with "Fire for Requests Already Pending" off, a request pending at activation is only the baseline', async () => {
		const accountId = newAccount();
		sb.openRequest(accountId);
		const staticData: IDataObject = {};
		const options = { fireForAlreadyPending: false };
		expect((await poll({ accountIds: [accountId], staticData, options })).result).toBeNull();
		const next = sb.openRequest(accountId);
		const items = jsonOf((await poll({ accountIds: [accountId], staticData, options })).result);
		expect(items.map(({ requestId }) => requestId)).toEqual([next.id]);
	});

	it('keeps plain JSON state per account and accepts ids in any case and separator', async () => {
		const a = newAccount();
		const b = newAccount();
		const opened = sb.openRequest(b);
		const staticData: IDataObject = {};
		const { result } = await poll({ accountIds: `${a.toUpperCase()}\n${b} ;, ${a}`, staticData });
		expect(jsonOf(result).map(({ accountId }) => accountId)).toEqual([b]);
		expect(clone(staticData)).toEqual({
			'node:Reconbanker Status Trigger': {
				accounts: { [a]: { requestId: null, attempts: null }, [b]: { requestId: opened.id, attempts: 1 } },
				deferred: [],
			},
		});
	});
});

describe('resends', () => {
	it('fire only when Resend is selected', async () => {
		const accountId = newAccount();
		const staticData: IDataObject = {};
		const opened = sb.openRequest(accountId);
		await poll({ accountIds: [accountId], staticData });

		// Not selected: the resend is noticed (cursor moves on) but nothing fires.
		sb.resend(accountId);
		expect((await poll({ accountIds: [accountId], staticData })).result).toBeNull();
		// Selecting it later does not replay the resend already seen.
		const withResend = ['code_requested', 'code_resent'];
		expect((await poll({ accountIds: [accountId], staticData, fireOn: withResend })).result).toBeNull();

		sb.resend(accountId);
		const items = jsonOf((await poll({ accountIds: [accountId], staticData, fireOn: withResend })).result);
		expect(items).toEqual([
			expect.objectContaining({ event: 'code_resent', accountId, requestId: opened.id, attempts: 3 }),
		]);
		expect((await poll({ accountIds: [accountId], staticData, fireOn: withResend })).result).toBeNull();
	});
});

describe('cleared requests', () => {
	it('fire only when Request Cleared is selected, with the id of the request that went away', async () => {
		const accountId = newAccount();
		const staticData: IDataObject = {};
		const fireOn = ['code_requested', 'request_cleared'];
		const opened = sb.openRequest(accountId);
		await poll({ accountIds: [accountId], staticData, fireOn });

		sb.setExpectedCode(accountId, null); // the "bank" accepts any code
		await submitCode(accountId, '123456');
		const items = jsonOf((await poll({ accountIds: [accountId], staticData, fireOn })).result);
		expect(items).toEqual([
			{
				event: 'request_cleared',
				accountId,
				requestId: opened.id,
				descriptor: null,
				attempts: 1,
				sessionRunning: true,
				status: { account_id: accountId, session_running: true, pending_assistance: null },
			},
		]);
		expect((await poll({ accountIds: [accountId], staticData, fireOn })).result).toBeNull();
	});

	it('does not fire when not selected', async () => {
		const accountId = newAccount();
		const staticData: IDataObject = {};
		sb.openRequest(accountId);
		await poll({ accountIds: [accountId], staticData });
		sb.setExpectedCode(accountId, null);
		await submitCode(accountId, '123456');
		expect((await poll({ accountIds: [accountId], staticData })).result).toBeNull();
	});

	it('a rejected code: the old request clears, then the new one fires, in that order', async () => {
		const accountId = newAccount();
		const staticData: IDataObject = {};
		const fireOn = ['code_requested', 'request_cleared'];
		const opened = sb.openRequest(accountId);
		await poll({ accountIds: [accountId], staticData, fireOn });

		sb.setExpectedCode(accountId, '111111');
		await submitCode(accountId, '222222');
		const reopened = await sb.waitFor(() => sb.getStatus(accountId).pending_assistance);
		expect(reopened.id).not.toBe(opened.id);

		const items = jsonOf((await poll({ accountIds: [accountId], staticData, fireOn })).result);
		expect(items.map(({ event, requestId }) => ({ event, requestId }))).toEqual([
			{ event: 'request_cleared', requestId: opened.id },
			{ event: 'code_requested', requestId: reopened.id },
		]);
	});
});

describe('manual runs ("Fetch Test Event")', () => {
	it('return the current status of every account even when nothing is new, without touching the cursor', async () => {
		const idle = newAccount();
		const waiting = newAccount();
		const opened = sb.openRequest(waiting, { length: 6, type: 'numeric' });
		const staticData: IDataObject = {};
		await poll({ accountIds: [idle, waiting], staticData });
		const before = clone(staticData);

		const { result, staticData: after } = await poll({ accountIds: [idle, waiting], staticData, mode: 'manual' });
		expect(jsonOf(result)).toEqual([
			{
				event: 'no_pending_request',
				accountId: idle,
				requestId: null,
				descriptor: null,
				attempts: null,
				sessionRunning: false,
				status: sb.getStatus(idle),
			},
			{
				event: 'code_requested',
				accountId: waiting,
				requestId: opened.id,
				descriptor: { length: 6, type: 'numeric' },
				attempts: 1,
				sessionRunning: true,
				status: sb.getStatus(waiting),
			},
		]);
		expect(clone(after)).toEqual(before);

		// A request opened since the last real poll still fires on the next real poll.
		const next = sb.openRequest(idle);
		await poll({ accountIds: [idle, waiting], staticData, mode: 'manual' });
		const items = jsonOf((await poll({ accountIds: [idle, waiting], staticData })).result);
		expect(items.map(({ requestId }) => requestId)).toEqual([next.id]);
	});

	it('with an empty state (never activated) still shows a sample and stores nothing', async () => {
		const accountId = newAccount();
		const staticData: IDataObject = {};
		const { result } = await poll({ accountIds: [accountId], staticData, mode: 'manual' });
		expect(jsonOf(result)).toEqual([expect.objectContaining({ event: 'no_pending_request', accountId })]);
		expect(clone(staticData)).toEqual({});
	});
});

describe('many accounts, bounded concurrency, one failing', () => {
	let proxy: CountingProxy;
	let accounts: string[];
	let notAllowed: string;
	let notOwned: string;
	let limitedKey: string;

	beforeAll(async () => {
		proxy = await startCountingProxy(sb.baseUrl, 15);
		accounts = Array.from({ length: 110 }, () => newAccount());
		notAllowed = accounts[57]; // owned, but not in the key's allow-list → 403
		notOwned = newAccount(otherUserId); // in the allow-list, but another user's → 404
		limitedKey = sb.createApiKey({
			userId,
			scopes: ['status:read'],
			accountIds: [...accounts.filter((id) => id !== notAllowed), notOwned],
		}).key;
	});

	afterAll(async () => {
		await proxy.close();
	});

	it('polls ≥100 accounts with at most 5 requests in flight; failing accounts do not hide the others and are reported once', async () => {
		const watched = [...accounts, notOwned];
		const waiting = accounts.filter((id, index) => index % 4 === 1 && id !== notAllowed);
		const opened = new Map(waiting.map((id) => [id, sb.openRequest(id).id]));
		// The 403 account has a new request too: it must not fire (it cannot be read) nor block the others.
		sb.openRequest(notAllowed);
		// A failing account that had been read before keeps its cursor.
		const staticData: IDataObject = {
			'node:Reconbanker Status Trigger': {
				accounts: { [notAllowed]: { requestId: 'req-before', attempts: 2 } },
				errors: {},
				deferred: [],
			},
		};
		const common = { accountIds: watched, staticData, apiKey: limitedKey, baseUrl: proxy.baseUrl };

		proxy.reset();
		const { events, errors } = outputsOf((await poll(common)).result);
		expect(proxy.requests).toBe(watched.length);
		expect(proxy.maxInFlight).toBe(5);

		// Output 0 holds only the code requests (outputsOf also checks no poll_error is on it).
		const requested = events.filter(({ event }) => event === 'code_requested');
		expect(requested).toHaveLength(waiting.length);
		expect(events).toHaveLength(waiting.length);
		for (const item of requested) expect(item.requestId).toBe(opened.get(item.accountId as string));

		// Output 1 holds the failing accounts, one item each.
		expect(errors).toEqual([
			expect.objectContaining({
				event: 'poll_error',
				accountId: notAllowed,
				httpCode: '403',
				errorCode: 'FORBIDDEN',
				error: expect.stringContaining(notAllowed),
				errorDescription: expect.stringContaining('status:read'),
			}),
			expect.objectContaining({
				event: 'poll_error',
				accountId: notOwned,
				httpCode: '404',
				errorCode: 'ACCOUNT_NOT_FOUND',
				error: expect.stringContaining(notOwned),
			}),
		]);
		for (const item of [...events, ...errors]) expect(JSON.stringify(item)).not.toContain(limitedKey);

		const state = readState(staticData['node:Reconbanker Status Trigger']);
		expect(state.accounts[notAllowed]).toEqual({ requestId: 'req-before', attempts: 2 });
		expect(state.accounts[notOwned]).toBeUndefined();
		// Which errors were reported is kept in the process, not in static data (see live-state.ts).
		expect(staticData['node:Reconbanker Status Trigger']).not.toHaveProperty('errors');

		// Next poll: nothing new, and the same errors are not reported again.
		expect((await poll(common)).result).toBeNull();

		// A new request on one account among the many still gets through.
		const late = sb.openRequest(accounts[3]);
		const again = jsonOf((await poll(common)).result);
		expect(again).toEqual([expect.objectContaining({ event: 'code_requested', accountId: accounts[3], requestId: late.id })]);
	});

	it('honours Max Concurrent Requests', async () => {
		proxy.reset();
		await poll({
			accountIds: accounts,
			staticData: {},
			apiKey: readKey,
			baseUrl: proxy.baseUrl,
			options: { maxConcurrency: 3 },
		});
		expect(proxy.requests).toBe(accounts.length);
		expect(proxy.maxInFlight).toBe(3);
	});

	it('reports an account again when its error changes, and forgets it once it recovers', async () => {
		const staticData: IDataObject = {};
		const healthy = accounts[0];
		const watched = [healthy, notAllowed];
		const first = outputsOf((await poll({ accountIds: watched, staticData, apiKey: limitedKey })).result);
		// Only an error: it starts an execution, but output 0 (what a Submit hangs off) stays empty.
		expect(first.events).toEqual([]);
		expect(first.errors.map(({ event, accountId }) => ({ event, accountId }))).toEqual([
			{ event: 'poll_error', accountId: notAllowed },
		]);
		expect((await poll({ accountIds: watched, staticData, apiKey: limitedKey })).result).toBeNull();

		// With the full key the account reads fine again: its error is forgotten...
		const recovered = (await poll({ accountIds: watched, staticData, apiKey: readKey })).result;
		if (recovered !== null) expect(outputsOf(recovered).errors).toEqual([]);
		// ...so failing again is reported again.
		const again = outputsOf((await poll({ accountIds: watched, staticData, apiKey: limitedKey })).result);
		expect(again.events).toEqual([]);
		expect(again.errors.map(({ event, accountId }) => ({ event, accountId }))).toEqual([
			{ event: 'poll_error', accountId: notAllowed },
		]);
	});

	it('stops starting requests when the poll budget runs out; the rest go first next poll and nothing is lost', async () => {
		// n8n gives a poll 5 minutes (getPollBudgetMs). Make the clock jump past it after 10 requests.
		const realNow = Date.now.bind(Date);
		let offset = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const watched = accounts.slice(0, 40);
		const staticData: IDataObject = {};
		try {
			await poll({ accountIds: watched, staticData, apiKey: readKey, baseUrl: proxy.baseUrl });
			const late = [watched[2], watched[35]].map((id) => ({ id, requestId: sb.openRequest(id).id }));
			const before = sb.getStatus(watched[35]);

			proxy.reset();
			proxy.onRequest = () => {
				if (proxy.requests === 10) offset = 10 * 60 * 1000;
			};
			const first = await poll({ accountIds: watched, staticData, apiKey: readKey, baseUrl: proxy.baseUrl });
			proxy.onRequest = undefined;
			offset = 0;
			// At most the requests already in flight finish after the jump.
			expect(proxy.requests).toBeGreaterThanOrEqual(10);
			expect(proxy.requests).toBeLessThan(10 + 5);
			const polled = proxy.requests;
			expect(jsonOf(first.result).map(({ accountId }) => accountId)).toEqual([watched[2]]);
			const state = readState(staticData['node:Reconbanker Status Trigger']);
			expect(state.deferred).toEqual(watched.slice(polled));
			// A deferred account keeps what was known about it.
			expect(state.accounts[watched[35]]).toEqual({ requestId: null, attempts: null });
			expect(before.pending_assistance).not.toBeNull();

			proxy.reset();
			const second = await poll({ accountIds: watched, staticData, apiKey: readKey, baseUrl: proxy.baseUrl });
			expect(proxy.paths.slice(0, watched.length - polled)).toEqual(
				watched.slice(polled).map((id) => `/rb/v1/accounts/${id}/status`),
			);
			expect(jsonOf(second.result)).toEqual([
				expect.objectContaining({ event: 'code_requested', accountId: late[1].id, requestId: late[1].requestId }),
			]);
			expect(readState(staticData['node:Reconbanker Status Trigger']).deferred).toEqual([]);
		} finally {
			proxy.onRequest = undefined;
			clock.mockRestore();
		}
	});

	it('shows failing accounts in a manual run as error items on the Poll Errors output, the others on Code Requests', async () => {
		const { result } = await poll({ accountIds: [accounts[0], notOwned], apiKey: limitedKey, mode: 'manual' });
		const { events, errors } = outputsOf(result);
		expect(events.map(({ event, accountId }) => ({ event, accountId }))).toEqual([
			{ event: expect.stringMatching(/^(no_pending_request|code_requested)$/), accountId: accounts[0] },
		]);
		expect(errors).toEqual([
			expect.objectContaining({ event: 'poll_error', accountId: notOwned, httpCode: '404', errorCode: 'ACCOUNT_NOT_FOUND' }),
		]);
	});
});

describe('when every account fails', () => {
	it('the poll fails with the API error (e.g. a revoked key) and the state is left alone', async () => {
		const accountId = newAccount();
		const created = sb.createApiKey({ userId, scopes: ['status:read'] });
		const staticData: IDataObject = {};
		sb.openRequest(accountId);
		await poll({ accountIds: [accountId], staticData, apiKey: created.key });
		const before = clone(staticData);

		sb.revokeApiKey(created.id);
		const failure = poll({ accountIds: [accountId], staticData, apiKey: created.key });
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(poll({ accountIds: [accountId], staticData, apiKey: created.key })).rejects.toMatchObject({
			message: 'The Reconbanker API key is malformed, unknown or revoked',
			httpCode: '401',
		});
		expect(clone(staticData)).toEqual(before);
	});

	it('different errors on every account become one error naming them', async () => {
		const noScopeKey = sb.createApiKey({ userId, scopes: ['otp:write'] }).key;
		const a = newAccount();
		const b = newAccount(otherUserId);
		const partial = await poll({ accountIds: [a, b], apiKey: readKey, staticData: {} }).then(
			({ result }) => ({ result, error: undefined }),
			(e: unknown) => ({ result: null, error: e }),
		);
		// a is fine, b is 404: not all failed, so no error — just b's error item, on the Poll Errors output.
		expect(partial.error).toBeUndefined();
		const { events, errors } = outputsOf(partial.result);
		expect(events).toEqual([]);
		expect(errors.map(({ event, accountId }) => ({ event, accountId }))).toEqual([{ event: 'poll_error', accountId: b }]);

		const allFail = await poll({ accountIds: [a, b], apiKey: noScopeKey }).then(
			() => undefined,
			(e: unknown) => e as NodeOperationError,
		);
		// With otp:write only, every account is 403 with its own message.
		expect(allFail).toBeInstanceOf(NodeOperationError);
		expect(allFail?.message).toBe('Could not read the status of any of the 2 Reconbanker accounts');
		expect(allFail?.description).toContain(a);
		expect(allFail?.description).toContain(b);
	});

	it('fails a manual run too, so the editor shows why', async () => {
		const accountId = newAccount();
		await expect(
			poll({ accountIds: [accountId], apiKey: `rbk_00000000_${'0'.repeat(64)}`, mode: 'manual' }),
		).rejects.toMatchObject({ httpCode: '401' });
	});
});

describe('parameter checks happen before any request', () => {
	it('an invalid account id fails with a message naming it', async () => {
		const valid = newAccount();
		const logLength = sb.log.length;
		const attempt = poll({ accountIds: `${valid}, not-a-uuid`, staticData: {} });
		await expect(attempt).rejects.toBeInstanceOf(NodeOperationError);
		await expect(poll({ accountIds: `${valid}, not-a-uuid` })).rejects.toThrow('The Account ID "not-a-uuid" is not a UUID');
		expect(sb.log.length).toBe(logLength);
	});

	it('an empty list or no selected event is refused', async () => {
		const logLength = sb.log.length;
		await expect(poll({ accountIds: ' , \n' })).rejects.toThrow('No account IDs to watch');
		await expect(poll({ accountIds: [newAccount()], fireOn: [] })).rejects.toThrow('No events selected in "Fire On"');
		expect(sb.log.length).toBe(logLength);
	});
});

describe('pure helpers', () => {
	function status(pending: { id: string; attempts: number } | null): AccountStatus {
		return {
			account_id: 'a',
			session_running: true,
			pending_assistance: pending && { ...pending, type: 'otp', descriptor: { length: 6, type: 'numeric' } },
		};
	}
	const all = { fireOn: new Set(['code_requested', 'code_resent', 'request_cleared'] as const), fireForAlreadyPending: true };

	it('detectEvents covers first sight, new, resend, cleared and replaced', () => {
		expect(detectEvents(undefined, status(null), all).events).toEqual([]);
		expect(detectEvents(undefined, status({ id: 'r1', attempts: 2 }), all).events.map((e) => e.event)).toEqual([
			'code_requested',
		]);
		const seen = { requestId: 'r1', attempts: 1 };
		expect(detectEvents(seen, status({ id: 'r1', attempts: 1 }), all).events).toEqual([]);
		expect(detectEvents(seen, status({ id: 'r1', attempts: 2 }), all).events.map((e) => e.event)).toEqual([
			'code_resent',
		]);
		expect(detectEvents(seen, status(null), all)).toEqual({
			events: [{ event: 'request_cleared', requestId: 'r1', descriptor: null, attempts: 1 }],
			next: { requestId: null, attempts: null },
		});
		expect(detectEvents(seen, status({ id: 'r2', attempts: 1 }), all).events.map((e) => [e.event, e.requestId])).toEqual([
			['request_cleared', 'r1'],
			['code_requested', 'r2'],
		]);
		// Unknown previous attempts: no resend guessed.
		expect(detectEvents({ requestId: 'r1', attempts: null }, status({ id: 'r1', attempts: 3 }), all).events).toEqual([]);
	});

	it('splitAccountIds and pollOrder', () => {
		expect(splitAccountIds(' a, b;c\n\nd  e ')).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(splitAccountIds(['a b', 'c'])).toEqual(['a', 'b', 'c']);
		expect(splitAccountIds(undefined)).toEqual([]);
		expect(pollOrder(['a', 'b', 'c', 'd'], ['c', 'x', 'd'])).toEqual(['c', 'd', 'a', 'b']);
	});

	it('readState tolerates missing or malformed data', () => {
		expect(readState(undefined)).toEqual({ accounts: {}, errors: {}, deferred: [] });
		expect(readState({ accounts: { a: 'x', b: { requestId: 'r', attempts: 'n' } }, errors: { a: 1 }, deferred: 'x' })).toEqual({
			accounts: { b: { requestId: 'r', attempts: null } },
			errors: {},
			deferred: [],
		});
	});

	it('runPool bounds concurrency, keeps order, never rejects, and stops starting when told', async () => {
		let inFlight = 0;
		let max = 0;
		const results = await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
			inFlight += 1;
			max = Math.max(max, inFlight);
			await new Promise((resolve) => setTimeout(resolve, 5));
			inFlight -= 1;
			if (n === 4) throw new Error('four');
			return n * 10;
		});
		expect(max).toBe(3);
		expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.status))).toEqual([10, 20, 30, 'rejected', 50, 60, 70]);

		let started = 0;
		const partial = await runPool([1, 2, 3, 4, 5], 2, async (n) => n, { shouldStart: () => started++ < 3 });
		expect(partial.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'skipped', 'skipped']);
		expect(await runPool([], 5, async () => 1)).toEqual([]);
		expect(effectiveLimit(0, 10)).toBe(1);
		expect(effectiveLimit(Number.NaN, 10)).toBe(1);
		expect(effectiveLimit(50, 10)).toBe(10);
	});
});
