/**
 * Account → Wait for Code Request: polls the status (real sleeps, 1 s being the smallest interval the
 * node allows) until a request is pending, against the sandbox over HTTP. The tests run concurrently,
 * each on its own account, so assertions filter the request log by account.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { otpPosts, run, runError, statusReads, useWorld, v1Requests } from './helpers';

const world = useWorld({ clearLogBeforeEach: false });

const waitFor = (accountId: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'account',
	operation: 'waitForCodeRequest',
	accountId,
	timeoutSeconds: 10,
	intervalSeconds: 1,
	...extra,
});

/** Opens a request on the account after `ms`; resolves with its id. */
function openLater(accountId: string, ms: number): Promise<string> {
	return new Promise((resolve) => {
		setTimeout(() => resolve(world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id), ms);
	});
}

describe('Wait for Code Request', () => {
	it.concurrent('returns at once when a request is already pending', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });

		const output = await run(world, waitFor(accountId));

		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			accountId,
			hasPendingRequest: true,
			requestId: id,
			descriptor: { length: 6, type: 'numeric', purpose: 'login' },
			attempts: 1,
			waitedSeconds: 0,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(v1Requests(world.sb, accountId)).toHaveLength(1);
	});

	it.concurrent('keeps polling and returns the request that opens mid-wait', async () => {
		const accountId = world.newAccount();
		const started = Date.now();
		const opened = openLater(accountId, 1200);

		const output = await run(world, waitFor(accountId));
		const elapsed = Date.now() - started;

		const id = await opened;
		expect(output[0].json).toMatchObject({ hasPendingRequest: true, requestId: id, attempts: 1 });
		expect(output[0].json).toMatchObject({ requestType: 'otp', descriptor: { length: 6, type: 'numeric' } });
		// camelCase only: the API's snake_case fields are not repeated.
		expect(output[0].json).not.toHaveProperty('pending_assistance');
		expect(output[0].json.waitedSeconds).toBeGreaterThanOrEqual(1);
		expect(elapsed).toBeGreaterThanOrEqual(1200);
		// Found on a next poll, not at the 10 s timeout: counted in polls, not milliseconds (a busy
		// machine stretches time, not the number of polls). Only status reads, never a submit.
		const reads = statusReads(world.sb, accountId);
		expect(reads.length).toBeGreaterThanOrEqual(2);
		expect(reads.length).toBeLessThanOrEqual(4);
		expect(v1Requests(world.sb, accountId)).toHaveLength(reads.length);
	});

	it.concurrent('fails with a clear timeout error when nothing opens', async () => {
		const accountId = world.newAccount();
		const started = Date.now();

		const error = await runError(world, waitFor(accountId, { timeoutSeconds: 1 }));
		const elapsed = Date.now() - started;

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`No code request appeared for account ${accountId} within 1 seconds`);
		expect(error.description).toMatch(/assisted login mode.*raise the timeout/);
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		const reads = statusReads(world.sb, accountId);
		expect(reads.length).toBeGreaterThanOrEqual(2); // at the start and after the 1 s interval
		expect(reads.length).toBeLessThanOrEqual(3);
		expect(otpPosts(world.sb, accountId)).toHaveLength(0);
	});

	it.concurrent('with ignoreRequestId keeps waiting past that request and returns the one that replaces it', async () => {
		const accountId = world.newAccount();
		const stale = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;
		const replacement = openLater(accountId, 1200);

		const output = await run(world, waitFor(accountId, { ignoreRequestId: `  ${stale} ` }));

		const id = await replacement;
		expect(id).not.toBe(stale);
		expect(output[0].json.requestId).toBe(id);
		expect(statusReads(world.sb, accountId).length).toBeGreaterThanOrEqual(2);
	});

	it.concurrent('with ignoreRequestId times out while only the ignored request is pending', async () => {
		const accountId = world.newAccount();
		const stale = world.sb.openRequest(accountId, { length: 6, type: 'numeric' }).id;

		const error = await runError(world, waitFor(accountId, { timeoutSeconds: 1, ignoreRequestId: stale }));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/No code request appeared .* within 1 seconds/);
		expect(world.sb.getStatus(accountId).pending_assistance?.id).toBe(stale);
	});

	it.concurrent.each([
		['timeoutSeconds', { timeoutSeconds: 0 }, '"timeoutSeconds" must be between 1 and 3600 seconds'],
		['intervalSeconds', { intervalSeconds: 0 }, '"intervalSeconds" must be between 1 and 300 seconds'],
	])('refuses an out-of-range %s before any request', async (_name, extra, message) => {
		const accountId = world.newAccount();

		const error = await runError(world, waitFor(accountId, extra));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(v1Requests(world.sb, accountId)).toHaveLength(0);
	});
});
