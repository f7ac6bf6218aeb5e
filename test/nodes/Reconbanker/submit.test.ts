/**
 * Code → Submit: the attempt-safety rules, checked with the sandbox's request log and submissions.
 * A wrong or stale code must never reach the server (every POST can burn a bank attempt and one of
 * the 5 submissions per 10 minutes); a good code goes exactly once, cleaned up, and is never echoed.
 * (Wait for result: submitResult.test.ts.)
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INodeExecutionData } from 'n8n-workflow';

import { otpPosts, run, runError, statusReads, submitParameters, useWorld, v1Requests } from './helpers';

const world = useWorld();

/** A fresh account with a 6-digit numeric request pending. */
function accountWithRequest(descriptor: { length: number; type: 'numeric' | 'alphanumeric' } = { length: 6, type: 'numeric' }) {
	const accountId = world.newAccount();
	const { id } = world.sb.openRequest(accountId, descriptor);
	return { accountId, requestId: id };
}

function expectCodeNotIn(output: INodeExecutionData[], ...codes: string[]): void {
	const text = JSON.stringify(output);
	for (const code of codes) expect(text).not.toContain(code);
}

describe('Submit: invalid codes are refused before any request', () => {
	it.each([
		['empty (from an expression)', '={{ $json.missing ?? "" }}', /The code is empty/],
		['only spaces', '   ', /The code is empty/],
		['only separators', ' - . ', /The code is empty/],
		['longer than 32 characters', '1234567890123456789012345678901234', /34 characters; Reconbanker accepts at most 32/],
		['invalid characters', '12$456', /only letters A–Z and digits 0–9/],
		['a whole message with punctuation', 'Your code: 123456.', /only letters A–Z and digits 0–9/],
	])('%s → NodeOperationError and 0 requests', async (_label, code, message) => {
		const { accountId, requestId } = accountWithRequest();

		const error = await runError(world, submitParameters(accountId, code));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(world.sb.log).toHaveLength(0);
		expect(world.sb.submissions(accountId)).toEqual([]);
		expect(world.sb.getStatus(accountId).pending_assistance?.id).toBe(requestId);
	});

	it('a literally empty Code field is refused by n8n itself (required parameter) before the node runs', async () => {
		const { accountId } = accountWithRequest();

		const error = await runError(world, submitParameters(accountId, ''));

		expect(error.name).toBe('WorkflowHasIssuesError');
		expect(world.sb.log).toHaveLength(0);
	});

	it('refuses them before any request with the checks off too', async () => {
		const accountId = world.newAccount();

		for (const code of ['={{ "" }}', '1234567890123456789012345678901234', '12$456']) {
			const error = await runError(world, submitParameters(accountId, code, { checkPendingRequest: false }));
			expect(error).toBeInstanceOf(NodeOperationError);
		}

		expect(world.sb.log).toHaveLength(0);
	});
});

describe('Submit: codes that do not fit the pending request send 0 POSTs', () => {
	it.each([
		['a number that lost its leading zeros', '={{ 12345 }}', /number with 5 digits but the bank asked for 6.*leading zeros/s],
		['too short for the descriptor', '12345', /has 5 characters but the bank asked for 6/],
		['too long for the descriptor', '1234567', /has 7 characters but the bank asked for 6/],
		['letters for a numeric code', 'ABC123', /asked for a numeric code but the code contains letters/],
	])('%s → NodeOperationError after one status read, no submit', async (_label, code, message) => {
		const { accountId, requestId } = accountWithRequest();

		const error = await runError(world, submitParameters(accountId, code));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(otpPosts(world.sb)).toHaveLength(0);
		expect(statusReads(world.sb, accountId)).toHaveLength(1);
		expect(world.sb.submissions(accountId)).toEqual([]);
		// The request is still waiting for a (right) code.
		expect(world.sb.getStatus(accountId).pending_assistance?.id).toBe(requestId);
	});

	it('the messages never contain the code', async () => {
		const { accountId } = accountWithRequest();

		const error = await runError(world, submitParameters(accountId, '98765'));

		expect(`${error.message} ${String(error.description ?? '')}`).not.toContain('98765');
	});
});

describe('Submit: nothing pending, or not the required request → 0 submits', () => {
	it('nothing pending → a clear error and no POST', async () => {
		const accountId = world.newAccount();

		const error = await runError(world, submitParameters(accountId, '123456'));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`No code request is pending for account ${accountId}`);
		expect(error.description).toMatch(/not sent.*no attempt was spent/);
		expect(otpPosts(world.sb)).toHaveLength(0);
		expect(statusReads(world.sb, accountId)).toHaveLength(1);
		expect(world.sb.submissions(accountId)).toEqual([]);
	});

	it('nothing pending with whenNothingPending=output → {submitted:false, reason} and no POST', async () => {
		const accountId = world.newAccount();

		const output = await run(world, submitParameters(accountId, '123456', { whenNothingPending: 'output' }));

		expect(output).toEqual([
			{
				json: { accountId, submitted: false, reason: 'no_pending_request', requestId: null, pendingRequestId: null },
				pairedItem: { item: 0 },
			},
		]);
		expect(otpPosts(world.sb)).toHaveLength(0);
		expect(world.sb.submissions(accountId)).toEqual([]);
	});

	it('requiredRequestId not the pending one → error, no POST, the newer request keeps waiting', async () => {
		const { accountId, requestId } = accountWithRequest();
		const older = '5b1d6c2e-7a8f-4b9c-8d0e-1f2a3b4c5d6e';

		const error = await runError(world, submitParameters(accountId, '123456', { requiredRequestId: older }));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`The pending request for account ${accountId} is not the required one (${older})`);
		expect(otpPosts(world.sb)).toHaveLength(0);
		expect(world.sb.submissions(accountId)).toEqual([]);
		expect(world.sb.getStatus(accountId).pending_assistance?.id).toBe(requestId);
	});

	it('requiredRequestId mismatch with whenNothingPending=output → reason request_changed, no POST', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(
			world,
			submitParameters(accountId, '123456', {
				requiredRequestId: '5b1d6c2e-7a8f-4b9c-8d0e-1f2a3b4c5d6e',
				whenNothingPending: 'output',
			}),
		);

		expect(output[0].json).toEqual({
			accountId,
			submitted: false,
			reason: 'request_changed',
			requestId: '5b1d6c2e-7a8f-4b9c-8d0e-1f2a3b4c5d6e',
			pendingRequestId: requestId,
		});
		expect(otpPosts(world.sb)).toHaveLength(0);
	});

	it('requiredRequestId matching the pending request (from an expression) → submitted once', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(
			world,
			submitParameters(accountId, '={{ $json.code }}', { requiredRequestId: '={{ $json.requestId }}' }),
			{ items: [{ json: { code: '314159', requestId } }] },
		);

		expect(output[0].json).toMatchObject({ submitted: true, requestId });
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '314159', status: 202, requestId }]);
	});

	it('requiredRequestId that resolves to null (no id in the input) → no requirement, submitted once', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(world, submitParameters(accountId, '271828', { requiredRequestId: '={{ $json.requestId }}' }), {
			items: [{ json: { requestId: null } }],
		});

		expect(output[0].json).toMatchObject({ submitted: true, requestId });
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '271828', status: 202, requestId }]);
	});
});

describe('Submit: several items', () => {
	it('a failure after a code of the same run went out becomes an error item, so the 202 is not lost', async () => {
		const sent = accountWithRequest();
		const idle = world.newAccount();

		const output = await run(world, submitParameters('={{ $json.accountId }}', '={{ $json.code }}'), {
			items: [{ json: { accountId: sent.accountId, code: '112233' } }, { json: { accountId: idle, code: '445566' } }],
		});

		expect(output).toHaveLength(2);
		expect(output[0].json).toMatchObject({ accountId: sent.accountId, submitted: true });
		expect(output[1].json).toEqual({
			error: `No code request is pending for account ${idle}`,
			details: 'The code was not sent, so no attempt was spent.',
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(otpPosts(world.sb)).toHaveLength(1);
	});

	it('a failure before any code went out still fails the run', async () => {
		const idle = world.newAccount();
		const waiting = accountWithRequest();

		const error = await runError(world, submitParameters('={{ $json.accountId }}', '={{ $json.code }}'), {
			items: [{ json: { accountId: idle, code: '445566' } }, { json: { accountId: waiting.accountId, code: '112233' } }],
		});

		expect(error.message).toBe(`No code request is pending for account ${idle}`);
		expect(otpPosts(world.sb)).toHaveLength(0);
	});
});

describe('Submit: n8n settings that would resend a code', () => {
	it('refuses to run with Retry On Fail on, before any request', async () => {
		const { accountId } = accountWithRequest();

		const error = await runError(world, submitParameters(accountId, '123456'), {
			nodeSettings: { retryOnFail: true, maxTries: 2 },
		});

		expect(error.message).toBe('Turn off "Retry On Fail" in this node\'s settings to submit codes');
		expect(world.sb.log).toHaveLength(0);
	});
});

describe('Submit: a good code goes exactly once, normalised, never echoed', () => {
	it.each([
		['full-width digits with a space', '１２３ ４５６', '123456'],
		['Arabic-Indic digits with a dash', '٤٨٢-٩١٣', '482913'],
		['dots and surrounding spaces', '  70.81.52  ', '708152'],
		['plain', '246802', '246802'],
	])('%s: %s → %s', async (_label, input, normalised) => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(world, submitParameters(accountId, input));

		expect(output).toEqual([
			{
				json: {
					accountId,
					submitted: true,
					requestId,
					maskedCode: `••••${normalised.slice(-2)}`,
					codeLength: 6,
				},
				pairedItem: { item: 0 },
			},
		]);
		const posts = otpPosts(world.sb);
		expect(posts).toHaveLength(1);
		expect(posts[0].path).toBe(`/v1/accounts/${accountId}/otp`);
		expect(posts[0].headers.authorization).toBe(`Api-Key ${world.key}`);
		expect(JSON.parse(posts[0].rawBody)).toEqual({ code: normalised });
		expect(world.sb.submissions(accountId)).toMatchObject([
			{ code: normalised, status: 202, requestId, outcome: 'accepted' },
		]);
		// Checked first, then submitted: GET status, then POST.
		expect(v1Requests(world.sb).map((entry) => entry.method)).toEqual(['GET', 'POST']);
		expectCodeNotIn(output, normalised, input.trim());
	});

	it('an alphanumeric code for an alphanumeric request', async () => {
		const { accountId } = accountWithRequest({ length: 8, type: 'alphanumeric' });

		const output = await run(world, submitParameters(accountId, 'Xk7q-2Pm9'));

		expect(world.sb.submissions(accountId)).toMatchObject([{ code: 'Xk7q2Pm9', status: 202 }]);
		expect(output[0].json).toMatchObject({ submitted: true, maskedCode: '••••m9', codeLength: 8 });
		expectCodeNotIn(output, 'Xk7q2Pm9');
	});

	it('a number with all its digits is sent as a JSON string', async () => {
		const { accountId } = accountWithRequest();

		await run(world, submitParameters(accountId, '={{ 918273 }}'));

		const posts = otpPosts(world.sb);
		expect(posts).toHaveLength(1);
		expect(posts[0].rawBody).toBe('{"code":"918273"}');
	});

	it('with the checks off the code still goes exactly once (no status read)', async () => {
		const { accountId, requestId } = accountWithRequest();

		const output = await run(world, submitParameters(accountId, '１２３ ４５６', { checkPendingRequest: false }));

		expect(v1Requests(world.sb).map((entry) => `${entry.method} ${entry.status}`)).toEqual(['POST 202']);
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '123456', status: 202, requestId }]);
		expect(output[0].json).toMatchObject({ submitted: true, maskedCode: '••••56' });
		expectCodeNotIn(output, '123456');
	});

	it('with validation off a code that does not fit is still sent once (the user chose so)', async () => {
		const { accountId } = accountWithRequest();

		await run(world, submitParameters(accountId, '12345', { validateAgainstRequest: false }));

		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '12345', status: 202 }]);
		expect(otpPosts(world.sb)).toHaveLength(1);
	});

	it('several items: each good code once, the bad one refused, pairedItem kept (continueOnFail)', async () => {
		const first = accountWithRequest();
		const second = accountWithRequest();
		const third = accountWithRequest();

		const output = await run(world, submitParameters('={{ $json.account }}', '={{ $json.code }}'), {
			items: [
				{ json: { account: first.accountId, code: '111 222' } },
				{ json: { account: second.accountId, code: '12' } },
				{ json: { account: third.accountId, code: '333-444' } },
			],
			continueOnFail: true,
		});

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ submitted: true, accountId: first.accountId });
		expect(output[1].json.error).toMatch(/has 2 characters but the bank asked for 6/);
		expect(output[2].json).toMatchObject({ submitted: true, accountId: third.accountId });
		expect(world.sb.submissions(first.accountId)).toMatchObject([{ code: '111222', status: 202 }]);
		expect(world.sb.submissions(second.accountId)).toEqual([]);
		expect(world.sb.submissions(third.accountId)).toMatchObject([{ code: '333444', status: 202 }]);
		expect(otpPosts(world.sb)).toHaveLength(2);
		expectCodeNotIn(output, '111222', '333444');
	});
});
