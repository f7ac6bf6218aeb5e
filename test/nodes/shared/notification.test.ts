import {
	knownPayload,
	notificationDedupeKey,
	parseNotification,
	rememberDelivery,
	type ReconbankerNotification,
} from '../../../nodes/shared/notification';

const ACCOUNT = 'b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab';
const USER = '5d1c0a2e-3f4b-4a6c-9d8e-7f6a5b4c3d2e';
const REQUEST = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const AT = '2024-05-01T10:00:00.000Z';
const DESCRIPTOR = { length: 6, type: 'numeric', purpose: 'login' };

function body(status: string, data: unknown, extra: Record<string, unknown> = {}) {
	return { account_id: ACCOUNT, type: 'assistance_required', status, data, occurred_at: AT, ...extra };
}

const EMPTY_FIELDS = {
	requestId: null,
	descriptor: null,
	attempts: null,
	resent: false,
	reason: null,
	category: null,
	userId: null,
};

describe('parseNotification', () => {
	it("normalises the server's assistance.requested shape", () => {
		const data = { accountId: ACCOUNT, userId: USER, descriptor: DESCRIPTOR, requestId: REQUEST, attempts: 2 };
		expect(parseNotification(body('assistance.requested', data))).toEqual({
			accountId: ACCOUNT,
			type: 'assistance_required',
			status: 'assistance.requested',
			requestId: REQUEST,
			descriptor: DESCRIPTOR,
			attempts: 2,
			resent: false,
			reason: null,
			category: null,
			occurredAt: AT,
			userId: USER,
			data,
		});
	});

	it("normalises the user guide's descriptor-only shape", () => {
		const data = { descriptor: { length: 8, type: 'alphanumeric' } };
		expect(parseNotification(body('assistance.requested', data))).toEqual({
			...EMPTY_FIELDS,
			accountId: ACCOUNT,
			type: 'assistance_required',
			status: 'assistance.requested',
			descriptor: { length: 8, type: 'alphanumeric' },
			occurredAt: AT,
			data,
		});
	});

	it('normalises the automatic SMS resend shape (resent: true, no attempts)', () => {
		const data = { accountId: ACCOUNT, userId: USER, descriptor: DESCRIPTOR, requestId: REQUEST, resent: true };
		const n = parseNotification(body('assistance.requested', data));
		expect(n).toEqual({
			accountId: ACCOUNT,
			type: 'assistance_required',
			status: 'assistance.requested',
			requestId: REQUEST,
			descriptor: DESCRIPTOR,
			attempts: null,
			resent: true,
			reason: null,
			category: null,
			occurredAt: AT,
			userId: USER,
			data,
		});
	});

	it.each(['auth_timeout', 'logged_out', 'watchdog_timeout', 'login_failed: invalid credentials'])(
		'normalises session.needs_attention with reason %j',
		(reason) => {
			expect(parseNotification(body('session.needs_attention', { reason }))).toEqual({
				...EMPTY_FIELDS,
				accountId: ACCOUNT,
				type: 'assistance_required',
				status: 'session.needs_attention',
				reason,
				occurredAt: AT,
				data: { reason },
			});
		},
	);

	it('normalises session.recovered with null data', () => {
		expect(parseNotification(body('session.recovered', null))).toEqual({
			...EMPTY_FIELDS,
			accountId: ACCOUNT,
			type: 'assistance_required',
			status: 'session.recovered',
			occurredAt: AT,
			data: null,
		});
	});

	it.each([
		['connection_failed', 'connection.failed', 'login_failed'],
		['connection_failed', 'connection.failed', 'navigation_failed'],
		['scrape_failed', 'scrape.failed', 'movements_fetch_failed'],
		['scrape_failed', 'scrape.failed', 'timeout'],
	])('normalises %s / %s with category %j', (type, status, category) => {
		expect(parseNotification(body(status, { category }, { type }))).toEqual({
			...EMPTY_FIELDS,
			accountId: ACCOUNT,
			type,
			status,
			category,
			occurredAt: AT,
			data: { category },
		});
	});

	it.each([
		['connection_failed', 'connection.recovered'],
		['scrape_failed', 'scrape.recovered'],
	])('normalises %s / %s with empty data', (type, status) => {
		expect(parseNotification(body(status, {}, { type }))).toEqual({
			...EMPTY_FIELDS,
			accountId: ACCOUNT,
			type,
			status,
			occurredAt: AT,
			data: {},
		});
	});

	it('accepts the guide-only login_failed type without status, data or occurred_at', () => {
		expect(parseNotification({ account_id: ACCOUNT, type: 'login_failed' })).toEqual({
			...EMPTY_FIELDS,
			accountId: ACCOUNT,
			type: 'login_failed',
			status: '',
			occurredAt: null,
			data: null,
		});
	});

	it('tolerates wrongly typed optional fields instead of failing the delivery', () => {
		const n = parseNotification({
			account_id: ACCOUNT,
			type: 'assistance_required',
			status: 42,
			occurred_at: 1714557600,
			data: {
				requestId: 7,
				descriptor: 'six digits',
				attempts: '2',
				resent: 'true',
				reason: { code: 'x' },
				category: ['timeout'],
				userId: false,
			},
		});
		expect(n).toMatchObject({ ...EMPTY_FIELDS, status: '', occurredAt: null });
	});

	it.each([['a string', 'text'], ['an array', [1, 2]], ['a number', 5], ['a boolean', true]])(
		'treats data that is %s as null',
		(_label, data) => {
			const n = parseNotification(body('session.recovered', data));
			expect(n.data).toBeNull();
			expect(n).toMatchObject(EMPTY_FIELDS);
		},
	);

	it('accepts snake_case request_id / user_id as a fallback', () => {
		const n = parseNotification(body('assistance.requested', { request_id: REQUEST, user_id: USER, attempts: 1 }));
		expect(n.requestId).toBe(REQUEST);
		expect(n.userId).toBe(USER);
		expect(n.attempts).toBe(1);
	});

	it('ignores non-finite attempts', () => {
		expect(parseNotification(body('assistance.requested', { attempts: Number.NaN })).attempts).toBeNull();
	});

	it.each([
		[null, 'The Reconbanker notification body must be a JSON object, but got null'],
		[undefined, 'The Reconbanker notification body must be a JSON object, but got undefined'],
		['{"account_id":"x"}', 'The Reconbanker notification body must be a JSON object, but got a string'],
		[42, 'The Reconbanker notification body must be a JSON object, but got a number'],
		[[{ account_id: ACCOUNT, type: 'x' }], 'The Reconbanker notification body must be a JSON object, but got an array'],
		[{}, 'The Reconbanker notification has no "account_id" string'],
		[{ type: 'assistance_required' }, 'The Reconbanker notification has no "account_id" string'],
		[{ account_id: '', type: 'assistance_required' }, 'The Reconbanker notification has no "account_id" string'],
		[{ account_id: 123, type: 'assistance_required' }, 'The Reconbanker notification has no "account_id" string'],
		[{ accountId: ACCOUNT, type: 'assistance_required' }, 'The Reconbanker notification has no "account_id" string'],
		[{ account_id: ACCOUNT }, 'The Reconbanker notification has no "type" string'],
		[{ account_id: ACCOUNT, type: '' }, 'The Reconbanker notification has no "type" string'],
		[{ account_id: ACCOUNT, type: null }, 'The Reconbanker notification has no "type" string'],
	])('rejects %j', (input, message) => {
		expect(() => parseNotification(input)).toThrow(message);
	});
});

describe('notificationDedupeKey', () => {
	const base: ReconbankerNotification = parseNotification(
		body('assistance.requested', { accountId: ACCOUNT, descriptor: DESCRIPTOR, requestId: REQUEST, attempts: 1 }),
	);

	it('builds an exact, readable key', () => {
		expect(notificationDedupeKey(base)).toBe(
			JSON.stringify([ACCOUNT, 'assistance_required', 'assistance.requested', REQUEST, '1', AT]),
		);
	});

	it('marks resends and empty fields', () => {
		const resend = parseNotification(body('assistance.requested', { requestId: REQUEST, resent: true }));
		expect(notificationDedupeKey(resend)).toBe(
			JSON.stringify([ACCOUNT, 'assistance_required', 'assistance.requested', REQUEST, 'resent', AT]),
		);
		const recovered = parseNotification(body('session.recovered', null));
		expect(notificationDedupeKey(recovered)).toBe(
			JSON.stringify([ACCOUNT, 'assistance_required', 'session.recovered', '', '', AT]),
		);
		const bare = parseNotification({ account_id: ACCOUNT, type: 'login_failed' });
		expect(notificationDedupeKey(bare)).toBe(JSON.stringify([ACCOUNT, 'login_failed', '', '', '', '']));
	});

	it('is identical for a redelivery of the same body', () => {
		const raw = JSON.stringify(
			body('assistance.requested', { accountId: ACCOUNT, descriptor: DESCRIPTOR, requestId: REQUEST, attempts: 1 }),
		);
		expect(notificationDedupeKey(parseNotification(JSON.parse(raw)))).toBe(notificationDedupeKey(base));
	});

	it('differs whenever a distinguishing field differs', () => {
		const variants: ReconbankerNotification[] = [
			{ ...base, accountId: '11111111-1111-4111-8111-111111111111' },
			{ ...base, type: 'connection_failed' },
			{ ...base, status: 'session.needs_attention' },
			{ ...base, requestId: 'ffffffff-0000-4000-8000-000000000000' },
			{ ...base, requestId: null },
			{ ...base, attempts: 2 },
			{ ...base, attempts: null, resent: true },
			{ ...base, attempts: null },
			{ ...base, occurredAt: '2024-05-01T10:00:01.000Z' },
			{ ...base, occurredAt: null },
		];
		const keys = new Set([notificationDedupeKey(base), ...variants.map(notificationDedupeKey)]);
		expect(keys.size).toBe(variants.length + 1);
	});

	it('cannot be confused by separator characters inside fields', () => {
		const a = { ...base, status: 'a","b', requestId: 'c' };
		const b = { ...base, status: 'a', requestId: 'b","c' };
		expect(notificationDedupeKey(a)).not.toBe(notificationDedupeKey(b));
	});
});

describe('rememberDelivery', () => {
	it('returns false for a new key and appends it', () => {
		const seen: string[] = [];
		expect(rememberDelivery(seen, 'a')).toBe(false);
		expect(seen).toEqual(['a']);
		expect(rememberDelivery(seen, 'b')).toBe(false);
		expect(seen).toEqual(['a', 'b']);
	});

	it('returns true for a known key and leaves the list unchanged', () => {
		const seen = ['a', 'b', 'c'];
		expect(rememberDelivery(seen, 'a')).toBe(true);
		expect(seen).toEqual(['a', 'b', 'c']);
		expect(rememberDelivery(seen, 'c')).toBe(true);
		expect(seen).toEqual(['a', 'b', 'c']);
	});

	it('mutates the same array (n8n static data) in place', () => {
		const staticData: { seen: string[] } = { seen: [] };
		const ref = staticData.seen;
		rememberDelivery(staticData.seen, 'k1', 2);
		rememberDelivery(staticData.seen, 'k2', 2);
		rememberDelivery(staticData.seen, 'k3', 2);
		expect(staticData.seen).toBe(ref);
		expect(JSON.parse(JSON.stringify(staticData))).toEqual({ seen: ['k2', 'k3'] });
	});

	it('evicts the oldest entries first beyond maxEntries', () => {
		const seen: string[] = [];
		for (const key of ['k1', 'k2', 'k3']) expect(rememberDelivery(seen, key, 3)).toBe(false);
		expect(seen).toEqual(['k1', 'k2', 'k3']);
		// A duplicate does not refresh its position: k1 is still the oldest.
		expect(rememberDelivery(seen, 'k1', 3)).toBe(true);
		expect(rememberDelivery(seen, 'k4', 3)).toBe(false);
		expect(seen).toEqual(['k2', 'k3', 'k4']);
		// k1 was evicted, so it is new again.
		expect(rememberDelivery(seen, 'k1', 3)).toBe(false);
		expect(seen).toEqual(['k3', 'k4', 'k1']);
		expect(rememberDelivery(seen, 'k3', 3)).toBe(true);
		expect(rememberDelivery(seen, 'k2', 3)).toBe(false);
		expect(seen).toEqual(['k4', 'k1', 'k2']);
	});

	it('trims an over-long stored list down to maxEntries', () => {
		const seen = ['a', 'b', 'c', 'd', 'e'];
		expect(rememberDelivery(seen, 'f', 2)).toBe(false);
		expect(seen).toEqual(['e', 'f']);
	});

	it('defaults to 500 entries', () => {
		const seen: string[] = [];
		for (let i = 0; i < 500; i++) rememberDelivery(seen, `k${i}`);
		expect(seen).toHaveLength(500);
		expect(rememberDelivery(seen, 'k0')).toBe(true);
		expect(rememberDelivery(seen, 'k500')).toBe(false);
		expect(seen).toHaveLength(500);
		expect(seen[0]).toBe('k1');
		expect(seen[499]).toBe('k500');
		expect(rememberDelivery(seen, 'k0')).toBe(false);
	});

	it('works with maxEntries = 1', () => {
		const seen: string[] = [];
		expect(rememberDelivery(seen, 'x', 1)).toBe(false);
		expect(rememberDelivery(seen, 'x', 1)).toBe(true);
		expect(rememberDelivery(seen, 'y', 1)).toBe(false);
		expect(seen).toEqual(['y']);
	});

	it.each([0, -1, 2.5, Number.NaN])('rejects maxEntries %p', (max) => {
		expect(() => rememberDelivery([], 'k', max)).toThrow(
			'The duplicate-delivery memory size must be a positive whole number',
		);
	});

	it('deduplicates real notifications end to end', () => {
		const seen: string[] = [];
		const delivery = body('assistance.requested', { requestId: REQUEST, attempts: 1, descriptor: DESCRIPTOR });
		const key = (b: unknown) => notificationDedupeKey(parseNotification(b));
		expect(rememberDelivery(seen, key(delivery))).toBe(false);
		expect(rememberDelivery(seen, key(JSON.parse(JSON.stringify(delivery))))).toBe(true);
		const resend = body('assistance.requested', { requestId: REQUEST, resent: true }, { occurred_at: '2024-05-01T10:01:00.000Z' });
		expect(rememberDelivery(seen, key(resend))).toBe(false);
		expect(rememberDelivery(seen, key(resend))).toBe(true);
		expect(seen).toHaveLength(2);
	});
});

describe('knownPayload', () => {
	it('keeps the contract fields of every shape as sent', () => {
		const requested = body('assistance.requested', { accountId: ACCOUNT, userId: USER, descriptor: DESCRIPTOR, requestId: REQUEST, attempts: 2 });
		expect(knownPayload(requested)).toEqual(requested);
		const resent = body('assistance.requested', { requestId: REQUEST, resent: true });
		expect(knownPayload(resent)).toEqual(resent);
		for (const data of [null, {}, { reason: 'auth_timeout' }, { category: 'timeout' }, { descriptor: { length: '6' } }]) {
			expect(knownPayload(body('x', data))).toEqual(body('x', data));
		}
	});

	it('drops unknown fields, wrongly typed ones and anything nested beyond the descriptor', () => {
		let deep: unknown = 1;
		for (let i = 0; i < 100; i++) deep = [deep];
		const payload = knownPayload({
			...body('assistance.requested', {
				requestId: REQUEST,
				attempts: '2',
				descriptor: { ...DESCRIPTOR, nested: deep },
				extra: deep,
			}),
			occurred_at: { not: 'a string' },
			padding: 'x'.repeat(10_000),
		});
		expect(payload).toEqual({
			account_id: ACCOUNT,
			type: 'assistance_required',
			status: 'assistance.requested',
			data: { requestId: REQUEST, descriptor: DESCRIPTOR },
		});
	});
});
