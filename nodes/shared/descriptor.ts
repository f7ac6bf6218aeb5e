/**
 * The bank's description of the code it waits for (`pending_assistance.descriptor` in the status
 * response, `data.descriptor` in notifications), and the check that a code fits it.
 *
 * The server forwards whatever it receives and a wrong-length code burns one of the bank's attempts,
 * so the node validates locally before submitting.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import { ReconbankerInputError } from './errors';

/** What the one-time code should look like, as the server forwards it (other fields pass through). */
export interface CodeDescriptor {
	length?: number | null;
	/** 'numeric' | 'alphanumeric' are known; any other value is treated as alphanumeric. */
	type?: string | null;
	purpose?: string | null;
	[key: string]: unknown;
}

export type CodeKind = 'numeric' | 'alphanumeric';

/** The API accepts codes of 1–32 characters. */
export const MAX_CODE_LENGTH = 32;

/**
 * The expected length when the descriptor gives a positive integer (also written as text, "6"),
 * else null (no length check).
 */
export function descriptorLength(descriptor: CodeDescriptor | null | undefined): number | null {
	const raw: unknown = descriptor?.length;
	const length = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
	return typeof length === 'number' && Number.isInteger(length) && length > 0 ? length : null;
}

/**
 * 'numeric' or 'alphanumeric' when the descriptor names a type, null when it names none.
 * Unknown types count as alphanumeric: the looser check never blocks a code the bank might accept.
 */
export function descriptorKind(descriptor: CodeDescriptor | null | undefined): CodeKind | null {
	const type = descriptor?.type;
	if (typeof type !== 'string' || type.trim() === '') return null;
	return type.trim().toLowerCase() === 'numeric' ? 'numeric' : 'alphanumeric';
}

/** "a" or "an" before a number written in digits: "an 8-digit code", "an 11-character code". */
export function articleForNumber(value: number): 'a' | 'an' {
	const digits = String(value);
	// Read aloud, 8…, 11, 18, 11 thousand…, 18 thousand… start with a vowel sound.
	return /^8/.test(digits) || /^1[18]$/.test(digits) || /^1[18](?:\d{3})+$/.test(digits) ? 'an' : 'a';
}

/** Human wording such as "a 6-digit numeric code", "an alphanumeric code" or "a code". */
export function describeDescriptor(descriptor: CodeDescriptor | null | undefined): string {
	const length = descriptorLength(descriptor);
	const kind = descriptorKind(descriptor);
	const sized = (noun: string): string => `${articleForNumber(length as number)} ${length}-${noun}`;
	if (kind === 'numeric') return length === null ? 'a numeric code' : sized('digit numeric code');
	if (kind === 'alphanumeric') {
		return length === null ? 'an alphanumeric code' : sized('character alphanumeric code');
	}
	return length === null ? 'a code' : sized('character code');
}

function characters(count: number): string {
	return count === 1 ? '1 character' : `${count} characters`;
}

/**
 * Throws a ReconbankerInputError when an (already normalised) code does not fit the descriptor.
 * With no descriptor only the basic shape is checked: 1–32 ASCII letters or digits.
 */
export function validateCodeForDescriptor(code: string, descriptor: CodeDescriptor | null | undefined): void {
	if (typeof code !== 'string') {
		throw new ReconbankerInputError('invalid_type', 'The code must be text.');
	}
	if (code === '') {
		throw new ReconbankerInputError('empty', 'The code is empty.');
	}
	if (!/^[A-Za-z0-9]+$/.test(code)) {
		throw new ReconbankerInputError(
			'invalid_characters',
			'The code may contain only letters A–Z and digits 0–9. Normalise it first (spaces, dashes and dots between characters are removed).',
		);
	}
	if (code.length > MAX_CODE_LENGTH) {
		throw new ReconbankerInputError(
			'too_long',
			`The code has ${characters(code.length)}; Reconbanker accepts at most ${MAX_CODE_LENGTH}.`,
			{ actualLength: code.length, maxLength: MAX_CODE_LENGTH },
		);
	}

	const kind = descriptorKind(descriptor);
	const length = descriptorLength(descriptor);
	if (length !== null && code.length !== length) {
		let message = `The code has ${characters(code.length)} but the bank asked for ${length}.`;
		if (code.length < length && /^[0-9]+$/.test(code) && kind !== 'alphanumeric') {
			message +=
				' If the code starts with 0, its leading zeros may have been lost when it was handled as a number somewhere before this node; keep it as text.';
		}
		throw new ReconbankerInputError('wrong_length', message, {
			expectedLength: length,
			actualLength: code.length,
		});
	}
	if (kind === 'numeric' && !/^[0-9]+$/.test(code)) {
		throw new ReconbankerInputError('not_numeric', 'The bank asked for a numeric code but the code contains letters.');
	}
}
