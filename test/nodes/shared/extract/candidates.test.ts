import { findReadings, fitsSpec, type Spec } from '../../../../nodes/shared/extract/candidates';
import { analyseText } from '../../../../nodes/shared/extract';
import { TAG_SPLIT } from '../../../../nodes/shared/extract/fold';

const ANY: Spec = { alphanumeric: false, length: null };
const SIX: Spec = { alphanumeric: false, length: 6 };
const values = (text: string, spec: Spec = ANY) => findReadings(text, spec).map((reading) => reading.value);

describe('readings: every way the groups can be read', () => {
	test.each([
		['482 913', ['482', '913', '482913']],
		['482-913', ['482', '913', '482913']],
		['482.913', ['482', '913', '482913']],
		['48·29·13', ['48', '29', '13', '482913']],
		['1234 5678', ['1234', '5678', '12345678']],
		['1234 567', ['1234', '567', '1234567']],
		[`48${TAG_SPLIT}2913`, ['48', '2913', '482913']],
		['482913 10', ['482913', '10']],
		['Order 12345 482913', ['12345', '482913']],
	])('%s', (text, expected) => {
		expect(values(text).sort()).toEqual([...expected].sort());
	});

	test('digits glued to letters are readings too, marked', () => {
		const readings = findReadings('OTP482913 x4829', ANY);
		expect(readings.map((reading) => [reading.value, reading.gluedToLetters])).toEqual([
			['482913', true],
			['4829', true],
		]);
	});

	test('three or more groups that are no code together are blocks', () => {
		const readings = findReadings('4111 1111 1111 1111', ANY);
		expect(readings.every((reading) => reading.inBlocks)).toBe(true);
		expect(findReadings('123-45678-9', ANY).every((reading) => reading.inBlocks)).toBe(true);
		// Long numbers apart by spaces are a list, not blocks of one number.
		expect(findReadings('1482913 2551234 3771204', ANY).some((reading) => reading.inBlocks)).toBe(false);
	});

	test('alphanumeric: one-case letter-digit groups join, words stay words', () => {
		const spec: Spec = { alphanumeric: true, length: 6 };
		expect(values('XK4-P2Q Please', spec)).toEqual(expect.arrayContaining(['XK4P2Q', 'Please']));
	});
});

describe('fitsSpec', () => {
	test.each<[string, Spec, boolean]>([
		['4829', ANY, true],
		['482', ANY, false],
		['123456789', ANY, false],
		['482913', SIX, true],
		['4829130', SIX, false],
		['AB12CD', SIX, false],
		['AB12CD', { alphanumeric: true, length: 6 }, true],
	])('%s %o → %s', (value, spec, fits) => {
		expect(fitsSpec(value, spec)).toBe(fits);
	});
});

describe('candidates: labels, anchors, negation, bidi, straddling', () => {
	const candidate = (text: string, value: string, descriptor?: { length: number }) => {
		const found = analyseText(text, descriptor).find((item) => item.value === value);
		if (found === undefined) throw new Error(`no candidate ${value}`);
		return found;
	};

	test('a labelled candidate stays a candidate', () => {
		expect(candidate('Amount $4,829.13', '82913').labels).toContain('money');
		expect(candidate('Call 1-800-555-0199', '0199').labels.length).toBeGreaterThan(0);
	});

	test('glued to a symbol, glued to letters, after a comma', () => {
		expect(candidate('user_482913', '482913').labels).toContain('glued');
		expect(candidate('ref x4829', '4829').labels).toContain('glued');
		expect(candidate('OTP482913', '482913').labels).not.toContain('glued');
		expect(candidate('Ksh4,829.13', '82913').labels).toContain('decimal number');
	});

	test('negation and bidi are recorded', () => {
		expect(candidate('the code is not 551234', '551234').negated).toBe(true);
		expect(candidate('code \u2066482913\u2069', '482913').bidi).toBe(true);
		expect(candidate('code 482913\n\u2066x\u2069', '482913').bidi).toBe(false);
	});

	test('groups joined across the edge of a distractor straddle it', () => {
		expect(candidate('ECMC1234 28.11.26 18:42 покупка', '28112618').straddles).toBe(true);
		expect(candidate('Code 482 913', '482913').straddles).toBe(false);
	});
});
