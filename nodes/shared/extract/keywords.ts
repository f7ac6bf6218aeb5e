/**
 * Code words, anchors and negation.
 *
 * A code word ("code", "OTP", "clave", "验证码", "인증번호", "رمز"…) anchors the candidate it points at:
 * right after it ("código de WhatsApp: 482913", "验证码为582019") or right before it with a copula
 * ("482913 is your code", "582019是您的验证码"). A WebOTP line (`@bank.example #482913`) anchors too.
 * Negation ("is NOT 123456", "no es", "nicht", "не", "不是", "değil") takes a candidate out.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import type { Span } from './spans';
import { SpanIndex } from './spans';
import {
	CODE_WORDS,
	CODE_WORDS_CASED,
	CODE_WORDS_CJK,
	COPULAS,
	COPULAS_AFTER,
	COPULAS_CJK,
	NEGATIONS_AFTER,
	NEGATIONS_AFTER_CJK,
	NEGATIONS_BEFORE,
	NEGATIONS_BEFORE_CJK,
	USE_AFTER,
	USE_WORDS,
	USE_WORDS_CJK,
	words,
} from './vocabulary';

const CODE_WORD = new RegExp(`${words(CODE_WORDS)}|${CODE_WORDS_CJK.join('|')}`, 'giu');
const CODE_WORD_CASED = new RegExp(words(CODE_WORDS_CASED), 'gu');
const CODE_WORD_WHOLE = new RegExp(`^(?:${CODE_WORDS.join('|')}|${CODE_WORDS_CASED.join('|')})$`, 'iu');

const USE_WORD = new RegExp(`${words(USE_WORDS)}|${USE_WORDS_CJK.join('|')}`, 'giu');
const USE_AFTER_START = new RegExp(`^[\\s,]*(?:${USE_AFTER.join('|')})(?![\\p{L}])`, 'iu');

/** Where "Use", "Enter", "Введите", "输入"… are (before a code, they point at it loosely). */
export function findUseWords(text: string, blocked: SpanIndex): SpanIndex {
	const hits: Span[] = [];
	for (const match of text.matchAll(USE_WORD)) {
		const start = match.index ?? 0;
		const end = start + match[0].length;
		if (!blocked.covers(start, end)) hits.push({ start, end });
	}
	return new SpanIndex(hits);
}

/** Is this token a code word itself ("CODE", "Clave")? Such a token is never the code. */
export function isCodeWord(token: string): boolean {
	return CODE_WORD_WHOLE.test(token);
}

/**
 * Where code words are, minus those inside `blocked` spans (URLs, e-mail addresses, "zip code" and
 * other phrases that name something else).
 */
export function findCodeWords(text: string, blocked: SpanIndex): SpanIndex {
	const hits: Span[] = [];
	for (const pattern of [CODE_WORD, CODE_WORD_CASED]) {
		for (const match of text.matchAll(pattern)) {
			const start = match.index ?? 0;
			const end = start + match[0].length;
			if (!blocked.covers(start, end)) hits.push({ start, end });
		}
	}
	return new SpanIndex(hits);
}

// ---------------------------------------------------------------------------------------------
// Windows between a code word and a candidate
// ---------------------------------------------------------------------------------------------

/** How far a code word may be from the candidate it anchors. */
const MAX_WINDOW = 40;
/** "No.", "Nr.", "Ref.", "Tel." and other short abbreviations do not end a sentence. */
const ABBREVIATION_DOT = /(?:^|[^\p{L}])\p{L}{1,3}\.$/u;
const LETTER_RUN = /\p{L}[\p{L}\p{M}'’]*/gu;
/** The window before a candidate ends with a copula: "code is ", "Code lautet ", "验证码为", "認証コードは「". */
const COPULA_END = new RegExp(
	`(?:(?:^|[^\\p{L}])(?:${COPULAS.join('|')})|${COPULAS_CJK.join('|')})[\\s"'“«(\\[*「]*$`,
	'iu',
);
/** The window after a candidate starts with a copula or a dash: " is your code", "是您的验证码", " — ваш код". */
const COPULA_START = new RegExp(
	`^[\\s"'“”«»*\\])}]*(?:[-:=—]|(?:${COPULAS_AFTER.join('|')})(?![\\p{L}])|(?:${COPULAS_CJK.join('|')}))`,
	'iu',
);

/**
 * True when the window holds no sentence end (a dot after a short abbreviation does not count). A
 * window may end with one line break after a colon or copula: "Your code is:" / "482913" in an e-mail.
 */
function inOneSentence(window: string): boolean {
	const lineBreak = window.indexOf('\n');
	if (lineBreak !== -1) {
		const rest = window.slice(lineBreak + 1);
		if (!/^[\s"'“«(\[*]*$/.test(rest) || !COPULA_END.test(window.slice(0, lineBreak).replace(/[:=]\s*$/, ' is '))) {
			return false;
		}
		window = window.slice(0, lineBreak);
	}
	for (let i = 0; i < window.length; i++) {
		const char = window[i];
		if (char === '!' || char === '?' || char === ';') return false;
		if (char === '.' && (i + 1 >= window.length || /\s/.test(window[i + 1]))) {
			if (!ABBREVIATION_DOT.test(window.slice(0, i + 1))) return false;
		}
	}
	return true;
}

function wordCount(window: string): number {
	return (window.match(LETTER_RUN) ?? []).length;
}

/**
 * Strong anchors (the code word is right next to the candidate) may overrule a label such as a year;
 * loose ones ("OTP for txn of INR 5,000 on card XX1234 is 482913", "482913 আপনার কোড") only say a code
 * word points at the candidate.
 */
export type AnchorKind = 'before' | 'before-colon' | 'before-copula' | 'after' | 'webotp' | 'loose-before' | 'loose-after';

export const STRONG_ANCHORS: ReadonlySet<AnchorKind> = new Set<AnchorKind>(['before', 'before-colon', 'before-copula', 'after', 'webotp']);

/** How far a loose anchor reaches. */
const MAX_LOOSE_WINDOW = 120;

export interface AnchorContext {
	text: string;
	codeWords: SpanIndex;
	/** Starts of distractor labels: a label that starts between a code word and a candidate cuts the anchor. */
	labelStarts: SpanIndex;
	webOtp: SpanIndex;
	useWords: SpanIndex;
}

/**
 * How a code word points at the candidate [start, end), or null. Before: at most 4 words, no digits,
 * no sentence end and no distractor ("ending", "****", "Order") between them. After: a copula or only
 * punctuation first ("482913 is your code", "582019是您的验证码", "482913 — ваш код").
 */
export function anchorOf(context: AnchorContext, start: number, end: number): AnchorKind | null {
	if (context.webOtp.covers(start, end)) return 'webotp';
	const { text, codeWords, labelStarts } = context;

	const before = codeWords.lastEndingAtOrBefore(start);
	if (before !== null && start - before.end <= MAX_WINDOW) {
		const window = text.slice(before.end, start);
		if (
			!/\d/.test(window) &&
			inOneSentence(window) &&
			wordCount(window) <= 4 &&
			!labelStarts.anyStartIn(before.end, start)
		) {
			if (/[:=]\s*["'“«(\[*]?\s*$/.test(window)) return 'before-colon';
			if (COPULA_END.test(window)) return 'before-copula';
			return 'before';
		}
	}

	const after = codeWords.firstStartingAtOrAfter(end);
	if (after !== null && after.start - end <= MAX_WINDOW) {
		const window = text.slice(end, after.start);
		if (!/\d/.test(window) && inOneSentence(window) && !labelStarts.anyStartIn(end, after.start)) {
			if (/^[\s\p{P}]*$/u.test(window) || (COPULA_START.test(window) && wordCount(window) <= 5)) return 'after';
			if (wordCount(window) <= 6) return 'loose-after';
		}
	}

	// "Use 482913 to verify", "Enter 482913", "482913 para confirmar".
	const use = context.useWords.lastEndingAtOrBefore(start);
	if (use !== null && start - use.end <= 24) {
		const window = text.slice(use.end, start);
		if (!/\d/.test(window) && !window.includes('\n') && wordCount(window) <= 2) return 'loose-before';
	}
	if (USE_AFTER_START.test(text.slice(end, end + 40))) return 'loose-after';

	// The code word earlier in the sentence, and a copula or colon right before the candidate.
	if (before !== null && start - before.end <= MAX_LOOSE_WINDOW) {
		const window = text.slice(before.end, start);
		const lastPart = window.slice(-24);
		if (sentenceAllowingNumbers(window) && (/[:=]\s*["'“«(\[*]?\s*$/.test(lastPart) || COPULA_END.test(lastPart))) {
			return 'loose-before';
		}
	}
	return null;
}

/** Like inOneSentence, but numbers with dots ("Rs. 1,500.00", "28.11.2026") do not end the sentence. */
function sentenceAllowingNumbers(window: string): boolean {
	return inOneSentence(window.replace(/(\d)\.(?=\s)/g, '$1').replace(/\.(?=\d)/g, ''));
}

// ---------------------------------------------------------------------------------------------
// Negation
// ---------------------------------------------------------------------------------------------

const NEGATED_BEFORE = new RegExp(
	`(?:(?:^|[^\\p{L}])(?:${NEGATIONS_BEFORE.join('|')})|${NEGATIONS_BEFORE_CJK.join('|')})[\\s:"'“”«»„*(\\[-]*$`,
	'iu',
);
const NEGATED_AFTER = new RegExp(
	`^[\\s"'“”«»*)\\],]*(?:(?:${NEGATIONS_AFTER.join('|')})(?![\\p{L}])|${NEGATIONS_AFTER_CJK.join('|')})`,
	'iu',
);

/** Does the text say the candidate [start, end) is not the code? */
export function isNegated(text: string, start: number, end: number): boolean {
	// Look only at the same line, and only near the candidate (linear time on long texts).
	let before = text.slice(Math.max(0, start - 30), start);
	before = before.slice(before.lastIndexOf('\n') + 1);
	let after = text.slice(end, end + 30);
	const newline = after.indexOf('\n');
	if (newline !== -1) after = after.slice(0, newline);
	return NEGATED_BEFORE.test(before) || NEGATED_AFTER.test(after);
}

// ---------------------------------------------------------------------------------------------
// WebOTP
// ---------------------------------------------------------------------------------------------

/** The origin-bound line of the WebOTP / SMS Retriever format: "@bank.example #482913". */
const WEB_OTP_LINE = /(?:^|\n)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})? #([A-Za-z0-9]+)(?= |$|\n)/g;

export function findWebOtpCodes(text: string): SpanIndex {
	const spans: Span[] = [];
	for (const match of text.matchAll(WEB_OTP_LINE)) {
		const end = (match.index ?? 0) + match[0].length;
		spans.push({ start: end - match[1].length, end });
	}
	return new SpanIndex(spans);
}
