/**
 * RFC 6238 time-based one-time passwords (TOTP) on top of RFC 4226 HOTP, using node:crypto only.
 * Used for the dashboard login's second factor.
 */
import { createHmac } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
	/** Unix time in seconds; defaults to now. */
	timeSeconds?: number;
	/** Time step in seconds; default 30. */
	stepSeconds?: number;
	/** Number of digits, 1–10; default 6. */
	digits?: number;
	/** HMAC algorithm; default sha1. */
	algorithm?: TotpAlgorithm;
}

/**
 * Decodes an RFC 4648 Base32 string. Case-insensitive; whitespace anywhere and trailing `=` padding
 * are ignored. Leftover bits that do not fill a byte are discarded, as authenticator apps do.
 * Error messages never include the secret.
 *
 * @throws Error when the string is empty or contains a character outside A–Z / 2–7.
 */
export function decodeBase32(secret: string): Buffer {
	if (typeof secret !== 'string') {
		throw new Error('The TOTP secret must be a Base32 string');
	}
	const cleaned = secret.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase();
	if (cleaned === '') {
		throw new Error('The TOTP secret is empty; paste the Base32 secret shown when 2FA was set up');
	}

	const bytes: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (let i = 0; i < cleaned.length; i++) {
		const value = BASE32_ALPHABET.indexOf(cleaned[i]);
		if (value === -1) {
			throw new Error(
				`The TOTP secret is not valid Base32: character ${i + 1} (ignoring spaces) is not one of A–Z or 2–7 ` +
					'(the digits 0, 1, 8 and 9 never appear in Base32)',
			);
		}
		buffer = ((buffer << 5) | value) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			bytes.push((buffer >> bits) & 0xff);
		}
	}
	if (bytes.length === 0) {
		throw new Error('The TOTP secret is too short to hold a key; check that it was copied completely');
	}
	return Buffer.from(bytes);
}

/** RFC 4226 HOTP value for a given key and counter. */
function hotp(key: Buffer, counter: number, digits: number, algorithm: TotpAlgorithm): string {
	const message = Buffer.alloc(8);
	message.writeBigUInt64BE(BigInt(counter));
	const digest = createHmac(algorithm, key).update(message).digest();
	const offset = digest[digest.length - 1] & 0x0f;
	const binary =
		((digest[offset] & 0x7f) << 24) |
		((digest[offset + 1] & 0xff) << 16) |
		((digest[offset + 2] & 0xff) << 8) |
		(digest[offset + 3] & 0xff);
	const code = binary % 10 ** digits;
	return code.toString().padStart(digits, '0');
}

/**
 * Computes the RFC 6238 TOTP code for a Base32 secret, zero-padded to `digits`.
 *
 * @throws Error for an invalid secret, a negative/non-finite time, a non-positive step, digits
 * outside 1–10, or an unknown algorithm.
 */
export function totp(secretBase32: string, options: TotpOptions = {}): string {
	const stepSeconds = options.stepSeconds ?? 30;
	const digits = options.digits ?? 6;
	const algorithm = options.algorithm ?? 'sha1';
	const timeSeconds = options.timeSeconds ?? Date.now() / 1000;

	if (!Number.isFinite(stepSeconds) || stepSeconds <= 0) {
		throw new Error('The TOTP step must be a positive number of seconds');
	}
	if (!Number.isInteger(digits) || digits < 1 || digits > 10) {
		throw new Error('The TOTP digit count must be a whole number from 1 to 10');
	}
	if (algorithm !== 'sha1' && algorithm !== 'sha256' && algorithm !== 'sha512') {
		throw new Error('The TOTP algorithm must be sha1, sha256 or sha512');
	}
	if (!Number.isFinite(timeSeconds) || timeSeconds < 0) {
		throw new Error('The TOTP time must be a non-negative number of unix seconds');
	}

	const key = decodeBase32(secretBase32);
	const counter = Math.floor(timeSeconds / stepSeconds);
	return hotp(key, counter, digits, algorithm);
}
