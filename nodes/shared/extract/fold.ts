/**
 * Folding: one spelling for what looks the same, so the later steps see ASCII digits, single spaces
 * and one dash, and never two numbers glued together by folding.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

import { foldText } from '../code';

/**
 * Placeholder for a tag between two digits (`<b>48</b><b>2913</b>`, `482<br>913`): the two sides may
 * be one code or two things, so the candidates step reads it both ways. Private use: no text has it.
 */
export const TAG_SPLIT = '\uE000';

/** Text-direction overrides, embeddings and isolates: what they display may differ from what they hold. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * CJK and full-width sentence punctuation. NFKC would turn "582019，5分钟" into "582019,5分钟", which
 * reads as the decimal number 582019,5; a space after the ASCII mark keeps the numbers apart.
 */
const WIDE_PUNCTUATION: Readonly<Record<string, string>> = {
	'\uFF0C': ', ', // ，
	'\u3001': ', ', // 、
	'\uFF64': ', ', // ､ half-width ideographic comma
	'\u3002': '. ', // 。
	'\uFF61': '. ', // ｡
	'\uFF1A': ': ', // ：
	'\uFF1B': '; ', // ；
	'\uFF01': '! ', // ！
	'\uFF1F': '? ', // ？
	'\uFF08': ' (', // （
	'\uFF09': ') ', // ）
	'\u3010': ' [', // 【
	'\u3011': '] ', // 】
	'\u300C': ' "', // 「
	'\u300D': '" ', // 」
	'\u300E': ' "', // 『
	'\u300F': '" ', // 』
	'\u3008': ' <', // 〈
	'\u3009': '> ', // 〉
	'\u300A': ' "', // 《
	'\u300B': '" ', // 》
	'\u060C': ', ', // Arabic comma
	'\u061B': '; ', // Arabic semicolon
	'\u061F': '? ', // Arabic question mark
	'\u06D4': '. ', // Arabic full stop
	'\u0964': '. ', // Devanagari danda
};
const WIDE_PUNCTUATION_CHARS = new RegExp(`[${Object.keys(WIDE_PUNCTUATION).join('')}]`, 'g');

/** Middle dots that normaliseCode accepts between groups: one spelling, '·'. */
const MIDDLE_DOTS = /[\u00B7\u2027\u2219\u22C5\u30FB\uFF65]/g;
/** Hyphens, dashes and minus signs: one spelling, '-'. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/**
 * After this: ASCII digits (every Unicode decimal digit folded), NFKC letters, '-' for every dash, '·'
 * for every middle dot, horizontal space runs as one ' ', lines split by '\n', invisible marks gone.
 * Bidi controls and TAG_SPLIT are kept: later steps look at them.
 */
export function foldForExtraction(text: string): string {
	// foldText drops invisible marks (zero-width spaces, LRM/RLM, soft hyphens…), also inside a code.
	return foldText(text.replace(WIDE_PUNCTUATION_CHARS, (mark) => WIDE_PUNCTUATION[mark]))
		.replace(/\u066B/g, '.') // Arabic decimal separator
		.replace(/\u066C/g, ',') // Arabic thousands separator
		.replace(DASHES, '-')
		.replace(MIDDLE_DOTS, '·')
		.replace(/\r\n?|[\u2028\u2029\u0085\u000B\u000C]/g, '\n')
		.replace(/[^\S\n]+/g, ' ')
		.replace(/ ?\n ?/g, '\n');
}
