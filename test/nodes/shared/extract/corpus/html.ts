import { type CorpusMessage, EIGHT, SIX } from './types';

/** Wraps a body in the boilerplate of a transactional e-mail (head, styles, tracking pixel, footer). */
function email(options: { lang: string; preheader?: string; preheaderStyle?: string; body: string; footer?: string }): string {
	const preheader =
		options.preheader === undefined
			? ''
			: `<div style="${options.preheaderStyle ?? 'display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all'}">${options.preheader}</div>`;
	return `<!DOCTYPE html>
<html lang="${options.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Security code</title>
<style type="text/css">
  body{margin:0;padding:0} .code{font-size:32px;letter-spacing:8px;font-weight:700}
  @media only screen and (max-width:600px){ .wrap{width:100%!important} .hide-mobile{display:none!important} }
</style>
<script type="application/ld+json">{"@context":"http://schema.org","orderNumber":"771204","priceCurrency":"EUR","price":"1250.00"}</script>
</head>
<body>
${preheader}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">
<table class="wrap" width="600" cellpadding="0" cellspacing="0">
<tr><td><img src="https://cdn.mail.example/logo.png?v=20261128" width="120" height="40" alt=""></td></tr>
<tr><td style="padding:24px">
${options.body}
</td></tr>
<tr><td style="font-size:11px;color:#888">${options.footer ?? 'Example Bank plc, 1 Main Street, London EC2V 7HQ. Registered in England No. 02065. &copy; 2026'}
<br><a href="https://click.mail.example/ls/click?upn=551234998877&amp;u=48291306">Unsubscribe</a> &middot; <a href="https://mail.example/privacy?c=730218">Privacy</a></td></tr>
</table></td></tr></table>
<img src="https://t.mail.example/open/1x1.gif?u=55511234&amp;m=202611" width="1" height="1" alt="">
</body></html>`;
}

const html = (lang: CorpusMessage['lang'], note: string, text: string, expected: string, descriptor?: CorpusMessage['descriptor']): CorpusMessage => ({
	lang,
	note: `HTML: ${note}`,
	text,
	expected,
	descriptor,
});

export const HTML: CorpusMessage[] = [
	html('en', 'code in a big cell, preheader repeats it', email({ lang: 'en', preheader: 'Your code is 482913', body: '<p>Hi Ana,</p><p>Use this code to sign in:</p><p class="code">482913</p><p>It expires in 10 minutes.</p>' }), '482913'),
	html('en', 'preheader with a stale code must not win', email({ lang: 'en', preheader: 'Your code is 551234', body: '<p>Your verification code:</p><p class="code">482913</p>' }), '482913'),
	html('en', 'preheader only (hidden), visible text has no code', email({ lang: 'en', preheader: 'Your code is 551234', body: '<p>You asked to reset your password. Open the app to continue.</p>' }), 'none'),
	html('en', 'preheader hidden by a class in the head', `<html><head><style>.preheader{display:none!important;visibility:hidden;mso-hide:all;font-size:1px;max-height:0;overflow:hidden}</style></head><body><span class="preheader">Code 551234 inside</span><p>Your one-time code is <strong>482913</strong>.</p></body></html>`, '482913'),
	html('en', 'digit boxes in table cells', email({ lang: 'en', body: '<h1>Confirm it\'s you</h1><p>Enter this code in the app:</p><table role="presentation"><tr><td class="digit">0</td><td class="digit">7</td><td class="digit">3</td><td class="digit">5</td><td class="digit">1</td><td class="digit">9</td></tr></table><p>Sent on 28/11/2026 at 12:30</p>' }), '073519'),
	html('en', 'code split across bold tags', email({ lang: 'en', body: '<p>Your one-time code is:</p><p class="code"><b>48</b><b>29</b><b>13</b></p>' }), '482913'),
	html('en', 'code split by <wbr>', email({ lang: 'en', body: '<p>Verification code: <span class="code">482<wbr>913</span></p>' }), '482913'),
	html('en', 'code split by <br> with descriptor', email({ lang: 'en', body: '<p>Verification code:<br><span class="code">4829<br>1306</span></p>' }), '48291306', EIGHT),
	html('en', 'label and value in two cells', email({ lang: 'en', body: '<table><tr><td>Verification code</td><td><b>482913</b></td></tr><tr><td>Amount</td><td>$1,250.00</td></tr><tr><td>Merchant</td><td>ACME #4417</td></tr><tr><td>Date</td><td>Nov 28, 2026 12:30 PM</td></tr></table>' }), '482913'),
	html('en', 'label span and code span', '<html><body><table><tr><td><span style="color:#555">Code</span><span style="font-weight:bold">331907</span></td></tr><tr><td>Order #4410923 &middot; Total $1,029.99</td></tr></table></body></html>', '331907'),
	html('en', 'two codes in two paragraphs', '<html><body><p>Your login code: <b>482913</b></p><p>Your payment approval code: <b>771204</b></p></body></html>', 'ambiguous'),
	html('en', 'statement, no code', email({ lang: 'en', body: '<p>Your November statement is ready.</p><p>Balance: <b>$1,234.56</b> &middot; Due 2026-12-15</p><p><a href="https://bank.example/statements/2026/11?id=99887766">View statement</a></p><p>Questions? Call (555) 123-4567.</p>' }), 'none'),
	html('en', 'entities for digits', '<html><body><p>Your code is <b>&#52;&#56;&#50;&#57;&#49;&#51;</b></p></body></html>', '482913'),
	html('en', 'bdo reverses the code', '<html><body><p>Your code is <bdo dir="rtl">319284</bdo></p></body></html>', 'bidi'),
	html('en', 'hidden span inside the code (anti-copy)', '<html><body><p>Your code is 48<span style="display:none">00</span>2913</p></body></html>', '482913', SIX),
	html('es', 'entidades, NBSP, importe, teléfono, CIF', `<html><body><div>Hola Ana,</div><div>Tu c&oacute;digo de verificaci&oacute;n es: <strong>&#52;&#56;&#50;&nbsp;&#x39;&#x31;&#x33;</strong></div><div>Importe: 1.234,56&nbsp;&euro; &mdash; Fecha: 28/11/2026 12:30</div><div>Si no has sido t&uacute;, ll&aacute;manos al 900&nbsp;102&nbsp;801.</div><hr><div style="font-size:10px">Banco Ejemplo, S.A. CIF A-12345678. Paseo de la Castellana 259, C.P. 28046 Madrid. &copy; 2026</div></body></html>`, '482913'),
	html('de', 'TAN in einer Tabelle', email({ lang: 'de', preheader: 'Ihre TAN für die Überweisung', body: '<p>Guten Tag,</p><table><tr><td>Empfänger</td><td>Stadtwerke München</td></tr><tr><td>IBAN</td><td>DE89 3704 0044 0532 0130 00</td></tr><tr><td>Betrag</td><td>89,90 EUR</td></tr><tr><td>TAN</td><td><b>482913</b></td></tr></table>', footer: 'Beispielbank AG, Amtsgericht Frankfurt HRB 12345, USt-IdNr. DE123456789' }), '482913'),
	html('fr', 'code avec pré-en-tête', email({ lang: 'fr', preheader: 'Votre code de sécurité : 482913', body: '<p>Bonjour,</p><p>Votre code de sécurité est :</p><p class="code">482 913</p><p>Il expire dans 10 minutes.</p>', footer: 'Banque Exemple SA, RCS Paris 552 120 222, 75009 Paris' }), '482913'),
	html('pt', 'código e valor', email({ lang: 'pt', body: '<p>Olá,</p><p>Use o código abaixo para confirmar o Pix de <b>R$ 1.250,00</b>:</p><p class="code">730218</p><p>CNPJ 00.000.000/0001-91</p>', footer: 'Banco Exemplo S.A. – SAC 0800 729 0722' }), '730218'),
	html('it', 'codice OTP', email({ lang: 'it', body: '<p>Gentile cliente,</p><p>il tuo codice OTP è <strong>482913</strong>.</p><p>Importo: 59,90 EUR – Carta che termina con 1234</p>', footer: 'Banca Esempio S.p.A. – P.IVA 01234567890 – CAP 20121 Milano' }), '482913'),
	html('nl', 'verificatiecode', email({ lang: 'nl', body: '<p>Hallo,</p><p>Je verificatiecode is:</p><p class="code">482913</p>', footer: 'Voorbeeldbank N.V., KvK 33031431, Postcode 1012 AB' }), '482913'),
	html('ja', '認証コード', email({ lang: 'ja', body: '<p>いつもご利用ありがとうございます。</p><p>認証コード：<b>482913</b></p><p>有効期限：2026年11月28日 12時40分</p>', footer: 'サンプル銀行株式会社 〒100-0005 東京都千代田区丸の内1-1-1 お問い合わせ 0120-123-456' }), '482913'),
	html('zh', '验证码邮件', email({ lang: 'zh', preheader: '您的验证码', body: '<p>尊敬的客户：</p><p>您的验证码为：<span class="code">482913</span>，10分钟内有效。</p><p>客服热线：95588</p>' }), '482913'),
	html('ko', '인증번호 메일', email({ lang: 'ko', body: '<p>안녕하세요.</p><p>인증번호: <strong>482913</strong></p><p>고객센터 1588-1688</p>' }), '482913'),
	html('ar', 'رمز في جدول', email({ lang: 'ar', body: '<div dir="rtl"><p>رمز التحقق الخاص بك:</p><p class="code">482913</p><p>المبلغ: 250.00 ريال</p></div>' }), '482913'),
	html('ru', 'код в письме', email({ lang: 'ru', body: '<p>Здравствуйте!</p><p>Ваш код подтверждения: <b>482913</b></p><p>Сумма: 1 250,00 ₽</p>', footer: 'АО «Пример Банк», ИНН 7707083893, 8-800-555-35-35' }), '482913'),
	html('tr', 'doğrulama kodu', email({ lang: 'tr', body: '<p>Merhaba,</p><p>Doğrulama kodunuz: <b>482913</b></p><p>Tutar: 1.250,00 TL</p>', footer: 'Örnek Bank A.Ş. Mersis No: 0481002231300164 Müşteri Hizmetleri 444 0 333' }), '482913'),
	html('pl', 'kod w mailu', email({ lang: 'pl', body: '<p>Dzień dobry,</p><p>Twój kod: <b>482913</b></p><p>Kwota: 1 250,00 PLN</p>', footer: 'Przykładowy Bank S.A., NIP 526-021-50-88, KRS 0000010205' }), '482913'),
	html('hi', 'OTP ईमेल', email({ lang: 'hi', body: '<p>प्रिय ग्राहक,</p><p>आपका OTP <b>482913</b> है।</p><p>राशि: ₹2,500.00</p>' }), '482913'),
	html('fa', 'کد در ایمیل', email({ lang: 'fa', body: '<div dir="rtl"><p>کد تایید شما:</p><p class="code">۴۸۲۹۱۳</p></div>' }), '482913'),
	html('en', 'responsive duplicate (mobile copy hidden by media query only)', email({ lang: 'en', body: '<p class="hide-mobile">Your code: <b>482913</b></p><p>Your code: <b>482913</b></p>' }), '482913'),
	// Browsers end the hidden div at </body>: nothing of it shows, so there is no code to read.
	html('en', 'hidden div closed only by </body>', '<html><body><div style="display:none">Your code is 551234<p>Your code is 482913</p></body></html>', 'none'),
	html('en', 'hidden div never closed at all', '<div style="display:none">Your code is 551234<p>Your code is 482913</p>', 'ambiguous'),
];
