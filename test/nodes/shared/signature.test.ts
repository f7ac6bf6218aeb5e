import {
	checkAuthorizationHeader,
	safeEqual,
	signNotification,
	verifyNotificationSignature,
	type VerifyNotificationSignatureInput,
} from '../../../nodes/shared/signature';

const SECRET = 'whsec_test_secret';
const TS = 1714557600;
const BODY =
	'{"account_id":"b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab","type":"assistance_required","status":"assistance.requested","data":{"descriptor":{"length":6,"type":"numeric"}},"occurred_at":"2024-05-01T10:00:00.000Z"}';
// Computed independently (Python hmac) for SECRET, "1714557600." + BODY.
const BODY_SIG = 'sha256=aa1d0e8fbb46651b1488e89115fe8cd1afe7ef5a970baf993c037ec03dad33ae';

function input(overrides: Partial<VerifyNotificationSignatureInput> = {}): VerifyNotificationSignatureInput {
	return {
		secret: SECRET,
		timestampHeader: String(TS),
		signatureHeader: BODY_SIG,
		rawBody: BODY,
		nowSeconds: TS,
		toleranceSeconds: 300,
		...overrides,
	};
}

describe('signNotification', () => {
	it('matches an independently computed HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
		expect(signNotification(SECRET, TS, BODY)).toBe(BODY_SIG);
		expect(signNotification(SECRET, String(TS), BODY)).toBe(BODY_SIG);
		expect(signNotification(SECRET, TS, Buffer.from(BODY, 'utf8'))).toBe(BODY_SIG);
	});

	it('signs non-ASCII bodies as UTF-8 bytes', () => {
		const body = '{"note":"café ✓"}';
		const expected = 'sha256=85b95b85244aef2fd2dc375d1389840ff4c382e7302db32172605399b21f74fa';
		expect(signNotification(SECRET, TS, body)).toBe(expected);
		expect(signNotification(SECRET, TS, Buffer.from(body, 'utf8'))).toBe(expected);
	});

	it('depends on secret, timestamp and body', () => {
		expect(signNotification('other', TS, BODY)).not.toBe(BODY_SIG);
		expect(signNotification(SECRET, TS + 1, BODY)).not.toBe(BODY_SIG);
		expect(signNotification(SECRET, TS, `${BODY} `)).not.toBe(BODY_SIG);
		expect(signNotification(SECRET, TS, BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
	});
});

describe('verifyNotificationSignature', () => {
	it('accepts a correct signature (string and Buffer bodies)', () => {
		expect(verifyNotificationSignature(input())).toEqual({ ok: true });
		expect(verifyNotificationSignature(input({ rawBody: Buffer.from(BODY, 'utf8') }))).toEqual({ ok: true });
	});

	it('accepts uppercase hex digits (same bytes)', () => {
		const upper = `sha256=${BODY_SIG.slice('sha256='.length).toUpperCase()}`;
		expect(verifyNotificationSignature(input({ signatureHeader: upper }))).toEqual({ ok: true });
	});

	it('accepts single-element header arrays and surrounding whitespace', () => {
		expect(
			verifyNotificationSignature(input({ timestampHeader: [` ${TS} `], signatureHeader: [` ${BODY_SIG} `] })),
		).toEqual({ ok: true });
	});

	it('strips only HTTP white space (space, tab): a no-break space after the signature or timestamp is not accepted', () => {
		expect(verifyNotificationSignature(input({ signatureHeader: `\t${BODY_SIG} \t` }))).toEqual({ ok: true });
		for (const junk of ['\u00a0', '\u2003', '\u3000', '\ufeff', '\n']) {
			expect(verifyNotificationSignature(input({ signatureHeader: `${BODY_SIG}${junk}` }))).toEqual({
				ok: false,
				reason: 'bad_signature',
			});
			expect(verifyNotificationSignature(input({ timestampHeader: `${TS}${junk}` }))).toEqual({
				ok: false,
				reason: 'malformed_timestamp',
			});
		}
	});

	describe('timestamp tolerance (both ways, inclusive)', () => {
		it.each([
			[TS + 300, { ok: true }],
			[TS + 301, { ok: false, reason: 'stale_timestamp' }],
			[TS - 300, { ok: true }],
			[TS - 301, { ok: false, reason: 'future_timestamp' }],
			[TS + 100000, { ok: false, reason: 'stale_timestamp' }],
			[TS - 100000, { ok: false, reason: 'future_timestamp' }],
		])('now=%d → %j', (now, expected) => {
			expect(verifyNotificationSignature(input({ nowSeconds: now }))).toEqual(expected);
		});

		it('honours a custom tolerance', () => {
			expect(verifyNotificationSignature(input({ nowSeconds: TS + 10, toleranceSeconds: 10 }))).toEqual({ ok: true });
			expect(verifyNotificationSignature(input({ nowSeconds: TS + 11, toleranceSeconds: 10 }))).toEqual({
				ok: false,
				reason: 'stale_timestamp',
			});
			expect(verifyNotificationSignature(input({ nowSeconds: TS, toleranceSeconds: 0 }))).toEqual({ ok: true });
			expect(verifyNotificationSignature(input({ nowSeconds: TS - 1, toleranceSeconds: 0 }))).toEqual({
				ok: false,
				reason: 'future_timestamp',
			});
		});

		it('defaults to 300 s tolerance and the system clock', () => {
			const now = Math.floor(Date.now() / 1000);
			const sig = signNotification(SECRET, now - 200, BODY);
			expect(
				verifyNotificationSignature({ secret: SECRET, timestampHeader: String(now - 200), signatureHeader: sig, rawBody: BODY }),
			).toEqual({ ok: true });
			const old = now - 1000;
			expect(
				verifyNotificationSignature({
					secret: SECRET,
					timestampHeader: String(old),
					signatureHeader: signNotification(SECRET, old, BODY),
					rawBody: BODY,
				}),
			).toEqual({ ok: false, reason: 'stale_timestamp' });
		});

		it('checks freshness before the signature (a stale replay of a valid delivery fails)', () => {
			expect(verifyNotificationSignature(input({ nowSeconds: TS + 3600 }))).toEqual({
				ok: false,
				reason: 'stale_timestamp',
			});
		});
	});

	it.each([
		[undefined, 'missing_timestamp'],
		[null, 'missing_timestamp'],
		['', 'missing_timestamp'],
		['   ', 'missing_timestamp'],
		[[], 'missing_timestamp'],
	])('timestamp %j → %s', (header, reason) => {
		expect(verifyNotificationSignature(input({ timestampHeader: header }))).toEqual({ ok: false, reason });
	});

	it.each([
		[undefined, 'missing_signature'],
		[null, 'missing_signature'],
		['', 'missing_signature'],
		[[], 'missing_signature'],
	])('signature %j → %s', (header, reason) => {
		expect(verifyNotificationSignature(input({ signatureHeader: header }))).toEqual({ ok: false, reason });
	});

	it('reports a missing timestamp before a missing signature', () => {
		expect(verifyNotificationSignature(input({ timestampHeader: undefined, signatureHeader: undefined }))).toEqual({
			ok: false,
			reason: 'missing_timestamp',
		});
	});

	it.each([
		'abc',
		'1714557600.5',
		'-1714557600',
		'+1714557600',
		'1.7e9',
		'0x66321e20',
		'1714557600000000000',
		'2024-05-01T10:00:00Z',
	])('timestamp %j → malformed_timestamp', (header) => {
		expect(verifyNotificationSignature(input({ timestampHeader: header }))).toEqual({
			ok: false,
			reason: 'malformed_timestamp',
		});
	});

	it('treats several timestamp headers as malformed', () => {
		expect(verifyNotificationSignature(input({ timestampHeader: [String(TS), String(TS)] }))).toEqual({
			ok: false,
			reason: 'malformed_timestamp',
		});
	});

	it.each([
		['wrong secret', { secret: 'whsec_other' }],
		['tampered body', { rawBody: BODY.replace('"length":6', '"length":8') }],
		['body with trailing newline', { rawBody: `${BODY}\n` }],
		['re-serialised body', { rawBody: JSON.stringify(JSON.parse(BODY), null, 2) }],
		['timestamp not the one signed', { timestampHeader: String(TS + 1) }],
		['missing sha256= prefix', { signatureHeader: BODY_SIG.slice('sha256='.length) }],
		['uppercase prefix', { signatureHeader: BODY_SIG.replace('sha256=', 'SHA256=') }],
		['other algorithm prefix', { signatureHeader: BODY_SIG.replace('sha256=', 'sha1=') }],
		['truncated hex', { signatureHeader: BODY_SIG.slice(0, -2) }],
		['extra hex', { signatureHeader: `${BODY_SIG}00` }],
		['non-hex characters', { signatureHeader: `${BODY_SIG.slice(0, -1)}z` }],
		['prefix only', { signatureHeader: 'sha256=' }],
		['two signature headers', { signatureHeader: [BODY_SIG, BODY_SIG] }],
		['flipped last digit', { signatureHeader: BODY_SIG.slice(0, -1) + (BODY_SIG.endsWith('e') ? 'f' : 'e') }],
	] as Array<[string, Partial<VerifyNotificationSignatureInput>]>)('%s → bad_signature', (_label, overrides) => {
		expect(verifyNotificationSignature(input(overrides))).toEqual({ ok: false, reason: 'bad_signature' });
	});

	it('throws on an empty secret or a negative tolerance (configuration errors)', () => {
		expect(() => verifyNotificationSignature(input({ secret: '' }))).toThrow('The notification signing secret is empty');
		expect(() => verifyNotificationSignature(input({ toleranceSeconds: -1 }))).toThrow(
			'The signature tolerance must be a non-negative number of seconds',
		);
	});
});

describe('safeEqual', () => {
	it.each([
		['', '', true],
		['abc', 'abc', true],
		['rbk_0123abcd_x', 'rbk_0123abcd_x', true],
		['café', 'café', true],
		['abc', 'abd', false],
		['abc', 'abcd', false],
		['abc', '', false],
		['', 'a', false],
		['ABC', 'abc', false],
	])('safeEqual(%j, %j) = %s', (a, b, expected) => {
		expect(safeEqual(a, b)).toBe(expected);
	});

	it('returns false for non-strings', () => {
		expect(safeEqual(undefined as unknown as string, '')).toBe(false);
	});
});

describe('checkAuthorizationHeader', () => {
	const token = 'tok_9f8e7d6c5b4a';

	it('accepts the exact Bearer and Api-Key forms', () => {
		expect(checkAuthorizationHeader(`Bearer ${token}`, { scheme: 'Bearer', token })).toBe(true);
		expect(checkAuthorizationHeader(`Api-Key ${token}`, { scheme: 'Api-Key', token })).toBe(true);
	});

	it.each([
		[undefined],
		[''],
		[token],
		[`Api-Key ${token}`],
		[`bearer ${token}`],
		[`BEARER ${token}`],
		[`Bearer  ${token}`],
		[`Bearer ${token} `],
		[`Bearer ${token}x`],
		[`Bearer ${token.slice(0, -1)}`],
		['Bearer '],
		['Bearer'],
		[`Token ${token}`],
	])('rejects %j for Bearer', (header) => {
		expect(checkAuthorizationHeader(header, { scheme: 'Bearer', token })).toBe(false);
	});

	it.each([[`Bearer ${token}`], [`api-key ${token}`], [`ApiKey ${token}`], [`Api-Key:${token}`]])(
		'rejects %j for Api-Key',
		(header) => {
			expect(checkAuthorizationHeader(header, { scheme: 'Api-Key', token })).toBe(false);
		},
	);

	it('never authenticates against an empty expected token', () => {
		expect(checkAuthorizationHeader('Bearer ', { scheme: 'Bearer', token: '' })).toBe(false);
		expect(checkAuthorizationHeader('Bearer', { scheme: 'Bearer', token: '' })).toBe(false);
		expect(checkAuthorizationHeader(undefined, { scheme: 'Bearer', token: '' })).toBe(false);
	});
});
