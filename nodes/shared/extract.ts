/**
 * Finding the one-time code in an SMS, an e-mail (plain text or HTML) or a chat message.
 *
 * Precision first: a wrong code burns one of the bank's attempts, so when the text holds two or more
 * different plausible codes we refuse ('ambiguous') rather than guess, and when it holds none we say
 * so ('not_found'). Error messages never contain candidate values (they may be codes).
 *
 * The pipeline:
 *   1. html → text      strip script/style/comments, block tags → line breaks, inline tags → nothing
 *   2. fold             entities decoded, NFKC, every Unicode digit → ASCII, spaces/dashes unified
 *   3. mask distractors money, dates, times, phones, card endings, references, URLs, e-mails, …
 *                       are replaced by a barrier so none of their digits can become a candidate
 *   4. tokenise         runs of letters/digits; digit groups split by one space or dash ("123 456")
 *                       are joined when the groups look like one split code; without a length, groups
 *                       that are codes on their own ("1234 5678") stay candidates too, so it is refused
 *   5. filter           length and type from the descriptor (else 4–8 digits), years, glued numbers
 *   6. decide           dedupe by value: exactly one → the code; none → not_found; more → ambiguous
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import { foldText } from './code';
import { articleForNumber, type CodeDescriptor, descriptorKind, descriptorLength } from './descriptor';
import { ReconbankerInputError } from './errors';

export interface ExtractedCode {
	code: string;
	/** How many mentions of plausible codes were found (the same code mentioned twice counts 2). */
	candidatesConsidered: number;
}

/** Without a descriptor length, codes of 4–8 characters are accepted. */
const MIN_GUESS_LENGTH = 4;
const MAX_GUESS_LENGTH = 8;
/** Refuse absurd inputs instead of spending time on them (a large HTML e-mail is ~100 KB). */
const MAX_TEXT_LENGTH = 2_000_000;

// =============================================================================================
// 1. HTML → text
// =============================================================================================

/** Only real HTML (known tags) switches to HTML mode: Slack's "<https://…|label>" or "a < b" do not. */
const LOOKS_LIKE_HTML =
	/<\/?(?:html|head|body|div|p|br|span|table|tbody|tr|td|th|b|strong|i|em|u|a|font|img|center|h[1-6]|ul|ol|li|style|meta)\b[^<>]*>/i;

const BLOCK_TAGS =
	'address|article|aside|blockquote|body|br|caption|center|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|li|main|nav|ol|p|pre|section|table|tbody|tfoot|thead|title|tr|ul';
const BLOCK_TAG = new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^<>]*>`, 'gi');
/** Table cells stay on one line but apart: e-mails often put each digit of the code in its own cell. */
const CELL_TAG = /<\/?(?:td|th)\b[^<>]*>/gi;
/** Placeholder for an inline tag, resolved once we can see the characters on both sides. */
const INLINE_MARK = '\u0001';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
	amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', ensp: '\u2002', emsp: '\u2003',
	thinsp: '\u2009', numsp: '\u2007', puncsp: '\u2008', hairsp: '\u200A', zwnj: '\u200C', zwj: '\u200D',
	zwsp: '\u200B', shy: '\u00AD', ndash: '\u2013', mdash: '\u2014', minus: '\u2212', hyphen: '\u2010',
	dash: '\u2010', middot: '\u00B7', centerdot: '\u00B7', bull: '\u2022', bullet: '\u2022', hellip: '\u2026',
	euro: '€', pound: '£', yen: '¥', cent: '¢', dollar: '$', copy: '©', reg: '®', trade: '™',
	laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„',
	iexcl: '¡', iquest: '¿', ordm: 'º', ordf: 'ª', deg: '°', num: '#', colon: ':', period: '.', comma: ',',
	sol: '/', bsol: '\\', lpar: '(', rpar: ')', ast: '*', percnt: '%', commat: '@', plus: '+', equals: '=',
	times: '×', excl: '!', quest: '?', semi: ';', lowbar: '_', verbar: '|', vert: '|',
	aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', Aacute: 'Á', Eacute: 'É', Iacute: 'Í',
	Oacute: 'Ó', Uacute: 'Ú', ntilde: 'ñ', Ntilde: 'Ñ', uuml: 'ü', Uuml: 'Ü', ccedil: 'ç', Ccedil: 'Ç',
	agrave: 'à', egrave: 'è', ograve: 'ò', auml: 'ä', ouml: 'ö', Auml: 'Ä', Ouml: 'Ö', szlig: 'ß',
};

/** Decodes named (with ';') and numeric (decimal/hex, ';' optional) character references. */
export function decodeEntities(text: string): string {
	return text.replace(
		/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g,
		(whole: string, dec?: string, hex?: string, name?: string) => {
			if (name !== undefined) {
				// Named references need their ';' (so "AT&T" or "a&b=c" stay as written).
				return whole.endsWith(';') && Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : whole;
			}
			const codePoint = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex as string, 16);
			const valid =
				codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
			return valid ? String.fromCodePoint(codePoint) : '\uFFFD';
		},
	);
}

/**
 * Inline tags vanish so `<b>12</b><b>34</b>` reads "1234", but a tag between a letter and a digit
 * becomes a space, so `<span>Code</span><span>123456</span>` does not read as the glued "Code123456".
 */
function resolveInlineMarks(text: string): string {
	const alnum = /[\p{L}\p{Nd}]/u;
	const digit = /\p{Nd}/u;
	return text.replace(/\u0001+/g, (marks: string, offset: number, whole: string) => {
		const before = whole[offset - 1] ?? '';
		const after = whole[offset + marks.length] ?? '';
		if (!alnum.test(before) || !alnum.test(after)) return '';
		return digit.test(before) === digit.test(after) ? '' : ' ';
	});
}

/**
 * Removes comments and the contents of script/style/… elements. One forward scan rather than a lazy
 * regex, so unclosed elements cost linear time (everything after an unclosed one is dropped).
 */
function removeHiddenParts(html: string): string {
	const opener = /<!--|<(script|style|noscript|template|svg)\b/gi;
	let result = '';
	let from = 0;
	for (;;) {
		opener.lastIndex = from;
		const open = opener.exec(html);
		if (open === null) return result + html.slice(from);
		result += `${html.slice(from, open.index)} `;
		const closer = new RegExp(open[1] === undefined ? '-->' : `</${open[1]}\\s*>`, 'gi');
		closer.lastIndex = open.index + open[0].length;
		const close = closer.exec(html);
		if (close === null) return result;
		from = close.index + close[0].length;
	}
}

export function htmlToText(html: string): string {
	const text = removeHiddenParts(html)
		// Source whitespace means nothing in HTML; line breaks come from block tags only.
		.replace(/\s+/g, ' ')
		.replace(BLOCK_TAG, '\n')
		.replace(CELL_TAG, ' ')
		// '[^<>]' (not '[^>]') keeps a stray '<' from scanning to the end of the text.
		.replace(/<[^<>]*>/g, INLINE_MARK);
	return decodeEntities(resolveInlineMarks(text))
		.split('\n')
		.map((line) => line.replace(/ {2,}/g, ' ').trim())
		.filter((line) => line !== '')
		.join('\n');
}

// =============================================================================================
// 2. Folding
// =============================================================================================

/** After this, digits are ASCII, horizontal spaces are single ' ', and every dash is '-'. */
function normaliseText(text: string): string {
	return foldText(text)
		.replace(/\u066B/g, '.') // Arabic decimal separator
		.replace(/\u066C/g, ',') // Arabic thousands separator
		.replace(/[\u2010-\u2015\u2212\uFE58\uFE63]/g, '-')
		.replace(/\r\n?/g, '\n')
		.replace(/[^\S\n]+/g, ' ');
}

// =============================================================================================
// 3. Distractors
// =============================================================================================

/** What replaces a distractor: not a letter, digit, space or dash, so nothing joins across it. */
const BARRIER = '\u2063';

const MONTHS =
	'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
	'ene(?:ro)?|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|set(?:iembre)?|septiembre|octubre|noviembre|dic(?:iembre)?';
/** A number as amounts are written: 50, 1,234.56, 1.234,56, 1'234 (starting where a number starts). */
const AMOUNT = "(?<![\\d.,'])\\d+(?:[.,']\\d+)*";
const CURRENCY_SYMBOL = '(?:(?<![A-Za-z])(?:US\\$|MX\\$|R\\$|C\\$|A\\$|S\\/\\.?|Bs\\.?|Rs\\.?)|[$€£¥₹₨₩₽₺₱¢])';
const CURRENCY_CODE =
	'(?<![A-Za-z])(?:USD|EUR|GBP|MXN|ARS|COP|CLP|PEN|BRL|UYU|PYG|BOB|VES|CRC|GTQ|DOP|HNL|NIO|PAB|CAD|AUD|NZD|CHF|JPY|CNY|INR|SEK|NOK|DKK|PLN|CZK|HUF|RON|TRY|ZAR)(?![A-Za-z])';
const CURRENCY_WORD =
	'(?:euros?|d[oó]lar(?:es)?|dollars?|pesos?|libras?|pounds?|soles?|reales?|bol[ií]vares?|cents?|c[eé]ntimos?|centavos?)(?![A-Za-z])';
const ID = '(?=[A-Za-z0-9]*\\d)[A-Za-z0-9]+';
/**
 * An identifier: "998877", "TX-99887766", "A-12345678", "2026-001", "*4455", "DE89 3704 0044".
 * Space-separated blocks continue it only while they are short, so "Order 12345 482913 is your code"
 * leaves the code alone.
 */
const ID_CHAIN = `[*•·]*(?:[A-Za-z]{1,4}-)?${ID}(?:[/-]${ID}| (?=[A-Za-z0-9]{1,4}(?![A-Za-z0-9]))${ID})*`;
const NO_LETTER_BEFORE = '(?<![A-Za-z])';

/** Words that introduce an identifier that is not the code (the identifier is masked). */
const REFERENCE_WORDS = [
	'order', 'pedido', 'orden', 'ref', 'reference', 'referencia', 'transaction', 'transacci[oó]n', 'txn', 'trx',
	'tx', 'operaci[oó]n', 'op', 'invoice', 'factura', 'receipt', 'recibo', 'ticket', 'case', 'caso', 'booking',
	'reserva', 'reservation', 'tracking', 'seguimiento', 'confirmation number', 'folio', 'account', 'acct',
	'a/c', 'cuenta', 'iban', 'customer', 'cliente', 'member', 'socio', 'contract', 'contrato', 'policy',
	'p[oó]liza', 'loan', 'pr[eé]stamo', 'id', 'cif', 'nif', 'nie', 'dni', 'vat', 'rfc', 'cuit', 'rut', 'ruc',
	'zip(?: code)?', 'postal code', 'c[oó]digo postal', 'c\\.p\\.', 'cp', 'n[o°]', 'nr', 'num', 'card', 'tarjeta',
	'visa', 'mastercard', 'amex', 'd[eé]bito', 'cr[eé]dito', 'debit', 'credit', 'sucursal', 'oficina', 'branch',
	'entidad', 'agencia',
].join('|');

/** Keywords that name the one-time code itself (code, OTP, clave, …). */
const KEYWORDS =
	'codes?|c[oó]digos?|otp|passcode|pass code|password|contrase[nñ]a|clave|pin|nip|token|tan|verification|verificaci[oó]n|one[ -]?time|un solo uso|uso [uú]nico|2fa|mfa|key|llave';
/** "clave de operación 482913", "code for transaction 482913": there the word names the code, not a reference. */
const NOT_AFTER_CODE_WORD = `(?<!(?:${KEYWORDS}) (?:de|del|for|para|of)(?: (?:la|el|the|your|tu|su|esta|this))? )`;

interface Distractor {
	name: string;
	pattern: RegExp;
}

/** Order matters: containers first (URLs hold dates and digits), then the more specific shapes. */
const DISTRACTORS: readonly Distractor[] = [
	{ name: 'url', pattern: /\b(?:https?:\/\/|www\.)[^\s<>"'|]+/gi },
	{ name: 'bare domain path', pattern: /(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/[^\s<>"'|]*/gi },
	{ name: 'e-mail address', pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/g },
	{ name: 'chat mention', pattern: /<[@#!][A-Za-z0-9|^_-]+>/g },
	{
		name: 'money (symbol or word)',
		pattern: new RegExp(`${CURRENCY_SYMBOL} ?-?${AMOUNT}|-?${AMOUNT} ?(?:${CURRENCY_SYMBOL}|${CURRENCY_WORD})`, 'gi'),
	},
	// Currency codes are matched in capitals only: "try", "pen" or "cad" are words too.
	{ name: 'money (ISO code)', pattern: new RegExp(`${CURRENCY_CODE} ?-?${AMOUNT}|-?${AMOUNT} ?${CURRENCY_CODE}`, 'g') },
	{
		name: 'amount after a money word',
		pattern: new RegExp(
			`${NO_LETTER_BEFORE}(?:amount|importe|monto|total|balance|saldo|(?:purchase|payment|charge|transfer|withdrawal|deposit) of|(?:compra|pago|cargo|transferencia|retiro|dep[oó]sito|abono) (?:de|por))(?![A-Za-z]) ?:? ?-?${AMOUNT}`,
			'gi',
		),
	},
	{
		name: 'date',
		pattern: new RegExp(
			[
				'(?<!\\d)\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:T[\\d:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?(?!\\d)', // 2026-11-28
				'(?<!\\d)\\d{1,2}[/.]\\d{1,2}[/.]\\d{2}(?:\\d{2})?(?!\\d)', // 28/11/2026, 11.28.26
				'(?<!\\d)\\d{1,2}-\\d{1,2}-\\d{4}(?!\\d)', // 28-11-2026
				`(?<!\\d)\\d{1,2}(?:st|nd|rd|th)? (?:de )?(?:${MONTHS})(?![A-Za-z])\\.?(?:,? (?:de |del )?\\d{4}(?!\\d))?`, // 28 Nov 2026
				`${NO_LETTER_BEFORE}(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?(?!\\d)(?:,? \\d{4}(?!\\d))?`, // Nov 28, 2026
			].join('|'),
			'gi',
		),
	},
	{
		name: 'time',
		pattern:
			/(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]\.?m\.?)?(?!\d)|(?<!\d)\d{1,2} ?[ap]\.?m\.?(?![A-Za-z])|(?<!\d)\d{1,2}h\d{2}(?!\d)/gi,
	},
	{
		name: 'phone number',
		pattern: new RegExp(
			[
				'\\+\\d{7,15}(?!\\d)', // +34600123456
				'\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,5}\\)?(?!\\d)){2,6}', // +34 600 123 456, +1 (555) 123-4567
				'(?<![\\d-])(?:1[ .-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[.-])\\d{3}[.-]\\d{4}(?![\\d-])', // (555) 123-4567
				// After a phone word; groups joined by single separators, so "… 200. 482913 is your code" stops at "200".
				`${NO_LETTER_BEFORE}(?:tel[eé]fono|tel\\.?|phone|call(?: (?:us|me))?(?: (?:at|on))?|ll[aá]m[ae]n?(?:nos)?(?: al?)?|whats ?app|m[oó]vil|mobile|cell|fax)(?![A-Za-z]) ?:? ?\\+?\\(?\\d[\\d()]*(?:[ .-]\\(?\\d[\\d()]*)*`,
			].join('|'),
			'gi',
		),
	},
	{
		name: 'card ending',
		pattern: new RegExp(
			[
				`${NO_LETTER_BEFORE}(?:ending|ends|ended|terminad[ao]|terminaci[oó]n|termina|acabad[ao]|finalizad[ao]|last (?:4|four) digits|[uú]ltimos (?:4|cuatro) d[ií]gitos)(?: (?:in|with|en|by|:))? ?:? ?[xX*•·.]*[ -]?\\d{2,6}(?!\\d)`,
				// ****1234, x1234, XXXX-XXXX-1234, •••• 1234 (one '*' alone is chat bold, not a mask)
				'(?<![A-Za-z0-9*•·]|[xX*•·][ -])(?:[xX*•·]+[ -])*(?:[xX]|[xX*•·]{2,})[ -]?\\d{2,6}(?![\\d*])',
			].join('|'),
			'gi',
		),
	},
	{
		name: 'reference number',
		pattern: new RegExp(
			`${NO_LETTER_BEFORE}${NOT_AFTER_CODE_WORD}(?:${REFERENCE_WORDS})(?![A-Za-z])\\.?(?: ?(?:number|num|no|nr|n[o°]|id|#)(?![A-Za-z])\\.?)? ?[:#]? ?#? ?${ID_CHAIN}`,
			'gi',
		),
	},
	{
		name: 'opt-out short code',
		pattern: /(?<![A-Za-z])(?:stop|help|baja|alta|ayuda|info|unsubscribe|cancel)(?![A-Za-z]) (?:to|al|a) \d+/gi,
	},
	{
		name: 'quantity with a unit',
		pattern:
			/(?<![\dA-Za-z])\d+ ?(?:%|(?:min(?:ute)?s?|minutos?|secs?|seconds?|segundos?|h|hrs?|hours?|horas?|d[ií]as?|days?|points?|puntos?|pts|attempts?|intentos?|times|veces|km|kg|mb|gb|st|nd|rd|th)(?![A-Za-z]))/gi,
	},
	// Numbers with decimal or grouping separators (1,234 / 3.5 / 10.0.1) and fractions (1/2, 24/7).
	{ name: 'separated number', pattern: /(?<![\d.,/])\d+(?:[.,/]\d+)+(?![\d])/g },
];

/** Replaces every distractor with a barrier. Exported for tests and debugging. */
export function maskDistractors(text: string): string {
	let masked = text;
	for (const { pattern } of DISTRACTORS) {
		masked = masked.replace(pattern, BARRIER);
	}
	return masked;
}

// =============================================================================================
// 4–5. Tokens and candidates
// =============================================================================================

/** A keyword, then optional "is"/":"/"="…, right before the candidate (same line). */
const KEYWORD_BEFORE = new RegExp(`(?:^|[^A-Za-z0-9])(?:${KEYWORDS}) ?(?:(?:is|es|was|:|=|-|#) ?){0,2}$`, 'i');
/** A keyword and an explicit ':' or '=' ("code: abcdef", "clave es: ABCDEF"). */
const KEYWORD_COLON_BEFORE = new RegExp(`(?:^|[^A-Za-z0-9])(?:${KEYWORDS}) ?(?:(?:is|es) ?)?[:=] ?$`, 'i');
/** A keyword and "is"/"es" ("your code is ABCDEF"). */
const KEYWORD_IS_BEFORE = new RegExp(`(?:^|[^A-Za-z0-9])(?:${KEYWORDS}) (?:is|es) $`, 'i');
/** Words that follow "code is" without being a code. */
const STATUS_WORDS = /^(?:expired|invalid|valid|wrong|incorrect|correct|ready|sent|required|pending|blocked|caducad[oa]|inv[aá]lid[oa]|v[aá]lid[oa]|incorrect[oa]|correct[oa]|enviad[oa]|bloquead[oa])$/i;
/** "… is your code", "… es tu clave" right after the candidate. */
const KEYWORD_AFTER = new RegExp(`^ ?(?:is|es|was|ser[aá]) (?:[\\p{L}]+ ){0,3}?(?:${KEYWORDS})(?![A-Za-z])`, 'iu');
const KEYWORD_WORD = new RegExp(`^(?:${KEYWORDS})$`, 'i');

/** A number touching one of these is part of something else (user_123, 50%, $5, a/1234, +1234). */
const GLUE_BEFORE = /[_@/\\%$€£¥₹+&^~|]/;
const GLUE_AFTER = /[_@/\\%$€£¥₹&^~|]/;
/** Between two groups of one split code: one space, one dash or a middle dot ("123 456", "123-456"). */
const GROUP_GAP = /^(?: |-| - |·| · )$/;

interface Token {
	value: string;
	start: number;
	end: number;
}

interface Spec {
	alphanumeric: boolean;
	length: number | null;
}

interface Candidate {
	value: string;
	start: number;
	end: number;
	/** Joined from groups ("123 456"), as opposed to a single run of characters. */
	joined: boolean;
}

function fitsLength(length: number, spec: Spec): boolean {
	return spec.length !== null
		? length === spec.length
		: length >= MIN_GUESS_LENGTH && length <= MAX_GUESS_LENGTH;
}

function isGlued(text: string, token: Token): boolean {
	return GLUE_BEFORE.test(text[token.start - 1] ?? '') || GLUE_AFTER.test(text[token.end] ?? '');
}

function lineAround(text: string, start: number, end: number): { before: string; after: string } {
	const lineStart = text.lastIndexOf('\n', start - 1) + 1;
	const newline = text.indexOf('\n', end);
	const lineEnd = newline === -1 ? text.length : newline;
	return {
		before: text.slice(Math.max(lineStart, start - 80), start),
		after: text.slice(end, Math.min(lineEnd, end + 80)),
	};
}

function keywordAnchored(text: string, start: number, end: number): boolean {
	const { before, after } = lineAround(text, start, end);
	return KEYWORD_BEFORE.test(before) || KEYWORD_AFTER.test(after);
}

/** Can this token be one group of a split code? */
function isGroupToken(token: Token, text: string, spec: Spec): boolean {
	if (isGlued(text, token)) return false;
	if (/^[0-9]+$/.test(token.value)) return true;
	// Alphanumeric groups need a digit and one letter case, so ordinary words never join.
	return spec.alphanumeric && /\d/.test(token.value) && /^(?:[A-Z0-9]+|[a-z0-9]+)$/.test(token.value);
}

/**
 * Do these groups read as one code written split? The groups must be about the same size (3+3,
 * 2+2+2, 4+4, 3+4), or single digits (one per box), and add up to a fitting length.
 */
function groupsFormOneCode(sizes: number[], spec: Spec): boolean {
	const total = sizes.reduce((sum, size) => sum + size, 0);
	const smallest = sizes.reduce((min, size) => Math.min(min, size));
	const largest = sizes.reduce((max, size) => Math.max(max, size));
	if (largest - smallest > 1) return false;
	if (smallest === 1 && largest > 1) return false;
	// 3 + 4 is how local phone numbers are written ("555-1234"); accept it only when asked for 7.
	if (sizes.length === 2 && sizes[0] === 3 && sizes[1] === 4 && spec.length !== 7) return false;
	return fitsLength(total, spec);
}

/** Splits the text into runs of letters/digits and turns them into candidate mentions. */
function tokenise(text: string, spec: Spec): Candidate[] {
	const tokens: Token[] = [];
	for (const match of text.matchAll(/[A-Za-z0-9]+/g)) {
		const start = match.index ?? 0;
		tokens.push({ value: match[0], start, end: start + match[0].length });
	}

	const candidates: Candidate[] = [];
	let i = 0;
	while (i < tokens.length) {
		// Collect a run of groups separated by a single space or dash.
		let j = i;
		if (isGroupToken(tokens[i], text, spec)) {
			while (
				j + 1 < tokens.length &&
				isGroupToken(tokens[j + 1], text, spec) &&
				GROUP_GAP.test(text.slice(tokens[j].end, tokens[j + 1].start))
			) {
				j++;
			}
		}
		const run = tokens.slice(i, j + 1);
		i = j + 1;

		if (run.length === 1) {
			const [token] = run;
			candidates.push({ value: token.value, start: token.start, end: token.end, joined: false });
			continue;
		}
		const sizes = run.map((token) => token.value.length);
		const standAlone = (): void => {
			for (const token of run) {
				candidates.push({ value: token.value, start: token.start, end: token.end, joined: false });
			}
		};
		if (groupsFormOneCode(sizes, spec)) {
			candidates.push({
				value: run.map((token) => token.value).join(''),
				start: run[0].start,
				end: run[run.length - 1].end,
				joined: true,
			});
			// Without a length, "1234 5678" reads as one 8-digit code or as two 4-digit codes (and
			// "1234 1234" as 12341234 or 1234): the groups are candidates too, so the decision sees
			// every reading and refuses. Groups below 4 ("482 913", "48 29 13") are no code alone.
			if (spec.length === null && sizes.every((size) => fitsLength(size, spec))) standAlone();
		} else if (sizes.some((size) => size > 4)) {
			// e.g. "482913 10": the long group stands on its own.
			standAlone();
		} else if (run.length === 2 && sizes.every((size) => fitsLength(size, spec))) {
			// Two groups of the asked length side by side ("1234 5678" when 4 digits are asked for):
			// two different codes, or the same one twice.
			standAlone();
		}
		// Otherwise only short groups that do not form a code: a phone, card, IBAN or account number
		// written in blocks ("600 123 456", "4111 1111 1111 1111"). None of its blocks is the code.
	}
	return candidates;
}

/** Keeps the candidates that can be the code the descriptor (or the 4–8 digit default) describes. */
function isPlausible(candidate: Candidate, text: string, spec: Spec): boolean {
	const { value, start, end } = candidate;
	if (!fitsLength(value.length, spec)) return false;
	if (!candidate.joined && isGlued(text, { value, start, end })) return false;

	if (/^[0-9]+$/.test(value)) {
		// A year (1900–2099) is only the code when a keyword says so ("PIN: 2025").
		if (!candidate.joined && /^(?:19|20)\d\d$/.test(value)) return keywordAnchored(text, start, end);
		return true;
	}

	// Letters: numeric requests (and requests with no type) take digits only; "x1234" or "abc123"
	// are glued to letters.
	if (!spec.alphanumeric) return false;
	if (KEYWORD_WORD.test(value)) return false;

	const hasDigit = /\d/.test(value);
	const oneCase = /^(?:[A-Z0-9]+|[a-z0-9]+)$/.test(value);
	// Mixed letters and digits in one case (AB12CD, k7p2m9) look like a code on their own.
	if (hasDigit && oneCase) return true;
	// Mixed-case runs with digits are usually words ("iPhone13") unless a keyword introduces them.
	if (hasDigit) return keywordAnchored(text, start, end);
	// Letter-only runs are ordinary words ("Please", "EXPIRED") unless a keyword introduces them
	// explicitly: "code: abcdef", or in capitals "code is ABCDEF" / "ABCDEF is your code".
	const { before, after } = lineAround(text, start, end);
	if (KEYWORD_COLON_BEFORE.test(before)) return true;
	if (!/^[A-Z]+$/.test(value) || STATUS_WORDS.test(value)) return false;
	return KEYWORD_IS_BEFORE.test(before) || KEYWORD_AFTER.test(after);
}

// =============================================================================================
// 6. Decide
// =============================================================================================

function toSpec(descriptor: CodeDescriptor | null | undefined): Spec {
	// No type given: digits only, the common case and the one with the fewest false positives.
	return { alphanumeric: descriptorKind(descriptor) === 'alphanumeric', length: descriptorLength(descriptor) };
}

/**
 * Finds the one-time code in a message.
 *
 * @param text SMS, e-mail (plain or HTML) or chat text.
 * @param descriptor The pending request's descriptor, when known: its length and type narrow the search.
 * @throws ReconbankerInputError 'not_found' (no plausible code), 'ambiguous' (two or more different
 *   plausible codes; the message gives their number only), 'empty', 'too_long' or 'invalid_type'.
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
	const plain = LOOKS_LIKE_HTML.test(text) ? htmlToText(text) : decodeEntities(text);
	const masked = maskDistractors(normaliseText(plain));
	const mentions = tokenise(masked, spec).filter((candidate) => isPlausible(candidate, masked, spec));
	const distinct = [...new Set(mentions.map((candidate) => candidate.value))];

	const range = `${MIN_GUESS_LENGTH}–${MAX_GUESS_LENGTH}`;
	const sized = spec.length === null ? '' : `${articleForNumber(spec.length)} ${spec.length}`;
	const lookedFor = spec.alphanumeric
		? spec.length === null
			? `an alphanumeric code of ${range} characters`
			: `${sized}-character alphanumeric code`
		: spec.length === null
			? `a ${range} digit code`
			: `${sized}-digit code`;

	if (distinct.length === 0) {
		throw new ReconbankerInputError(
			'not_found',
			`No one-time code was found in the message (looked for ${lookedFor}; amounts, dates, times, phone numbers, ` +
				'card endings, reference numbers, links and e-mail addresses are ignored). Check that the right text is passed, or enter the code directly.',
			{ candidates: 0 },
		);
	}
	if (distinct.length > 1) {
		throw new ReconbankerInputError(
			'ambiguous',
			`Found ${distinct.length} different possible codes in the message (looked for ${lookedFor}), so none was used: ` +
				'submitting the wrong one would spend one of the bank’s attempts. Pass only the part of the message with the code, ' +
				'give the code descriptor (length and type) to narrow the search, or enter the code directly.',
			{ candidates: distinct.length },
		);
	}
	return { code: distinct[0], candidatesConsidered: mentions.length };
}
