import { type CorpusMessage, EIGHT, SIX } from './types';

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
const de = make('de');
const fr = make('fr');
const it = make('it');
const nl = make('nl');
const pl = make('pl');

export const DE: CorpusMessage[] = [
	de('Sparkasse pushTAN-SMS', 'Sparkasse: Ihre TAN für die Überweisung von 150,00 EUR an Max Mustermann, IBAN DE89 3704 0044 0532 0130 00, lautet 482913.', '482913'),
	de('mTAN kurz', 'Ihre mTAN lautet: 482913. Auftrag: Überweisung 1.250,00 EUR an DE02120300000000202051.', '482913'),
	de('TAN-Nr.', 'Ihre TAN-Nr. 482913 für den Auftrag vom 28.11.2026, 12:30 Uhr. Geben Sie diese TAN niemals weiter.', '482913'),
	de('Commerzbank', 'Commerzbank: Ihre TAN: 482913 für Überweisung an Stadtwerke, Betrag 89,90 EUR. Ref. 2026112801', '482913'),
	de('Volksbank smsTAN', 'VR-Bank: smsTAN 482913 gültig bis 12:40 Uhr für Überweisung von 500,00 EUR.', '482913'),
	de('N26', 'N26: Dein Bestätigungscode lautet 482913. Gib diesen Code niemals weiter.', '482913'),
	de('DKB', 'DKB: Ihr Sicherheitscode lautet 4829 1306. Gültig für 5 Minuten.', '48291306', EIGHT),
	de('Dienst', 'Dein Code lautet 482913. Gültig bis 28.11.2026, 12:30 Uhr.', '482913'),
	de('Amazon.de', '482913 ist Ihr Amazon-Einmalpasswort. Geben Sie es nicht weiter.', '482913'),
	de('PayPal de', 'PayPal: Ihr Sicherheitscode lautet: 482913. Der Code läuft in 10 Minuten ab.', '482913'),
	de('Kennwort', 'Ihr Einmal-Kennwort: 482913. Bitte nicht weitergeben. Kundennummer 55443322', '482913'),
	de('Kontostand ohne Code', 'Ihr Kontostand am 28.11.2026: 2.315,77 EUR. Letzte Buchung: -82,40 EUR REWE. Kundenservice 0800 123 4567', 'none'),
	de('Paket ohne Code', 'DHL: Ihre Sendung 00340434161234567890 wird heute zwischen 10:00 und 14:00 Uhr zugestellt.', 'none'),
	de('Negation', 'Achtung: Der Code ist nicht 551234. Ihr Code lautet 482913.', '482913'),
	de('Zwei TANs', 'TAN 1: 482913, TAN 2: 771204', 'ambiguous'),
	de('Packstation Abholcode', 'Ihr Paket liegt in der Packstation 112. Abholcode: 4829. Abholung bis 05.12.2026.', '4829'),
	de('Bestellnummer', 'Bestellnummer 302-1234567-7654321: Ihr Bestätigungscode ist 482913.', '482913'),
	de('Gutscheincode', 'Ihr Gutscheincode WINTER26 gilt bis 31.12.2026 für Bestellungen ab 50 EUR.', 'none'),
	de('Bestätigung mit Uhrzeit', 'Bestätigungscode: 482913 (gültig bis 12.30 Uhr)', '482913'),
	de('Schweiz', 'UBS: Ihr Bestätigungscode ist 482913. Betrag CHF 1\'250.00. Nie weitergeben.', '482913'),
];

export const FR: CorpusMessage[] = [
	fr('Crédit Agricole', 'Crédit Agricole : votre code de confirmation est 482913. Ne le communiquez à personne.', '482913'),
	fr('BNP Clé Digitale', 'BNP Paribas : Code de sécurité 482913 pour valider votre paiement de 49,90 EUR chez FNAC. Ce code est valable 5 minutes.', '482913'),
	fr('Société Générale', 'SG : 482913 est votre code pour valider l\'ajout du bénéficiaire FR76 3000 6000 0112 3456 7890 189. Ne le communiquez jamais.', '482913'),
	fr('La Banque Postale', 'La Banque Postale : votre code de validation est 48291306. Il expire dans 10 min.', '48291306', EIGHT),
	fr('Boursorama', 'Boursorama Banque : votre code de sécurité est le 482913. Ne le communiquez à personne, même à un conseiller.', '482913'),
	fr('Service', 'Votre code de vérification est : 482 913', '482913'),
	fr('Leboncoin', '482913 est votre code de vérification leboncoin.', '482913'),
	fr('Ameli', 'Ameli : votre code de sécurité est 482913. Il est valable 10 minutes.', '482913'),
	fr('Achat sans code', 'Votre carte se terminant par 4417 a été débitée de 89,90 EUR le 28/11/2026 à 14h05 chez CARREFOUR.', 'none'),
	fr('Colis', 'Colissimo : votre colis 6A12345678901 sera livré le 29/11. Suivi sur laposte.example/suivi', 'none'),
	fr('Négation', 'Attention, le code n\'est pas 551234. Votre code est 482913.', '482913'),
	fr('Code promo', 'Profitez de -20% avec le code promo NOEL26 jusqu\'au 24/12. STOP au 36180', 'none'),
	fr('Code postal', 'Livraison au code postal 75011. Votre code de retrait : 4829', '4829'),
	fr('Deux codes', 'Votre code est 482913. L\'ancien code 551234 n\'est plus valable.', 'ambiguous'),
	fr('Belgique', 'KBC : Votre code de signature est 482913. Montant : 1.250,00 EUR. Bénéficiaire BE68 5390 0754 7034.', '482913'),
];

export const IT: CorpusMessage[] = [
	it('Intesa', 'Intesa Sanpaolo: il codice per autorizzare il bonifico di 250,00 EUR e\' 482913. Non comunicarlo a nessuno.', '482913'),
	it('UniCredit', 'UniCredit: Codice OTP 482913 per il pagamento di EUR 59,90 presso AMAZON con carta che termina con 1234.', '482913'),
	it('Poste', 'PosteID: il tuo codice di conferma è 482913. Non condividerlo con nessuno.', '482913'),
	it('Fineco', 'Fineco: 482913 è il codice per confermare l\'operazione. Valido 3 minuti.', '482913'),
	it('BPER', 'BPER: codice di sicurezza 4829 1306 per accesso da nuovo dispositivo', '48291306', EIGHT),
	it('Satispay', 'Il tuo codice Satispay è 4829. Non condividerlo.', '4829'),
	it('Nexi', 'Nexi: il codice per l\'acquisto di 129,00 EUR su ZALANDO del 28/11/2026 è 730218.', '730218'),
	it('Movimento senza codice', 'Carta *4417: pagamento di 45,30 EUR presso ESSELUNGA il 28/11 alle 18:42. Disponibile 1.315,77 EUR.', 'none'),
	it('Codice fiscale', 'Il tuo codice fiscale RSSMRA80A01H501U è stato verificato. Codice di accesso 482913.', '482913'),
	it('Negazione', 'Attenzione: il codice non è 551234. Il tuo codice è 482913.', '482913'),
	it('CAP e ordine', 'Ordine 4052-123 in consegna al CAP 20121 entro il 30/11.', 'none'),
	it('Due codici', 'Codice accesso 482913, codice dispositivo 771204', 'ambiguous'),
	it('SPID', 'Il codice OTP per accedere con SPID è: 482913. Scade tra 60 secondi.', '482913'),
	it('Buono sconto', 'Usa il codice sconto CIAO10 entro il 31/12 sugli ordini sopra 50 euro.', 'none'),
	it('Chat', 'eccolo: 482 913', '482913'),
];

export const NL: CorpusMessage[] = [
	nl('ING NL', 'ING: Je verificatiecode is 482913. Deel deze code nooit met anderen.', '482913'),
	nl('Rabobank', 'Rabobank: Gebruik code 482913 om je betaling van € 125,00 aan J. Jansen te bevestigen.', '482913'),
	nl('ABN AMRO', 'ABN AMRO: uw inlogcode is 48291306. Deze code is 5 minuten geldig.', '48291306', EIGHT),
	nl('bunq', '482913 is je bunq verificatiecode. Geef hem nooit aan iemand anders.', '482913'),
	nl('DigiD', 'Uw DigiD sms-code is: 482913. Deze code is 10 minuten geldig.', '482913'),
	nl('Bol.com', 'Je beveiligingscode voor bol.com is 482913.', '482913'),
	nl('PostNL', 'PostNL: je pakket 3SABCD1234567 wordt morgen tussen 13:00 en 16:00 bezorgd. Postcode 1012 AB.', 'none'),
	nl('Betaling zonder code', 'Betaling van € 45,30 met pas eindigend op 4417 bij ALBERT HEIJN op 28-11-2026 om 18:42.', 'none'),
	nl('Negatie', 'Let op: de code is niet 551234. Je code is 482913.', '482913'),
	nl('Twee codes', 'Code voor inloggen: 482913. Code voor betalen: 771204.', 'ambiguous'),
	nl('Kortingscode', 'Gebruik kortingscode WINTER25 voor 10% korting t/m 31-12-2026.', 'none'),
	nl('Tikkie', 'Tikkie: je code is 4829. Deel deze niet.', '4829'),
	nl('Belgisch', 'Belfius: uw bevestigingscode is 482913. Bedrag 1.250,00 EUR naar BE71 0961 2345 6769.', '482913'),
];

export const PL: CorpusMessage[] = [
	pl('PKO BP', 'PKO BP: Kod SMS: 48291306 do przelewu na rachunek 12 1020 1026 0000 0102 0304 0506 kwota 250,00 PLN. Nie podawaj kodu nikomu.', '48291306'),
	pl('mBank', 'mBank: Operacja nr 1 z dnia 28-11-2026. Przelew na kwote 150,00 PLN. Haslo: 48291306', '48291306', EIGHT),
	pl('ING PL', 'ING: Kod do autoryzacji: 482913. Przelew 89,90 PLN do ALLEGRO. Nie przekazuj go nikomu.', '482913'),
	pl('Santander PL', 'Santander: Twój kod SMS to 482913. Płatność kartą ...1234 kwota 59,99 PLN w ZALANDO.', '482913'),
	pl('Pekao', 'Pekao: Kod autoryzacyjny 482913 do logowania z nowego urządzenia. Nie udostępniaj kodu.', '482913'),
	pl('BLIK', 'Twój kod BLIK to 482913. Ważny 2 minuty.', '482913'),
	pl('Allegro', 'Allegro: 482913 to Twój kod weryfikacyjny.', '482913'),
	pl('InPost', 'InPost: Paczka nr 620012345678901234567890 czeka w Paczkomacie KRA01M. Kod odbioru: 482913', '482913'),
	pl('Płatność bez kodu', 'Alior: Platnosc karta ...4417 kwota 45,30 PLN w BIEDRONKA 28.11.2026 18:42. Saldo 1 315,77 PLN', 'none'),
	pl('Negacja', 'Uwaga: kod to nie 551234. Twój kod: 482913', '482913'),
	pl('Dwa kody', 'Kod logowania 482913, kod transakcji 771204', 'ambiguous'),
	pl('Kod pocztowy', 'Adres dostawy: kod pocztowy 00-950 Warszawa. Twój kod: 4829', '4829'),
	pl('Hasło', 'Millennium: Haslo SMS do transakcji: 482913. Kwota 1 250,00 PLN.', '482913'),
	pl('Chat', 'kod: 482-913', '482913'),
	pl('Dla alfanumerycznego', 'Kod aktywacyjny: K7P2QX', 'K7P2QX', { length: 6, type: 'alphanumeric' }),
	pl('Numeryczny pyta 6', 'Kod aktywacyjny: K7P2QX', 'none', SIX),
];
