/**
 * Verification of Reconbanker notification deliveries.
 *
 * When the server has a signing secret it sends
 *   X-Webhook-Timestamp: <unix seconds>
 *   X-Signature-256: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * and, when a token is configured, `Authorization: Bearer <token>` or `Authorization: Api-Key <token>`.
 *
 * Pure helpers: only node:crypto.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { soleHeaderValue, trimHttpWhitespace, type HeaderValue } from './header-value';

export type { HeaderValue } from './header-value';

export const SIGNATURE_PREFIX = 'sha256=';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureFailureReason =
	| 'missing_timestamp'
	| 'missing_signature'
	| 'malformed_timestamp'
	| 'stale_timestamp'
	| 'future_timestamp'
	| 'bad_signature';

export type SignatureVerification = { ok: true } | { ok: false; reason: SignatureFailureReason };

export interface VerifyNotificationSignatureInput {
	/** The shared signing secret. Must not be empty. */
	secret: string;
	/** Value of `X-Webhook-Timestamp`. */
	timestampHeader: HeaderValue;
	/** Value of `X-Signature-256`. */
	signatureHeader: HeaderValue;
	/** The exact bytes received (not a re-serialised JSON object). */
	rawBody: string | Buffer;
	/** Current time in unix seconds; defaults to the system clock. */
	nowSeconds?: number;
	/** Allowed clock difference in either direction, in seconds; defaults to 300. */
	toleranceSeconds?: number;
}

function toBuffer(value: string | Buffer): Buffer {
	return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function hmacDigest(secret: string, timestamp: string | number, rawBody: string | Buffer): Buffer {
	return createHmac('sha256', secret)
		.update(`${String(timestamp)}.`, 'utf8')
		.update(toBuffer(rawBody))
		.digest();
}

/** Returns `sha256=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. */
export function signNotification(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
	return `${SIGNATURE_PREFIX}${hmacDigest(secret, timestamp, rawBody).toString('hex')}`;
}

/**
 * The single value of a header without HTTP white space (space, tab) around it: blank counts as
 * absent (undefined); several values → null. Nothing else is stripped (see trimHttpWhitespace).
 */
function trimmedHeader(value: HeaderValue): string | undefined | null {
	const sole = soleHeaderValue(value);
	if (sole === undefined || sole === null) return sole;
	const trimmed = trimHttpWhitespace(String(sole));
	return trimmed === '' ? undefined : trimmed;
}

/**
 * Checks the timestamp and HMAC signature of a notification delivery.
 *
 * Checks, in order: timestamp present, signature present, timestamp is plain unix seconds, timestamp
 * within `toleranceSeconds` of `nowSeconds` in both directions (a difference of exactly the tolerance
 * is accepted), then the signature. The signature header must be `sha256=` followed by 64 hex digits
 * (either case); it is compared with `timingSafeEqual` on two 32-byte buffers, so a malformed value
 * takes the same comparison path as a wrong one.
 *
 * @throws Error when `secret` is empty (a configuration mistake, not a bad delivery).
 */
export function verifyNotificationSignature(input: VerifyNotificationSignatureInput): SignatureVerification {
	const { secret, rawBody } = input;
	if (typeof secret !== 'string' || secret === '') {
		throw new Error('The notification signing secret is empty; set it before verifying signatures');
	}
	const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
	if (!Number.isFinite(tolerance) || tolerance < 0) {
		throw new Error('The signature tolerance must be a non-negative number of seconds');
	}
	const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);

	const timestamp = trimmedHeader(input.timestampHeader);
	if (timestamp === undefined) return { ok: false, reason: 'missing_timestamp' };
	const signature = trimmedHeader(input.signatureHeader);
	if (signature === undefined) return { ok: false, reason: 'missing_signature' };

	if (timestamp === null || !/^\d{1,15}$/.test(timestamp)) {
		return { ok: false, reason: 'malformed_timestamp' };
	}
	const timestampSeconds = Number(timestamp);
	if (now - timestampSeconds > tolerance) return { ok: false, reason: 'stale_timestamp' };
	if (timestampSeconds - now > tolerance) return { ok: false, reason: 'future_timestamp' };

	const expected = hmacDigest(secret, timestamp, rawBody);

	let provided = Buffer.alloc(expected.length);
	let wellFormed = false;
	if (signature !== null && signature.startsWith(SIGNATURE_PREFIX)) {
		const hex = signature.slice(SIGNATURE_PREFIX.length);
		if (hex.length === expected.length * 2 && /^[0-9a-fA-F]+$/.test(hex)) {
			provided = Buffer.from(hex, 'hex');
			wellFormed = true;
		}
	}
	const matches = timingSafeEqual(expected, provided);
	return matches && wellFormed ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

/**
 * Constant-time string comparison. Both sides are hashed with SHA-256 first, so the comparison
 * always runs on two 32-byte buffers and the lengths of the inputs do not leak.
 */
export function safeEqual(a: string, b: string): boolean {
	if (typeof a !== 'string' || typeof b !== 'string') return false;
	const hashA = createHash('sha256').update(a, 'utf8').digest();
	const hashB = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(hashA, hashB);
}

/**
 * Checks an `Authorization` header against `<scheme> <token>`, exactly as Reconbanker sends it
 * (`Bearer <token>` or `Api-Key <token>`; case-sensitive scheme, one space). The whole value is
 * compared with {@link safeEqual}. Returns false when the header is missing or the expected token is
 * empty (an empty token never authenticates anything).
 */
export function checkAuthorizationHeader(
	header: string | undefined,
	expected: { scheme: 'Bearer' | 'Api-Key'; token: string },
): boolean {
	if (typeof header !== 'string' || header === '') return false;
	if (typeof expected.token !== 'string' || expected.token === '') return false;
	return safeEqual(header, `${expected.scheme} ${expected.token}`);
}
