/**
 * Candidates: every reading of the folded text that has the shape of the code asked for, each with
 * what the text says about it (distractor labels, the code word that anchors it, negation, bidi).
 *
 * Nothing is dropped here. Groups written apart are read every way they can be: "482 913" as 482913,
 * "1234 5678" as 12345678 and as 1234 and 5678, `<b>48</b><b>2913</b>` as 482913 and as 48 and 2913.
 * Separators are the ones normaliseCode accepts between characters: a space, a dash, a dot, a middle
 * dot (and a tag, in HTML).
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import type { AnchorContext, AnchorKind } from './keywords';
import { anchorOf, isCodeWord, isNegated } from './keywords';
import { type LabelIndex, type LabelKind, OVERRIDABLE } from './labels';
import { BIDI_CONTROL, TAG_SPLIT } from './fold';
import type { Span } from './spans';
import { SpanIndex } from './spans';

/** What the code looks like. */
export interface Spec {
	alphanumeric: boolean;
	/** null: any length from MIN_GUESS_LENGTH to MAX_GUESS_LENGTH. */
	length: number | null;
}

/** Without a descriptor length, codes of 4–8 characters are looked for. */
export const MIN_GUESS_LENGTH = 4;
export const MAX_GUESS_LENGTH = 8;

/** One way of reading part of the text as a code. */
export interface Reading extends Span {
	value: string;
	/** Made of two or more groups ("482 913", "<b>48</b><b>29</b>"). */
	joined: boolean;
	/** For a joined reading: the readings of its groups. */
	parts: Reading[];
	/** One group of a run of three or more that reads as no code ("4111 1111 1111 1111"). */
	inBlocks: boolean;
	/** Digits cut out of a run of letters and digits ("x4829", "OTP482913"). */
	gluedToLetters: boolean;
}

export interface Candidate extends Reading {
	/** Has the asked shape (length and characters). */
	fits: boolean;
	labels: LabelKind[];
	anchor: AnchorKind | null;
	negated: boolean;
	/** A bidi override or isolate is on the same line. */
	bidi: boolean;
	/**
	 * Joined across the edge of a distractor ("28.11.26 18" from a date and a time): not the code, but
	 * not safely nothing either (the label may have cut a real code), so the decision counts it a rival.
	 */
	straddles: boolean;
	parts: Candidate[];
}

export function fitsSpec(value: string, spec: Spec): boolean {
	if (!(spec.alphanumeric ? /^[A-Za-z0-9]+$/ : /^[0-9]+$/).test(value)) return false;
	return spec.length !== null
		? value.length === spec.length
		: value.length >= MIN_GUESS_LENGTH && value.length <= MAX_GUESS_LENGTH;
}

// ---------------------------------------------------------------------------------------------
// Readings (shape only)
// ---------------------------------------------------------------------------------------------

interface Token extends Span {
	value: string;
}

/** Between two groups of one split code: a space, a dash, a dot or a middle dot ("482 913", "482.913"). */
const VISIBLE_GAP = /^(?: |[-.·]| [-·] )$/;
const TAG_GAP = new RegExp(`^${TAG_SPLIT}+$`);

const NO_PARTS: Reading[] = [];

function reading(token: Token, gluedToLetters = false): Reading {
	return { value: token.value, start: token.start, end: token.end, joined: false, parts: NO_PARTS, inBlocks: false, gluedToLetters };
}

function joinedReading(parts: Reading[]): Reading {
	return {
		value: parts.map((part) => part.value).join(''),
		start: parts[0].start,
		end: parts[parts.length - 1].end,
		joined: true,
		parts,
		inBlocks: false,
		gluedToLetters: false,
	};
}

/** Do groups of these sizes read as one code written split? About the same size, 4 or less each. */
function joinable(sizes: number[]): boolean {
	const smallest = sizes.reduce((min, size) => Math.min(min, size));
	const largest = sizes.reduce((max, size) => Math.max(max, size));
	if (largest > 4) return false;
	return largest - smallest <= 1 || largest === 1;
}

/** Can this token be one group of a split code? Digits; in alphanumeric mode also one-case letters+digits. */
function isGroup(value: string, spec: Spec): boolean {
	if (/^[0-9]+$/.test(value)) return true;
	return spec.alphanumeric && /\d/.test(value) && /^(?:[A-Z0-9]+|[a-z0-9]+)$/.test(value);
}

/** Every reading of the text, by shape alone. */
export function findReadings(text: string, spec: Spec): Reading[] {
	const tokens: Token[] = [];
	for (const match of text.matchAll(/[A-Za-z0-9]+/g)) {
		const start = match.index ?? 0;
		tokens.push({ value: match[0], start, end: start + match[0].length });
	}

	const readings: Reading[] = [];
	let i = 0;
	while (i < tokens.length) {
		const token = tokens[i];
		if (!isGroup(token.value, spec)) {
			// A word without digits is no reading for a numeric request (most tokens of a long text).
			if (spec.alphanumeric || /\d/.test(token.value)) {
				for (const item of lettersAndDigits(token, spec)) readings.push(item);
			}
			i++;
			continue;
		}
		// A run: groups separated by tags (segments) and by visible separators.
		const segments: Token[][] = [[token]];
		let spacesOnly = true;
		let j = i;
		while (j + 1 < tokens.length && isGroup(tokens[j + 1].value, spec)) {
			const gap = text.slice(tokens[j].end, tokens[j + 1].start);
			if (TAG_GAP.test(gap)) segments[segments.length - 1].push(tokens[j + 1]);
			else if (VISIBLE_GAP.test(gap)) {
				segments.push([tokens[j + 1]]);
				if (gap !== ' ') spacesOnly = false;
			} else break;
			j++;
		}
		i = j + 1;
		for (const item of runReadings(segments, spec, spacesOnly)) readings.push(item);
	}
	return readings;
}

function runReadings(segments: Token[][], spec: Spec, spacesOnly: boolean): Reading[] {
	const out: Reading[] = [];
	const merged: Reading[] = segments.map((segment) => {
		if (segment.length === 1) return reading(segment[0]);
		const parts = segment.map((part) => reading(part));
		for (const part of parts) out.push(part);
		return joinedReading(parts);
	});
	for (const part of merged) out.push(part);
	if (segments.length >= 2) {
		const sizes = merged.map((part) => part.value.length);
		let whole: Reading | null = null;
		if (joinable(sizes)) {
			whole = joinedReading(merged);
			out.push(whole);
		}
		// Three or more groups that are no code together: a card, phone or account number in blocks
		// ("4111 1111 1111 1111", "123-45678-9"); long groups apart by spaces are a list of numbers.
		const identifier = sizes.every((size) => size <= 4) || !spacesOnly;
		if (segments.length >= 3 && identifier && (whole === null || !fitsSpec(whole.value, spec))) {
			for (const item of out) item.inBlocks = true;
		}
	}
	return out;
}

/** Digits inside a run of letters and digits ("x4829", "OTP482913"), and in alphanumeric mode the run itself. */
function lettersAndDigits(token: Token, spec: Spec): Reading[] {
	const out: Reading[] = [];
	if (spec.alphanumeric) out.push(reading(token));
	if (/[A-Za-z]/.test(token.value)) {
		for (const match of token.value.matchAll(/\d+/g)) {
			const start = token.start + (match.index ?? 0);
			out.push(reading({ value: match[0], start, end: start + match[0].length }, true));
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Annotation
// ---------------------------------------------------------------------------------------------

/** A number touching one of these is part of something else (user_123, 50%, $5, a/1234, +1234). */
const GLUE_BEFORE = /[_@/\\%$€£¥₹+&^~|]/;
const GLUE_AFTER = /[_@/\\%$€£¥₹&^~|]/;
/**
 * After "4," or before ",13": a comma or apostrophe between digits usually groups a bigger number
 * ("Ksh4,829.13"), but not always ("验证码582019,5分钟"): a label a code word may overrule.
 */
const COMMA_BEFORE = /\d[,']$/;
const COMMA_AFTER = /^[,']\d/;

export interface CandidateContext extends AnchorContext {
	labels: LabelIndex;
}

/** Could this reading matter to the decision? It fits, or is one off in length, or holds parts that fit. */
function worthAnnotating(item: Reading, spec: Spec): boolean {
	if (fitsSpec(item.value, spec)) return true;
	if (spec.length !== null && Math.abs(item.value.length - spec.length) === 1) return true;
	return item.joined && item.parts.some((part) => worthAnnotating(part, spec));
}

function linesWithBidi(text: string): SpanIndex {
	const spans: Span[] = [];
	if (!BIDI_CONTROL.test(text)) return new SpanIndex(spans);
	let start = 0;
	for (const line of text.split('\n')) {
		if (BIDI_CONTROL.test(line)) spans.push({ start, end: start + line.length });
		start += line.length + 1;
	}
	return new SpanIndex(spans);
}

/** The readings that matter, with what the text says about each. */
export function findCandidates(text: string, spec: Spec, context: CandidateContext): Candidate[] {
	const bidiLines = linesWithBidi(text);
	const annotated = new Map<Reading, Candidate>();

	const annotate = (item: Reading): Candidate => {
		const known = annotated.get(item);
		if (known !== undefined) return known;
		const labels = context.labels.kindsCovering(item.start, item.end);
		const gluedToCodeWord = item.gluedToLetters && context.codeWords.lastEndingAtOrBefore(item.start)?.end === item.start;
		if (item.gluedToLetters && !gluedToCodeWord) labels.push('glued');
		else if (GLUE_BEFORE.test(text[item.start - 1] ?? '') || GLUE_AFTER.test(text[item.end] ?? '')) labels.push('glued');
		if (COMMA_BEFORE.test(text.slice(Math.max(0, item.start - 2), item.start)) || COMMA_AFTER.test(text.slice(item.end, item.end + 2))) {
			if (!labels.includes('decimal number')) labels.push('decimal number');
		}
		if (item.inBlocks) labels.push('blocks');
		if (spec.alphanumeric && !/^[0-9]+$/.test(item.value)) {
			if (isCodeWord(item.value)) labels.push('code word');
			else if (!/\d/.test(item.value) || !/^(?:[A-Z0-9]+|[a-z0-9]+)$/.test(item.value)) labels.push('word');
		}
		const candidate: Candidate = {
			value: item.value,
			start: item.start,
			end: item.end,
			joined: item.joined,
			inBlocks: item.inBlocks,
			gluedToLetters: item.gluedToLetters,
			fits: fitsSpec(item.value, spec),
			labels,
			anchor: anchorOf(context, item.start, item.end),
			negated: isNegated(text, item.start, item.end),
			bidi: bidiLines.covers(item.start, item.end),
			straddles: false,
			parts: [],
		};
		annotated.set(item, candidate);
		candidate.parts = item.parts.map(annotate);
		candidate.straddles =
			candidate.labels.length === 0 &&
			candidate.parts.some((part) => part.straddles || part.labels.some((label) => !OVERRIDABLE.has(label)));
		return candidate;
	};

	return findReadings(text, spec)
		.filter((item) => worthAnnotating(item, spec))
		.map(annotate);
}
