import { decodeBase32, totp } from '../../../nodes/shared/totp';

// RFC 6238 appendix B seeds, Base32-encoded (RFC 4648).
const SEED_SHA1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const SEED_SHA256 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA===='; // 32 bytes
const SEED_SHA512 =
	'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA='; // 64 bytes

describe('decodeBase32', () => {
	it('decodes the RFC 6238 seeds', () => {
		expect(decodeBase32(SEED_SHA1).toString('ascii')).toBe('12345678901234567890');
		expect(decodeBase32(SEED_SHA256).toString('ascii')).toBe('12345678901234567890123456789012');
		expect(decodeBase32(SEED_SHA512).toString('ascii')).toBe(
			'1234567890123456789012345678901234567890123456789012345678901234',
		);
	});

	it('decodes RFC 4648 test vectors', () => {
		expect(decodeBase32('MY').toString('ascii')).toBe('f');
		expect(decodeBase32('MY======').toString('ascii')).toBe('f');
		expect(decodeBase32('MZXQ====').toString('ascii')).toBe('fo');
		expect(decodeBase32('MZXW6===').toString('ascii')).toBe('foo');
		expect(decodeBase32('MZXW6YQ=').toString('ascii')).toBe('foob');
		expect(decodeBase32('MZXW6YTB').toString('ascii')).toBe('fooba');
		expect(decodeBase32('MZXW6YTBOI======').toString('ascii')).toBe('foobar');
		expect(decodeBase32('JBSWY3DPEE======').toString('ascii')).toBe('Hello!');
		expect([...decodeBase32('32W353Y=')]).toEqual([0xde, 0xad, 0xbe, 0xef]);
	});

	it('is case-insensitive and ignores spaces, line breaks and padding', () => {
		const expected = '12345678901234567890';
		expect(decodeBase32(SEED_SHA1.toLowerCase()).toString('ascii')).toBe(expected);
		expect(decodeBase32('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString('ascii')).toBe(expected);
		expect(decodeBase32('  GEZDGNBVGY3TQOJQ\nGEZDGNBVGY3TQOJQ\t ').toString('ascii')).toBe(expected);
		expect(decodeBase32('GeZdGnBvGy3TqOjQgEzDgNbVgY3tQoJq').toString('ascii')).toBe(expected);
		expect(decodeBase32('mzxw 6yq=').toString('ascii')).toBe('foob');
		expect(decodeBase32('MZXW6YQ = ').toString('ascii')).toBe('foob');
	});

	it.each(['GEZDGNBVGY3TQOJ0', 'GEZDGNBV1Y3TQOJQ', 'GEZD8NBV', 'GEZD9NBV', 'GEZD-GNBV', 'GEZD_GNBV', 'GE=ZD', 'ÄBCD'])(
		'rejects %j with a clear error',
		(value) => {
			expect(() => decodeBase32(value)).toThrow('The TOTP secret is not valid Base32');
		},
	);

	it('names the position of the bad character but not the secret', () => {
		let message = '';
		try {
			decodeBase32('ab cd1efg');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toBe(
			'The TOTP secret is not valid Base32: character 5 (ignoring spaces) is not one of A–Z or 2–7 (the digits 0, 1, 8 and 9 never appear in Base32)',
		);
		expect(message).not.toContain('ABCD');
	});

	it('rejects empty and too-short secrets', () => {
		expect(() => decodeBase32('')).toThrow('The TOTP secret is empty');
		expect(() => decodeBase32('  ==== ')).toThrow('The TOTP secret is empty');
		expect(() => decodeBase32('M')).toThrow('The TOTP secret is too short');
	});
});

describe('totp', () => {
	// RFC 6238 appendix B: T0 = 0, X = 30, 8 digits.
	it.each([
		[59, '94287082', '46119246', '90693936'],
		[1111111109, '07081804', '68084774', '25091201'],
		[1111111111, '14050471', '67062674', '99943326'],
		[1234567890, '89005924', '91819424', '93441116'],
		[2000000000, '69279037', '90698825', '38618901'],
		[20000000000, '65353130', '77737706', '47863826'],
	])('RFC 6238 vector at T=%d', (time, sha1, sha256, sha512) => {
		expect(totp(SEED_SHA1, { timeSeconds: time, digits: 8 })).toBe(sha1);
		expect(totp(SEED_SHA1, { timeSeconds: time, digits: 8, algorithm: 'sha1' })).toBe(sha1);
		expect(totp(SEED_SHA256, { timeSeconds: time, digits: 8, algorithm: 'sha256' })).toBe(sha256);
		expect(totp(SEED_SHA512, { timeSeconds: time, digits: 8, algorithm: 'sha512' })).toBe(sha512);
	});

	it('defaults to 6 digits, 30 s steps and sha1 (last 6 digits of the 8-digit value)', () => {
		expect(totp(SEED_SHA1, { timeSeconds: 59 })).toBe('287082');
		expect(totp(SEED_SHA1, { timeSeconds: 1111111109 })).toBe('081804');
		expect(totp(SEED_SHA1, { timeSeconds: 1234567890 })).toBe('005924');
	});

	it('zero-pads short values', () => {
		expect(totp(SEED_SHA1, { timeSeconds: 1111111109, digits: 8 })).toBe('07081804');
		expect(totp(SEED_SHA1, { timeSeconds: 1234567890, digits: 6 })).toBe('005924');
		expect(totp(SEED_SHA1, { timeSeconds: 1234567890, digits: 6 })).toHaveLength(6);
	});

	it('is constant within a step and changes at the step boundary', () => {
		// Step 37037036 covers [1111111080, 1111111110).
		expect(totp(SEED_SHA1, { timeSeconds: 1111111080, digits: 8 })).toBe('07081804');
		expect(totp(SEED_SHA1, { timeSeconds: 1111111109.999, digits: 8 })).toBe('07081804');
		expect(totp(SEED_SHA1, { timeSeconds: 1111111110, digits: 8 })).toBe('14050471');
	});

	it('honours a custom step', () => {
		// With a 60 s step, T=118 is counter 1, the same counter as T=59 with 30 s steps.
		expect(totp(SEED_SHA1, { timeSeconds: 118, stepSeconds: 60, digits: 8 })).toBe('94287082');
	});

	it('accepts a formatted (lowercase, spaced) secret', () => {
		expect(totp('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', { timeSeconds: 59, digits: 8 })).toBe('94287082');
	});

	it('uses the current time by default', () => {
		const now = Date.now();
		jest.useFakeTimers({ now: 1111111111 * 1000 });
		try {
			expect(totp(SEED_SHA1, { digits: 8 })).toBe('14050471');
		} finally {
			jest.useRealTimers();
		}
		expect(Date.now()).toBeGreaterThanOrEqual(now);
	});

	it('rejects invalid options', () => {
		expect(() => totp(SEED_SHA1, { digits: 0 })).toThrow('The TOTP digit count must be a whole number from 1 to 10');
		expect(() => totp(SEED_SHA1, { digits: 11 })).toThrow('The TOTP digit count must be a whole number from 1 to 10');
		expect(() => totp(SEED_SHA1, { digits: 6.5 })).toThrow('The TOTP digit count must be a whole number from 1 to 10');
		expect(() => totp(SEED_SHA1, { stepSeconds: 0 })).toThrow('The TOTP step must be a positive number of seconds');
		expect(() => totp(SEED_SHA1, { timeSeconds: -1 })).toThrow('The TOTP time must be a non-negative number');
		expect(() => totp(SEED_SHA1, { timeSeconds: Number.NaN })).toThrow('The TOTP time must be a non-negative number');
		expect(() => totp(SEED_SHA1, { algorithm: 'md5' as 'sha1' })).toThrow(
			'The TOTP algorithm must be sha1, sha256 or sha512',
		);
		expect(() => totp('not base32!', { timeSeconds: 59 })).toThrow('The TOTP secret is not valid Base32');
	});
});
