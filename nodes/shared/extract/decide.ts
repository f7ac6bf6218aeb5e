/**
 * The decision: one code, or a refusal. Never a guess.
 *
 * - A candidate is a *contender* when it fits the asked shape, nothing says it is not the code, and
 *   it is either unlabelled or anchored by a code word to a label that context may overrule (a year
 *   after "PIN:", "TAN-Nr. 482913", a dotted number after "código:").
 * - Labelled candidates that are not anchored are resolved: they are amounts, dates, phones…
 * - A *rival* is not a contender but may be the code all the same: the same groups read as one code
 *   while a group alone fits ("1234 567" when 4 digits are asked for), one character off the asked
 *   length next to a code word ("Your code is 1234 567" when 6 are asked for), or groups joined across
 *   the edge of a distractor ("28.11.26 18").
 * - Exactly one contender value and no rival → that code, if a code word points at it or it is the
 *   only candidate of the asked shape at all (labelled ones included). None → not found. Else →
 *   ambiguous.
 * - A bidi override or isolate on the line of any candidate that fits → refused: what the text shows
 *   may not be what it holds.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import type { Candidate, Spec } from './candidates';
import { STRONG_ANCHORS } from './keywords';
import { type LabelKind, OVERRIDABLE } from './labels';
import { STATUS_WORDS } from './vocabulary';

export type Decision =
	| { kind: 'code'; code: string; mentions: number; anchored: boolean; distractors: number }
	| { kind: 'ambiguous'; candidates: number; offLength: number; unanchored?: boolean }
	| { kind: 'none'; negated: number; distractors: number }
	| { kind: 'bidi' };

/** May a code word overrule this candidate's labels? */
function anchorOverrules(candidate: Candidate): boolean {
	const { anchor, labels, value } = candidate;
	if (anchor === null || !STRONG_ANCHORS.has(anchor)) return false;
	for (const label of labels) {
		if (label === 'word') {
			// Letters only: "code: abcdef", or in capitals "code is ABCDEF" / "ABCDEF is your code".
			if (/\d/.test(value)) continue; // mixed case with digits ("k7P2m9") takes any anchor
			if (STATUS_WORDS.test(value)) return false;
			if (anchor === 'before-colon' || anchor === 'webotp') continue;
			if (/^[A-Z]+$/.test(value) && (anchor === 'before-copula' || anchor === 'after')) continue;
			return false;
		}
		if (!OVERRIDABLE.has(label)) return false;
	}
	return true;
}

const NOT_A_NUMBER: ReadonlySet<LabelKind> = new Set<LabelKind>(['url', 'email', 'glued', 'word', 'code word']);

function isResolved(candidate: Candidate): boolean {
	return candidate.labels.length > 0 && !anchorOverrules(candidate);
}

export function decide(candidates: readonly Candidate[], spec: Spec): Decision {
	if (candidates.some((candidate) => candidate.fits && candidate.bidi)) return { kind: 'bidi' };

	// A value the text says is not the code is out everywhere it appears.
	const negated = new Set(candidates.filter((candidate) => candidate.negated).map((candidate) => candidate.value));
	const isContender = (candidate: Candidate): boolean =>
		candidate.fits && !candidate.straddles && !negated.has(candidate.value) && !isResolved(candidate);

	const contenders = candidates.filter(isContender);
	const contenderValues = new Set(contenders.map((candidate) => candidate.value));

	const rivals = new Set<string>();
	for (const candidate of candidates) {
		if (negated.has(candidate.value) || contenderValues.has(candidate.value)) continue;
		if (candidate.straddles && candidate.fits) {
			rivals.add(candidate.value);
			continue;
		}
		if (candidate.fits || isResolved(candidate)) continue;
		const offByOne =
			spec.length !== null &&
			Math.abs(candidate.value.length - spec.length) === 1 &&
			(spec.alphanumeric || /^[0-9]+$/.test(candidate.value)) &&
			(candidate.anchor !== null || (candidate.joined && candidate.labels.length === 0));
		const partWins = candidate.joined && candidate.parts.some(isContender);
		if (offByOne || partWins) rivals.add(candidate.value);
	}

	// Numbers of the asked shape set aside as distractors. Digits inside a link, an e-mail address or a
	// longer identifier, and ordinary words, are not numbers a reader would take for the code.
	const distractors = new Set(
		candidates
			.filter((candidate) => candidate.fits && isResolved(candidate) && !negated.has(candidate.value))
			.filter((candidate) => !candidate.labels.some((label) => NOT_A_NUMBER.has(label)))
			.map((candidate) => candidate.value),
	).size;

	if (contenderValues.size === 1 && rivals.size === 0) {
		const [code] = contenderValues;
		const mentions = contenders.filter((candidate) => candidate.value === code);
		const anchored = mentions.some((candidate) => candidate.anchor !== null);
		// No code word points at it: it is the code only if it is the one number of that shape at all.
		if (!anchored && distractors > 0) {
			return { kind: 'ambiguous', candidates: 1 + distractors, offLength: 0, unanchored: true };
		}
		return {
			kind: 'code',
			code,
			mentions: mentions.length,
			anchored,
			distractors,
		};
	}
	if (contenderValues.size === 0 && rivals.size === 0) {
		return { kind: 'none', negated: negated.size, distractors };
	}
	return { kind: 'ambiguous', candidates: contenderValues.size + rivals.size, offLength: rivals.size };
}
