import { parseAccountIds } from '../../../nodes/shared/account-ids';

const A = '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b';
const B = '9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d';

describe('parseAccountIds', () => {
	it('keeps UUIDs in lower case, once, in order, and every other token as typed', () => {
		expect(parseAccountIds(`${A.toUpperCase()}, nope;${B}\n${A} x-1`)).toEqual({
			valid: [A, B],
			invalid: ['nope', 'x-1'],
		});
	});

	it('accepts an array from an expression, and nothing', () => {
		expect(parseAccountIds([`${A} ${B}`, A])).toEqual({ valid: [A, B], invalid: [] });
		expect(parseAccountIds(undefined)).toEqual({ valid: [], invalid: [] });
		expect(parseAccountIds(' , \n')).toEqual({ valid: [], invalid: [] });
	});
});
