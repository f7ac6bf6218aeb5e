import type { Candidate, Spec } from '../../../../nodes/shared/extract/candidates';
import { decide } from '../../../../nodes/shared/extract/decide';

const ANY: Spec = { alphanumeric: false, length: null };
const SIX: Spec = { alphanumeric: false, length: 6 };

let position = 0;
function cand(value: string, extra: Partial<Candidate> = {}): Candidate {
	position += 20;
	return {
		value,
		start: position,
		end: position + value.length,
		joined: false,
		parts: [],
		inBlocks: false,
		gluedToLetters: false,
		fits: true,
		labels: [],
		anchor: null,
		negated: false,
		bidi: false,
		straddles: false,
		...extra,
	};
}

describe('decide', () => {
	test('one anchored contender → the code', () => {
		expect(decide([cand('482913', { anchor: 'before-colon' })], ANY)).toMatchObject({ kind: 'code', code: '482913', anchored: true });
	});

	test('the only candidate at all, unanchored → the code', () => {
		expect(decide([cand('482913')], ANY)).toMatchObject({ kind: 'code', code: '482913', anchored: false });
	});

	test('an unanchored contender among labelled numbers → refused (no code word points at it)', () => {
		const decision = decide([cand('482913'), cand('2500', { labels: ['money'] })], ANY);
		expect(decision).toMatchObject({ kind: 'ambiguous', candidates: 2, unanchored: true });
	});

	test('labelled candidates are resolved when a code word anchors the contender', () => {
		const decision = decide([cand('482913', { anchor: 'before' }), cand('2500', { labels: ['money'] }), cand('4417', { labels: ['card'] })], ANY);
		expect(decision).toMatchObject({ kind: 'code', code: '482913', distractors: 2 });
	});

	test('two contenders → ambiguous, anchored or not', () => {
		expect(decide([cand('482913', { anchor: 'before' }), cand('771204')], ANY)).toMatchObject({ kind: 'ambiguous', candidates: 2 });
		expect(decide([cand('482913', { anchor: 'before' }), cand('771204', { anchor: 'before' })], ANY)).toMatchObject({ kind: 'ambiguous' });
	});

	test('the same value twice is one contender, mentioned twice', () => {
		expect(decide([cand('482913', { anchor: 'after' }), cand('482913', { anchor: 'webotp' })], ANY)).toMatchObject({ kind: 'code', mentions: 2 });
	});

	test('a strong anchor overrules a label context may overrule (a year after "PIN:"), not an amount', () => {
		expect(decide([cand('1987', { labels: ['year'], anchor: 'before-colon' })], ANY)).toMatchObject({ kind: 'code', code: '1987' });
		expect(decide([cand('1987', { labels: ['year'], anchor: 'loose-before' })], ANY)).toMatchObject({ kind: 'none' });
		expect(decide([cand('2500', { labels: ['money'], anchor: 'before' })], ANY)).toMatchObject({ kind: 'none' });
	});

	test('words need "code:" or capitals with "is"', () => {
		const alnum: Spec = { alphanumeric: true, length: 6 };
		expect(decide([cand('ABCDEF', { labels: ['word'], anchor: 'before-colon' })], alnum)).toMatchObject({ kind: 'code' });
		expect(decide([cand('ABCDEF', { labels: ['word'], anchor: 'before-copula' })], alnum)).toMatchObject({ kind: 'code' });
		expect(decide([cand('abcdef', { labels: ['word'], anchor: 'before-copula' })], alnum)).toMatchObject({ kind: 'none' });
		expect(decide([cand('EXPIRED', { labels: ['word'], anchor: 'before-colon' })], alnum)).toMatchObject({ kind: 'none' });
	});

	test('negation takes a value out everywhere, and may leave nothing', () => {
		expect(decide([cand('551234', { anchor: 'before', negated: true }), cand('482913', { anchor: 'before' })], ANY)).toMatchObject({ kind: 'code', code: '482913' });
		expect(decide([cand('551234', { anchor: 'before', negated: true })], ANY)).toMatchObject({ kind: 'none', negated: 1 });
		expect(decide([cand('482913', { negated: true }), cand('482913', { anchor: 'before' })], ANY)).toMatchObject({ kind: 'none' });
	});

	test('bidi controls on the line of a fitting candidate → refused', () => {
		expect(decide([cand('482913', { anchor: 'before', bidi: true })], ANY)).toEqual({ kind: 'bidi' });
	});

	test('rivals: one character off next to a code word, or groups read as one code whose part wins', () => {
		const offByOne = cand('1234567', { fits: false, anchor: 'before-copula', joined: true });
		expect(decide([offByOne], SIX)).toMatchObject({ kind: 'ambiguous', candidates: 1, offLength: 1 });

		const part = cand('1234', { anchor: 'before' });
		const whole = cand('12345678', { fits: false, joined: true, parts: [part, cand('5678', { fits: false })] });
		expect(decide([part, whole], { alphanumeric: false, length: 4 })).toMatchObject({ kind: 'ambiguous', candidates: 2 });
	});

	test('a reading that straddles a distractor is a rival, never the code', () => {
		expect(decide([cand('28112618', { joined: true, straddles: true })], ANY)).toMatchObject({ kind: 'ambiguous' });
		expect(decide([cand('482913', { anchor: 'before' }), cand('28112618', { joined: true, straddles: true })], ANY)).toMatchObject({ kind: 'ambiguous', candidates: 2 });
	});

	test('nothing fits → none', () => {
		expect(decide([], ANY)).toMatchObject({ kind: 'none', negated: 0 });
	});
});
