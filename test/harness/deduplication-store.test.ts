/**
 * The harness's deduplication store behaves like n8n's (packages/cli deduplication-helper.ts):
 * one row per workflow and context, hashed entries, maxEntries, mode mismatch, and — what the
 * Reconbanker node must design around — a non-atomic read → write with lost updates and a failing
 * second insert.
 */
import { runNode, harnessDeduplicationStore, HARNESS_WORKFLOW_ID, HARNESS_NODE_ID } from './index';
import { FixtureDedup } from './fixtures/FixtureDedup.node';

const store = harnessDeduplicationStore();

beforeEach(() => store.reset());

async function call(parameters: Record<string, unknown>, options: { workflowId?: string; nodeId?: string } = {}) {
	const [output] = await runNode(new FixtureDedup(), { parameters: parameters as never, ...options });
	return output[0].json as { new?: string[]; processed?: string[]; count?: number };
}

describe('deduplication store in runNode (this.helpers.checkProcessedAndRecord & co.)', () => {
	it('records items and reports them as processed in later runs of the same workflow', async () => {
		expect(await call({ items: 'a,b' })).toEqual({ new: ['a', 'b'], processed: [] });
		expect(await call({ items: 'b,c' })).toEqual({ new: ['c'], processed: ['b'] });
		expect(await call({ call: 'getProcessedDataCount' })).toEqual({ count: 3 });
	});

	it("keeps one row per workflow and context: scope 'node' is keyed on node.id, 'workflow' on the workflow", async () => {
		await call({ items: 'a' });
		expect(await call({ items: 'a', scope: 'node' })).toEqual({ new: ['a'], processed: [] });
		expect(await call({ items: 'a', scope: 'node' }, { nodeId: 'another-node' })).toEqual({ new: ['a'], processed: [] });
		expect(await call({ items: 'a' }, { workflowId: 'another-workflow' })).toEqual({ new: ['a'], processed: [] });
		expect(await call({ items: 'a' })).toEqual({ new: [], processed: ['a'] });
		expect(store.entries(HARNESS_WORKFLOW_ID, `n:${HARNESS_NODE_ID}`)).toHaveLength(1);
		expect(store.has(HARNESS_WORKFLOW_ID, '', 'a')).toBe(true);
	});

	it('stores md5/base64 hashes, never the items', async () => {
		await call({ items: 'secret-value' });
		expect(store.entries(HARNESS_WORKFLOW_ID, '')).toEqual(['fwcTxJROiBVdIHTn2GBSiQ==']); // printf 'secret-value' | openssl md5 -binary | base64
	});

	it('counts a repeat within one call as processed, like n8n (once the row exists)', async () => {
		await call({ items: 'x' });
		expect(await call({ items: 'a,a' })).toEqual({ new: ['a'], processed: ['a'] });
	});

	it('maxEntries trims the oldest entries', async () => {
		await call({ items: 'a,b,c', maxEntries: 3 });
		await call({ items: 'd', maxEntries: 3 });
		expect(await call({ items: 'a,d' })).toEqual({ new: ['a'], processed: ['d'] });
	});

	it('removeProcessed forgets items; clearAllProcessedItems forgets the row', async () => {
		await call({ items: 'a,b' });
		await call({ call: 'removeProcessed', items: 'a' });
		expect(await call({ items: 'a,b' })).toEqual({ new: ['a'], processed: ['b'] });
		await call({ call: 'clearAllProcessedItems' });
		expect(await call({ call: 'getProcessedDataCount' })).toEqual({ count: 0 });
	});

	it('a row saved in another mode makes every call throw', async () => {
		store.setRow(HARNESS_WORKFLOW_ID, '', { mode: 'latestIncrementalKey', data: 5 });
		await expect(call({ items: 'a' })).rejects.toThrow(/incompatible setting/);
	});

	it('is not atomic: two concurrent calls both see an item as new, and the later write wins (lost update)', async () => {
		await call({ items: 'seed' });
		store.latency = 50;
		const [first, second] = await Promise.all([call({ items: 'a,x' }), call({ items: 'a,y' })]);
		expect(first.new).toEqual(['a', 'x']);
		expect(second.new).toEqual(['a', 'y']);
		store.latency = 0;
		// 'x' was written by the first call and overwritten by the second one.
		expect(await call({ items: 'x,y' })).toEqual({ new: ['x'], processed: ['y'] });
	});

	it('two concurrent first inserts: the second fails on the primary key', async () => {
		store.latency = 30;
		const results = await Promise.allSettled([call({ items: 'a' }), call({ items: 'b' })]);
		expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
		const failure = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
		expect(String(failure.reason.message)).toMatch(/UNIQUE constraint failed/);
		expect(store.insertConflicts).toBe(1);
	});

	it('latency can be chosen per call (e.g. only the writes of one item are slow)', async () => {
		store.latency = (storeCall) => (storeCall.phase === 'write' && storeCall.items.includes('slow') ? 80 : 0);
		await call({ items: 'seed' });
		const slow = call({ items: 'slow' });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await call({ items: 'fast' })).toEqual({ new: ['fast'], processed: [] });
		await slow;
		store.latency = 0;
		// The slow call read before 'fast' was written and wrote after it: 'fast' is lost.
		expect(await call({ items: 'fast' })).toEqual({ new: ['fast'], processed: [] });
	});
});
