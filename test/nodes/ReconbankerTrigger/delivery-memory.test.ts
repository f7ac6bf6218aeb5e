import { deliveryScope, rememberDeliveryInProcess } from '../../../nodes/ReconbankerTrigger/delivery-memory';

describe('delivery memory (in-process dedupe beside static data)', () => {
	it('reports a key as seen the second time within one scope only', () => {
		const production = deliveryScope('wf-1', 'node-1', 'webhook');
		const test = deliveryScope('wf-1', 'node-1', 'manual');
		const otherWorkflow = deliveryScope('wf-2', 'node-1', 'webhook');

		expect(rememberDeliveryInProcess(production, 'k1')).toBe(false);
		expect(rememberDeliveryInProcess(production, 'k1')).toBe(true);
		expect(rememberDeliveryInProcess(test, 'k1')).toBe(false);
		expect(rememberDeliveryInProcess(otherWorkflow, 'k1')).toBe(false);
	});

	it('forgets the oldest keys beyond the limit', () => {
		const scope = deliveryScope('wf-limit', 'node', 'webhook');
		for (const key of ['a', 'b', 'c']) expect(rememberDeliveryInProcess(scope, key, 2)).toBe(false);
		expect(rememberDeliveryInProcess(scope, 'a', 2)).toBe(false);
		expect(rememberDeliveryInProcess(scope, 'c', 2)).toBe(true);
	});
});
