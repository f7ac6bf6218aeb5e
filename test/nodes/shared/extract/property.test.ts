/**
 * Property: adding distractors around a message never turns its code into a different code. Random
 * amounts, dates, times, phone numbers, references, hotlines and card endings (in the formats of
 * many countries) are put before it, after it, and between its lines or sentences; the answer may
 * become a refusal (ambiguous), never another code. PROPERTY_RUNS=5000 runs it longer.
 */
import fc from 'fast-check';

import { extractCode } from '../../../../nodes/shared/extract';
import { isReconbankerInputError } from '../../../../nodes/shared/errors';
import { CORPUS } from './corpus';
import { looksLikeHtml } from '../../../../nodes/shared/extract/html-to-text';

/** Messages whose code the extractor finds as they are: the property is about what distractors change. */
const WITH_CODE = CORPUS.filter((message) => {
	if (['ambiguous', 'none', 'bidi'].includes(message.expected)) return false;
	try {
		return extractCode(message.text, message.descriptor).code === message.expected;
	} catch {
		return false;
	}
});

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const pad = (value: number, size: number) => String(value).padStart(size, '0');

const amount = fc.oneof(
	fc.tuple(digits(1, 99_999), digits(0, 99)).map(([whole, cents]) => `$${Number(whole).toLocaleString('en-US')}.${pad(Number(cents), 2)}`),
	fc.tuple(digits(1, 99_999), digits(0, 99)).map(([whole, cents]) => `${Number(whole).toLocaleString('de-DE')},${pad(Number(cents), 2)} €`),
	fc.tuple(digits(1, 99_999), digits(0, 99)).map(([whole, cents]) => `Rs. ${Number(whole).toLocaleString('en-IN')}.${pad(Number(cents), 2)}`),
	digits(100, 999_999).map((whole) => `INR ${whole}`),
	digits(100, 999_999).map((whole) => `金额${whole}.00元`),
	digits(100, 999_999).map((whole) => `${Number(whole).toLocaleString('ru-RU')} ₽`),
	digits(100, 99_999).map((whole) => `R$ ${Number(whole).toLocaleString('pt-BR')},90`),
	digits(100, 99_999).map((whole) => `Importe: ${whole},00 EUR`),
	digits(100, 999_999).map((whole) => `مبلغ ${whole}.00 ريال`),
	digits(100, 99_999).map((whole) => `${whole} TL`),
);

const date = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2024, max: 2030 })).chain(([day, month, year]) =>
	fc.constantFrom(
		`${pad(day, 2)}/${pad(month, 2)}/${year}`,
		`${year}-${pad(month, 2)}-${pad(day, 2)}`,
		`${pad(day, 2)}.${pad(month, 2)}.${year}`,
		`${pad(day, 2)}-${pad(month, 2)}-${String(year).slice(2)}`,
		`${year}年${month}月${day}日`,
		`${year}년 ${month}월 ${day}일`,
		`Nov ${day}, ${year}`,
		`${day} de noviembre de ${year}`,
	),
);

const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).chain(([hour, minute]) =>
	fc.constantFrom(`${pad(hour, 2)}:${pad(minute, 2)}`, `${hour}:${pad(minute, 2)} PM`, `${hour}时${minute}分`, `${pad(hour, 2)}.${pad(minute, 2)} Uhr`),
);

const phone = fc.tuple(digits(100, 999), digits(100, 999), digits(1000, 9999)).chain(([a, b, c]) =>
	fc.constantFrom(
		`+1 (${a}) ${b}-${c}`,
		`+34 6${b.slice(1)} ${a} ${c.slice(1)}`,
		`Call ${b}-${c}`,
		`+7 (${a}) ${b}-${c.slice(0, 2)}-${c.slice(2)}`,
		`Tel. ${a} ${b} ${c}`,
		`请致电${a}${c}`,
		`전화 0${a.slice(1)}-${b}-${c}`,
	),
);

const reference = fc.tuple(digits(10_000, 99_999_999), digits(1000, 9999)).chain(([id, short]) =>
	fc.constantFrom(
		`Ref: ${id}`,
		`Order #${id}`,
		`Transaction ID TX-${id}`,
		`订单号${id}${short}`,
		`Referencia ${id}`,
		`Bestellnummer ${id}`,
		`Заказ № ${id}`,
		`주문번호 ${id}`,
		`رقم الطلب ${id}`,
		`Case #${id}`,
	),
);

const hotline = fc.tuple(digits(100, 999), digits(1000, 9999)).chain(([a, b]) =>
	fc.constantFrom(
		`Questions? 1-800-${a}-${b}`,
		`客服电话95${a}`,
		`お問い合わせ 0120-${a}-${a}`,
		`고객센터 1588-${b}`,
		`Müşteri Hizmetleri 444 0 ${a}`,
		`Kundenservice 0800 ${a} ${b}`,
		`Helpline 1800 ${a} ${b}`,
		`SAC 0800 ${a} ${b}`,
	),
);

const cardEnding = digits(1000, 9999).chain((last) =>
	fc.constantFrom(
		`card ending ${last}`,
		`****${last}`,
		`尾号${last}`,
		`tarjeta terminada en ${last}`,
		`Card XX${last}`,
		`карта *${last}`,
		`${last} ile biten kartınız`,
		`cartão final ${last}`,
	),
);

const distractor = fc.oneof(amount, date, time, phone, reference, hotline, cardEnding);

/** Puts each distractor at the start, at the end, or at a line or sentence boundary of the message. */
function insert(text: string, additions: Array<{ text: string; where: number }>): string {
	if (looksLikeHtml(text)) {
		let html = text;
		for (const { text: addition, where } of additions) {
			if (where % 2 === 0) html = html.replace(/<body([^>]*)>/i, (body) => `${body}<p>${addition}</p>`);
			else html = html.replace(/<\/body>/i, `<p>${addition}</p></body>`);
			if (!/<body/i.test(html)) html = `<p>${addition}</p>${html}`;
		}
		return html;
	}
	const boundaries = [0, text.length];
	for (const match of text.matchAll(/\n|[.!?。] /g)) boundaries.push((match.index ?? 0) + match[0].length);
	boundaries.sort((a, b) => a - b);
	let result = text;
	// From the end, so earlier positions stay valid.
	const placed = additions
		.map(({ text: addition, where }) => ({ addition, at: boundaries[where % boundaries.length] }))
		.sort((a, b) => b.at - a.at);
	for (const { addition, at } of placed) {
		const before = result.slice(0, at);
		const after = result.slice(at);
		const lead = at === 0 ? '' : /\s$/.test(before) ? '' : '\n';
		result = `${before}${lead}${addition}${at === result.length ? '' : '\n'}${after}`;
	}
	return result;
}

describe('extraction property: distractors never change the code into another code', () => {
	test('the corpus has enough messages with a code to draw from', () => {
		expect(WITH_CODE.length).toBeGreaterThanOrEqual(250);
	});

	test('random distractors around corpus messages: the same code or a refusal', () => {
		const seen = { same: 0, refused: 0 };
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: WITH_CODE.length - 1 }),
				fc.array(fc.record({ text: distractor, where: fc.nat() }), { minLength: 1, maxLength: 4 }),
				(index, additions) => {
					const message = WITH_CODE[index];
					const text = insert(message.text, additions);
					try {
						const { code } = extractCode(text, message.descriptor);
						if (code !== message.expected) {
							throw new Error(`[${message.lang}] ${message.note}: got ${code}, expected ${message.expected}\n${text}`);
						}
						seen.same++;
					} catch (error) {
						if (!isReconbankerInputError(error)) throw error;
						expect(['ambiguous', 'not_found', 'bidi_control']).toContain(error.reason);
						seen.refused++;
					}
				},
			),
			{ numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
		);
		console.log(`Distractor property: code kept ${seen.same}, refused ${seen.refused}, wrong 0`);
	});
});
