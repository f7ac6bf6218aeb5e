import { RequestMemory } from '../../../nodes/shared/request-memory';

describe('RequestMemory', () => {
	it('a request emitted from the stream is not emitted again by catch-up, whatever its attempts', () => {
		const m = new RequestMemory();
		expect(m.claimFromStream('r1', 1)).toBe(true);
		expect(m.claimFromStatus('r1', 1)).toBe(false);
		expect(m.claimFromStatus('r1', 3)).toBe(false); // resends while disconnected
	});

	it('a request emitted by catch-up is not emitted again by the stream at the same attempts', () => {
		const m = new RequestMemory();
		expect(m.claimFromStatus('r1', 2)).toBe(true);
		expect(m.claimFromStream('r1', 2)).toBe(false);
		expect(m.claimFromStream('r1', 1)).toBe(false);
	});

	it('a request re-opened by the login (same id, more attempts) is emitted from the stream', () => {
		const m = new RequestMemory();
		expect(m.claimFromStream('r1', 1)).toBe(true);
		expect(m.claimFromStream('r1', 2)).toBe(true);
		expect(m.claimFromStream('r1', 2)).toBe(false);
	});

	it('catch-up emits each new request once', () => {
		const m = new RequestMemory();
		expect(m.claimFromStatus('r1', null)).toBe(true);
		expect(m.claimFromStatus('r1', null)).toBe(false);
		expect(m.claimFromStatus('r2', 1)).toBe(true);
	});

	it('is bounded: the oldest ids are forgotten', () => {
		const m = new RequestMemory(3);
		for (const id of ['a', 'b', 'c', 'd']) m.claimFromStatus(id, 1);
		expect(m.size).toBe(3);
		expect(m.has('a')).toBe(false);
		expect(m.has('d')).toBe(true);
		expect(() => new RequestMemory(0)).toThrow(/positive whole number/);
	});
});
