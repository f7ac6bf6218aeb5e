/**
 * The loops from issue 7, at node level: what a workflow does over several executions when the
 * code source is wrong, and what Wait for Result reports when other executions answer fast.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions } from '../../harness';
import { totp } from '../../sandbox/totp';
import { startGateProxy } from './gate-proxy';
import * as helpers from './helpers';
import { FAST_RESULT, inAccountWorkflow, otpPosts, submitParameters, useWorld } from './helpers';

jest.setTimeout(60_000);

// Each test has its own account, whose runs are one workflow: the tests run concurrently.
const world = useWorld({ clearLogBeforeEach: false });

const run = (_world: typeof world, parameters: INodeParameters, options: Partial<RunNodeOptions> = {}) =>
	helpers.run(world, parameters, inAccountWorkflow(parameters, options));
const runError = (_world: typeof world, parameters: INodeParameters, options: Partial<RunNodeOptions> = {}) =>
	helpers.runError(world, parameters, inAccountWorkflow(parameters, options));

/** The item a Reconbanker trigger outputs for a new code request. */
function triggerItem(accountId: string, requestId: string): INodeExecutionData {
	return { json: { accountId, status: 'assistance.requested', requestId, descriptor: { length: 6, type: 'numeric' } } };
}

const afterTrigger = (code: string, extra: INodeParameters = {}) => submitParameters('={{ $json.accountId }}', code, extra);

function pendingId(accountId: string): string | undefined {
	return world.sb.getStatus(accountId).pending_assistance?.id;
}

async function nextRequest(accountId: string, after: string): Promise<string> {
	return await world.sb.waitFor(() => {
		const id = pendingId(accountId);
		return id && id !== after ? id : null;
	});
}

describe('the authenticator loop with a wrong secret', () => {
	it.concurrent('5 successive requests, the code source repeating the same wrong code → exactly one POST and four clear refusals', async () => {
		const accountId = world.newAccount();
		world.sb.setExpectedCode(accountId, { totpSecret: 'JBSWY3DPEHPK3PXP' });
		// What an authenticator with the wrong secret produces within one 30-second step.
		const wrongCode = totp('KRSXG5CTMVRXEZLU', { timeMs: Date.now() });
		let requestId = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;

		const first = await run(world, afterTrigger(wrongCode, FAST_RESULT), { items: [triggerItem(accountId, requestId)] });
		expect(first[0].json).toMatchObject({ submitted: true, outcome: 'rejected' });

		const refusals: string[] = [];
		for (let execution = 2; execution <= 5; execution++) {
			requestId = await nextRequest(accountId, requestId);
			const error = await runError(world, afterTrigger(wrongCode), { items: [triggerItem(accountId, requestId)] });
			refusals.push(error.message);
			// The login asks again (e.g. its wait for a code times out), as the bank rejected nothing more.
			world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		}

		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: wrongCode, status: 202, outcome: 'rejected' }]);
		expect(refusals).toHaveLength(4);
		for (const message of refusals) {
			expect(message).toMatch(/was already sent to account .* so the bank most likely rejected it$/);
		}
	});
});

describe('a code source that keeps producing new wrong codes', () => {
	it.concurrent('stops after 2 rejected codes: rejected, rejected, then refused with what to check', async () => {
		const accountId = world.newAccount();
		world.sb.setExpectedCode(accountId, '999999');
		let requestId = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;
		const outcomes: unknown[] = [];

		for (const code of ['111111', '222222']) {
			const output = await run(world, afterTrigger(code, FAST_RESULT), { items: [triggerItem(accountId, requestId)] });
			outcomes.push(output[0].json.outcome);
			requestId = await nextRequest(accountId, requestId);
		}
		const error = await runError(world, afterTrigger('333333'), { items: [triggerItem(accountId, requestId)] });

		expect(outcomes).toEqual(['rejected', 'rejected']);
		expect(error.message).toMatch(/^2 codes were already sent to account .* automatic submits for this account are paused$/);
		expect(otpPosts(world.sb, accountId)).toHaveLength(2);
		expect(pendingId(accountId)).toBe(requestId);
	});
});

describe('outcomes that do not lie', () => {
	it.concurrent('rejected when the next request is opened and answered within 200 ms by another execution, unseen by status reads', async () => {
		const accountId = world.newAccount();
		const first = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;
		// A's status reads go through a gate, so they cannot see the next request while it is pending.
		const gate = await startGateProxy(world.sb.baseUrl);
		try {
			const watching = run(world, afterTrigger('111111', FAST_RESULT), {
				items: [triggerItem(accountId, first)],
				credentials: world.credentials({ baseUrl: gate.baseUrl }),
			});
			await world.sb.waitFor(() => world.sb.submissions(accountId).length === 1, { intervalMs: 5 });

			// The bank rejected A's code: the login asks again, and a fast responder (execution B) answers.
			gate.close();
			await world.sb.waitFor(() => gate.inFlight() === 0, { intervalMs: 1 });
			const opened = Date.now();
			const second = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;
			const answering = run(world, afterTrigger('222222', { attemptSafety: { oneCodePerRequest: false } }), {
				items: [triggerItem(accountId, second)],
			});
			await world.sb.waitFor(() => world.sb.submissions(accountId).length === 2, { intervalMs: 1 });
			const answeredWithinMs = world.sb.submissions(accountId)[1].at - opened;
			gate.open();
			const [a, b] = await Promise.all([watching, answering]);

			expect(answeredWithinMs).toBeLessThan(200);
			expect(b[0].json).toMatchObject({ submitted: true, requestId: second });
			expect(a[0].json).toMatchObject({
				submitted: true,
				requestId: first,
				outcome: 'rejected',
				rejectedBecause: 'later_submit',
				newRequest: null,
			});
		} finally {
			await gate.stop();
		}
	});

	it.concurrent('accepted when nothing anywhere suggests otherwise', async () => {
		const accountId = world.newAccount();
		const requestId = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;
		world.sb.setExpectedCode(accountId, '424242');

		const output = await run(world, afterTrigger('424242', FAST_RESULT), { items: [triggerItem(accountId, requestId)] });

		expect(output[0].json).toMatchObject({ submitted: true, outcome: 'accepted' });
	});
});
