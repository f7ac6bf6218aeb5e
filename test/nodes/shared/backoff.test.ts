import { RECONNECT_BACKOFF, backoffDelayMs } from '../../../nodes/shared/backoff';

describe('backoffDelayMs', () => {
	it('starts around 1 s and doubles', () => {
		expect(backoffDelayMs(0, RECONNECT_BACKOFF, 0)).toBe(500);
		expect(backoffDelayMs(0, RECONNECT_BACKOFF, 0.999999)).toBe(1000);
		expect(backoffDelayMs(1, RECONNECT_BACKOFF, 1)).toBe(2000);
		expect(backoffDelayMs(3, RECONNECT_BACKOFF, 1)).toBe(8000);
	});

	it('never exceeds 60 s, and never waits less than half a step', () => {
		for (const attempt of [6, 7, 20, 1000, Infinity]) {
			expect(backoffDelayMs(attempt, RECONNECT_BACKOFF, 1)).toBe(60_000);
			expect(backoffDelayMs(attempt, RECONNECT_BACKOFF, 0)).toBe(30_000);
		}
	});

	it('jitters within the step', () => {
		const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(4)));
		expect(delays.size).toBeGreaterThan(10);
		for (const d of delays) {
			expect(d).toBeGreaterThanOrEqual(8000);
			expect(d).toBeLessThanOrEqual(16000);
		}
	});

	it('treats bad attempts as the first', () => {
		expect(backoffDelayMs(-3, RECONNECT_BACKOFF, 1)).toBe(1000);
		expect(backoffDelayMs(NaN, RECONNECT_BACKOFF, 1)).toBe(1000);
	});
});
