/**
 * HTML e-mail → the text a reader sees.
 *
 * What a reader does not see adds nothing: script/style/head/template, comments, and elements hidden
 * with `display:none`, `visibility:hidden`, `opacity:0`, `height:0` + `overflow:hidden`, the `hidden`
 * attribute or a class that the e-mail's own top-level CSS hides (pre-headers). A hidden element that
 * is never closed stays visible: dropping the rest of a broken e-mail could drop the code.
 *
 * A tag between two digits (`<b>48</b><b>2913</b>`, `482<br>913`, `482<wbr>913`) becomes TAG_SPLIT,
 * which the candidates step reads both ways (one code, or two numbers); other inline tags vanish
 * between letters and become a space between a letter and a digit; block tags break lines; table
 * cells stay on one line, apart. `<bdo>` and CSS bidi overrides become a U+202E mark, so the bidi
 * check sees them.
 *
 * Linear time: one scan for tags, one stack pass for hidden ranges, one emit pass.
 * Pure helpers: no n8n imports, no npm packages.
 */

import { TAG_SPLIT } from './fold';

/** Only real HTML (known tags) switches to HTML mode: Slack's "<https://…|label>" or "a < b" do not. */
const LOOKS_LIKE_HTML =
	/<\/?(?:html|head|body|div|p|br|wbr|span|table|tbody|tr|td|th|b|strong|i|em|u|a|font|img|center|h[1-6]|ul|ol|li|style|meta|bdo|section|article|header|footer|small|sup|sub)\b[^<>]*>/i;

export function looksLikeHtml(text: string): boolean {
	return LOOKS_LIKE_HTML.test(text);
}

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
	amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', ensp: '\u2002', emsp: '\u2003',
	thinsp: '\u2009', numsp: '\u2007', puncsp: '\u2008', hairsp: '\u200A', zwnj: '\u200C', zwj: '\u200D',
	zwsp: '\u200B', shy: '\u00AD', lrm: '\u200E', rlm: '\u200F', ndash: '\u2013', mdash: '\u2014',
	minus: '\u2212', hyphen: '\u2010', dash: '\u2010', middot: '\u00B7', centerdot: '\u00B7', bull: '\u2022',
	bullet: '\u2022', hellip: '\u2026', euro: '€', pound: '£', yen: '¥', cent: '¢', dollar: '$', copy: '©',
	reg: '®', trade: '™', laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚',
	bdquo: '„', iexcl: '¡', iquest: '¿', ordm: 'º', ordf: 'ª', deg: '°', num: '#', colon: ':', period: '.',
	comma: ',', sol: '/', bsol: '\\', lpar: '(', rpar: ')', ast: '*', percnt: '%', commat: '@', plus: '+',
	equals: '=', times: '×', excl: '!', quest: '?', semi: ';', lowbar: '_', verbar: '|', vert: '|',
	aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', Aacute: 'Á', Eacute: 'É', Iacute: 'Í',
	Oacute: 'Ó', Uacute: 'Ú', ntilde: 'ñ', Ntilde: 'Ñ', uuml: 'ü', Uuml: 'Ü', ccedil: 'ç', Ccedil: 'Ç',
	agrave: 'à', egrave: 'è', ograve: 'ò', auml: 'ä', ouml: 'ö', Auml: 'Ä', Ouml: 'Ö', szlig: 'ß',
	atilde: 'ã', otilde: 'õ', acirc: 'â', ecirc: 'ê', ocirc: 'ô', igrave: 'ì', ugrave: 'ù', euml: 'ë',
};

/** Decodes named (with ';') and numeric (decimal/hex, ';' optional) character references. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
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

// ---------------------------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------------------------

/** Elements whose content is never displayed and holds no tags worth reading. */
const RAW_ELEMENTS = new Set(['script', 'style', 'title', 'template', 'noscript', 'xml', 'svg', 'object']);
/** Elements never displayed whose content is still scanned (the <style> in <head> names hidden classes). */
const NEVER_SHOWN = new Set(['head']);
const VOID_ELEMENTS = new Set([
	'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const BLOCK_ELEMENTS = new Set([
	'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'div', 'dl', 'dt',
	'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
	'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
const CELL_ELEMENTS = new Set(['td', 'th']);

/** Marks resolved once the characters on both sides are known. */
const INLINE_MARK = '\u0001';
const BREAK_MARK = '\u0002';
const OVERRIDE_MARK = '\u202E';

interface Tag {
	name: string;
	closing: boolean;
	/** Void or written `<x/>`: it has no content. */
	empty: boolean;
	attributes: string;
}

type Piece = string | Tag;

const TAG_OR_COMMENT = /<!--|<(\/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>|<[!?][^<>]*>/g;

/** Splits HTML into text and tags; skips comments and raw elements (keeping style text for classes). */
function scan(html: string, styles: string[]): Piece[] {
	const pieces: Piece[] = [];
	// A closer searched for and not found will not be found later either: remember, stay linear.
	const missingCloser = new Set<string>();
	let from = 0;
	TAG_OR_COMMENT.lastIndex = 0;
	for (let match = TAG_OR_COMMENT.exec(html); match !== null; match = TAG_OR_COMMENT.exec(html)) {
		if (match.index > from) pieces.push(html.slice(from, match.index));
		from = TAG_OR_COMMENT.lastIndex;
		if (match[0] === '<!--') {
			const close = missingCloser.has('-->') ? -1 : html.indexOf('-->', from);
			if (close === -1) {
				// An unclosed comment hides nothing: read on as if it were text.
				missingCloser.add('-->');
				continue;
			}
			pieces.push(' ');
			from = close + 3;
			TAG_OR_COMMENT.lastIndex = from;
			continue;
		}
		const name = match[2]?.toLowerCase();
		if (name === undefined) continue; // <!DOCTYPE …>, <?xml …?>
		const closing = match[1] === '/';
		const attributes = match[3] ?? '';
		if (!closing && RAW_ELEMENTS.has(name)) {
			const closer = new RegExp(`</${name}\\s*>`, 'gi');
			closer.lastIndex = from;
			const close = missingCloser.has(name) ? null : closer.exec(html);
			if (close === null) {
				missingCloser.add(name);
				continue;
			}
			if (name === 'style') styles.push(html.slice(from, close.index));
			pieces.push(' ');
			from = close.index + close[0].length;
			TAG_OR_COMMENT.lastIndex = from;
			continue;
		}
		pieces.push({ name, closing, empty: VOID_ELEMENTS.has(name) || /\/\s*$/.test(attributes), attributes });
	}
	if (from < html.length) pieces.push(html.slice(from));
	return pieces;
}

// ---------------------------------------------------------------------------------------------
// Hidden elements
// ---------------------------------------------------------------------------------------------

const HIDING_DECLARATION =
	/(?:^|[;{\s])(?:display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0*(?:\.0*)?\s*(?:!important\s*)?(?:;|$))/i;
const ZERO_HEIGHT = /(?:^|[;{\s])(?:max-)?height\s*:\s*0(?:px|em|rem|%)?\s*(?:!important\s*)?(?:;|$)/i;
const OVERFLOW_HIDDEN = /overflow\s*:\s*hidden/i;
const BIDI_OVERRIDE_STYLE = /unicode-bidi\s*:\s*(?:bidi-override|isolate-override)/i;

function hides(declarations: string): boolean {
	return HIDING_DECLARATION.test(declarations) || (ZERO_HEIGHT.test(declarations) && OVERFLOW_HIDDEN.test(declarations));
}

/** Classes that top-level CSS rules hide (`.preheader { display: none }`); rules in @media are skipped. */
export function hiddenClasses(css: string): Set<string> {
	const classes = new Set<string>();
	const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
	let i = 0;
	while (i < text.length) {
		const open = text.indexOf('{', i);
		if (open === -1) break;
		const selector = text.slice(i, open).trim();
		// Find the matching close brace (at-rules such as @media nest blocks).
		let depth = 1;
		let j = open + 1;
		while (j < text.length && depth > 0) {
			if (text[j] === '{') depth++;
			else if (text[j] === '}') depth--;
			j++;
		}
		const body = text.slice(open + 1, j - 1);
		if (!selector.startsWith('@') && hides(body)) {
			for (const part of selector.split(',')) {
				const simple = /^\s*[A-Za-z0-9]*\.([A-Za-z0-9_-]+)\s*$/.exec(part);
				if (simple !== null) classes.add(simple[1]);
			}
		}
		i = j;
	}
	return classes;
}

function attributeValue(attributes: string, name: string): string | null {
	const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
	return match === null ? null : (match[1] ?? match[2] ?? match[3] ?? '');
}

function isHidden(tag: Tag, classes: Set<string>): boolean {
	if (NEVER_SHOWN.has(tag.name)) return true;
	const unquoted = tag.attributes.replace(/"[^"]*"|'[^']*'/g, '""');
	if (/(?:^|\s)hidden(?![\w-])/i.test(unquoted)) return true;
	const style = attributeValue(tag.attributes, 'style');
	if (style !== null && hides(style)) return true;
	const classList = attributeValue(tag.attributes, 'class');
	return classList !== null && classList.split(/\s+/).some((name) => classes.has(name));
}

/** For each hidden opening tag that is closed, the index of its closing piece. */
function hiddenRanges(pieces: Piece[], classes: Set<string>): Map<number, number> {
	const ranges = new Map<number, number>();
	const stack: Array<{ name: string; index: number; hidden: boolean }> = [];
	const open = new Map<string, number>();
	pieces.forEach((piece, index) => {
		if (typeof piece === 'string' || piece.empty) return;
		if (!piece.closing) {
			stack.push({ name: piece.name, index, hidden: isHidden(piece, classes) });
			open.set(piece.name, (open.get(piece.name) ?? 0) + 1);
			return;
		}
		if ((open.get(piece.name) ?? 0) === 0) return; // a stray closing tag
		// Pop up to the matching element; elements left open inside it end here too.
		for (;;) {
			const top = stack.pop() as { name: string; index: number; hidden: boolean };
			open.set(top.name, (open.get(top.name) ?? 1) - 1);
			if (top.hidden) ranges.set(top.index, index);
			if (top.name === piece.name) return;
		}
	});
	return ranges;
}

// ---------------------------------------------------------------------------------------------
// Emitting
// ---------------------------------------------------------------------------------------------

const ALNUM = /[\p{L}\p{Nd}]/u;
const DIGIT = /\p{Nd}/u;

/**
 * Inline marks: digit|digit → TAG_SPLIT, letter|letter → nothing (`<b>C</b>ode`), letter|digit → a
 * space (`<span>Code</span><span>123456</span>`); a <br> between anything but two digits breaks the line.
 */
function resolveMarks(text: string): string {
	return text.replace(/[\u0001\u0002]+/g, (marks: string, offset: number, whole: string) => {
		const before = whole[offset - 1] ?? '';
		const after = whole[offset + marks.length] ?? '';
		if (DIGIT.test(before) && DIGIT.test(after)) return TAG_SPLIT;
		if (marks.includes(BREAK_MARK)) return '\n';
		if (!ALNUM.test(before) || !ALNUM.test(after)) return '';
		return DIGIT.test(before) === DIGIT.test(after) ? '' : ' ';
	});
}

export function htmlToText(html: string): string {
	const styles: string[] = [];
	const pieces = scan(html, styles);
	const classes = hiddenClasses(styles.join('\n'));
	const hidden = hiddenRanges(pieces, classes);

	const out: string[] = [];
	for (let index = 0; index < pieces.length; index++) {
		const piece = pieces[index];
		if (typeof piece === 'string') {
			// Source whitespace means nothing in HTML; line breaks come from tags only.
			out.push(decodeEntities(piece.replace(/\s+/g, ' ')));
			continue;
		}
		const end = hidden.get(index);
		if (end !== undefined) {
			// What was hidden joins nothing and splits nothing more than a tag would.
			out.push(BLOCK_ELEMENTS.has(piece.name) ? '\n' : INLINE_MARK);
			index = end;
			continue;
		}
		if (!piece.closing && (piece.name === 'bdo' || BIDI_OVERRIDE_STYLE.test(piece.attributes))) {
			out.push(OVERRIDE_MARK);
		}
		if (piece.name === 'br') out.push(BREAK_MARK);
		else if (BLOCK_ELEMENTS.has(piece.name)) out.push('\n');
		else if (CELL_ELEMENTS.has(piece.name)) out.push(' ');
		else out.push(INLINE_MARK);
	}
	return resolveMarks(out.join(''))
		.split('\n')
		.map((line) => line.replace(/ {2,}/g, ' ').trim())
		.filter((line) => line !== '')
		.join('\n');
}
