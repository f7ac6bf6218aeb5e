import { decodeEntities, htmlToText } from '../../../../nodes/shared/extract/html-to-text';
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
