import { BIDI_CONTROL, foldForExtraction, TAG_SPLIT } from '../../../../nodes/shared/extract/fold';

describe('foldForExtraction', () => {
	test.each([
		['full-width comma does not glue the numbers', '验证码582019，5分钟内有效', '验证码582019, 5分钟内有效'],
		['ideographic full stop and colon', '验证码：582019。客服95588', '验证码: 582019. 客服95588'],
		['full-width digits and letters', 'Ｃｏｄｅ：４８２９１３', 'Code: 482913'],
		['Arabic-Indic digits', 'رمز ٤٨٢٩١٣', 'رمز 482913'],
		['Persian digits', 'کد ۴۸۲۹۱۳', 'کد 482913'],
		['Devanagari digits', 'OTP ४८२९१३', 'OTP 482913'],
		['Arabic decimal and thousands separators', '١٢٣٬٤٥٦٫٧٨', '123,456.78'],
		['every dash is "-"', '482–913 482—913 482−913 482－913', '482-913 482-913 482-913 482-913'],
		['middle dots are "·"', '48・29・13 48･29 48∙29', '48·29·13 48·29 48·29'],
		['spaces collapse, lines stay', '482\u00A0913\u2009x \r\n y', '482 913 x\ny'],
	])('%s', (_name, input, output) => {
		expect(foldForExtraction(input)).toBe(output);
	});

	test.each([
		['zero-width space', '\u200B'],
		['zero-width non-joiner', '\u200C'],
		['zero-width joiner', '\u200D'],
		['left-to-right mark', '\u200E'],
		['right-to-left mark', '\u200F'],
		['Arabic letter mark', '\u061C'],
		['Mongolian vowel separator', '\u180E'],
		['byte order mark', '\uFEFF'],
		['soft hyphen', '\u00AD'],
		['word joiner', '\u2060'],
	])('drops a %s inside a code', (_name, mark) => {
		expect(foldForExtraction(`48${mark}29${mark}13`)).toBe('482913');
	});

	test('keeps bidi overrides and isolates (they are refused later) and tag splits', () => {
		const folded = foldForExtraction(`\u202E482913\u202C \u2066482913\u2069 48${TAG_SPLIT}29`);
		expect(BIDI_CONTROL.test(folded)).toBe(true);
		expect(folded).toContain(TAG_SPLIT);
	});
});
