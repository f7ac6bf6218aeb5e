import { analyseText } from '../../../../nodes/shared/extract';
import { findCodeWords, findWebOtpCodes, isCodeWord, isNegated } from '../../../../nodes/shared/extract/keywords';
import { findContainers } from '../../../../nodes/shared/extract/labels';
import { SpanIndex } from '../../../../nodes/shared/extract/spans';
import { foldForExtraction } from '../../../../nodes/shared/extract/fold';

function codeWordsIn(text: string): string[] {
	const folded = foldForExtraction(text);
	return findCodeWords(folded, new SpanIndex(findContainers(folded))).all().map((span) => folded.slice(span.start, span.end));
}

/** The anchor of the candidate with this value. */
function anchorOf(text: string, value: string): string | null {
	const candidate = analyseText(text).find((item) => item.value === value);
	if (candidate === undefined) throw new Error(`no candidate ${value}`);
	return candidate.anchor;
}

describe('code words in many languages', () => {
	test.each([
		['验证码582019', '验证码'], ['驗證碼：482913', '驗證碼'], ['校验码482913', '校验码'], ['動態密碼482913', '動態密碼'],
		['認証コード：482913', '認証コード'], ['確認コード 482913', '確認コード'], ['인증번호 482913', '인증번호'],
		['код 482913', 'код'], ['Код подтверждения: 482913', 'Код'], ['kod: 482913', 'kod'], ['şifreniz 482913', 'şifreniz'],
		['doğrulama kodunuz 482913', 'kodunuz'], ['TAN 482913', 'TAN'], ['mTAN 482913', 'mTAN'], ['OTP 482913', 'OTP'],
		['PIN 4829', 'PIN'], ['clave 482913', 'clave'], ['código 482913', 'código'], ['codigo 482913', 'codigo'],
		['senha 482913', 'senha'], ['code 482913', 'code'], ['Code 482913', 'Code'], ['Kennwort 482913', 'Kennwort'],
		['Bestätigungscode 482913', 'Bestätigungscode'], ['verification code 482913', 'code'], ['رمز 482913', 'رمز'],
		['کد 482913', 'کد'], ['कोड 482913', 'कोड'], ['ओटीपी 482913', 'ओटीपी'], ['hasło 482913', 'hasło'],
	])('%s', (text, word) => {
		expect(codeWordsIn(text)).toContain(word);
	});

	test.each([
		['zip code 94103'], ['código postal 28046'], ['promo code SAVE20'], ['https://x.example/?code=482913'],
		['code@bank.example'], ['Postcode 1012'], ['优惠码SALE'], ['کد پیگیری 123'], ['tan lines'], ['pin a message'],
	])('not a code word where it names something else: %s', (text) => {
		expect(codeWordsIn(text)).toEqual([]);
	});

	test('isCodeWord', () => {
		expect(isCodeWord('CODE')).toBe(true);
		expect(isCodeWord('Clave')).toBe(true);
		expect(isCodeWord('ABCDEF')).toBe(false);
	});
});

describe('anchors', () => {
	test.each([
		['Your code is 482913', 'before-copula'],
		['Código: 482913', 'before-colon'],
		['TAN-Nr. 482913', 'before'],
		['Clave No. 482913', 'before'],
		['Tu código de WhatsApp: 482913', 'before-colon'],
		['验证码为582019', 'before-copula'],
		['認証コードは「482913」です', 'before-copula'],
		['482913 is your Amazon OTP', 'after'],
		['582019是您的验证码', 'after'],
		['482913 — ваш код', 'after'],
		['Your code is:\n482913', 'before-colon'],
		['OTP for txn of INR 5,000.00 on card XX4417 is 731904', 'loose-before'],
		['Use 482913 to verify your account', 'loose-before'],
		['@bank.example #482913', 'webotp'],
	])('%s → %s', (text, kind) => {
		const value = /\d{6}/.exec(text)?.[0] as string;
		expect(anchorOf(text, value)).toBe(kind);
	});

	test.each([
		['a distractor between the code word and the number', 'Code sent to your phone ending 4829 today', '4829'],
		['a sentence end between', 'Your code expired. 482913 is your order', '482913'],
		['too many words between', 'The code that we sent you earlier today was 482913', '482913'],
	])('no strong anchor: %s', (_name, text, value) => {
		expect(['before', 'before-colon', 'before-copula', 'after']).not.toContain(anchorOf(text, value));
	});
});

describe('negation', () => {
	test.each([
		['The code is NOT 123456'], ['El código no es 123456'], ['Der Code ist nicht 123456'], ['Код не 123456'],
		['验证码不是123456'], ['Le code n\'est pas 123456'], ['Il codice non è 123456'], ['O código não é 123456'],
		['De code is niet 123456'], ['الرمز ليس 123456'], ['123456 is not your code'], ['kodunuz 123456 değil'],
		['認証コードは123456ではありません'], ['인증번호는 123456가 아닙니다'], ['کد شما 123456 نیست'], ['कोड 123456 नहीं है'],
	])('%s', (text) => {
		const folded = foldForExtraction(text);
		const start = folded.indexOf('123456');
		expect(isNegated(folded, start, start + 6)).toBe(true);
	});

	test.each([['Do not share this code: 123456'], ['No compartas tu clave 123456'], ['Никому не сообщайте код 123456'], ['Clave No. 123456']])(
		'not a negation of the code: %s',
		(text) => {
			const folded = foldForExtraction(text);
			const start = folded.indexOf('123456');
			expect(isNegated(folded, start, start + 6)).toBe(false);
		},
	);
});

describe('WebOTP lines', () => {
	test('"@origin #code" at the start of a line', () => {
		const text = 'Your code is 482913.\n\n@bank.example #482913 @pay.example';
		const spans = findWebOtpCodes(text).all();
		expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['482913']);
	});

	test('not inside a sentence or an e-mail address', () => {
		expect(findWebOtpCodes('write to a@bank.example #482913').size).toBe(0);
	});
});
