import { notificationDedupeKey, parseNotification } from '../../../nodes/shared/notification';
import { parseStreamEvent, streamEventCategory } from '../../../nodes/shared/stream-event';

const ACCOUNT = 'b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab';
const USER = '5d1c0a2e-3f4b-4a6c-9d8e-7f6a5b4c3d2e';
const REQUEST = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const AT = '2024-05-01T10:00:00.000Z';

const frame = (type: string, data: unknown) => ({ type, userId: USER, accountId: ACCOUNT, data, occurredAt: AT });

describe('streamEventCategory', () => {
	it.each([
		['assistance.requested', 'assistance_required'],
		['assistance.fulfilled', 'assistance_required'],
		['assistance.cancelled', 'assistance_required'],
		['session.needs_attention', 'assistance_required'],
		['session.recovered', 'assistance_required'],
		['session.started', 'assistance_required'],
		['session.stopped', 'assistance_required'],
		['connection.failed', 'connection_failed'],
		['connection.recovered', 'connection_failed'],
		['scrape.failed', 'scrape_failed'],
		['scrape.recovered', 'scrape_failed'],
		['login_failed', 'login_failed'],
		['something.new', 'something.new'],
	])('%s → %s', (type, category) => {
		expect(streamEventCategory(type)).toBe(category);
	});
});

describe('parseStreamEvent', () => {
	it('gives the same notification as the pushed body of the same event', () => {
		const data = { accountId: ACCOUNT, userId: USER, descriptor: { length: 6, type: 'numeric' }, requestId: REQUEST, attempts: 1 };
		const fromStream = parseStreamEvent(frame('assistance.requested', data));
		const fromPush = parseNotification({ account_id: ACCOUNT, type: 'assistance_required', status: 'assistance.requested', data, occurred_at: AT });
		expect(fromStream).toEqual(fromPush);
		expect(notificationDedupeKey(fromStream)).toBe(notificationDedupeKey(fromPush));
	});

	it('reads a resend, a fulfilled and a cancelled request', () => {
		expect(parseStreamEvent(frame('assistance.requested', { requestId: REQUEST, resent: true }))).toMatchObject({
			status: 'assistance.requested',
			requestId: REQUEST,
			resent: true,
			attempts: null,
		});
		expect(parseStreamEvent(frame('assistance.fulfilled', { accountId: ACCOUNT, userId: USER, requestId: REQUEST }))).toMatchObject({
			type: 'assistance_required',
			status: 'assistance.fulfilled',
			requestId: REQUEST,
		});
		expect(parseStreamEvent(frame('assistance.cancelled', { requestId: REQUEST }))).toMatchObject({
			status: 'assistance.cancelled',
			requestId: REQUEST,
		});
	});

	it('reads reason and category, and takes the user from the frame when data has none', () => {
		expect(parseStreamEvent(frame('session.needs_attention', { reason: 'auth_timeout' }))).toMatchObject({
			reason: 'auth_timeout',
			userId: USER,
			occurredAt: AT,
		});
		expect(parseStreamEvent(frame('scrape.failed', { category: 'timeout' }))).toMatchObject({
			type: 'scrape_failed',
			category: 'timeout',
		});
		expect(parseStreamEvent(frame('session.recovered', null))).toMatchObject({ data: null, userId: USER });
	});

	it.each([
		['not an object', 'x'],
		['an array', []],
		['no type', { accountId: ACCOUNT }],
		['no accountId', { type: 'scrape.failed' }],
		['an empty type', { type: '', accountId: ACCOUNT }],
	])('refuses a frame that is %s', (_what, value) => {
		expect(() => parseStreamEvent(value)).toThrow(/realtime stream frame/);
	});
});
