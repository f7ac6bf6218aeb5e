import { realtimeIgnoredBecause, type RealtimeFilters } from '../../../nodes/ReconbankerRealtimeTrigger/filters';
import { parseStreamEvent } from '../../../nodes/shared/stream-event';

const A = 'b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab';
const B = '5d1c0a2e-3f4b-4a6c-9d8e-7f6a5b4c3d2e';
const event = (type: string, data: unknown = {}, accountId = A) => parseStreamEvent({ type, accountId, userId: 'u', data, occurredAt: 'x' });
const filters = (f: Partial<RealtimeFilters>): RealtimeFilters => ({
	events: ['assistance_required'],
	assistanceStatuses: ['newRequest', 'resend'],
	accountIds: null,
	...f,
});

describe('realtimeIgnoredBecause', () => {
	it('keeps the push trigger rules for new requests, resends, attention and recovery', () => {
		expect(realtimeIgnoredBecause(event('assistance.requested', { requestId: 'r' }), filters({}))).toBeNull();
		expect(realtimeIgnoredBecause(event('assistance.requested', { resent: true }), filters({ assistanceStatuses: ['newRequest'] }))).toBe(
			'status not selected',
		);
		expect(realtimeIgnoredBecause(event('session.needs_attention', { reason: 'x' }), filters({}))).toBe('status not selected');
		expect(realtimeIgnoredBecause(event('session.recovered', null), filters({ assistanceStatuses: ['recovered'] }))).toBeNull();
	});

	it('code received and request cancelled start the workflow only when selected', () => {
		for (const [type, choice] of [
			['assistance.fulfilled', 'fulfilled'],
			['assistance.cancelled', 'cancelled'],
		] as const) {
			expect(realtimeIgnoredBecause(event(type), filters({}))).toBe('status not selected');
			expect(realtimeIgnoredBecause(event(type), filters({ assistanceStatuses: [choice] }))).toBeNull();
			expect(realtimeIgnoredBecause(event(type), filters({ events: ['scrape_failed'], assistanceStatuses: [choice] }))).toBe(
				'event type not selected',
			);
			expect(realtimeIgnoredBecause(event(type, {}, B), filters({ assistanceStatuses: [choice], accountIds: [A] }))).toBe(
				'account not selected',
			);
		}
	});

	it('session started/stopped never start it; the account list is matched case-insensitively', () => {
		const all = filters({ assistanceStatuses: ['newRequest', 'resend', 'fulfilled', 'cancelled', 'needsAttention', 'recovered'] });
		expect(realtimeIgnoredBecause(event('session.started'), all)).toBe('status not selected');
		expect(realtimeIgnoredBecause(event('session.stopped', { reason: 'stopped' }), all)).toBe('status not selected');
		expect(realtimeIgnoredBecause(event('assistance.requested', {}, A.toUpperCase()), filters({ accountIds: [A] }))).toBeNull();
	});

	it('connection and scrape events follow the Events choice', () => {
		expect(realtimeIgnoredBecause(event('scrape.failed', { category: 'timeout' }), filters({}))).toBe('event type not selected');
		expect(realtimeIgnoredBecause(event('scrape.failed', { category: 'timeout' }), filters({ events: ['scrape_failed'] }))).toBeNull();
		expect(realtimeIgnoredBecause(event('connection.recovered'), filters({ events: ['connection_failed'] }))).toBeNull();
	});
});
