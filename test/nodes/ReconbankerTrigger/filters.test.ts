import { parseNotification } from '../../../nodes/shared/notification';
import { assistanceChoiceOf, ignoredBecause, type TriggerFilters } from '../../../nodes/ReconbankerTrigger/filters';

const ACCOUNT = 'b9c2e4a1-1111-4222-8333-444455556666';
const OTHER = 'c0ffee00-1111-4222-8333-444455556666';

function notification(type: string, status: string, data: unknown, accountId = ACCOUNT) {
	return parseNotification({ account_id: accountId, type, status, data, occurred_at: '2026-11-28T10:00:00Z' });
}

const requested = notification('assistance_required', 'assistance.requested', {
	requestId: 'r1',
	attempts: 1,
	descriptor: { length: 6, type: 'numeric' },
});
const resent = notification('assistance_required', 'assistance.requested', { requestId: 'r1', resent: true });
const attention = notification('assistance_required', 'session.needs_attention', { reason: 'auth_timeout' });
const recovered = notification('assistance_required', 'session.recovered', null);
const connectionFailed = notification('connection_failed', 'connection.failed', { category: 'login_failed' });

const defaults: TriggerFilters = {
	events: ['assistance_required'],
	assistanceStatuses: ['newRequest', 'resend'],
	accountIds: null,
};

describe('assistanceChoiceOf', () => {
	it.each([
		[requested, 'newRequest'],
		[resent, 'resend'],
		[attention, 'needsAttention'],
		[recovered, 'recovered'],
		[connectionFailed, null],
	])('maps %# to its choice', (n, choice) => {
		expect(assistanceChoiceOf(n)).toBe(choice);
	});
});

describe('ignoredBecause', () => {
	it('lets the default events through: new requests and resends', () => {
		expect(ignoredBecause(requested, defaults)).toBeNull();
		expect(ignoredBecause(resent, defaults)).toBeNull();
	});

	it('ignores statuses that were not chosen', () => {
		expect(ignoredBecause(attention, defaults)).toBe('status not selected');
		expect(ignoredBecause(recovered, defaults)).toBe('status not selected');
		expect(ignoredBecause(resent, { ...defaults, assistanceStatuses: ['newRequest'] })).toBe('status not selected');
		expect(ignoredBecause(attention, { ...defaults, assistanceStatuses: ['needsAttention'] })).toBeNull();
	});

	it('ignores event types that were not chosen', () => {
		expect(ignoredBecause(connectionFailed, defaults)).toBe('event type not selected');
		expect(ignoredBecause(connectionFailed, { ...defaults, events: ['connection_failed'] })).toBeNull();
	});

	it('passes guide-only login_failed events when chosen', () => {
		const loginFailed = notification('login_failed', '', null);
		expect(ignoredBecause(loginFailed, defaults)).toBe('event type not selected');
		expect(ignoredBecause(loginFailed, { ...defaults, events: ['login_failed'] })).toBeNull();
	});

	it('ignores other accounts when a list is given, case-insensitively', () => {
		const filters = { ...defaults, accountIds: [ACCOUNT] };
		expect(ignoredBecause(requested, filters)).toBeNull();
		expect(ignoredBecause(notification('assistance_required', 'assistance.requested', { requestId: 'x' }, OTHER), filters)).toBe(
			'account not selected',
		);
		expect(
			ignoredBecause(
				notification('assistance_required', 'assistance.requested', { requestId: 'x' }, ACCOUNT.toUpperCase()),
				filters,
			),
		).toBeNull();
	});
});

describe('ignoredBecause: failure events need a status Reconbanker sends', () => {
	const failures: TriggerFilters = { ...defaults, events: ['connection_failed', 'scrape_failed', 'login_failed'] };

	it.each([
		['connection_failed', 'connection.failed', null],
		['connection_failed', 'connection.recovered', null],
		['scrape_failed', 'scrape.failed', null],
		['scrape_failed', 'scrape.recovered', null],
		['connection_failed', 'connection.exploded', 'status not recognised'],
		['connection_failed', '', 'status not recognised'],
		['scrape_failed', 'connection.failed', 'status not recognised'],
		['scrape_failed', '', 'status not recognised'],
		// Guide-only event, no status named anywhere: passed on as the guide describes it.
		['login_failed', '', null],
	])('%s with status %p → %p', (type, status, expected) => {
		expect(ignoredBecause(notification(type, status, {}), failures)).toBe(expected);
	});
});
