import { decodeEntities, hiddenClasses, htmlToText, looksLikeHtml } from '../../../../nodes/shared/extract/html-to-text';
import { TAG_SPLIT } from '../../../../nodes/shared/extract/fold';

describe('htmlToText', () => {
	test('inline tags join, block tags break lines, script/style/comments vanish', () => {
		const html =
			'<div>Code:<b>12</b><b>34</b></div><!-- 999999 --><style>p{margin:0}</style><script>x=777777</script><p>next</p>';
		// Digits split by a tag are read both ways later: the tag stays as TAG_SPLIT.
		expect(htmlToText(html)).toBe(`Code:12${TAG_SPLIT}34\nnext`);
	});

	test('an inline tag between a word and a number keeps them apart', () => {
		expect(htmlToText('<span>Code</span><span>123456</span>')).toBe('Code 123456');
	});

	test('entities are decoded after tags are removed', () => {
		expect(htmlToText('<p>&lt;b&gt;5&lt;/b&gt; &amp; &#x34;&#50;</p>')).toBe('<b>5</b> & 42');
	});

	test('table cells stay on one line, separated', () => {
		expect(htmlToText('<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>')).toBe('1 2\n3');
	});
});

describe('decodeEntities', () => {
	test.each([
		['&#52;&#56;', '48'],
		['&#x34;&#X38;', '48'],
		['&nbsp;', '\u00A0'],
		['&ndash;&mdash;&minus;', '\u2013\u2014\u2212'],
		['C&oacute;digo', 'Código'],
		['AT&T', 'AT&T'],
		['&unknown;', '&unknown;'],
		['&amp', '&amp'],
		['&#0;', '\uFFFD'],
		['&#xD800;', '\uFFFD'],
	])('%j → %j', (input, output) => {
		expect(decodeEntities(input)).toBe(output);
	});
});

describe('htmlToText: hidden parts', () => {
	test.each([
		['display:none', '<div style="display:none">551234</div>'],
		['visibility:hidden', '<span style="visibility: hidden">551234</span>'],
		['opacity:0', '<span style="opacity:0">551234</span>'],
		['max-height:0 with overflow:hidden', '<div style="max-height:0px;overflow:hidden">551234</div>'],
		['the hidden attribute', '<div hidden>551234</div>'],
		['a class hidden by the head CSS', '<head><style>.preheader{display:none!important}</style></head><span class="preheader">551234</span>'],
		['head and title', '<head><title>551234</title></head>'],
		['script and style', '<script>var a=551234</script><style>.x{width:551234px}</style>'],
		['comments', '<!-- 551234 -->'],
	])('%s adds nothing', (_name, hidden) => {
		expect(htmlToText(`<html>${hidden}<body><p>Code 482913</p></body></html>`)).toBe('Code 482913');
	});

	test('hidden elements nest: the whole hidden subtree goes', () => {
		expect(htmlToText('<div style="display:none"><div>551234</div><p>771204</p></div><p>Code 482913</p>')).toBe('Code 482913');
	});

	test('a class hidden only inside @media stays visible (it hides on mobile only)', () => {
		const html = '<style>@media (max-width:600px){.m{display:none}}</style><p class="m">Code 482913</p>';
		expect(htmlToText(html)).toBe('Code 482913');
	});

	test('a hidden element that is never closed stays visible', () => {
		expect(htmlToText('<div style="display:none">Code 551234')).toBe('Code 551234');
	});

	test('aria-hidden and mso-hide alone are visible (screen readers and Outlook only)', () => {
		expect(htmlToText('<p aria-hidden="true">482913</p><p style="mso-hide:all">771204</p>')).toBe('482913\n771204');
	});
});

describe('htmlToText: tag splits', () => {
	test.each([
		['inline tags', '<b>48</b><b>29</b><b>13</b>', `48${TAG_SPLIT}29${TAG_SPLIT}13`],
		['<wbr>', '482<wbr>913', `482${TAG_SPLIT}913`],
		['<br> between digits', '482<br>913', `482${TAG_SPLIT}913`],
		['<br/> between digits', '482<br/>913', `482${TAG_SPLIT}913`],
		['a removed hidden span between digits', '48<span style="display:none">00</span>2913', `48${TAG_SPLIT}2913`],
	])('%s', (_name, html, text) => {
		expect(htmlToText(`<p>${html}</p>`)).toBe(text);
	});

	test('<br> between words breaks the line', () => {
		expect(htmlToText('<p>Your code:<br>482913</p>')).toBe('Your code:\n482913');
	});

	test('<bdo> becomes a bidi override mark', () => {
		expect(htmlToText('<p>Code <bdo dir="rtl">319284</bdo></p>')).toContain('\u202E');
	});

	test('looksLikeHtml: real tags only', () => {
		expect(looksLikeHtml('<p>Code</p>')).toBe(true);
		expect(looksLikeHtml('<https://x.example|link> a < b > c')).toBe(false);
	});
});

describe('hiddenClasses', () => {
	test('top-level class rules that hide; not @media ones, not compound selectors', () => {
		const css = '.pre{display:none} p.hide, .also { visibility:hidden } @media x { .m{display:none} } .a .b{display:none} .shown{color:red}';
		expect([...hiddenClasses(css)].sort()).toEqual(['also', 'hide', 'pre']);
	});
});
