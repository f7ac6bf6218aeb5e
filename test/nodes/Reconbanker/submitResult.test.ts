/**
 * Code → Submit with "Wait for Result": after the 202 the node watches the status and reports
 * accepted (cleared and still clear after the grace period), rejected (another request opened: the
 * sandbox re-opens one with a new id 200 ms after a wrong code) or unknown (timeout).
 *
 * These tests sleep for real (the node's parameters are whole seconds), so they run concurrently,
 * each on its own account of one sandbox.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { FAST_RESULT, otpPosts, run, runError, statusReads, submitParameters, useWorld } from './helpers';

// The grace period is at least 20 s, so an "accepted" takes over 20 s to confirm.
jest.setTimeout(40_000);

const world = useWorld({ sandbox: { rejectionReopenDelayMs: 200 }, clearLogBeforeEach: false });

function expectCodeNotIn(output: INodeExecutionData[], code: string): void {
	expect(JSON.stringify(output)).not.toContain(code);
}

describe('Submit → wait for result', () => {
	it.concurrent('accepted: the expected code clears the request and it stays clear for the grace period', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		world.sb.setExpectedCode(accountId, '507218');

		const output = await run(world, submitParameters(accountId, '507 218', FAST_RESULT));

		expect(output[0].json).toEqual({
			accountId,
			submitted: true,
			requestId: id,
			maskedCode: '••••18',
			codeLength: 6,
			outcome: 'accepted',
		});
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '507218', status: 202, requestId: id, outcome: 'accepted' }]);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		// One read before the submit, then at least two while watching (cleared, still cleared 20 s later).
		expect(statusReads(world.sb, accountId).length).toBeGreaterThanOrEqual(3);
		expect(world.sb.getStatus(accountId).pending_assistance).toBeNull();
		expectCodeNotIn(output, '507218');
	});

	it.concurrent('rejected: a new request id appears, the output carries it as newRequest, nothing is resent', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		world.sb.setExpectedCode(accountId, '111111');

		const output = await run(world, submitParameters(accountId, '222222', FAST_RESULT));

		const reopened = world.sb.getStatus(accountId).pending_assistance;
		expect(reopened).not.toBeNull();
		expect(reopened?.id).not.toBe(id);
		expect(output[0].json).toMatchObject({ submitted: true, requestId: id, outcome: 'rejected' });
		expect(output[0].json.newRequest).toEqual({
			id: reopened?.id,
			type: 'otp',
			descriptor: { length: 6, type: 'numeric', purpose: 'login' },
			attempts: 1,
		});
		// Exactly one submission: the node never re-submits to the new request.
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '222222', status: 202, requestId: id, outcome: 'rejected' }]);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		expectCodeNotIn(output, '222222');
	});

	it.concurrent('unknown: with "Send Anyway" and no live session, the held code stays unjudged until the timeout', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }, { sessionRunning: false });
		const started = Date.now();

		const output = await run(
			world,
			submitParameters(accountId, '864209', { ...FAST_RESULT, attemptSafety: { whenNoLiveLogin: 'send' } }),
		);

		expect(Date.now() - started).toBeGreaterThanOrEqual(25000);
		expect(output[0].json).toMatchObject({ submitted: true, requestId: id, outcome: 'unknown' });
		expect(output[0].json).not.toHaveProperty('newRequest');
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '864209', status: 202, outcome: 'held' }]);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		expectCodeNotIn(output, '864209');
	}, 40000);

	it.concurrent('a timeout that cannot outlast the grace period is refused before anything is sent', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(
			world,
			submitParameters(accountId, '135790', { ...FAST_RESULT, resultTimeoutSeconds: 21, gracePeriodSeconds: 20 }),
		);

		expect(error.message).toMatch(/must be longer than the grace period plus the poll interval \(21 s\)/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
		expect(statusReads(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('a grace period under 20 s is refused before anything is sent', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(world, submitParameters(accountId, '135790', { ...FAST_RESULT, gracePeriodSeconds: 5 }));

		expect(error.message).toMatch(/gracePeriodSeconds/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('a status read failing after the 202 reports unknown with the reason, never an error', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		// Break the account's status as soon as the code has been taken (the node reads again 1 s later).
		const breakAfterSubmit = world.sb.waitFor(() => world.sb.submissions(accountId).length > 0).then(() => {
			Object.defineProperty(world.sb.store.accounts.get(accountId) as object, 'pending', {
				configurable: true,
				get() {
					throw new Error('database connection lost');
				},
			});
		});

		const output = await run(world, submitParameters(accountId, '975310', FAST_RESULT));
		await breakAfterSubmit;

		expect(output[0].json).toMatchObject({
			submitted: true,
			outcome: 'unknown',
			watchError: 'Reconbanker had an internal error (HTTP 500)',
		});
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	}, 30000);

	it.concurrent('with the checks off the code still goes once, and the result is still watched', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		world.sb.setExpectedCode(accountId, '000000');

		const output = await run(
			world,
			submitParameters(accountId, '424242', { ...FAST_RESULT, checkPendingRequest: false }),
		);

		expect(output[0].json).toMatchObject({ submitted: true, requestId: id, outcome: 'rejected' });
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		expect(world.sb.submissions(accountId)).toHaveLength(1);
	});
});
