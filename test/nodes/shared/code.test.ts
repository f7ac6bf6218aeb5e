import { foldDigits, foldText, maskCode, normaliseCode } from '../../../nodes/shared/code';
import type { CodeDescriptor } from '../../../nodes/shared/descriptor';
import { isReconbankerInputError, ReconbankerInputError } from '../../../nodes/shared/errors';

function failure(raw: unknown, descriptor?: CodeDescriptor | null): ReconbankerInputError {
	try {
		normaliseCode(raw, descriptor);
	} catch (error) {
		if (error instanceof ReconbankerInputError) return error;
		throw error;
	}
	throw new Error('expected normaliseCode to throw');
}

const SIX: CodeDescriptor = { length: 6, type: 'numeric' };

describe('normaliseCode: accepted forms', () => {
	test.each<[string, unknown, string]>([
		['plain digits', '482913', '482913'],
		['leading zeros kept in text', '004829', '004829'],
		['surrounding whitespace', '  482913\n', '482913'],
		['tabs and newlines around', '\t482913\r\n', '482913'],
		['grouped with a space', '482 913', '482913'],
		['grouped in pairs', '48 29 13', '482913'],
		['several spaces between groups', '482   913', '482913'],
		['hyphen', '482-913', '482913'],
		['non-breaking hyphen U+2011', '482\u2011913', '482913'],
		['en dash', '482\u2013913', '482913'],
		['em dash', '482\u2014913', '482913'],
		['minus sign', '482\u2212913', '482913'],
		['dot', '482.913', '482913'],
		['middle dot', '48\u00B729\u00B713', '482913'],
		['NBSP', '482\u00A0913', '482913'],
		['thin space', '482\u2009913', '482913'],
		['narrow NBSP', '482\u202F913', '482913'],
		['ideographic space', '482\u3000913', '482913'],
		['space and dash mixed', '482 - 913', '482913'],
		['zero-width space inside', '482\u200B913', '482913'],
		['BOM in front', '\uFEFF482913', '482913'],
		['full-width digits', '４８２９１３', '482913'],
		['full-width letters', 'ＡＢ１２ｃｄ', 'AB12cd'],
		['Arabic-Indic digits', '٤٨٢٩١٣', '482913'],
		['Extended Arabic-Indic digits', '۴۸۲۹۱۳', '482913'],
		['Devanagari digits', '४८२९१३', '482913'],
		['Bengali digits', '৪৮২৯১৩', '482913'],
		['Thai digits', '๔๘๒๙๑๓', '482913'],
		['mathematical bold digits', '\u{1D7D2}\u{1D7D6}\u{1D7D0}', '482'],
		['Arabic-Indic grouped with a space', '٤٨٢ ٩١٣', '482913'],
		['alphanumeric keeps case', 'aB3-dE9', 'aB3dE9'],
		['a single character', '7', '7'],
		['32 characters', 'A'.repeat(32), 'A'.repeat(32)],
		['number', 482913, '482913'],
		['zero as a number without descriptor', 0, '0'],
		['negative zero', -0, '0'],
	])('%s', (_name, raw, expected) => {
		expect(normaliseCode(raw)).toBe(expected);
	});

	test('a number with as many digits as asked for is fine', () => {
		expect(normaliseCode(482913, SIX)).toBe('482913');
	});

	test('a number longer than asked is not this function’s business (validation catches it)', () => {
		expect(normaliseCode(4829130, SIX)).toBe('4829130');
	});

	test('a short text code is not padded and not rejected here', () => {
		expect(normaliseCode('48291', SIX)).toBe('48291');
	});
});

describe('normaliseCode: refusals', () => {
	test.each<[string, unknown, string]>([
		['empty string', '', 'empty'],
		['only spaces', '   ', 'empty'],
		['only separators', ' - . ', 'empty'],
		['only invisible characters', '\u200B\uFEFF', 'empty'],
		['null', null, 'empty'],
		['undefined', undefined, 'empty'],
		['33 characters', 'A'.repeat(33), 'too_long'],
		['33 characters with separators', `${'1'.repeat(20)} ${'2'.repeat(13)}`, 'too_long'],
		['leading dash', '-482913', 'invalid_characters'],
		['trailing dot', '482913.', 'invalid_characters'],
		['comma between groups', '482,913', 'invalid_characters'],
		['slash', '482/913', 'invalid_characters'],
		['hash', '#482913', 'invalid_characters'],
		['accented letter', 'ABCDÉ1', 'invalid_characters'],
		['Cyrillic letter that looks Latin', 'А12345', 'invalid_characters'],
		['emoji', '482913✅', 'invalid_characters'],
		['a whole sentence with punctuation', 'Your code is 482913.', 'invalid_characters'],
		['negative number', -482913, 'invalid_type'],
		['fractional number', 4829.13, 'invalid_type'],
		['NaN', Number.NaN, 'invalid_type'],
		['Infinity', Number.POSITIVE_INFINITY, 'invalid_type'],
		['unsafe integer', 2 ** 53 + 2, 'invalid_type'],
		['boolean', true, 'invalid_type'],
		['object', { code: '482913' }, 'invalid_type'],
		['array', ['482913'], 'invalid_type'],
		['bigint', BigInt(482913), 'invalid_type'],
	])('%s → %s', (_name, raw, reason) => {
		const error = failure(raw);
		expect(error.reason).toBe(reason);
		expect(error.name).toBe('ReconbankerInputError');
		expect(isReconbankerInputError(error)).toBe(true);
	});

	test('invalid characters: the message explains what is allowed and never echoes the code', () => {
		const error = failure('Your code is 482913.');
		expect(error.message).toContain('letters A–Z and digits 0–9');
		expect(error.message).toContain('extract the code');
		expect(error.message).not.toContain('482913');
	});

	test('type errors say what was received', () => {
		expect(failure({}).message).toContain('an object');
		expect(failure([]).message).toContain('a list');
		expect(failure(true).message).toContain('a boolean');
	});

	test('too long: details carry lengths only', () => {
		const error = failure('9'.repeat(40));
		expect(error.details).toEqual({ actualLength: 40, maxLength: 32 });
		expect(error.message).toContain('40 characters');
	});
});

describe('normaliseCode: numbers that lost their leading zeros', () => {
	test('5-digit number for a 6-digit request', () => {
		// 012345 typed into a number field, or parsed from JSON, arrives as 12345.
		const error = failure(12345, SIX);
		expect(error.reason).toBe('lost_leading_zeros');
		expect(error.message).toContain('as a number');
		expect(error.message).toContain('leading zeros');
		expect(error.message).toContain('String(');
		expect(error.message).toContain('as text');
		expect(error.message).not.toContain('12345');
		expect(error.details).toEqual({ expectedLength: 6, actualLength: 5 });
	});

	test('zero for a 4-digit request', () => {
		expect(failure(0, { length: 4 }).reason).toBe('lost_leading_zeros');
	});

	test('also for alphanumeric descriptors (a number is still a number)', () => {
		expect(failure(1234, { length: 6, type: 'alphanumeric' }).reason).toBe('lost_leading_zeros');
	});

	test.each<[string, CodeDescriptor | null | undefined]>([
		['no descriptor', undefined],
		['null descriptor', null],
		['descriptor without length', { type: 'numeric' }],
		['length null', { length: null }],
		['length 0', { length: 0 }],
		['fractional length', { length: 5.5 }],
	])('without a usable length (%s) a number is taken as is', (_name, descriptor) => {
		expect(normaliseCode(12345, descriptor)).toBe('12345');
	});

	test('never pads', () => {
		expect(() => normaliseCode(12345, SIX)).toThrow(ReconbankerInputError);
		expect(normaliseCode('12345', SIX)).not.toBe('012345');
	});
});

describe('foldDigits / foldText', () => {
	test('every Unicode decimal digit set maps to 0–9 in order', () => {
		// Zeros of a few scripts: Arabic-Indic, Extended Arabic-Indic, NKo, Devanagari, Bengali, Thai,
		// Tibetan, Myanmar, Khmer, Mongolian, full-width, Adlam.
		const zeros = [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xe50, 0xf20, 0x1040, 0x17e0, 0x1810, 0xff10, 0x1e950];
		for (const zero of zeros) {
			const digits = Array.from({ length: 10 }, (_, i) => String.fromCodePoint(zero + i)).join('');
			expect(foldText(digits)).toBe('0123456789');
		}
	});

	test('mathematical digits (five sets back to back) fold correctly', () => {
		const all = Array.from({ length: 50 }, (_, i) => String.fromCodePoint(0x1d7ce + i)).join('');
		expect(foldDigits(all)).toBe('0123456789'.repeat(5));
	});

	test('non-digits are left alone', () => {
		expect(foldDigits('abc ½ ① 12')).toBe('abc ½ ① 12');
	});

	test('foldText removes invisible characters and applies NFKC', () => {
		expect(foldText('Ｃｏｄｅ\u200B：４８\u00AD２')).toBe('Code:482');
	});

	test('foldText also removes direction marks, the Arabic letter mark and the Mongolian vowel separator', () => {
		expect(foldText('\u200E4\u200F8\u061C2\u180E9\u20601\u20633\u034F')).toBe('482913');
	});

	test('bidi overrides and isolates are kept (normaliseCode refuses them as characters)', () => {
		expect(foldText('\u202E482913\u202C')).toBe('\u202E482913\u202C');
		expect(() => normaliseCode('\u2066482913\u2069')).toThrow(ReconbankerInputError);
	});
});

describe('maskCode', () => {
	test.each([
		['482913', '••••13'],
		['12345678', '••••78'],
		['A'.repeat(31) + 'XY', '••••XY'],
		['48291', '••••1'],
		['4829', '••••'],
		['482', '••••'],
		['4', '••••'],
		['', '••••'],
	])('%j → %j', (code, masked) => {
		expect(maskCode(code)).toBe(masked);
	});

	test('never shows more than the last two characters', () => {
		for (let length = 0; length <= 32; length++) {
			const code = '0123456789ABCDEFGHIJKLMNOPQRSTUV'.slice(0, length);
			const shown = maskCode(code).replace(/•/g, '');
			expect(shown.length).toBeLessThanOrEqual(2);
			// At least four characters stay hidden (all of them for codes of four or fewer).
			expect(code.length - shown.length).toBe(length <= 4 ? length : Math.max(4, length - 2));
			expect(code.endsWith(shown)).toBe(true);
		}
	});

	test('non-string input is masked entirely', () => {
		expect(maskCode(482913 as unknown as string)).toBe('••••');
	});
});
