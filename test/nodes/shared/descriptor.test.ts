import {
	articleForNumber,
	type CodeDescriptor,
	describeDescriptor,
	descriptorKind,
	descriptorLength,
	MAX_CODE_LENGTH,
	validateCodeForDescriptor,
} from '../../../nodes/shared/descriptor';
import { isReconbankerInputError, ReconbankerInputError } from '../../../nodes/shared/errors';

function failure(code: string, descriptor: CodeDescriptor | null | undefined): ReconbankerInputError {
	try {
		validateCodeForDescriptor(code, descriptor);
	} catch (error) {
		if (error instanceof ReconbankerInputError) return error;
		throw error;
	}
	throw new Error('expected validateCodeForDescriptor to throw');
}

describe('descriptorLength', () => {
	test.each<[CodeDescriptor | null | undefined, number | null]>([
		[{ length: 6 }, 6],
		[{ length: 1 }, 1],
		[{ length: 0 }, null],
		[{ length: -6 }, null],
		[{ length: 6.5 }, null],
		[{ length: Number.NaN }, null],
		[{ length: Number.POSITIVE_INFINITY }, null],
		[{ length: null }, null],
		[{ length: '6' as unknown as number }, 6],
		[{ length: ' 8 ' as unknown as number }, 8],
		[{ length: 'six' as unknown as number }, null],
		[{ length: '0' as unknown as number }, null],
		[{}, null],
		[null, null],
		[undefined, null],
	])('%o → %p', (descriptor, expected) => {
		expect(descriptorLength(descriptor)).toBe(expected);
	});
});

describe('descriptorKind', () => {
	test.each<[CodeDescriptor | null | undefined, string | null]>([
		[{ type: 'numeric' }, 'numeric'],
		[{ type: ' Numeric ' }, 'numeric'],
		[{ type: 'NUMERIC' }, 'numeric'],
		[{ type: 'alphanumeric' }, 'alphanumeric'],
		[{ type: 'hex' }, 'alphanumeric'],
		[{ type: 'digits' }, 'alphanumeric'],
		[{ type: '' }, null],
		[{ type: '  ' }, null],
		[{ type: null }, null],
		[{}, null],
		[null, null],
		[undefined, null],
	])('%o → %p', (descriptor, expected) => {
		expect(descriptorKind(descriptor)).toBe(expected);
	});
});

describe('articleForNumber', () => {
	test.each([
		[1, 'a'], [6, 'a'], [8, 'an'], [11, 'an'], [18, 'an'], [80, 'an'], [800, 'an'], [110, 'a'], [12, 'a'], [28, 'a'],
		[11000, 'an'], [18000, 'an'],
	])('%i → %s', (value, article) => {
		expect(articleForNumber(value)).toBe(article);
	});
});

describe('describeDescriptor', () => {
	test.each<[CodeDescriptor | null | undefined, string]>([
		[{ length: 6, type: 'numeric' }, 'a 6-digit numeric code'],
		[{ type: 'numeric' }, 'a numeric code'],
		[{ length: 8, type: 'alphanumeric' }, 'an 8-character alphanumeric code'],
		[{ length: 11, type: 'numeric' }, 'an 11-digit numeric code'],
		[{ length: 18 }, 'an 18-character code'],
		[{ length: 12 }, 'a 12-character code'],
		[{ type: 'alphanumeric' }, 'an alphanumeric code'],
		[{ length: 6 }, 'a 6-character code'],
		[{ length: 6, type: 'weird' }, 'a 6-character alphanumeric code'],
		[null, 'a code'],
	])('%o → %p', (descriptor, expected) => {
		expect(describeDescriptor(descriptor)).toBe(expected);
	});
});

describe('validateCodeForDescriptor: codes that fit', () => {
	test.each<[string, CodeDescriptor | null | undefined]>([
		['482913', { length: 6, type: 'numeric', purpose: 'login' }],
		['004829', { length: 6, type: 'numeric' }],
		['AB12CD', { length: 6, type: 'alphanumeric' }],
		['482913', { length: 6, type: 'alphanumeric' }],
		['abcdef', { length: 6, type: 'alphanumeric' }],
		['4F9A2C', { length: 6, type: 'hex' }],
		['482913', { type: 'numeric' }],
		['48291', { type: 'numeric' }],
		['AB12', { length: 4 }],
		['482913', { length: 0, type: 'numeric' }],
		['482913', { length: -1 }],
		['482913', { length: 6.5 }],
		['482913', null],
		['482913', undefined],
		['x', {}],
		['A'.repeat(MAX_CODE_LENGTH), null],
	])('%j fits %o', (code, descriptor) => {
		expect(() => validateCodeForDescriptor(code, descriptor)).not.toThrow();
	});
});

describe('validateCodeForDescriptor: codes that do not fit', () => {
	test('too short', () => {
		const error = failure('48291', { length: 6, type: 'numeric' });
		expect(error.reason).toBe('wrong_length');
		expect(error.message).toMatch(/^The code has 5 characters but the bank asked for 6\./);
		expect(error.details).toEqual({ expectedLength: 6, actualLength: 5 });
	});

	test('too short and all digits: hints at lost leading zeros', () => {
		expect(failure('48291', { length: 6, type: 'numeric' }).message).toContain('leading zeros');
		expect(failure('48291', { length: 6 }).message).toContain('leading zeros');
	});

	test('no leading-zero hint for alphanumeric requests or longer codes', () => {
		expect(failure('48291', { length: 6, type: 'alphanumeric' }).message).not.toContain('leading zeros');
		expect(failure('4829130', { length: 6, type: 'numeric' }).message).not.toContain('leading zeros');
	});

	test('too long', () => {
		const error = failure('4829130', { length: 6, type: 'numeric' });
		expect(error.reason).toBe('wrong_length');
		expect(error.message).toBe('The code has 7 characters but the bank asked for 6.');
	});

	test('singular wording', () => {
		expect(failure('7', { length: 6 }).message).toMatch(/^The code has 1 character but/);
	});

	test('letters for a numeric request', () => {
		const error = failure('AB12CD', { length: 6, type: 'numeric' });
		expect(error.reason).toBe('not_numeric');
		expect(error.message).toBe('The bank asked for a numeric code but the code contains letters.');
	});

	test('numeric check is case-insensitive on the type name', () => {
		expect(failure('48291A', { type: 'Numeric' }).reason).toBe('not_numeric');
	});

	test('length is checked before type', () => {
		expect(failure('ABC', { length: 6, type: 'numeric' }).reason).toBe('wrong_length');
	});

	test.each<[string, string]>([
		['', 'empty'],
		['482 913', 'invalid_characters'],
		['482-913', 'invalid_characters'],
		['٤٨٢٩١٣', 'invalid_characters'],
		['A'.repeat(MAX_CODE_LENGTH + 1), 'too_long'],
	])('un-normalised or impossible code %j → %s (with or without a descriptor)', (code, reason) => {
		expect(failure(code, null).reason).toBe(reason);
		expect(failure(code, { length: 6, type: 'numeric' }).reason).toBe(reason);
	});

	test('non-string input', () => {
		expect(failure(482913 as unknown as string, null).reason).toBe('invalid_type');
	});

	test('messages never contain the code', () => {
		for (const [code, descriptor] of [
			['48291', { length: 6 }],
			['AB12CD', { type: 'numeric' }],
			['482 913', null],
		] as const) {
			expect(failure(code, descriptor).message).not.toContain(code);
		}
	});
});

describe('ReconbankerInputError', () => {
	test('is an Error with name, reason and details', () => {
		const error = new ReconbankerInputError('not_found', 'nothing', { candidates: 0 });
		expect(error).toBeInstanceOf(Error);
		expect(error).toBeInstanceOf(ReconbankerInputError);
		expect(error.name).toBe('ReconbankerInputError');
		expect(error.reason).toBe('not_found');
		expect(error.message).toBe('nothing');
		expect(error.details).toEqual({ candidates: 0 });
		expect(new ReconbankerInputError('empty', 'x').details).toEqual({});
	});

	test('isReconbankerInputError recognises instances and look-alikes, and nothing else', () => {
		expect(isReconbankerInputError(new ReconbankerInputError('empty', 'x'))).toBe(true);
		const lookAlike = Object.assign(new Error('x'), { name: 'ReconbankerInputError', reason: 'empty' });
		expect(isReconbankerInputError(lookAlike)).toBe(true);
		expect(isReconbankerInputError(new Error('x'))).toBe(false);
		expect(isReconbankerInputError({ name: 'ReconbankerInputError', reason: 'empty' })).toBe(false);
		expect(isReconbankerInputError(null)).toBe(false);
	});
});
