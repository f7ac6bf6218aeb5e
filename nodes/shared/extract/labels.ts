/**
 * Distractor labels: spans of the folded text that are amounts, dates, times, phone numbers,
 * hotlines, card endings, references, quantities, URLs, e-mail addresses, opt-out numbers…
 *
 * Labels never remove anything. A candidate inside a label is "labelled"; the decision treats a
 * labelled candidate as resolved unless a code word anchors it and the label is one that context
 * may overrule (a year, "No.", a number in blocks, a decimal-looking number, a 95xxx hotline).
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import type { Span } from './spans';
import { SpanIndex } from './spans';
import {
	CARD_WORDS,
	CURRENCY_CODES,
	CURRENCY_NAMES,
	CURRENCY_SYMBOLS,
	ENDING_WORDS,
	ENDING_WORDS_CJK,
	MESSENGER_WORDS,
	MONEY_WORDS,
	MONEY_WORDS_CJK,
	MONTHS,
	NUMBER_WORDS,
	NUMBER_WORDS_CJK,
	OPT_OUT_WORDS,
	OTHER_CODE_PHRASES,
	OTHER_CODE_PHRASES_CJK,
	PHONE_WORDS,
	PHONE_WORDS_CJK,
	REFERENCE_WORDS,
	REFERENCE_WORDS_CJK,
	UNIT_WORDS,
	UNIT_WORDS_CJK,
	UNTIL_WORDS,
	WORD_END,
	WORD_START,
	words,
} from './vocabulary';

export type LabelKind =
	| 'url'
	| 'email'
	| 'other code'
	| 'money'
	| 'date'
	| 'time'
	| 'phone'
	| 'hotline'
	| 'card'
	| 'reference'
	| 'sender'
	| 'opt-out'
	| 'quantity'
	| 'ip address'
	| 'postcode'
	// Context may overrule these (a code word right before the candidate):
	| 'number sign'
	| 'decimal number'
	| 'year'
	| 'local phone shape'
	| 'short hotline'
	// Set by the candidates step from the shape of the candidate itself:
	/** Glued to letters ("x4829", "AB482913") or to a symbol ("user_482913", "50%", "a/1234"). */
	| 'glued'
	/** One block of a longer number written in blocks ("4111 1111 1111 1111", "0120-123-456"). */
	| 'blocks'
	/** Letters only, or mixed case ("Please", "iPhone13"): a code only when a code word introduces it. */
	| 'word'
	/** The code word itself ("CODE", "Clave"). */
	| 'code word';

/** Labels a code word next to the candidate overrules: the shape alone says little. */
export const OVERRIDABLE: ReadonlySet<LabelKind> = new Set<LabelKind>([
	'number sign',
	'decimal number',
	'year',
	'local phone shape',
	'short hotline',
	'postcode',
	'blocks',
]);

export interface Label extends Span {
	kind: LabelKind;
}

/** What a rule may ask before labelling: is a code word right before this position? */
export interface LabelContext {
	text: string;
	codeWords: SpanIndex;
}

interface Rule {
	kind: LabelKind;
	pattern: RegExp;
	/** Leave this match unlabelled (context says it belongs to the code). */
	skip?: (match: RegExpMatchArray, context: LabelContext) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const ID = '(?=[A-Za-z0-9]*\\d)[A-Za-z0-9]+';
/**
 * An identifier: "998877", "TX-99887766", "A-12345678", "2026-001", "*4455", "DE89 3704 0044".
 * Space-separated blocks continue it only while they are short, so "Order 12345 482913 is your code"
 * leaves the code alone.
 */
const ID_CHAIN = `[*•·]*(?:[A-Za-z]{1,4}-)?${ID}(?:[/-]${ID}| (?=[A-Za-z0-9]{1,4}(?![A-Za-z0-9]))${ID})*`;
/** A number as amounts are written: 50, 1,234.56, 1.234,56, 1'234 (starting where a number starts). */
const AMOUNT = "(?<![\\d.,'])\\d+(?:[.,']\\d+)*";
/** The same with space-grouped thousands ("1 500,00 ₽"), only where a currency follows. */
const AMOUNT_SPACED = "(?<![\\d.,'])\\d{1,3}(?: \\d{3})+(?:[.,]\\d{1,2})?";
const CONNECT = '(?: ?[:=#-] ?| )?';
const NOT_DIGIT_AFTER = '(?!\\d)';

function rule(kind: LabelKind, source: string, flags = 'giu', skip?: Rule['skip']): Rule {
	return { kind, pattern: new RegExp(source, flags), skip };
}

/** Is a code word right before `position` (only spaces, dashes, dots between)? "TAN-Nr.", "código Nº". */
function afterCodeWord(position: number, context: LabelContext, gap = /^[\s.:-]{0,3}$/): boolean {
	const before = context.codeWords.lastEndingAtOrBefore(position);
	if (before === null) return false;
	if (context.codeWords.covers(position, position + 1)) return true;
	return gap.test(context.text.slice(before.end, position));
}

/**
 * "clave de operación 482913", "code for transaction 482913", "Haslo SMS do transakcji: 482913",
 * "Код подтверждения операции: 482913": the word describes the code, it does not introduce a reference.
 */
const CODE_WORD_OF = /^(?: [\p{L}-]+){0,2} $/u;
/** "code for your account 55443322": a possessive makes it the user's account, a reference after all. */
const POSSESSIVE =
	/(?:^|\s)(?:your|my|tu|su|sus|mi|seu|sua|votre|vos|ton|ta|ihr|ihre|ihrem|ihres|dein|deine|il tuo|tuo|tua|je|uw|tw(?:ó|o)j\p{L}*|ваш\p{L}*|твой|твоего|senin|sizin|شما|تو|आपके|आपका)(?=\s|$)/iu;
const skipAfterCodeWordOf: Rule['skip'] = (match, context) => {
	const start = match.index ?? 0;
	if (afterCodeWord(start, context)) return true;
	const before = context.codeWords.lastEndingAtOrBefore(start);
	return before !== null && afterCodeWord(start, context, CODE_WORD_OF) && !POSSESSIVE.test(context.text.slice(before.end, start));
};

/** "WhatsApp code", "código de WhatsApp": the messenger names where the code is for. */
const skipMessengerNextToCodeWord: Rule['skip'] = (match, context) => {
	const start = match.index ?? 0;
	const name = /^\p{L}+(?: ?\p{L}+)?/u.exec(match[0]);
	const nameEnd = start + (name === null ? 0 : name[0].length);
	const next = context.codeWords.firstStartingAtOrAfter(nameEnd);
	const codeWordAfter = next !== null && /^[\s-]{0,2}(?:\p{L}+ )?$/u.test(context.text.slice(nameEnd, next.start));
	return codeWordAfter || afterCodeWord(start, context, CODE_WORD_OF);
};

const DATE_PARTS = [
	'(?<!\\d)\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\.?(?:T[\\d:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?(?!\\d)', // 2026-11-28
	'(?<![\\d.])(?:0?[1-9]|[12]\\d|3[01])[/.](?:0?[1-9]|1[0-2])[/.]\\d{2}(?:\\d{2})?(?!\\d)', // 28/11/2026, 28.11.26
	'(?<![\\d.])(?:0?[1-9]|1[0-2])[/.](?:0?[1-9]|[12]\\d|3[01])[/.]\\d{2}(?:\\d{2})?(?!\\d)', // 11/28/2026
	'(?<!\\d)\\d{1,2}-\\d{1,2}-\\d{4}(?!\\d)', // 28-11-2026
	'(?<![\\d-])(?:0?[1-9]|[12]\\d|3[01])-(?:0?[1-9]|1[0-2])-\\d{2}(?![\\d-])', // 28-11-26
	`(?<!\\d)\\d{1,2}(?:st|nd|rd|th|er|º|\\.)? ?(?:de |of )?(?:${MONTHS.join('|')})${WORD_END}\\.?(?:,? (?:de |del )?\\d{4}(?!\\d))?`,
	`${WORD_START}(?:${MONTHS.join('|')})\\.? \\d{1,2}(?:st|nd|rd|th)?(?!\\d)(?:,? \\d{4}(?!\\d))?`,
	'(?<!\\d)\\d{4} ?年(?: ?\\d{1,2} ?月(?: ?\\d{1,2} ?[日号])?)?', // 2026年11月28日
	'(?<!\\d)\\d{1,2} ?月 ?\\d{1,2} ?[日号]', // 11月28日
	'(?<!\\d)\\d{4} ?년(?: ?\\d{1,2} ?월(?: ?\\d{1,2} ?일)?)?', // 2026년 11월 28일
	'(?<!\\d)\\d{1,2} ?월 ?\\d{1,2} ?일',
	'(?<!\\d)(?:19|20)\\d{2} ?(?:г\\.|года?|y[ıi]l[ıi]?)(?![\\p{L}])',
	`(?<=${WORD_START}(?:${UNTIL_WORDS.join('|')}) ?)(?:19|20)\\d{2}(?![\\d/.-]\\d|\\d)`, // until 2026, © 2026
	'(?<![\\d.])(?:0?[1-9]|[12]\\d|3[01])[/.](?:0?[1-9]|1[0-2])(?![\\d/.])', // 28/11 (day and month)
];

const TIME_PARTS = [
	'(?<!\\d)\\d{1,2}:\\d{2}(?::\\d{2})?(?: ?[ap]\\.?m\\.?)?(?!\\d)',
	'(?<!\\d)\\d{1,2} ?[ap]\\.?m\\.?(?![\\p{L}])',
	'(?<!\\d)\\d{1,2}h\\d{2}(?!\\d)',
	'(?<![\\d.])\\d{1,2}\\.\\d{2} ?(?:uhr|h|hrs|hs|horas|godz\\.?)(?![\\p{L}])',
	`${WORD_START}(?:at|um|a las|[àa]s|alle|om|o godz\\.?|в|saat) \\d{1,2}[.:]\\d{2}(?!\\d)`,
	'(?<!\\d)\\d{1,2} ?[时時] ?\\d{1,2} ?分',
	'(?<!\\d)\\d{1,2} ?시 ?\\d{1,2} ?분',
];

const CARD_MASK = [
	// ****1234, x1234, XXXX-XXXX-1234, •••• 1234, 6104***1234, 4111 11** **** 1234 (one '*' is chat bold)
	'(?<![A-Za-z\\d*•·]|[xX*•·][ -])(?:\\d{2,6}[ -]?)?(?:[xX*•·]+[ -])*(?:[xX]|[xX*•·]{2,})[ -]?\\d{2,6}(?![\\d*])',
	'\\.{2,}\\d{2,6}(?!\\d)', // "karta ...1234" (with a space it is an ellipsis: "Hola... 482913")
	'(?<![\\p{L}\\d*])\\*\\d{4}(?![\\d*])', // "карта *1234"
	'(?<![\\p{L}\\d*])\\d{4}\\*(?![\\d*])', // "بطاقة مدى 1234*" (shown as *1234 right to left)
];

// ---------------------------------------------------------------------------------------------
// The rules (order does not matter: every rule sees the same text)
// ---------------------------------------------------------------------------------------------

/** URLs, e-mail addresses and "zip code"-like phrases: code words inside them anchor nothing. */
const CONTAINER_RULES: readonly Rule[] = [
	rule('url', '\\b(?:https?://|www\\.)[^\\s<>"\'|]+', 'gi'),
	rule('url', '(?<![a-z0-9.-])[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}/[^\\s<>"\'|]*', 'gi'),
	rule('url', '<[@#!][A-Za-z0-9|^_-]+>', 'g'), // Slack mentions
	rule('email', '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*', 'g'),
	rule(
		'other code',
		`(?:${words(OTHER_CODE_PHRASES)}|${OTHER_CODE_PHRASES_CJK.join('|')})(?:${CONNECT}(?:is |es |est |ist )?${CONNECT}${ID_CHAIN})?`,
	),
];

const RULES: readonly Rule[] = [
	// Money
	rule('money', `${CURRENCY_SYMBOLS} ?-?${AMOUNT}|-?(?:${AMOUNT_SPACED}|${AMOUNT}) ?${CURRENCY_SYMBOLS}`, 'gu'),
	rule('money', `${CURRENCY_CODES} ?-?${AMOUNT}|-?(?:${AMOUNT_SPACED}|${AMOUNT}) ?${CURRENCY_CODES}(?![A-Za-z])`, 'gu'),
	rule('money', `-?(?:${AMOUNT_SPACED}|${AMOUNT}) ?(?:${CURRENCY_NAMES.join('|')})${WORD_END}`),
	rule(
		'money',
		`(?:${words(MONEY_WORDS)}|${MONEY_WORDS_CJK.join('|')})(?: ?(?:is|es|of|de|:|=|-))* ?(?:${CURRENCY_SYMBOLS}|${CURRENCY_CODES})? ?-?${AMOUNT}`,
	),
	// Dates and times
	// One rule per shape: alternatives of one pattern would hide each other's overlapping matches.
	...DATE_PARTS.map((source) => rule('date', source)),
	...TIME_PARTS.map((source) => rule('time', source)),
	// Phones and hotlines
	rule(
		'phone',
		[
			'\\+\\d{7,15}(?!\\d)', // +34600123456
			'\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,5}\\)?(?!\\d)){2,6}', // +34 600 123 456, +1 (555) 123-4567
			'(?<![\\d-])(?:1[ .-]?)?\\(\\d{3,4}\\) ?\\d{3,4}[ .-]?\\d{4}(?![\\d-])', // (555) 123-4567
			'(?<![\\d-])(?:1[ .-])?\\d{3}[.-]\\d{3}[.-]\\d{4}(?![\\d-])', // 555-123-4567
		].join('|'),
		'gu',
	),
	rule(
		'phone',
		// After a phone word; groups joined by single separators, so "… 200. 482913 is your code" stops at "200".
		`(?:${words(PHONE_WORDS)}|${PHONE_WORDS_CJK.join('|')}) ?[:：]? ?\\+?\\(?\\d[\\d()]*(?:[ .-]\\(?\\d[\\d()]*)*`,
	),
	rule(
		'phone',
		`${words(MESSENGER_WORDS)} ?:? ?\\+?\\(?\\d[\\d()]*(?:[ .-]\\(?\\d[\\d()]*)*`,
		'giu',
		skipMessengerNextToCodeWord,
	),
	rule(
		'hotline',
		[
			'(?<![\\d-])(?:1[ -]?)?8(?:00|33|44|55|66|77|88)[ -]?\\d{3}[ -]?\\d{4}(?!\\d)', // US toll-free
			'(?<![\\d-])1800[ -]?\\d{3}[ -]?\\d{3,4}(?!\\d)', // India, Australia
			'(?<![\\d-])0800[ -]?\\d{2,4}[ -]?\\d{3,4}(?!\\d)', // Europe, Latin America
			'(?<![\\d-])0(?:120|570|800)-\\d{2,3}-\\d{3,4}(?!\\d)', // Japan
			'(?<![\\d-])1[568]\\d{2}-\\d{4}(?!\\d)', // Korea representative numbers
			'(?<![\\d-])400[ -]?\\d{3}[ -]?\\d{4}(?!\\d)', // China
			'(?<![\\d-])(?:3003|4003|4004|4020|4090|4002)[ -]\\d{4}(?!\\d)', // Brazil capitals
			'(?<![\\d-])444 ?\\d ?\\d{3}(?!\\d)', // Turkey
			'(?<![\\d-])8[ -]800[ -]\\d{3}[ -]?\\d{2}[ -]?\\d{2}(?!\\d)', // Russia
		].join('|'),
		'gu',
	),
	rule('short hotline', '(?<!\\d|\\d[.,-])95\\d{3}(?!\\d|[.,-]\\d)', 'gu'), // China's bank hotlines
	rule('local phone shape', '(?<![\\d.-])\\d{3}[-.]\\d{4}(?![\\d.-])', 'gu'), // 555-1234
	// The sender's tag at the start or end of an SMS: "【铁路12306】", "[KB국민은행]" (a tag of digits only may be the code)
	rule('sender', '(?:^|\\n) ?\\[[^\\]\\n]{0,24}\\p{L}[^\\]\\n]{0,24}\\]|\\[[^\\]\\n]{0,24}\\p{L}[^\\]\\n]{0,24}\\] ?$'),
	// Cards
	rule('card', CARD_MASK.join('|')),
	rule(
		'card',
		`(?:${words(ENDING_WORDS)}|${ENDING_WORDS_CJK.join('|')}) ?[:(]? ?[xX*•·.]*[ -]?\\d{2,6}${NOT_DIGIT_AFTER}`,
	),
	rule(
		'card',
		// "card XX1234", "tarjeta Visa 1234", "بطاقة مدى 1234", "Karte Nr. 1234"
		`${words(CARD_WORDS)}(?: (?:visa|mastercard|maestro|amex|mada|مدى|mir|мир|rupay|elo|gold|platinum|classic|d[eé]bito|cr[eé]dito|debit|credit))?(?: ?(?:no\\.?|nr\\.?|number|n[º°]|#|номер))? ?[:#(-]? ?(?:[xX*•·.]+[ -]?)*\\d{4}${NOT_DIGIT_AFTER}\\)?`,
	),
	rule('card', '(?:卡|カード|카드)\\(?\\d{4}\\)?|(?<!\\d)\\d{4} ile biten'),
	// References, numbers after "No.", "#", "番号"
	rule(
		'reference',
		// "Folio de retiro 739201", "número de operación 55", "Order no. 12"
		`(?:${words(REFERENCE_WORDS)}|${REFERENCE_WORDS_CJK.join('|')})\\.?(?: (?:de|del|do|da|of|for|der|des|du|di) \\p{L}+)?(?: ?(?:number|num|no|nr|n[oº°]|id|#|номер)(?![\\p{L}])\\.?)?${CONNECT}#? ?${ID_CHAIN}`,
		'giu',
		skipAfterCodeWordOf,
	),
	rule(
		'number sign',
		`(?:${WORD_START}(?:${NUMBER_WORDS.join('|')})|${NUMBER_WORDS_CJK.join('|')}|#)${CONNECT}${ID_CHAIN}`,
		'giu',
		(match, context) => afterCodeWord(match.index ?? 0, context),
	),
	rule('opt-out', `${words(OPT_OUT_WORDS)}(?: \\p{L}{1,5})? (?:to|al|a|au|an|para|ao|sms|yaz\\p{L}*)? ?\\d+`),
	rule('opt-out', "(?<!\\d)\\d{3,6}['’](?:a|e|ya|ye) (?:g[öo]nder\\p{L}*|sms)"), // "… RET yaz 3340'a gönder"
	// Quantities, addresses, decimals, years
	rule(
		'quantity',
		`(?<![\\d\\p{L}.,])\\d+(?:[.,]\\d+)? ?(?:(?:${UNIT_WORDS.join('|')})${WORD_END}|${UNIT_WORDS_CJK.join('|')})`,
	),
	// Street addresses and US ZIP codes: "1200 Market St", "CA 94103"
	rule('postcode', '(?<![\\d\\p{L}])\\d{1,5} (?:\\p{Lu}\\p{Ll}+ ){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Lane|Ln|Way|Pl|Place|Ct|Court|Hwy|Pkwy)\\b\\.?', 'gu'),
	rule('postcode', '(?<![\\p{L}])[A-Z]{2} \\d{5}(?:-\\d{4})?(?!\\d)', 'gu'),
	// "…, 75009 Paris" in an address line (a postcode before the town)
	rule('postcode', '(?<=^|\\n|, )\\d{4,5} \\p{Lu}\\p{Ll}{2,}(?=[ -]?\\p{Lu}?\\p{Ll}*\\s*(?:$|[\\n,.·|]))', 'gu'),
	rule('ip address', '(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d.])', 'gu'),
	rule(
		'decimal number',
		[
			'(?<![\\d.,])\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?(?!\\d|[.,]\\d)', // 1,234.56
			'(?<![\\d.,])\\d{1,3}(?:\\.\\d{3})+,\\d{1,2}(?!\\d|[.,]\\d)', // 1.234,56
			'(?<![\\d.,])\\d+,\\d{1,2}(?!\\d|[.,]\\d)', // 25,00
			'(?<![\\d.,])\\d+\\.\\d{2}(?!\\d|[.,]\\d)', // 82.40
		].join('|'),
		'gu',
	),
	rule('year', '(?<!\\d)(?:19|20)\\d{2}(?!\\d)', 'gu'),
];

/** For performance checks: every rule's name and pattern. */
export function labelRules(): ReadonlyArray<{ kind: LabelKind; pattern: RegExp }> {
	return [...CONTAINER_RULES, ...RULES];
}

function apply(rules: readonly Rule[], context: LabelContext, into: Label[]): void {
	for (const { kind, pattern, skip } of rules) {
		for (const match of context.text.matchAll(pattern)) {
			if (match[0] === '') continue;
			if (skip?.(match, context)) continue;
			const start = match.index ?? 0;
			into.push({ kind, start, end: start + match[0].length });
		}
	}
}

/** URL, e-mail and "zip code"-like spans: found first, because code words inside them do not count. */
export function findContainers(text: string): Label[] {
	const labels: Label[] = [];
	apply(CONTAINER_RULES, { text, codeWords: new SpanIndex([]) }, labels);
	return labels;
}

/** Every other distractor label; `codeWords` lets "TAN-Nr." or "código de WhatsApp" stay unlabelled. */
export function findLabels(text: string, codeWords: SpanIndex): Label[] {
	const labels: Label[] = [];
	apply(RULES, { text, codeWords }, labels);
	return labels;
}

/** Labels grouped by kind, each kind indexed for "is this range inside one of them". */
export class LabelIndex {
	private readonly byKind = new Map<LabelKind, SpanIndex>();
	/** All labels together: most candidates of a long text are in none, and this says so in one look-up. */
	private readonly any: SpanIndex;
	/** Where labels start (a label starting between a code word and a candidate cuts the anchor). */
	readonly starts: SpanIndex;

	constructor(labels: readonly Label[]) {
		const grouped = new Map<LabelKind, Label[]>();
		for (const label of labels) {
			const list = grouped.get(label.kind) ?? [];
			list.push(label);
			grouped.set(label.kind, list);
		}
		for (const [kind, list] of grouped) this.byKind.set(kind, new SpanIndex(list));
		this.any = new SpanIndex(labels);
		this.starts = new SpanIndex(labels.map((label) => ({ start: label.start, end: label.start + 1 })));
	}

	/** The kinds of the labels that contain [start, end) entirely. */
	kindsCovering(start: number, end: number): LabelKind[] {
		const kinds: LabelKind[] = [];
		if (!this.any.covers(start, end)) return kinds;
		for (const [kind, index] of this.byKind) {
			if (index.covers(start, end)) kinds.push(kind);
		}
		return kinds;
	}
}
