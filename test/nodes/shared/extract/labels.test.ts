import { maskDistractors } from '../../../../nodes/shared/extract';

describe('maskDistractors', () => {
	test.each([
		['$1,234.56'],
		['120.00 EUR'],
		['1.234,56 €'],
		['USD 50'],
		['2026-11-28'],
		['28/11/2026'],
		['11.28.2026'],
		['12:30'],
		['+34 600 123 456'],
		['(555) 123-4567'],
		['ending in 1234'],
		['****1234'],
		['x1234'],
		['terminada en 1234'],
		['Order #123456'],
		['Ref: 998877'],
		['https://bank.example/a/123456'],
		['foo123@bar.example'],
	])('%s leaves no digits behind', (distractor) => {
		expect(maskDistractors(`before ${distractor} after`)).not.toMatch(/\d/);
	});

	test('leaves the code and its keyword alone', () => {
		expect(maskDistractors('Your code is 482913')).toBe('Your code is 482913');
		expect(maskDistractors('Clave de operación: 774411')).toBe('Clave de operación: 774411');
	});
});
