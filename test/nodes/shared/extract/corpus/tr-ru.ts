import { type CorpusMessage, EIGHT, FIVE, FOUR, SIX } from './types';

type Descriptor = CorpusMessage['descriptor'];
const make =
	(lang: CorpusMessage['lang']) =>
	(note: string, text: string, expected: string, descriptor?: Descriptor): CorpusMessage => ({
		lang,
		note,
		text,
		expected,
		descriptor,
	});
const tr = make('tr');
const ru = make('ru');

export const TR: CorpusMessage[] = [
	tr('Garanti BBVA', 'Garanti BBVA internet bankaciligi giris sifreniz: 482913. Bu sifreyi kimseyle paylasmayiniz. B002', '482913'),
	tr('Akbank', 'Akbank: 1234 ile biten kartinizla ZARA\'dan yapacaginiz 1.250,00 TL tutarli alisveris icin dogrulama kodunuz: 482913', '482913'),
	tr('İş Bankası', 'Isbank: Tek kullanimlik sifreniz 482913. Sifrenizi kimseyle paylasmayiniz. Mersis: 0481002231300164', '482913'),
	tr('Yapı Kredi', 'Yapi Kredi: 28.11.2026 14:05 tarihli 350,00 TL tutarindaki EFT isleminiz icin onay kodunuz 482913\'dir.', '482913'),
	tr('Ziraat', 'Ziraat Bankasi: Dogrulama Kodu: 482913. Kodunuzu kimseyle paylasmayiniz. Musteri Hizmetleri 0850 220 00 00', '482913'),
	tr('QNB', 'QNB Finansbank: Mobil onay kodunuz 482913. Islem tutari 89,90 TL. Kod 180 saniye gecerlidir.', '482913'),
	tr('Trendyol', 'Trendyol dogrulama kodunuz: 482913. Bu kodu kimseyle paylasmayin.', '482913'),
	tr('Getir', 'Getir: Giris kodunuz 4829. Kodunuzu kimseyle paylasmayin.', '4829'),
	tr('e-Devlet', 'e-Devlet Kapisi tek kullanimlik sifreniz: 482913', '482913'),
	tr('Türkçe harfler', 'Doğrulama kodunuz: 482913. Bu şifreyi kimseyle paylaşmayınız.', '482913'),
	tr('Harcama bildirimi', 'Kartinizla 28.11.2026 18:42 tarihinde MIGROS\'ta 245,30 TL harcama yapilmistir. Kullanilabilir limit 12.315,77 TL. Bilgi: 444 0 333', 'none'),
	tr('Kargo', 'Yurtici Kargo: 123456789012 nolu gonderiniz dagitima cikmistir. Takip: yk.example/t', 'none'),
	tr('Olumsuzluk', 'Dikkat: kodunuz 551234 değil. Doğru kod 482913.', '482913'),
	tr('İki kod', 'Giris sifreniz 482913, islem sifreniz 771204.', 'ambiguous'),
	tr('Kampanya kodu', 'Kampanya kodu KASIM50 ile 500 TL ve uzeri alisverislerde 50 TL indirim! Ret icin RET yaz 3340\'a gonder', 'none'),
	tr('Papara', 'Papara onay kodunuz: 482913. Bu kodu kimseyle paylasmayin. Papara calisanlari sifrenizi asla sormaz.', '482913'),
	tr('Sipariş no ile', 'Siparis no 1234567890 icin teslimat kodunuz: 4829', '4829', FOUR),
	tr('8 haneli', 'Denizbank: Onay kodunuz 4829 1306', '48291306', EIGHT),
	tr('Sohbet', 'kod 482 913 bu', '482913'),
	tr('Süre', 'Sifreniz 482913. 3 dakika icinde kullaniniz.', '482913'),
];

export const RU: CorpusMessage[] = [
	ru('Сбербанк вход', 'Код: 48291. Никому не сообщайте его. Вход в СберБанк Онлайн.', '48291', FIVE),
	ru('Сбербанк покупка', 'Покупка 1 250,00р. в OZON по карте *1234. Код подтверждения: 482913. Никому не сообщайте код.', '482913'),
	ru('Сбербанк перевод', 'Перевод 5000р получателю ИВАН ИВАНОВИЧ И. Код: 482913. Никому его не сообщайте.', '482913'),
	ru('Тинькофф', 'Никому не говорите код 4829! Вход в Тинькофф', '4829'),
	ru('Тинькофф покупка', 'Код подтверждения операции: 482913. Покупка на сумму 2 349 ₽ в WILDBERRIES. Никому не сообщайте.', '482913'),
	ru('ВТБ', 'Код для подтверждения операции: 482913. Никому не сообщайте этот код, даже сотруднику банка ВТБ.', '482913'),
	ru('Альфа', 'Альфа-Банк: 482913 — код для входа в Альфа-Онлайн. Никому его не сообщайте.', '482913'),
	ru('Госуслуги', 'Код подтверждения: 482913. Никому не сообщайте код, даже если его требуют от имени Госуслуг!', '482913'),
	ru('Яндекс', 'Ваш код подтверждения: 4829. Наберите его в поле ввода.', '4829'),
	ru('Ozon', 'Ozon: код для входа 482913. Не сообщайте его никому.', '482913'),
	ru('ВКонтакте', 'VK: 482913 — ваш код для входа. Не сообщайте его никому.', '482913'),
	ru('Пароль', 'Одноразовый пароль: 482913. Операция: оплата 890,00 RUB. Карта MIR-1234.', '482913'),
	ru('Списание без кода', 'ECMC1234 28.11.26 18:42 покупка 245.30р MAGNIT Баланс: 12315.77р', 'none'),
	ru('Зачисление', 'Зачисление 15 000 ₽ на счёт *4417 от ИВАНОВ И. Баланс 48 291,30 ₽', 'none'),
	ru('Горячая линия', 'Код 482913. Если вы не запрашивали код, позвоните по номеру 900.', '482913'),
	ru('Отрицание', 'Внимание: код не 551234. Ваш код 482913.', '482913'),
	ru('Два кода', 'Код для входа 482913, код для перевода 771204', 'ambiguous'),
	ru('Промокод', 'Промокод OZON500 даёт скидку 500 ₽ при заказе от 3000 ₽ до 31.12.2026.', 'none'),
	ru('Почта', 'Почта России: отправление 12345678901234 прибыло в отделение 101000. Хранение до 05.12.2026.', 'none'),
	ru('Украина Приват', 'ПриватБанк: Код 482913 для підтвердження платежу 1 250,00 грн. Нікому не повідомляйте.', '482913'),
	ru('Монобанк', 'monobank: пароль 4829 для входу. Нікому не кажіть.', '4829'),
	ru('Запятая', 'Код: 482913, действует 5 минут', '482913'),
	ru('Чат', 'вот код 482-913', '482913'),
	ru('8 цифр', 'Ваш код 4829 1306', '48291306', EIGHT),
	ru('Без кода, номер телефона', 'Вам звонили с номера +7 (495) 123-45-67. Перезвоните по телефону 8-800-555-35-35', 'none'),
	ru('Номер заказа', 'Заказ № 48291306 оформлен. Код для получения: 4829', '4829', FOUR),
	ru('Сбер 6 с датой', 'СберБанк: 28.11.2026 12:30 вход в СберБанк Онлайн. Код 482913', '482913', SIX),
];
