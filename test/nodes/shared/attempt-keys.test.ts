import {
	answeredKey,
	attemptSlotKey,
	claimKey,
	codeFingerprint,
	codeForRequestKey,
	finalSlots,
	markerSlot,
	repeatedCodeKeys,
	sentMarkerKey,
	SLOT_FINAL_AFTER_MS,
	slotFinalAt,
	SLOT_MS,
	slotEnd,
	WINDOW_MS,
	windowBucket,
} from '../../../nodes/shared/attempt-keys';

const ACCOUNT = '3F2B8C1E-5D4A-4E6F-9B7A-1C2D3E4F5A6B';
const KEY = 'rbk_0123abcd_' + 'a'.repeat(64);

describe('codeFingerprint: an HMAC of the code, never the code', () => {
	it('is HMAC-SHA256(api key, "<account>\\n<code>") in hex, account case-insensitive', () => {
		const fingerprint = codeFingerprint(KEY, ACCOUNT, '482913');
		// printf '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b\n482913' | openssl dgst -sha256 -hmac "$KEY"
		expect(fingerprint).toBe('ee00d986146b9641130e2673d7026dda87a5ab98a4860dd29f0ac918f3dca872');
		expect(fingerprint).toBe(codeFingerprint(KEY, ACCOUNT.toLowerCase(), '482913'));
		expect(fingerprint).not.toContain('482913');
	});

	it('differs per code, per account and per API key', () => {
		const base = codeFingerprint(KEY, ACCOUNT, '482913');
		expect(codeFingerprint(KEY, ACCOUNT, '482914')).not.toBe(base);
		expect(codeFingerprint(KEY, '0e0f2b1c-1111-4222-8333-444455556666', '482913')).not.toBe(base);
		expect(codeFingerprint(`${KEY.slice(0, -1)}b`, ACCOUNT, '482913')).not.toBe(base);
	});
});

describe('repeatedCodeKeys: the current and the previous 10-minute bucket', () => {
	it('names both buckets, so a code counts as sent for 10 to 20 minutes', () => {
		const now = 1_700_000_123_456;
		const bucket = windowBucket(now);
		expect(bucket).toBe(Math.floor(now / WINDOW_MS));
		const [current, previous] = repeatedCodeKeys(ACCOUNT, 'ff', now);
		expect(current).toBe(`rbk1:code:${ACCOUNT.toLowerCase()}:ff:${bucket}`);
		expect(previous).toBe(`rbk1:code:${ACCOUNT.toLowerCase()}:ff:${bucket - 1}`);
		// A send's current key is a later bucket's previous key.
		expect(repeatedCodeKeys(ACCOUNT, 'ff', now + WINDOW_MS)[1]).toBe(current);
		expect(repeatedCodeKeys(ACCOUNT, 'ff', now + 2 * WINDOW_MS)).not.toContain(current);
	});
});

describe('per-request and per-send keys', () => {
	it('are distinct namespaces', () => {
		const keys = [
			answeredKey('r1'),
			claimKey('r1', 'n'),
			codeForRequestKey('r1', 'ff'),
			attemptSlotKey(ACCOUNT, 5, 1),
			sentMarkerKey(ACCOUNT, 7, 1),
			sentMarkerKey(ACCOUNT, 7, 2),
		];
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys.every((key) => key.startsWith('rbk1:'))).toBe(true);
	});
});

describe('sent-marker slots', () => {
	it('are final SLOT_FINAL_AFTER_MS after they end, and listed in order from the given slot', () => {
		const slot = markerSlot(10_000_250);
		expect(slot).toBe(Math.floor(10_000_250 / SLOT_MS));
		expect(slotEnd(slot)).toBe((slot + 1) * SLOT_MS);
		expect(slotFinalAt(slot)).toBe(slotEnd(slot) + SLOT_FINAL_AFTER_MS);
		expect(finalSlots(slot, slotEnd(slot) + SLOT_FINAL_AFTER_MS - 1)).toEqual([]);
		expect(finalSlots(slot, slotEnd(slot) + SLOT_FINAL_AFTER_MS)).toEqual([slot]);
		expect(finalSlots(slot, slotEnd(slot + 2) + SLOT_FINAL_AFTER_MS)).toEqual([slot, slot + 1, slot + 2]);
	});
});
