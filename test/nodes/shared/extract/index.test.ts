import type { CodeDescriptor } from '../../../../nodes/shared/descriptor';
import { ReconbankerInputError } from '../../../../nodes/shared/errors';
import { extractCode } from '../../../../nodes/shared/extract';

const SIX: CodeDescriptor = { length: 6, type: 'numeric', purpose: 'login' };
const FOUR: CodeDescriptor = { length: 4, type: 'numeric' };
const EIGHT: CodeDescriptor = { length: 8, type: 'numeric' };
const ALNUM6: CodeDescriptor = { length: 6, type: 'alphanumeric' };
const SEVEN: CodeDescriptor = { length: 7, type: 'numeric' };

function failure(text: string, descriptor?: CodeDescriptor | null): ReconbankerInputError {
	try {
		extractCode(text, descriptor);
	} catch (error) {
		if (error instanceof ReconbankerInputError) return error;
		throw error;
	}
	throw new Error('expected extractCode to throw');
}

// ---------------------------------------------------------------------------------------------
// HTML e-mails used below
// ---------------------------------------------------------------------------------------------

const HTML_SPLIT_TAGS = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Your sign-in code</title>
<style>.code{font-size:28px;letter-spacing:6px} @media (max-width:600px){.wrap{width:100%!important}}</style>
<script>window.dataLayer=[{uid:"55512345",ts:20261128}];</script></head>
<body>
<div style="display:none;max-height:0">Your verification code inside</div>
<table width="600" cellpadding="0"><tr><td><img src="https://cdn.bank.example/logo.png?v=20261128" alt="Bank"></td></tr>
<tr><td>
  <p>Hello Ana,</p>
  <p>Your one-time code is:</p>
  <p class="code"><b>48</b><b>29</b><b>13</b></p>
  <p>It expires in 10 minutes.</p>
</td></tr>
<tr><td style="font-size:11px">Didn't ask for it?
  <a href="https://click.bank.example/ls/click?upn=123456789&amp;id=998877">Secure your account</a>
  &middot; <a href="https://bank.example/privacy?c=771204">Privacy</a></td></tr>
</table>
<img src="https://t.bank.example/open/1x1.gif?u=55511234&amp;m=202611" width="1" height="1">
</body></html>`;

const HTML_DIGIT_BOXES = `<html><body>
<h1>Confirm it's you</h1>
<p>Enter this code in the app:</p>
<table role="presentation"><tr>
  <td class="digit">0</td>
  <td class="digit">7</td>
  <td class="digit">3</td>
  <td class="digit">5</td>
  <td class="digit">1</td>
  <td class="digit">9</td>
</tr></table>
<p>Sent on 28/11/2026 at 12:30 to a&#8226;&#8226;&#8226;@example.com</p>
</body></html>`;

const HTML_ENTITIES_ES = `<html><body>
<div>Hola Ana,</div>
<div>Tu c&oacute;digo de verificaci&oacute;n es: <strong>&#52;&#56;&#50;&nbsp;&#x39;&#x31;&#x33;</strong></div>
<div>Importe: 1.234,56&nbsp;&euro; &mdash; Fecha: 28/11/2026 12:30</div>
<div>Si no has sido t&uacute;, ll&aacute;manos al 900&nbsp;102&nbsp;801.</div>
<hr>
<div style="font-size:10px">Banco Ejemplo, S.A. CIF A-12345678. Paseo de la Castellana 259, C.P. 28046 Madrid. &copy; 2026</div>
</body></html>`;

const HTML_SPAN_LABEL = `<html><body><table><tr>
<td><span style="color:#555">Code</span><span style="font-weight:bold">331907</span></td>
</tr><tr><td>Order #4410923 &middot; Total $1,029.99</td></tr></table></body></html>`;

const HTML_TWO_CODES = `<html><body>
<p>Your login code: <b>482913</b></p>
<p>Your payment approval code: <b>771204</b></p>
</body></html>`;

const HTML_NO_CODE = `<html><body>
<p>Your November statement is ready.</p>
<p>Balance: <b>$1,234.56</b> &middot; Due 2026-12-15</p>
<p><a href="https://bank.example/statements/2026/11?id=99887766">View statement</a></p>
<p>Questions? Call (555) 123-4567.</p>
</body></html>`;

// ---------------------------------------------------------------------------------------------
// The table: real-looking messages and the one code each must yield
// ---------------------------------------------------------------------------------------------

interface Found {
	name: string;
	text: string;
	descriptor?: CodeDescriptor | null;
	code: string;
	mentions?: number;
}

const FOUND: Found[] = [
	// --- English bank / service SMS -----------------------------------------------------------
	{ name: 'plain English SMS', text: 'Your verification code is 482913. It expires in 10 minutes.', code: '482913' },
	{
		name: 'code first, "is your … code"',
		text: "123098 is your Amazon OTP. Don't share it with anyone.",
		code: '123098',
	},
	{ name: 'Google G- prefix', text: 'G-482913 is your Google verification code.', code: '482913' },
	{
		name: 'purchase alert with amount, card ending, date, time and phone',
		text: "Chase: Purchase of $1,234.56 at AMAZON with card ending in 1234 on 2026-11-28 12:30. Code: 58294301. Call +1 (555) 123-4567 if this wasn't you.",
		code: '58294301',
	},
	{
		name: 'USD prefix, masked account, OTP, Ref',
		text: 'USD 50 transfer to acct ****7788 needs approval. OTP 908172. Ref: 998877.',
		code: '908172',
	},
	{ name: 'order number next to the code', text: 'Order #123456 confirmed. Your login code is 4829.', code: '4829' },
	{
		name: 'e-mail address and bare-domain link with digits',
		text: 'Use 482913 to verify. Questions? help123@bank.example or bank.example/help/1234',
		code: '482913',
	},
	{ name: 'opt-out short code', text: 'Your code is 482913. Reply STOP to 12345 to opt out.', code: '482913' },
	{ name: 'US-style date with dots', text: '11.28.2026: your code 639201, valid 5 min', code: '639201' },
	{
		name: 'PayPal style, colon after "is"',
		text: "PayPal: Your security code is: 482913. Your code expires in 10 minutes. Please don't reply.",
		code: '482913',
	},
	{
		name: 'amount code, card ending with 5 digits',
		text: 'Amex: The code for card ending 31007 is 648213. Valid until 3pm.',
		code: '648213',
	},
	{
		name: 'fraction-like date without year',
		text: 'Wells Fargo: Purchase of $82.40 at WHOLE FOODS on 11/28. Reply YES if it was you. Code: 318204',
		code: '318204',
	},
	{
		name: 'WebOTP origin line repeats the code',
		text: 'Your Bank code is 482913.\n\n@bank.example #482913',
		code: '482913',
		mentions: 2,
	},
	{
		name: 'account number after "Account"',
		text: 'Account 44556677: use code 482913 to approve the new payee.',
		code: '482913',
	},
	{
		name: 'transaction id with prefix, 4-digit passcode',
		text: 'Transaction ID: TX-99887766. Passcode 5521.',
		code: '5521',
	},
	{ name: 'copyright year is not a code', text: '© 2025 Example Bank. Your code is 482913', code: '482913' },
	{ name: 'year-like PIN introduced by a keyword', text: 'Your PIN is 1987', descriptor: FOUR, code: '1987' },
	{
		name: 'number glued to letters ignored',
		text: 'Use 482913 to sign in. (msg id a55512345b, user_77889900)',
		code: '482913',
	},
	{ name: 'Microsoft 7 digits', text: 'Use verification code 4829103 for Microsoft authentication.', code: '4829103' },
	{
		name: 'Telegram login',
		text: 'Telegram code: 48291\n\nDo not give this code to anyone, even if they say they are from Telegram!',
		code: '48291',
	},
	{
		name: 'amounts without currency need the descriptor',
		text: 'Transfer 2500 to 55443322? Confirm with 482913.',
		descriptor: SIX,
		code: '482913',
	},
	{
		name: 'full card number written in blocks',
		text: 'Card 4111 1111 1111 1111 added. Verification code 620194.',
		code: '620194',
	},

	// --- Spanish bank SMS ---------------------------------------------------------------------
	{
		name: 'BBVA clave de un solo uso with amount and card',
		text: 'BBVA: Tu clave de un solo uso para la compra de 25,00 EUR en AMAZON con tarjeta terminada en 1234 es 482913.',
		code: '482913',
	},
	{
		name: 'CaixaBank código with ***card, amount and phone',
		text: 'CaixaBank: Código 552031 para operar con tu tarjeta ***4321 por 59,90 EUR en ZALANDO. Si no eres tú, llama al 900 40 40 90.',
		code: '552031',
	},
	{
		name: 'código de verificación, € amount, date',
		text: 'Código de verificación: 482913. Operación: compra por 1.234,56 € en tarjeta terminada en 9876 el 28/11/2026.',
		code: '482913',
	},
	{
		name: 'Santander Clave SMS with IBAN',
		text: 'Santander: Tu Clave SMS para confirmar la transferencia de 300,00€ a ES91 2100 0418 4502 0005 1332 es 620917. No la compartas con nadie.',
		code: '620917',
	},
	{ name: 'ING code first', text: 'ING: 482913 es tu clave de confirmación. Nunca te la pediremos por teléfono.', code: '482913' },
	{
		// Without the descriptor this is ambiguous (one 8-digit code or two 4-digit ones): see AMBIGUOUS.
		name: 'Bankinter code in two blocks, length 8',
		text: 'Bankinter: Firma la operación con el código 4829 1032 (válido 5 min).',
		descriptor: EIGHT,
		code: '48291032',
	},
	{
		name: 'contraseña de un solo uso keeps leading zero',
		text: 'Sabadell: tu contraseña de un solo uso es 09182736. Importe: 1.500,00€',
		code: '09182736',
	},
	{
		name: 'Mexico NIP dinámico, $ MXN, hrs',
		text: 'BBVA México: Tu NIP dinámico es 482913. Monto $1,500.00 MXN. Fecha 28/11/2026 12:30 hrs.',
		code: '482913',
	},
	{
		name: 'Argentina token, Nº operation number, S/ style amount',
		text: 'Banco Galicia: tu Token de seguridad es 730218. Operación Nº 55443322 por $ 12.500,00.',
		code: '730218',
	},
	{
		name: 'Colombia clave dinámica, cuenta *4455',
		text: 'Bancolombia le informa: Clave dinamica 482913 para transferencia a cuenta *4455. 28/11/2026 12:30',
		code: '482913',
	},
	{
		name: 'Peru, sol amount, two blocks, length 8',
		text: 'BCP: Tu clave digital es 4829 6130 para la operación S/ 250.00',
		descriptor: EIGHT,
		code: '48296130',
	},
	{ name: 'clave de operación is the code', text: 'Clave de operación: 774411. Válida 3 minutos.', code: '774411' },
	{
		name: 'valid-until time and date, dashed reference',
		text: 'Tu clave es 771204. Válida hasta las 12:30 del 28/11/2026. Ref. 20261128-001',
		code: '771204',
	},
	{ name: 'Chile 5 digits', text: 'Tu código de seguridad BancoEstado es 48291. No lo compartas.', code: '48291' },

	// --- HTML e-mails -----------------------------------------------------------------------
	{ name: 'HTML: code split across <b> tags, tracking URLs', text: HTML_SPLIT_TAGS, code: '482913' },
	{
		name: 'HTML: one digit per table cell (descriptor)',
		text: HTML_DIGIT_BOXES,
		descriptor: SIX,
		code: '073519',
	},
	{ name: 'HTML: one digit per table cell (no descriptor)', text: HTML_DIGIT_BOXES, code: '073519' },
	{ name: 'HTML: numeric entities, NBSP, € amount, phone, CIF, postcode', text: HTML_ENTITIES_ES, code: '482913' },
	{ name: 'HTML: label and code in adjacent spans', text: HTML_SPAN_LABEL, code: '331907' },

	// --- Chat replies (Slack, Telegram, WhatsApp) --------------------------------------------
	{ name: 'chat: spaced code', text: "it's 482 913", code: '482913' },
	{ name: 'chat: Arabic-Indic digits', text: 'code: ٤٨٢٩١٣', code: '482913' },
	{ name: 'chat: Extended Arabic-Indic (Persian) digits', text: 'کد: ۴۸۲۹۱۳', code: '482913' },
	{ name: 'chat: full-width digits', text: 'コードは４８２９１３です', code: '482913' },
	{ name: 'chat: bare code', text: '  482913\n', code: '482913' },
	{ name: 'chat: Slack bold', text: 'the code is *482913* 🙏', code: '482913' },
	{ name: 'chat: markdown bold and backticks', text: 'here: **482913** (also `482913`)', code: '482913', mentions: 2 },
	{ name: 'chat: dashed code', text: 'ok here: 482-913', code: '482913' },
	{ name: 'chat: pairs with descriptor length 6', text: 'sent you the code -> 48 29 13', descriptor: SIX, code: '482913' },
	{ name: 'chat: digits one by one', text: 'the code is 4 8 2 9 1 3', code: '482913' },
	{ name: 'chat: en dash between groups', text: 'código 482–913', code: '482913' },
	{
		name: 'chat: Slack link with digits is ignored',
		text: '<https://bank.example/verify?c=556677|verify here> code 482913',
		code: '482913',
	},
	{
		name: 'chat: forwarded WhatsApp message with its timestamp',
		text: '[28/11/2026, 12:30] Bank: 482913 is your code',
		code: '482913',
	},
	{
		name: 'chat: same code written twice in two ways',
		text: 'its 482913 — i mean 482 913, same thing',
		code: '482913',
		mentions: 2,
	},

	// --- Alphanumeric descriptors -----------------------------------------------------------
	{ name: 'alphanumeric: letters and digits', text: 'Your code is K7P2QX', descriptor: ALNUM6, code: 'K7P2QX' },
	{ name: 'alphanumeric: lower case after a colon', text: 'Tu código: ab12cd', descriptor: ALNUM6, code: 'ab12cd' },
	{ name: 'alphanumeric: letters only after a keyword', text: 'Your code is ABCDEF.', descriptor: ALNUM6, code: 'ABCDEF' },
	{
		name: 'alphanumeric: ordinary 6-letter words are not codes',
		text: 'Please verify within 10 minutes using 7XK2QP',
		descriptor: ALNUM6,
		code: '7XK2QP',
	},
	{ name: 'alphanumeric: dashed groups', text: 'Security code: XK4-P2Q', descriptor: ALNUM6, code: 'XK4P2Q' },
	{
		name: 'alphanumeric: order id is a reference',
		text: 'Order A12345 shipped. Code: Q9W8E7',
		descriptor: ALNUM6,
		code: 'Q9W8E7',
	},
	{
		name: 'unknown type is treated as alphanumeric',
		text: 'Login code 4F9A2C',
		descriptor: { length: 6, type: 'hex' },
		code: '4F9A2C',
	},
	{ name: 'alphanumeric descriptor still takes a digits-only code', text: 'Your code is 482913', descriptor: ALNUM6, code: '482913' },

	// --- More distractors -------------------------------------------------------------------
	{
		name: 'India: Rs. amount and XX card mask',
		text: 'Dear customer, 482913 is the OTP for your transaction of Rs. 1500 on card XX1234. Valid 3 mins. -HDFC Bank',
		code: '482913',
	},
	{ name: 'order number right before the code', text: 'Order 12345 482913 is your code', code: '482913' },
	{ name: 'chat: local phone number after "call me at"', text: 'Code is 482913, thanks! Call me at 555-1234', code: '482913' },
	{ name: 'chat: 3+4 dashed number reads as a phone', text: 'Code is 482913, my number 555-1234', code: '482913' },
	{ name: 'branch and office numbers', text: 'Tu clave: 482913. Sucursal 0182, oficina 5521', code: '482913' },
	{ name: 'postcode after "código postal"', text: 'Código postal 28046. Tu código 482913', code: '482913' },
	{ name: 'IP address and version numbers', text: 'Please enter 482913. IP 192.168.1.20, app 2.3.1', code: '482913' },
	{ name: 'German date/time', text: 'Dein Code lautet 482913. Gültig bis 28.11.2026, 12:30 Uhr.', code: '482913' },
	{ name: 'ISO timestamp', text: 'Your code is 482913 (expires 2026-11-28T12:30:00Z)', code: '482913' },
	{ name: 'month-name date and 12-hour time', text: 'Your code is 271828; it expires at 3 pm on Nov 28, 2026', code: '271828' },
	{ name: 'Spanish long date', text: 'Tu código de acceso es 314159 y caduca el 28 de noviembre de 2026', code: '314159' },
	{ name: 'e-mail header date in the body', text: 'Code: 482913\nSent: Fri, 28 Nov 2026 12:30:45 +0100', code: '482913' },
	{ name: 'duration in seconds', text: 'Your code is 482913 — valid for 300 seconds', code: '482913' },
	{ name: 'toll-free number with dashes', text: 'Your code 482913. Not you? call 1-800-555-0199', code: '482913' },
	{ name: 'digit-run phone after a full stop', text: 'Call us at 900100200. 482913 is your code', code: '482913' },
	{ name: 'case number', text: 'Your verification code is 482913. Case #00123456', code: '482913' },
	{
		name: 'a group glued to "_" does not start a split code',
		text: 'Code 771204 (session_12 34 56)',
		descriptor: SIX,
		code: '771204',
	},

	// --- Groups of 4 and more: joined only when the length says so ---------------------------
	{ name: 'two blocks of 4, length 8 → one code', text: 'Your code: 1234 5678', descriptor: EIGHT, code: '12345678' },
	{ name: 'dashed blocks of 4, length 8 → one code', text: 'Your code: 1234-5678', descriptor: EIGHT, code: '12345678' },
	{ name: 'blocks of 3 join without a descriptor (not codes alone)', text: 'Your code: 482 913', code: '482913' },
	{ name: 'blocks of 2 join without a descriptor', text: 'Your code: 48 29 13 01', code: '48291301' },
	// normaliseCode accepts dots between groups, so extraction reads them too.
	{ name: 'a dotted code after a code word', text: 'Código: 482.913', code: '482913' },
];

describe('extractCode: finds the code in real-looking messages', () => {
	test.each(FOUND)('$name', ({ text, descriptor, code, mentions }) => {
		const result = extractCode(text, descriptor);
		expect(result.code).toBe(code);
		expect(result.candidatesConsidered).toBe(mentions ?? 1);
	});

	test('the table is large enough to mean something', () => {
		expect(FOUND.length).toBeGreaterThanOrEqual(40);
	});
});

// ---------------------------------------------------------------------------------------------
// Ambiguous: never pick one
// ---------------------------------------------------------------------------------------------

interface Refused {
	name: string;
	text: string;
	descriptor?: CodeDescriptor | null;
	count: number;
	/** Values that must not appear in the error message. */
	values: string[];
}

const AMBIGUOUS: Refused[] = [
	{
		name: 'new and expired code',
		text: 'Your code is 482913. Your previous code 551234 has expired.',
		count: 2,
		values: ['482913', '551234'],
	},
	{ name: 'two codes for two actions', text: 'Use 482913 to log in or 771204 to confirm the payment.', count: 2, values: ['482913', '771204'] },
	{
		name: 'amounts without currency and an account number',
		text: 'Transfer 2500 to 55443322? Confirm with 482913.',
		count: 3,
		values: ['2500', '55443322', '482913'],
	},
	{ name: 'HTML with two codes', text: HTML_TWO_CODES, count: 2, values: ['482913', '771204'] },
	{ name: 'two codes of the asked length', text: 'Codes: 1111 or 2222', descriptor: FOUR, count: 2, values: ['1111', '2222'] },
	{
		name: 'chat with two different codes',
		text: 'first one was 482 913 but then another sms said 551234',
		descriptor: SIX,
		count: 2,
		values: ['482913', '551234'],
	},
	// Without a length, blocks that are codes on their own have more than one reading: one joined
	// code, or one code per block. Each reading is a candidate, so the count is blocks + 1.
	{
		name: 'no descriptor: two blocks of 4 (one 8-digit code or two 4-digit codes)',
		text: 'Your code: 1234 5678',
		count: 3,
		values: ['12345678', '1234', '5678'],
	},
	{
		name: 'no descriptor: dashed blocks of 4',
		text: 'Your code: 1234-5678',
		count: 3,
		values: ['12345678', '1234', '5678'],
	},
	{
		name: 'no descriptor: Bankinter code in two blocks',
		text: 'Bankinter: Firma la operación con el código 4829 1032 (válido 5 min).',
		count: 3,
		values: ['48291032', '4829', '1032'],
	},
	{
		name: 'no descriptor: Peru code in two blocks',
		text: 'BCP: Tu clave digital es 4829 6130 para la operación S/ 250.00',
		count: 3,
		values: ['48296130', '4829', '6130'],
	},
	{
		// Same block twice: still two readings, 1234 (repeated) or 12341234.
		name: 'no descriptor: the same block of 4 twice',
		text: 'Your code: 1234 1234',
		count: 2,
		values: ['12341234', '1234'],
	},
	{
		// 1234, 5678, and the two blocks read as one 8-digit code (a rival though 8 ≠ 4).
		name: 'length 4: two blocks of 4 are two different codes',
		text: 'Your code: 1234 5678',
		descriptor: FOUR,
		count: 3,
		values: ['1234', '5678', '12345678'],
	},
];

describe('extractCode: refuses to choose between different codes', () => {
	test.each(AMBIGUOUS)('$name', ({ text, descriptor, count, values }) => {
		const error = failure(text, descriptor);
		expect(error.reason).toBe('ambiguous');
		expect(error.details.candidates).toBe(count);
		expect(error.message).toContain(`Found ${count} different possible codes`);
		for (const value of values) expect(error.message).not.toContain(value);
		expect(error.message).not.toMatch(/\d{4,}/);
	});
});

// ---------------------------------------------------------------------------------------------
// No code
// ---------------------------------------------------------------------------------------------

const NOT_FOUND: Array<{ name: string; text: string; descriptor?: CodeDescriptor | null }> = [
	{ name: 'statement e-mail with only distractors', text: HTML_NO_CODE },
	{ name: 'chat with no code', text: 'Hi Ana, the bank did not send anything yet 🙁' },
	{
		name: 'payment alert: amount, date, time, card ending, reference',
		text: 'Payment of 120.00 EUR on 28/11/2026 at 12:30 with card ending in 1234. Ref: 998877.',
	},
	{ name: 'Spanish alert: importe, tarjeta, teléfono', text: 'Cargo de 1.234,56 € en tu tarjeta ****9876. Dudas: +34 600 123 456.' },
	{ name: 'year alone', text: 'Your 2026 statement is ready.' },
	{ name: 'phone in blocks and short numbers', text: 'Call 900 100 200, option 3, between 9 and 18 h.' },
	{ name: 'code of the wrong length for the descriptor', text: 'Your code is 4829', descriptor: SIX },
	{ name: 'letters for a numeric request', text: 'Your code is K7P2QX', descriptor: SIX },
	{ name: 'numbers glued to letters', text: 'Your ticket is AB482913 and ref x4829', descriptor: null },
	{ name: 'URL-only digits', text: 'Verify here: https://bank.example/v/482913?t=20261128' },
	{ name: 'alphanumeric: ordinary words only', text: 'Please verify before Monday', descriptor: ALNUM6 },
	{ name: 'groups that are not one code', text: 'Ref 11 22 and then 1111 2222 3333', descriptor: null },
	{ name: 'alphanumeric: status word after the keyword', text: 'CODE EXPIRED', descriptor: { type: 'alphanumeric' } },
	{ name: 'alphanumeric: lower-case word after "code is"', text: 'Your code is ready', descriptor: { type: 'alphanumeric' } },
	{ name: 'too long to be a code', text: 'Your code is 12345678901' },
];

describe('extractCode: says when there is no code', () => {
	test.each(NOT_FOUND)('$name', ({ text, descriptor }) => {
		const error = failure(text, descriptor);
		expect(error.reason).toBe('not_found');
		expect(error.message).toMatch(/^No one-time code was found in the message/);
		expect(error.details.candidates).toBe(0);
	});

	test('the message says what was looked for', () => {
		expect(failure('nothing here').message).toContain('a 4–8 digit code');
		expect(failure('nothing here', SIX).message).toContain('a 6-digit code');
		expect(failure('nothing here', EIGHT).message).toContain('an 8-digit code');
		expect(failure('nothing here', ALNUM6).message).toContain('a 6-character alphanumeric code');
		expect(failure('nothing here', { type: 'alphanumeric' }).message).toContain('an alphanumeric code of 4–8 characters');
	});
});

// Timings are not asserted (the machine is shared); these inputs must finish and answer cleanly.
describe('extractCode: hostile input ends in an answer, not a hang or a stack overflow', () => {
	test.each([
		['long digit run', '1'.repeat(300_000)],
		['dash-joined pairs', '12-'.repeat(100_000)],
		['masks and spaces', 'x '.repeat(100_000) + '1'],
		['dotted number', '1.'.repeat(100_000) + 'a'],
		['unclosed scripts', '<p>x</p>' + '<script>'.repeat(50_000)],
		['unclosed comments', '<p>x</p>' + '<!--'.repeat(50_000)],
		['stray angle brackets', '<p'.repeat(100_000)],
		['nested hidden elements', '<div style="display:none">'.repeat(50_000) + 'x' + '</div>'.repeat(50_000)],
		['a megabyte of SMS lines', 'Your code is 482913. Amount $1,234.56 on 28/11/2026, call +1 555 123 4567, ref 998877\n'.repeat(11_900)],
		['a megabyte of dashes', '-'.repeat(1_000_000) + '1'],
		['a megabyte of letters', 'a'.repeat(1_000_000)],
		['big HTML', '<html><body>' + '<tr><td>Row <b>12</b> $1,234.56 28/11/2026 ref 998877 https://x.example/a?b=1</td></tr>'.repeat(5_000) + '<p>Code <b>482913</b></p></body></html>'],
	])('%s', (_name, text) => {
		try {
			extractCode(text);
		} catch (error) {
			expect(error).toBeInstanceOf(ReconbankerInputError);
		}
	});
});

describe('extractCode: input checks', () => {
	test.each(['', '   ', '\n\t'])('empty text %j', (text) => {
		expect(failure(text).reason).toBe('empty');
	});

	test('non-string input', () => {
		expect(failure(482913 as unknown as string).reason).toBe('invalid_type');
		expect(failure(null as unknown as string).reason).toBe('invalid_type');
	});

	test('absurdly long input', () => {
		expect(failure('a'.repeat(1_048_577)).reason).toBe('too_long');
		expect(failure('a'.repeat(1_048_577)).details).toEqual({ actualLength: 1_048_577, maxLength: 1_048_576 });
	});

	test('errors are ReconbankerInputError instances with a name', () => {
		const error = failure('nothing here');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('ReconbankerInputError');
	});
});

describe('extractCode: descriptor narrows the search', () => {
	const text = 'PIN 4829 for card changes. Login code 482913. Backup 48291032.';

	test('without a descriptor all three are plausible', () => {
		const error = failure(text);
		expect(error.reason).toBe('ambiguous');
		expect(error.details.candidates).toBe(3);
	});

	test.each([
		[FOUR, '4829'],
		[SIX, '482913'],
		[EIGHT, '48291032'],
	])('length %o picks %s', (descriptor, code) => {
		expect(extractCode(text, descriptor).code).toBe(code);
	});

	test('a length of 0, negative or fractional means "unknown"', () => {
		expect(failure(text, { length: 0 }).reason).toBe('ambiguous');
		expect(failure(text, { length: -6 }).reason).toBe('ambiguous');
		expect(failure(text, { length: 6.5 }).reason).toBe('ambiguous');
	});

	test('length without type searches digits only', () => {
		expect(extractCode('Code AB12CD or 482913', { length: 6 }).code).toBe('482913');
	});

	test('alphanumeric with the same text sees both', () => {
		expect(failure('Code AB12CD or 482913', ALNUM6).reason).toBe('ambiguous');
	});
});

// ---------------------------------------------------------------------------------------------
// The wrong codes of issue 7: each must now be the right code or a refusal
// ---------------------------------------------------------------------------------------------

describe('extractCode: the cases that used to return wrong codes', () => {
	test.each<[string, string, CodeDescriptor | undefined, string]>([
		['full-width comma after the code, hotline later', '【工商银行】验证码582019，5分钟内有效。如非本人操作请致电95588。', undefined, '582019'],
		['ASCII comma glued to the next number', '验证码582019,5分钟内有效', undefined, '582019'],
		['"No." next to "Clave" is not a reference label', 'Clave No. 482913 para tu retiro. Folio de retiro 739201', undefined, '482913'],
		['TAN-Nr.', 'Ihre TAN-Nr. 482913 für den Auftrag vom 28.11.2026', undefined, '482913'],
		['dots as normaliseCode accepts them', 'Código: 482.913', undefined, '482913'],
		['spaces', 'Código: 482 913', undefined, '482913'],
		['dashes', 'Código: 482-913', undefined, '482913'],
		['WhatsApp code is not a phone when a code word says so', 'Tu código de WhatsApp: 482-913', undefined, '482913'],
		['a code the text disowns', 'The code is NOT 551234. Your code is 482913.', undefined, '482913'],
		['4+3 group for a 7-digit request', 'Your code is 1234 567', SEVEN, '1234567'],
		['Persian digits', 'کد تایید: ۴۸۲۹۱۳', undefined, '482913'],
		['Arabic-Indic digits', 'رمز التحقق: ٤٨٢٩١٣', undefined, '482913'],
		['Devanagari digits', 'आपका OTP ४८२९१३ है', undefined, '482913'],
		['full-width digits', 'コード：４８２９１３', undefined, '482913'],
		['invisible marks inside the code', 'Code: 4\u200E8\u200F2\u061C9\u180E1\uFEFF3', undefined, '482913'],
		['<br> split like other tag splits', '<p>Code: 482<br>913</p>', SIX, '482913'],
		['<wbr> split', '<p>Code: 482<wbr>913</p>', undefined, '482913'],
		['hidden preheader with another code', '<html><body><div style="display:none">Code 551234</div><p>Your code: <b>482913</b></p></body></html>', undefined, '482913'],
	])('%s', (_name, text, descriptor, code) => {
		expect(extractCode(text, descriptor).code).toBe(code);
	});

	test.each<[string, string, CodeDescriptor | undefined, ReconbankerInputError['reason']]>([
		['the only code is negated (en)', 'Your code is not 551234', undefined, 'not_found'],
		['the only code is negated (es)', 'Tu código no es 551234', undefined, 'not_found'],
		['the only code is negated (de)', 'Ihr Code ist nicht 551234', undefined, 'not_found'],
		['the only code is negated (ru)', 'Ваш код не 551234', undefined, 'not_found'],
		['the only code is negated (zh)', '验证码不是551234', undefined, 'not_found'],
		['4+3 group for a 6-digit request', 'Your code is 1234 567', SIX, 'ambiguous'],
		['4+3 group with no descriptor', 'Your code is 1234 567', undefined, 'ambiguous'],
		['4+3 group for a 4-digit request', 'Your code is 1234 567', FOUR, 'ambiguous'],
		['right-to-left override around the code', 'Your code is \u202E319284\u202C', undefined, 'bidi_control'],
		['isolate around the code', 'رمز التحقق: \u2066482913\u2069', undefined, 'bidi_control'],
		['<bdo> in HTML', '<p>Your code is <bdo dir="rtl">319284</bdo></p>', undefined, 'bidi_control'],
		['a date and a time read as one number', 'ECMC1234 28.11.26 18:42 покупка 245.30р', undefined, 'ambiguous'],
	])('%s → %s', (_name, text, descriptor, reason) => {
		const error = failure(text, descriptor);
		expect(error.reason).toBe(reason);
		// No candidate value in the message (code points such as U+202E are four hex digits).
		expect(error.message).not.toMatch(/\d{5,}/);
	});

	test('the bidi refusal says why and what to do', () => {
		expect(failure('code \u2066482913\u2069').message).toMatch(/text-direction controls.*remove the controls, or enter the code directly/);
	});

	test('a negated code is named in the not-found message', () => {
		expect(failure('Your code is not 551234').message).toContain('The message says one number is not the code.');
	});

	test('the result tells whether a code word anchored the code and how many distractors were set aside', () => {
		expect(extractCode('Rs. 1500 spent on card XX1234. OTP: 482913')).toEqual({
			code: '482913',
			candidatesConsidered: 1,
			anchored: true,
			distractorsIgnored: 1,
		});
	});
});
