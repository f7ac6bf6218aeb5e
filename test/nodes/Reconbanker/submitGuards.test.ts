/**
 * Code → Submit's attempt-safety guards that hold across executions (README "Attempt safety"), one
 * rule per test, through the real engine against the sandbox. The guards live in n8n's
 * deduplication store (the harness's in-memory copy); the runs of one test share it like
 * executions of one workflow. Tests run concurrently: each has its own account, and the runs for an
 * account are one workflow of their own (its own rows in the store).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Reconbanker } from '../../../nodes/Reconbanker/Reconbanker.node';
import { harnessDeduplicationStore, type RunNodeOptions } from '../../harness';
import type { LogEntry } from '../../sandbox';
import * as helpers from './helpers';
import {
	closedPortUrl,
	inAccountWorkflow,
	otpPosts,
	statusReads,
	submitParameters,
	useWorld,
	v1Requests,
	workflowOf,
} from './helpers';

jest.setTimeout(30_000);

const world = useWorld({ clearLogBeforeEach: false });
const store = harnessDeduplicationStore();

const run = (_world: typeof world, parameters: INodeParameters, options: Partial<RunNodeOptions> = {}) =>
	helpers.run(world, parameters, inAccountWorkflow(parameters, options));
const runError = (_world: typeof world, parameters: INodeParameters, options: Partial<RunNodeOptions> = {}) =>
	helpers.runError(world, parameters, inAccountWorkflow(parameters, options));

function accountWithRequest(options: { sessionRunning?: boolean } = {}) {
	const accountId = world.newAccount();
	const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }, options);
	return { accountId, requestId: id };
}

/** The item a Reconbanker trigger outputs for a new code request. */
function triggerItem(accountId: string, requestId: string): INodeExecutionData {
	return {
		json: {
			accountId,
			type: 'assistance_required',
			status: 'assistance.requested',
			requestId,
			descriptor: { length: 6, type: 'numeric' },
			attempts: 1,
		},
	};
}

/** Submit as it follows a trigger: account from the item, no request-id expression at all. */
const afterTrigger = (code: string, extra: INodeParameters = {}) =>
	submitParameters('={{ $json.accountId }}', code, extra);

describe('one code per request', () => {
	it.concurrent('a redelivered notification for a request this workflow answered ends quietly: already_answered, no POST', async () => {
		const { accountId, requestId } = accountWithRequest();
		const item = triggerItem(accountId, requestId);

		const first = await run(world, afterTrigger('482913'), { items: [item] });
		const second = await run(world, afterTrigger('482913'), { items: [item] });

		expect(first[0].json).toMatchObject({ submitted: true, requestId });
		expect(second).toEqual([
			{
				json: { accountId, submitted: false, reason: 'already_answered', requestId, pendingRequestId: null },
				pairedItem: { item: 0 },
			},
		]);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('a second code for an answered request is refused too (not only the same code)', async () => {
		const { accountId, requestId } = accountWithRequest();
		const item = triggerItem(accountId, requestId);

		await run(world, afterTrigger('482913'), { items: [item] });
		const second = await run(world, afterTrigger('555111'), { items: [item] });

		expect(second[0].json).toMatchObject({ submitted: false, reason: 'already_answered' });
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('two items for the same request in one run: one POST, the second item is already_answered', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(world, afterTrigger('={{ $json.code }}'), {
			items: [
				{ json: { ...triggerItem(accountId, requestId).json, code: '482913' } },
				{ json: { ...triggerItem(accountId, requestId).json, code: '777888' } },
			],
		});

		expect(output.map((item) => [item.json.submitted, item.json.reason])).toEqual([
			[true, undefined],
			[false, 'already_answered'],
		]);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('with "If Already Answered" = Fail the duplicate is an error instead', async () => {
		const { accountId, requestId } = accountWithRequest();
		const item = triggerItem(accountId, requestId);
		await run(world, afterTrigger('482913'), { items: [item] });

		const error = await runError(world, afterTrigger('482913', { attemptSafety: { whenAlreadyAnswered: 'error' } }), {
			items: [item],
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Request ${requestId} of account ${accountId} was already answered by this workflow`);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('the store holds the claim and never the code', async () => {
		const { accountId, requestId } = accountWithRequest();

		await run(world, afterTrigger('482913'), { items: [triggerItem(accountId, requestId)] });

		expect(store.has(workflowOf(accountId), '', `rbk1:answered:${requestId}`)).toBe(true);
		const everything = JSON.stringify([store.entries(workflowOf(accountId), ''), store.calls]);
		expect(everything).not.toContain('482913');
	});

	it.concurrent('a send that provably did not happen (HTTP 403) is forgotten: the same code can go once the key is fixed', async () => {
		const { accountId, requestId } = accountWithRequest();
		const readOnly = world.sb.createApiKey({ userId: world.userId, scopes: ['status:read'] }).key;
		const item = triggerItem(accountId, requestId);

		const refused = await runError(world, afterTrigger('482913'), {
			items: [item],
			credentials: world.credentials({ apiKey: readOnly }),
		});
		const sent = await run(world, afterTrigger('482913'), { items: [item] });

		expect(refused.httpCode).toBe('403');
		expect(sent[0].json).toMatchObject({ submitted: true, requestId });
		expect(world.sb.submissions(accountId).map(({ code, status }) => [code, status])).toEqual([
			['482913', 403],
			['482913', 202],
		]);
	});
});

describe('the request-id guard cannot be lost by a click', () => {
	it("uses the input item's requestId with no expression: a code for an older request never reaches a newer one", async () => {
		const { accountId, requestId: older } = accountWithRequest();
		const { id: newer } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const output = await run(world, afterTrigger('482913', { whenNothingPending: 'output' }), {
			items: [triggerItem(accountId, older)],
		});

		expect(output[0].json).toEqual({
			accountId,
			submitted: false,
			reason: 'request_changed',
			requestId: older,
			pendingRequestId: newer,
		});
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('an explicit Request ID wins over the input item', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(world, afterTrigger('482913', { requiredRequestId: requestId }), {
			items: [triggerItem(accountId, 'b0b0b0b0-0000-4000-8000-000000000000')],
		});

		expect(output[0].json).toMatchObject({ submitted: true, requestId });
	});

	it.concurrent('"Any Pending Request" is an explicit choice that ignores the input item', async () => {
		const { accountId, requestId: older } = accountWithRequest();
		const { id: newer } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const output = await run(world, afterTrigger('482913', { requestToAnswer: 'anyPending' }), {
			items: [triggerItem(accountId, older)],
		});

		expect(output[0].json).toMatchObject({ submitted: true, requestId: newer });
	});

	it.concurrent('the Request ID field is never hidden by another option (n8n drops hidden values)', () => {
		const v1 = new Reconbanker().nodeVersions[1];
		const field = v1.description.properties.find((property) => property.name === 'requiredRequestId');
		expect(field?.displayOptions).toEqual({ show: { resource: ['code'], operation: ['submit'] } });
	});
});

describe('never the same code twice to one account', () => {
	it.concurrent('the same code for the next request is refused before any POST, naming the likely cause', async () => {
		const { accountId, requestId } = accountWithRequest();
		world.sb.setExpectedCode(accountId, '111111');
		await run(world, afterTrigger('482913'), { items: [triggerItem(accountId, requestId)] });
		const next = await world.sb.waitFor(() => {
			const pending = world.sb.getStatus(accountId).pending_assistance;
			return pending && pending.id !== requestId ? pending : null;
		});
		const fromSeq = world.sb.log.at(-1)?.seq ?? 0;

		const error = await runError(world, afterTrigger('48 29 13'), { items: [triggerItem(accountId, next.id)] });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`This code (••••13) was already sent to account ${accountId} in the last 10–20 minutes, and the login asked for a code again after it, so the bank most likely rejected it`,
		);
		expect(error.description).toMatch(/for an authenticator \(TOTP\), its secret/);
		expect(error.description).toMatch(/The code was not sent/);
		// Only the (free) status read reached the server.
		const since = (entries: LogEntry[]) => entries.filter((entry) => entry.seq > fromSeq);
		expect(since(v1Requests(world.sb, accountId)).map((entry) => entry.method)).toEqual(['GET']);
		expect(since(statusReads(world.sb, accountId))).toHaveLength(1);
		expect(world.sb.submissions(accountId)).toHaveLength(1);
	});

	it.concurrent('honours Continue On Fail (an error item, no POST)', async () => {
		const { accountId, requestId } = accountWithRequest();
		await run(world, afterTrigger('482913'), { items: [triggerItem(accountId, requestId)] });
		const { id: next } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const output = await run(world, afterTrigger('482913'), { items: [triggerItem(accountId, next)], continueOnFail: true });

		expect(output[0].json.error).toMatch(/already sent to account/);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('is per account: the same digits may go to another account', async () => {
		const first = accountWithRequest();
		const second = accountWithRequest();

		const oneWorkflow = { workflowId: workflowOf(first.accountId) };
		await run(world, afterTrigger('482913'), { items: [triggerItem(first.accountId, first.requestId)], ...oneWorkflow });
		const output = await run(world, afterTrigger('482913'), {
			items: [triggerItem(second.accountId, second.requestId)],
			...oneWorkflow,
		});

		expect(output[0].json).toMatchObject({ submitted: true });
	});

	it.concurrent('can be turned off ("Refuse a Code Already Sent")', async () => {
		const { accountId, requestId } = accountWithRequest();
		await run(world, afterTrigger('482913'), { items: [triggerItem(accountId, requestId)] });
		const { id: next } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const output = await run(world, afterTrigger('482913', { attemptSafety: { refuseRepeatedCode: false } }), {
			items: [triggerItem(accountId, next)],
		});

		expect(output[0].json).toMatchObject({ submitted: true, requestId: next });
		expect(otpPosts(world.sb, accountId)).toHaveLength(2);
	});

	it.concurrent('a send that may have happened (no answer) counts: the same code is refused afterwards', async () => {
		const { accountId, requestId } = accountWithRequest();
		const item = triggerItem(accountId, requestId);

		await runError(world, afterTrigger('482913', { checkPendingRequest: false }), {
			items: [item],
			credentials: world.credentials({ baseUrl: await closedPortUrl() }),
		});
		const { id: next } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		const error = await runError(world, afterTrigger('482913'), { items: [triggerItem(accountId, next)] });

		expect(error.message).toMatch(/already sent to account/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});
});

describe('stop after repeated rejections', () => {
	/** Sends `code` for the pending request and waits for the sandbox to reject it and ask again. */
	async function sendRejected(accountId: string, code: string, extra: INodeParameters = {}) {
		const requestId = world.sb.getStatus(accountId).pending_assistance?.id as string;
		const output = await run(world, afterTrigger(code, extra), { items: [triggerItem(accountId, requestId)] });
		expect(output[0].json).toMatchObject({ submitted: true });
		await world.sb.waitFor(() => {
			const pending = world.sb.getStatus(accountId).pending_assistance;
			return pending && pending.id !== requestId;
		});
	}

	it.concurrent('after 2 rejected codes (the default) the third is refused with what to check, before any POST', async () => {
		const { accountId } = accountWithRequest();
		world.sb.setExpectedCode(accountId, '999999');
		await sendRejected(accountId, '111111');
		await sendRejected(accountId, '222222');
		const third = world.sb.getStatus(accountId).pending_assistance?.id as string;

		const error = await runError(world, afterTrigger('333333'), { items: [triggerItem(accountId, third)] });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`2 codes were already sent to account ${accountId} in the last 10–20 minutes and the login asked again after each, so the bank most likely rejected them: automatic submits for this account are paused`,
		);
		expect(error.description).toMatch(/Check the code source/);
		expect(error.description).toMatch(/lifts by itself 10–20 minutes after the last code sent/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(2);
		// The refused send left nothing behind: with the guard off, that request still takes one code.
		const output = await run(world, afterTrigger('333333', { attemptSafety: { maxRejectedCodes: 0 } }), {
			items: [triggerItem(accountId, third)],
		});
		expect(output[0].json).toMatchObject({ submitted: true, requestId: third });
	});

	it.concurrent('the number is a parameter: 1 stops after the first rejected code', async () => {
		const { accountId } = accountWithRequest();
		world.sb.setExpectedCode(accountId, '999999');
		await sendRejected(accountId, '111111', { attemptSafety: { maxRejectedCodes: 1 } });
		const second = world.sb.getStatus(accountId).pending_assistance?.id as string;

		const error = await runError(world, afterTrigger('222222', { attemptSafety: { maxRejectedCodes: 1 } }), {
			items: [triggerItem(accountId, second)],
		});

		expect(error.message).toMatch(/^1 codes were already sent/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('a number outside 0–5 is refused before anything is sent', async () => {
		const { accountId, requestId } = accountWithRequest();

		const error = await runError(world, afterTrigger('482913', { attemptSafety: { maxRejectedCodes: 9 } }), {
			items: [triggerItem(accountId, requestId)],
		});

		expect(error.message).toBe('"Stop After Rejected Codes" must be a whole number from 0 to 5');
		expect(v1Requests(world.sb, accountId)).toHaveLength(0);
	});
});

describe('no code into a request with no live login', () => {
	it.concurrent('session_running false → refused before the POST, saying why', async () => {
		const { accountId, requestId } = accountWithRequest({ sessionRunning: false });

		const error = await runError(world, afterTrigger('482913'), { items: [triggerItem(accountId, requestId)] });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`No login is waiting for a code on account ${accountId} right now (session_running is false)`);
		expect(error.description).toMatch(/would be held and used later, when the login resumes — by then it is likely stale/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('with "If Nothing Is Pending" = Output Not Submitted it is an item with reason no_live_login', async () => {
		const { accountId, requestId } = accountWithRequest({ sessionRunning: false });

		const output = await run(world, afterTrigger('482913', { whenNothingPending: 'output' }), {
			items: [triggerItem(accountId, requestId)],
		});

		expect(output[0].json).toEqual({
			accountId,
			submitted: false,
			reason: 'no_live_login',
			requestId,
			pendingRequestId: requestId,
		});
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('"Send Anyway" sends it once: the sandbox holds it; a re-run for that request sends nothing more', async () => {
		const { accountId, requestId } = accountWithRequest({ sessionRunning: false });
		const parameters = afterTrigger('482913', { attemptSafety: { whenNoLiveLogin: 'send' } });
		const item = triggerItem(accountId, requestId);

		const first = await run(world, parameters, { items: [item] });
		const again = await run(world, parameters, { items: [item] });
		const otherCode = await run(world, { ...parameters, code: '555111' }, { items: [item] });

		expect(first[0].json).toMatchObject({ submitted: true, requestId });
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '482913', status: 202, outcome: 'held' }]);
		// Per the contract the held request stays pending with its id; either way nothing more goes out.
		expect(again[0].json).toMatchObject({ submitted: false, reason: 'already_answered', requestId });
		expect(otherCode[0].json).toMatchObject({ submitted: false, reason: 'already_answered', requestId });
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});
});

describe('AI agent tool', () => {
	const asTool = { typeName: 'n8n-nodes-reconbanker.reconbankerTool' };

	it.concurrent('refuses without an explicit Request ID, before any request, and says not to invent a code', async () => {
		const { accountId, requestId } = accountWithRequest();

		const error = await runError(world, submitParameters(accountId, '482913'), {
			...asTool,
			items: [triggerItem(accountId, requestId)],
		});

		expect(error.message).toBe('As an AI agent tool, Submit needs the Request ID of the request the code is for');
		expect(error.description).toMatch(/Never invent or guess a code/);
		expect(v1Requests(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('refuses "Any Pending Request" even with an ID', async () => {
		const { accountId, requestId } = accountWithRequest();

		const error = await runError(
			world,
			submitParameters(accountId, '482913', { requestToAnswer: 'anyPending', requiredRequestId: requestId }),
			asTool,
		);

		expect(error.message).toMatch(/needs the Request ID/);
		expect(v1Requests(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('submits with the Request ID given', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(world, submitParameters(accountId, '482913', { requiredRequestId: requestId }), asTool);

		expect(output[0].json).toMatchObject({ submitted: true, requestId });
	});

	it("the tool's descriptions tell the agent never to invent a code", () => {
		const v1 = new Reconbanker().nodeVersions[1];
		const operation = v1.description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('code'),
		);
		const submit = (operation?.options as Array<{ value: string; description: string }>).find(
			(option) => option.value === 'submit',
		);
		// Every Code field the agent may fill (Submit's, Find Waiting Account's).
		const codes = v1.description.properties.filter((property) => property.name === 'code');
		expect(submit?.description).toMatch(/Never invent or guess a code/);
		expect(codes.map((code) => code.displayOptions?.show?.operation).sort()).toEqual([['findWaitingAccount'], ['submit']]);
		for (const code of codes) expect(code.description).toMatch(/Never invent or guess one/);
	});
});

describe('store trouble never sends a code', () => {
	it.concurrent('a workflow row saved in another mode (another node using the store) → clear error, no POST', async () => {
		const { accountId, requestId } = accountWithRequest();
		store.setRow(workflowOf(accountId), '', { mode: 'latestIncrementalKey', data: 7 });

		const error = await runError(world, afterTrigger('482913'), { items: [triggerItem(accountId, requestId)] });

		expect(error.message).toBe('Could not record the submission safely, so the code was not sent');
		expect(error.description).toMatch(/incompatible setting/);
		expect(error.description).toMatch(/give it scope Node/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});
});
