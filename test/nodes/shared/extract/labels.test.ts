import { maskDistractors } from '../../../../nodes/shared/extract';
import { findCodeWords } from '../../../../nodes/shared/extract/keywords';
import { findContainers, findLabels, type LabelKind } from '../../../../nodes/shared/extract/labels';
import { foldForExtraction } from '../../../../nodes/shared/extract/fold';
import { SpanIndex } from '../../../../nodes/shared/extract/spans';

describe('maskDistractors', () => {
	test.each([
		['$1,234.56'],
		['120.00 EUR'],
		['1.234,56 €'],
		['USD 50'],
		['2026-11-28'],
		['28/11/2026'],
		['11.28.2026'],
		['12:30'],
		['+34 600 123 456'],
		['(555) 123-4567'],
		['ending in 1234'],
		['****1234'],
		['x1234'],
		['terminada en 1234'],
		['Order #123456'],
		['Ref: 998877'],
		['https://bank.example/a/123456'],
		['foo123@bar.example'],
	])('%s leaves no digits behind', (distractor) => {
		expect(maskDistractors(`before ${distractor} after`)).not.toMatch(/\d/);
	});

	test('leaves the code and its keyword alone', () => {
		expect(maskDistractors('Your code is 482913')).toBe('Your code is 482913');
		expect(maskDistractors('Clave de operación: 774411')).toBe('Clave de operación: 774411');
	});
});

/** The labels whose span covers `target` inside `text`. */
function labelsOf(text: string, target: string): LabelKind[] {
	const folded = foldForExtraction(text);
	const start = folded.indexOf(target);
	if (start === -1) throw new Error(`${target} not in ${folded}`);
	const containers = findContainers(folded);
	const codeWords = findCodeWords(folded, new SpanIndex(containers));
	return [...containers, ...findLabels(folded, codeWords)]
		.filter((label) => label.start <= start && label.end >= start + target.length)
		.map((label) => label.kind);
}

describe('distractor labels', () => {
	test.each<[string, string, LabelKind]>([
		['Rs. 1500 spent', '1500', 'money'],
		['消费5000元', '5000', 'money'],
		['1 250,00 ₽', '250', 'money'],
		['Betrag 89,90 EUR', '89', 'money'],
		['مبلغ 2500 ريال', '2500', 'money'],
		['28/11/2026', '2026', 'date'],
		['2026年11月28日', '2026', 'date'],
		['valid until 2026', '2026', 'date'],
		['12.30 Uhr', '1230'.slice(0, 2), 'time'],
		['+34 600 123 456', '600', 'phone'],
		['call us at 5551234', '5551234', 'phone'],
		['请致电95588', '95588', 'phone'],
		['1-800-555-0199', '0199', 'hotline'],
		['고객센터 1588-1688', '1688', 'phone'],
		['card ending in 4417', '4417', 'card'],
		['****4417', '4417', 'card'],
		['尾号1234', '1234', 'card'],
		['1234 ile biten', '1234', 'card'],
		['Order #551234', '551234', 'reference'],
		['订单号308123456789', '308123456789', 'reference'],
		['Folio de retiro 739201', '739201', 'reference'],
		['No. 55443322', '55443322', 'number sign'],
		['Reply STOP to 12345', '12345', 'opt-out'],
		['valid for 300 seconds', '300', 'quantity'],
		['IP 192.168.1.20', '192', 'ip address'],
		['https://bank.example/v/482913', '482913', 'url'],
		['help123@bank.example', '123', 'email'],
		['zip code 94103', '94103', 'other code'],
		['【铁路12306】验证码', '12306', 'sender'],
		['…, 75009 Paris', '75009', 'postcode'],
	])('%s: %s is %s', (text, target, kind) => {
		expect(labelsOf(text, target)).toContain(kind);
	});

	test.each([
		['TAN-Nr. 482913', '482913'],
		['Clave No. 482913', '482913'],
		['clave de operación: 774411', '774411'],
		['Tu código de WhatsApp: 482-913', '482-913'],
		['Your WhatsApp code: 482-913', '482-913'],
	])('next to a code word, not a distractor: %s', (text, target) => {
		expect(labelsOf(text, target).filter((kind) => kind !== 'year')).toEqual([]);
	});

	test('WhatsApp with a number and no code word is a phone', () => {
		expect(labelsOf('WhatsApp: 482-913', '482-913')).toContain('phone');
	});
});
