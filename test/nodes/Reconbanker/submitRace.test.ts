/**
 * Two executions submitting for the same request at the same moment (a redelivered notification
 * racing the original, two routes of one workflow): exactly one POST, whatever the database's
 * latency — over n8n's deduplication store, whose check-and-record is NOT atomic (the harness's
 * copy reproduces the read → write gap, the lost update and the failing second insert).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Reconbanker } from '../../../nodes/Reconbanker/Reconbanker.node';
import { harnessDeduplicationStore, runNode } from '../../harness';
import { otpPosts, submitParameters, useWorld } from './helpers';

const world = useWorld();
const store = harnessDeduplicationStore();

interface Outcome {
	json?: IDataObject;
	error?: Error;
}

/** One execution of a workflow whose Submit follows a Reconbanker trigger. */
async function execution(accountId: string, requestId: string, code: string, extra: INodeParameters = {}): Promise<Outcome> {
	const item: INodeExecutionData = { json: { accountId, requestId, status: 'assistance.requested' } };
	try {
		const [output] = await runNode(new Reconbanker(), {
			parameters: submitParameters('={{ $json.accountId }}', code, extra),
			credentials: world.credentials(),
			items: [item],
		});
		return { json: output[0].json };
	} catch (error) {
		return { error: error as Error };
	}
}

function requestPending() {
	const accountId = world.newAccount();
	const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
	return { accountId, requestId: id };
}

describe('two executions at once for one request → exactly one POST', () => {
	it.each([
		['an instant database', 0],
		['50 ms per database round trip', 50],
		['150 ms per database round trip', 150],
	])('%s: one sends, the other ends as already_answered', async (_label, latency) => {
		const { accountId, requestId } = requestPending();
		store.latency = latency;

		const outcomes = await Promise.all([
			execution(accountId, requestId, '482913'),
			execution(accountId, requestId, '482913'),
		]);

		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		expect(outcomes.map((outcome) => outcome.json?.submitted).sort()).toEqual([false, true]);
		expect(outcomes.find((outcome) => outcome.json?.submitted === false)?.json?.reason).toBe('already_answered');
	});

	it('two different codes for one request (two routes of a workflow): still one POST', async () => {
		const { accountId, requestId } = requestPending();
		store.latency = 20;

		await Promise.all([execution(accountId, requestId, '482913'), execution(accountId, requestId, '913482')]);

		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
	});

	it('three executions at once, and the first write of the row racing (insert conflict): one POST', async () => {
		const { accountId, requestId } = requestPending();
		// The row does not exist yet; reads are slow enough that all three read "no row" and insert.
		store.latency = (call) => (call.phase === 'read' ? 80 : 5);

		const outcomes = await Promise.all([
			execution(accountId, requestId, '482913'),
			execution(accountId, requestId, '482913'),
			execution(accountId, requestId, '482913'),
		]);

		expect(store.insertConflicts).toBeGreaterThan(0);
		expect(otpPosts(world.sb, accountId)).toHaveLength(1);
		expect(outcomes.filter((outcome) => outcome.json?.submitted === true)).toHaveLength(1);
	});

	it('a database slower than the trusted bound: no win is trusted, nothing is sent, a clear error', async () => {
		const { accountId, requestId } = requestPending();
		store.latency = 300; // a read and a write each: 600 ms per call, over the 400 ms bound

		const outcomes = await Promise.all([
			execution(accountId, requestId, '482913'),
			execution(accountId, requestId, '482913'),
		]);

		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
		const errors = outcomes.map((outcome) => outcome.error?.message ?? outcome.json?.reason);
		expect(errors).toContain('Could not record the submission safely, so the code was not sent');
	}, 30_000);

	it('without the claim ("One Code per Request" off) the same race sends twice — the race is real', async () => {
		const { accountId, requestId } = requestPending();
		store.latency = 50;
		const unguarded = { attemptSafety: { oneCodePerRequest: false, refuseRepeatedCode: false, maxRejectedCodes: 0 } };

		await Promise.all([
			execution(accountId, requestId, '482913', unguarded),
			execution(accountId, requestId, '482913', unguarded),
		]);

		expect(otpPosts(world.sb, accountId)).toHaveLength(2);
	});
});
