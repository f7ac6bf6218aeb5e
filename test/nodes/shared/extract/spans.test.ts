import { SpanIndex } from '../../../../nodes/shared/extract/spans';

describe('SpanIndex', () => {
	const index = new SpanIndex([
		{ start: 10, end: 20 },
		{ start: 0, end: 5 },
		{ start: 12, end: 14 },
		{ start: 30, end: 40 },
	]);

	test('covers: a range inside one span (nested spans included)', () => {
		expect(index.covers(1, 5)).toBe(true);
		expect(index.covers(12, 20)).toBe(true);
		expect(index.covers(13, 14)).toBe(true);
		expect(index.covers(4, 11)).toBe(false);
		expect(index.covers(20, 21)).toBe(false);
		expect(new SpanIndex([]).covers(0, 1)).toBe(false);
	});

	test('lastEndingAtOrBefore / firstStartingAtOrAfter', () => {
		expect(index.lastEndingAtOrBefore(25)).toEqual({ start: 10, end: 20 });
		expect(index.lastEndingAtOrBefore(14)).toEqual({ start: 12, end: 14 });
		expect(index.lastEndingAtOrBefore(4)).toBeNull();
		expect(index.firstStartingAtOrAfter(21)).toEqual({ start: 30, end: 40 });
		expect(index.firstStartingAtOrAfter(41)).toBeNull();
	});

	test('anyStartIn is half-open', () => {
		expect(index.anyStartIn(25, 30)).toBe(false);
		expect(index.anyStartIn(25, 31)).toBe(true);
		expect(index.size).toBe(4);
	});
});
