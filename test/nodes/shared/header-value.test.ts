import { headerValues, soleHeaderValue, trimHttpWhitespace } from '../../../nodes/shared/header-value';

describe('headerValues', () => {
	it('reads every copy from headersDistinct (where Node keeps a second Authorization header)', () => {
		const request = {
			headers: { authorization: 'Bearer first' },
			headersDistinct: { authorization: ['Bearer first', 'Bearer second'] },
		};
		expect(headerValues(request, 'authorization')).toEqual(['Bearer first', 'Bearer second']);
		expect(headerValues(request, 'x-signature-256')).toEqual([]);
	});

	it('falls back to rawHeaders (names in any case), then to headers', () => {
		const rawHeaders = ['Authorization', 'Bearer a', 'Content-Type', 'application/json', 'authorization', 'Bearer b'];
		expect(headerValues({ headers: { authorization: 'Bearer a' }, rawHeaders }, 'authorization')).toEqual([
			'Bearer a',
			'Bearer b',
		]);
		expect(headerValues({ headers: { authorization: 'Bearer a' } }, 'authorization')).toEqual(['Bearer a']);
		expect(headerValues({ headers: { 'x-a': ['1', '2'] } }, 'x-a')).toEqual(['1', '2']);
		expect(headerValues({}, 'authorization')).toEqual([]);
	});
});

describe('trimHttpWhitespace', () => {
	it('strips spaces and tabs only, never other Unicode white space', () => {
		expect(trimHttpWhitespace(' \tabc \t')).toBe('abc');
		expect(trimHttpWhitespace('abc\u00a0')).toBe('abc\u00a0');
		expect(trimHttpWhitespace('\u2003abc\n')).toBe('\u2003abc\n');
	});
});

describe('soleHeaderValue', () => {
	it('undefined when absent, null when sent twice', () => {
		expect(soleHeaderValue(undefined)).toBeUndefined();
		expect(soleHeaderValue([])).toBeUndefined();
		expect(soleHeaderValue(['a'])).toBe('a');
		expect(soleHeaderValue(['a', 'b'])).toBeNull();
	});
});
