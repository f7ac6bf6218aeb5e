/**
 * Turning whatever a workflow hands us into the exact code string the API expects, and masking a code
 * for output.
 *
 * Codes arrive typed by people, copied from phones and chat apps, or computed by expressions, so they
 * can carry full-width or Arabic-Indic digits, grouping spaces and dashes, or — worst — have become a
 * JavaScript number that silently dropped its leading zeros. We fix what is unambiguous and refuse the
 * rest: a wrong code burns one of the bank's attempts.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import { type CodeDescriptor, descriptorLength, MAX_CODE_LENGTH } from './descriptor';
import { ReconbankerInputError } from './errors';

// ---------------------------------------------------------------------------------------------
// Unicode folding (shared with extract/)
// ---------------------------------------------------------------------------------------------

const DECIMAL_DIGIT = /\p{Nd}/u;
const runStartCache = new Map<number, number>();

/**
 * Value 0–9 of a Unicode decimal digit. Unicode encodes every decimal digit set as ten consecutive
 * code points in ascending order (a stability guarantee), so the value is the distance from the start
 * of the run of digits, modulo 10 (some runs hold several sets back to back).
 */
function decimalDigitValue(codePoint: number): number {
	let start = runStartCache.get(codePoint);
	if (start === undefined) {
		start = codePoint;
		while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
		runStartCache.set(codePoint, start);
	}
	return (codePoint - start) % 10;
}

/** Replaces every Unicode decimal digit (Arabic-Indic, Devanagari, full-width, …) with its ASCII digit. */
export function foldDigits(text: string): string {
	return text.replace(/\p{Nd}/gu, (digit) => {
		const codePoint = digit.codePointAt(0) as number;
		return codePoint <= 0x7f ? digit : String(decimalDigitValue(codePoint));
	});
}

/**
 * Characters that are invisible and only ever get in the way: soft hyphen, combining grapheme joiner,
 * Arabic letter mark, Mongolian vowel separator, zero-width space/joiners, left-to-right and
 * right-to-left marks, word joiner, invisible operators, BOM. (Bidi overrides and isolates are not
 * here: they change what a text displays, so they are refused rather than dropped.)
 */
const INVISIBLE_CHARS = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;
/** Space-like characters besides ASCII whitespace: NBSP, thin/figure/narrow spaces, ideographic space. */
const SPACE_CLASS = '\\s\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000';
/** Hyphen, non-breaking hyphen, figure/en/em dashes, minus sign and their small/full-width forms. */
const DASH_CLASS = '\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D';
/** Full stop and middle dots (Latin, hyphenation point, bullet operator, dot operator, katakana). */
const DOT_CLASS = '.\\u00B7\\u2027\\u2219\\u22C5\\u30FB\\uFF0E\\uFF65';

/**
 * NFKC (full-width letters/digits → ASCII, compatibility spaces → space), then every decimal digit to
 * ASCII, then invisible characters removed.
 */
export function foldText(text: string): string {
	return foldDigits(text.normalize('NFKC')).replace(INVISIBLE_CHARS, '');
}

// ---------------------------------------------------------------------------------------------
// normaliseCode
// ---------------------------------------------------------------------------------------------

const SEPARATOR_RUN = `[${SPACE_CLASS}${DASH_CLASS}${DOT_CLASS}]+`;
const CODE_SHAPE = new RegExp(`^[A-Za-z0-9]+(?:${SEPARATOR_RUN}[A-Za-z0-9]+)*$`);
const SEPARATORS = new RegExp(SEPARATOR_RUN, 'g');

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * Returns the code as the API wants it: 1–32 ASCII letters/digits.
 *
 * - Accepts strings and whole non-negative numbers; anything else throws ('invalid_type').
 * - Trims; folds full-width, Arabic-Indic and other Unicode digits to ASCII.
 * - Removes spaces, dashes and dots *between* characters ("123 456", "123-456", "12·34·56").
 * - A number input shorter than `descriptor.length` throws 'lost_leading_zeros'. The code is never
 *   padded: "12345" for a 6-digit request may equally be a typo.
 *
 * Does not check the descriptor otherwise: call validateCodeForDescriptor for that.
 * @throws ReconbankerInputError 'empty' | 'too_long' | 'invalid_characters' | 'invalid_type' | 'lost_leading_zeros'
 */
export function normaliseCode(raw: unknown, descriptor?: CodeDescriptor | null): string {
	let text: string;
	const fromNumber = typeof raw === 'number';
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw) || !Number.isInteger(raw) || raw < 0) {
			throw new ReconbankerInputError(
				'invalid_type',
				'The code reached the node as a number that is not a whole non-negative number. Pass the code as text.',
			);
		}
		if (!Number.isSafeInteger(raw)) {
			throw new ReconbankerInputError(
				'invalid_type',
				'The code reached the node as a number too large to be exact, so some of its digits may be wrong. Pass the code as text.',
			);
		}
		text = String(raw);
	} else if (typeof raw === 'string') {
		text = raw;
	} else if (raw === null || raw === undefined) {
		throw new ReconbankerInputError('empty', 'No code was given.');
	} else {
		throw new ReconbankerInputError(
			'invalid_type',
			`The code must be text (or a whole number), but it is ${describeType(raw)}.`,
		);
	}

	const folded = foldText(text).trim();
	if (folded.replace(SEPARATORS, '') === '') {
		throw new ReconbankerInputError('empty', 'The code is empty.');
	}
	if (!CODE_SHAPE.test(folded)) {
		throw new ReconbankerInputError(
			'invalid_characters',
			'The code may contain only letters A–Z and digits 0–9 (spaces, dashes and dots between them are ignored). ' +
				'If you have a whole message (SMS, e-mail, chat), extract the code from it first.',
		);
	}

	const code = folded.replace(SEPARATORS, '');
	if (code.length > MAX_CODE_LENGTH) {
		throw new ReconbankerInputError(
			'too_long',
			`The code has ${code.length} characters; Reconbanker accepts at most ${MAX_CODE_LENGTH}. ` +
				'If you have a whole message, extract the code from it first.',
			{ actualLength: code.length, maxLength: MAX_CODE_LENGTH },
		);
	}

	const expected = descriptorLength(descriptor);
	if (fromNumber && expected !== null && code.length < expected) {
		throw new ReconbankerInputError(
			'lost_leading_zeros',
			`The code reached the node as a number with ${code.length} digits but the bank asked for ${expected}, ` +
				'so it has most likely lost its leading zeros (numbers cannot keep them). ' +
				'Pass the code as text: keep the field a string where the code is read, or wrap the expression in String(), ' +
				"e.g. {{ String($json.code) }} on a value that is still text. The code was not padded or submitted.",
			{ expectedLength: expected, actualLength: code.length },
		);
	}
	return code;
}

// ---------------------------------------------------------------------------------------------
// maskCode
// ---------------------------------------------------------------------------------------------

/**
 * A code safe to show in output and logs: "••••" plus at most the last 2 characters, and always at
 * least 4 characters hidden (so codes of 4 or fewer characters reveal nothing, a 5-character code
 * reveals 1). The prefix length is fixed so the mask does not reveal the code's length either.
 */
export function maskCode(code: string): string {
	if (typeof code !== 'string') return '••••';
	const shown = Math.min(2, Math.max(0, code.length - 4));
	return `••••${shown > 0 ? code.slice(-shown) : ''}`;
}
