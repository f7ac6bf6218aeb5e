/**
 * Finding the one-time code in an SMS, an e-mail (plain text or HTML) or a chat message.
 *
 * Precision first: a wrong code burns one of the bank's attempts, so extraction never guesses.
 *
 *   html-to-text.ts   what a reader sees of an HTML e-mail (hidden pre-headers add nothing)
 *   fold.ts           one spelling for digits, dashes, dots and spaces; punctuation never glues numbers
 *   labels.ts         distractor labels: amounts, dates, phones, hotlines, cards, references… (they
 *                     label candidates, they never remove them)
 *   keywords.ts       code words in many languages anchor a candidate; negation takes one out
 *   candidates.ts     every reading with the asked shape, with its labels, anchor, negation, bidi
 *   decide.ts         exactly one contender and no rival → the code; else refuse
 *
 * Error messages never contain candidate values (they may be codes).
 * Pure helpers: no n8n imports, no npm packages.
 */

import { articleForNumber, type CodeDescriptor, descriptorKind, descriptorLength } from '../descriptor';
import { ReconbankerInputError } from '../errors';
import { type Candidate, findCandidates, MAX_GUESS_LENGTH, MIN_GUESS_LENGTH, type Spec } from './candidates';
import { decide } from './decide';
import { foldForExtraction } from './fold';
import { decodeEntities, htmlToText, looksLikeHtml } from './html-to-text';
import { findCodeWords, findUseWords, findWebOtpCodes } from './keywords';
import { findContainers, findLabels, LabelIndex } from './labels';
import { SpanIndex } from './spans';

export { decodeEntities, htmlToText } from './html-to-text';

export interface ExtractedCode {
	code: string;
	/** How many times the code is mentioned (the same code written twice counts 2). */
	candidatesConsidered: number;
	/** A code word (or a WebOTP line) points at the code, as opposed to it being the only number left. */
	anchored: boolean;
	/** How many other numbers of the asked shape were set aside as amounts, dates, phones, references… */
	distractorsIgnored: number;
}

/**
 * Refuse absurd inputs instead of spending time on them: a large HTML e-mail is ~100 KB (mail clients
 * clip at about that), and a dense 1 MB text takes about a second of CPU.
 */
export const MAX_TEXT_LENGTH = 1_048_576;

function toSpec(descriptor: CodeDescriptor | null | undefined): Spec {
	// No type given: digits only, the common case and the one with the fewest false positives.
	return { alphanumeric: descriptorKind(descriptor) === 'alphanumeric', length: descriptorLength(descriptor) };
}

/** The text as extraction reads it: HTML made plain, entities decoded, folded. */
export function prepareText(text: string): string {
	return foldForExtraction(looksLikeHtml(text) ? htmlToText(text) : decodeEntities(text));
}

/** Every candidate with what the text says about it: for tests and debugging. */
export function analyseText(text: string, descriptor?: CodeDescriptor | null): Candidate[] {
	const folded = prepareText(text);
	const containers = findContainers(folded);
	const blocked = new SpanIndex(containers);
	const codeWords = findCodeWords(folded, blocked);
	const labels = new LabelIndex([...containers, ...findLabels(folded, codeWords)]);
	return findCandidates(folded, toSpec(descriptor), {
		text: folded,
		codeWords,
		useWords: findUseWords(folded, blocked),
		labelStarts: labels.starts,
		webOtp: findWebOtpCodes(folded),
		labels,
	});
}

/**
 * The folded text with every distractor label replaced by U+2063, for debugging: what is left is what
 * may be read as a code.
 */
export function maskDistractors(text: string): string {
	const folded = prepareText(text);
	const containers = findContainers(folded);
	const codeWords = findCodeWords(folded, new SpanIndex(containers));
	const spans = [...containers, ...findLabels(folded, codeWords)].sort((a, b) => a.start - b.start);
	let out = '';
	let from = 0;
	for (const span of spans) {
		if (span.end <= from) continue;
		out += `${folded.slice(from, Math.max(from, span.start))}\u2063`;
		from = span.end;
	}
	return out + folded.slice(from);
}

function lookedFor(spec: Spec): string {
	const range = `${MIN_GUESS_LENGTH}–${MAX_GUESS_LENGTH}`;
	const sized = spec.length === null ? '' : `${articleForNumber(spec.length)} ${spec.length}`;
	if (spec.alphanumeric) {
		return spec.length === null ? `an alphanumeric code of ${range} characters` : `${sized}-character alphanumeric code`;
	}
	return spec.length === null ? `a ${range} digit code` : `${sized}-digit code`;
}

/**
 * Finds the one-time code in a message.
 *
 * @param text SMS, e-mail (plain or HTML) or chat text.
 * @param descriptor The pending request's descriptor, when known: its length and type narrow the search.
 * @throws ReconbankerInputError 'not_found' (no plausible code), 'ambiguous' (two or more possible
 *   codes; the message gives their number only), 'bidi_control' (text-direction controls next to a
 *   possible code), 'empty', 'too_long' or 'invalid_type'.
 */
export function extractCode(text: string, descriptor?: CodeDescriptor | null): ExtractedCode {
	if (typeof text !== 'string') {
		throw new ReconbankerInputError('invalid_type', 'The message to extract the code from must be text.');
	}
	if (text.trim() === '') {
		throw new ReconbankerInputError('empty', 'The message to extract the code from is empty.');
	}
	if (text.length > MAX_TEXT_LENGTH) {
		throw new ReconbankerInputError(
			'too_long',
			`The message is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are searched for a code.`,
			{ actualLength: text.length, maxLength: MAX_TEXT_LENGTH },
		);
	}

	const spec = toSpec(descriptor);
	const decision = decide(analyseText(text, descriptor), spec);
	const shape = lookedFor(spec);

	switch (decision.kind) {
		case 'code':
			return {
				code: decision.code,
				candidatesConsidered: decision.mentions,
				anchored: decision.anchored,
				distractorsIgnored: decision.distractors,
			};
		case 'bidi':
			throw new ReconbankerInputError(
				'bidi_control',
				'The message has invisible text-direction controls (Unicode bidi overrides or isolates, U+202A–U+202E or ' +
					'U+2066–U+2069, or an HTML <bdo>) on the line of a possible code, so what it displays may differ from the ' +
					'characters it holds. No code was used: remove the controls, or enter the code directly.',
				{ candidates: 0 },
			);
		case 'none': {
			const negation =
				decision.negated > 0
					? ` The message says ${decision.negated === 1 ? 'one number is' : `${decision.negated} numbers are`} not the code.`
					: '';
			throw new ReconbankerInputError(
				'not_found',
				`No one-time code was found in the message (looked for ${shape}; amounts, dates, times, phone numbers, ` +
					'card endings, reference numbers, links and e-mail addresses are ignored).' +
					negation +
					' Check that the right text is passed, or enter the code directly.',
				{ candidates: 0, negated: decision.negated, distractors: decision.distractors },
			);
		}
		case 'ambiguous': {
			const offLength =
				decision.offLength > 0
					? ` ${decision.offLength === 1 ? 'One of them does' : `${decision.offLength} of them do`} not have the asked ` +
						'length but may be the code (groups that read as one code, or a number next to a code word).'
					: '';
			if (decision.unanchored === true) {
				throw new ReconbankerInputError(
					'ambiguous',
					`Found ${decision.candidates} numbers that could be the code (looked for ${shape}) and no code word ` +
						'(code, OTP, PIN, clave, TAN, 验证码…) points at any of them, so none was used: submitting the wrong one would ' +
						'spend one of the bank’s attempts. Pass only the part of the message with the code, or enter the code directly.',
					{ candidates: decision.candidates, offLength: 0 },
				);
			}
			const found =
				decision.candidates === 1
					? 'Found 1 possible code in the message that does not have the asked length'
					: `Found ${decision.candidates} different possible codes in the message`;
			throw new ReconbankerInputError(
				'ambiguous',
				`${found} (looked for ${shape}), so none was used: ` +
					'submitting the wrong one would spend one of the bank’s attempts.' +
					(decision.candidates === 1 ? '' : offLength) +
					' Pass only the part of the message with the code, give the code descriptor (length and type) to narrow the ' +
					'search, or enter the code directly.',
				{ candidates: decision.candidates, offLength: decision.offLength },
			);
		}
	}
}
