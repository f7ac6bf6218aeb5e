import { OutcomeWatcher, summariseStatus, type AccountStatus } from '../../../nodes/shared/status';

const ACCOUNT = '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b';
const request = (id: string) => ({ id, type: 'otp', descriptor: { length: 6, type: 'numeric' as const }, attempts: 1 });
const status = (pending: string | null, sessionRunning = true): AccountStatus => ({
	account_id: ACCOUNT,
	session_running: sessionRunning,
	pending_assistance: pending ? request(pending) : null,
});

describe('summariseStatus', () => {
	it('adds camelCase fields beside the raw ones, sessionRunning included', () => {
		expect(summariseStatus(status('r1', false))).toEqual({
			accountId: ACCOUNT,
			sessionRunning: false,
			hasPendingRequest: true,
			requestId: 'r1',
			descriptor: { length: 6, type: 'numeric' },
			attempts: 1,
		});
	});
});

describe('OutcomeWatcher', () => {
	it('rejected as soon as another request is pending', () => {
		const watcher = new OutcomeWatcher('r1', 20_000);
		expect(watcher.observe(status(null), 0)).toEqual({ state: 'waiting' });
		expect(watcher.observe(status('r2'), 500)).toEqual({ state: 'rejected', evidence: 'new_request', newRequest: request('r2') });
	});

	it('accepted after the grace period of clear status (no markers watched)', () => {
		const watcher = new OutcomeWatcher('r1', 20_000);
		expect(watcher.observe(status(null), 1000).state).toBe('waiting');
		expect(watcher.observe(status(null), 20_999).state).toBe('waiting');
		expect(watcher.observe(status(null), 21_000).state).toBe('accepted');
	});

	it('with markers watched, accepted only once other sends are known up to the end of the grace period', () => {
		const watcher = new OutcomeWatcher('r1', 20_000, { watchMarkers: true });
		expect(watcher.acceptableAt()).toBeNull();
		watcher.observe(status(null), 1000);
		expect(watcher.acceptableAt()).toBe(21_000);
		watcher.markersChecked(20_000, false);
		expect(watcher.observe(status(null), 21_500).state).toBe('waiting');
		watcher.markersChecked(21_000, false);
		expect(watcher.observe(status(null), 21_500).state).toBe('accepted');
	});

	it('a later send by another execution means rejected, even when the status never showed a new request', () => {
		const watcher = new OutcomeWatcher('r1', 20_000, { watchMarkers: true });
		watcher.observe(status(null), 1000);
		watcher.markersChecked(4000, true);
		expect(watcher.observe(status(null), 4500)).toEqual({ state: 'rejected', evidence: 'later_submit', newRequest: null });
	});

	it('a request cleared with no live session is held, not judged: keeps waiting and restarts the grace period', () => {
		const watcher = new OutcomeWatcher('r1', 20_000);
		watcher.observe(status(null), 0);
		expect(watcher.observe(status(null, false), 15_000).state).toBe('waiting');
		expect(watcher.observe(status(null), 21_000).state).toBe('waiting');
		expect(watcher.observe(status(null), 41_000).state).toBe('accepted');
	});

	it('the same request still pending (held) keeps waiting', () => {
		const watcher = new OutcomeWatcher('r1', 20_000);
		expect(watcher.observe(status('r1', false), 60_000).state).toBe('waiting');
	});
});
