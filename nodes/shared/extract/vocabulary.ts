/**
 * The words extraction reads, in many languages: what names a one-time code, what names something
 * else (an order, a card, a phone, an amount), copulas and negations. Regex sources only; the rules
 * that use them live in keywords.ts and labels.ts.
 *
 * All sources are for the 'u' flag and run on folded text (see fold.ts): ASCII digits, '-' for every
 * dash, NFKC letters.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

/** Not preceded by a letter, mark or digit (Devanagari vowel signs are marks, not letters). */
export const WORD_START = '(?<![\\p{L}\\p{M}\\p{N}])';
/** Not followed by a letter or mark (a digit may follow: "OTP482913", "TAN:123456"). */
export const WORD_END = '(?![\\p{L}\\p{M}])';

export function words(list: readonly string[]): string {
	return `${WORD_START}(?:${list.join('|')})${WORD_END}`;
}

// ---------------------------------------------------------------------------------------------
// Words that name the one-time code
// ---------------------------------------------------------------------------------------------

/** Case-insensitive, with word boundaries. */
export const CODE_WORDS = [
	// English (and the "code" of fr, nl, de compounds below)
	'codes?', 'passcodes?', 'one[ -]?time (?:password|passcode|pin|code)', 'otps?', 'passwords?', '2fa', 'mfa',
	'tokens?', 'security key',
	// German / Dutch compounds ending in "code" (an allow-list: "Postcode", "Barcode" are not codes)
	// Compounds ending in "code" ("Bestätigungscode", "verificatiecode", "NetCode"); the ones that name
	// something else ("Postcode", "Barcode", "Gutscheincode") are OTHER_CODE_PHRASES, which hide code words.
	'\\p{L}[\\p{L}-]{0,30}codes?', '(?:super|multi|e-?)clave',
	'kennwort', 'passwort', 'einmal-?passwort', '(?:m|sms|chip|push|photo|e|i)tan',
	// Spanish / Portuguese / Italian / French
	'c[oó]digos?', 'clave', 'claves', 'contrase[nñ]a', 'senha', 'codice', 'codici', 'mot de passe', 'parola',
	'wachtwoord',
	// Polish / Turkish / Indonesian
	'kod(?:u|em|y|zie)?', 'has(?:ł|l)(?:o|a|em)', 'kod(?:u|un|unuz|unu|unuzdur|uyla|unuzla|lar[ıi])',
	'[sş]ifre(?:niz|nizdir|si|n|yi|yle)?', 'kode',
	// Russian / Ukrainian
	'код(?:а|у|ом|ы)?', 'парол(?:ь|я|ем)',
	// Hindi
	'कोड', 'ओटीपी', 'पासवर्ड', 'पिन',
	// Arabic / Persian (with the article and attached pronouns Arabic writes as one word)
	'(?:ال|بال|وال|لل|ب|و)?(?:رمز|كود)(?:ك|كم|ه|ی|تان)?', 'کد', 'کدتان', 'رمز(?:تان)?', 'كلمة (?:المرور|السر)',
];

/**
 * Verbs that hand over a code ("Use 482913 to verify", "Enter 482913", "Введите 482913"): a loose
 * anchor only, right before the candidate.
 */
export const USE_WORDS = [
	'use', 'enter', 'type', 'input', 'usa', 'utiliza', 'introduce', 'ingresa', 'ingres[aá]', 'digite', 'digita', 'informe',
	'insira', 'utilize', 'entrez', 'saisissez', 'utilisez', 'tapez', 'inserisci', 'digita', 'utilizza', 'gebruik', 'voer',
	'wpisz', 'u(?:ż|z)yj', 'podaj', 'girin', 'giriniz', 'kullan(?:[ıi]n(?:[ıi]z)?)?', 'введите', 'используйте', 'укажите',
	'geben sie', 'gib', 'verwenden sie', 'nutze', 'أدخل', 'ادخل', 'استخدم', 'وارد کنید', 'दर्ज करें',
];
export const USE_WORDS_CJK = ['输入', '輸入', '填写', '入力', '입력'];
/** After a candidate: "… to verify", "… para confirmar", "… zur Bestätigung". A loose anchor only. */
export const USE_AFTER = [
	'to (?:verify|confirm|sign in|log ?in|login|authenticate|approve|complete|continue|access|reset|activate|validate)',
	'para (?:verificar|confirmar|validar|acceder|autorizar|activar|entrar|acessar|continuar)', 'zur (?:best[äa]tigung|anmeldung|freigabe)',
	'pour (?:valider|confirmer|vous connecter|continuer)', 'per (?:confermare|accedere|autorizzare)', 'om (?:te bevestigen|in te loggen)',
	'aby (?:potwierdzi(?:ć|c)|zalogowa(?:ć|c))', 'для (?:входа|подтверждения)',
];

/** Case-sensitive: "TAN", "PIN" and "NIP" are ordinary words in lower case ("tan", "pin a message"). */
export const CODE_WORDS_CASED = ['\\p{Ll}{0,12}TANs?', 'PIN', 'Pin', 'PINs', 'NIP'];

/** Scripts with no spaces between words: matched anywhere. */
export const CODE_WORDS_CJK = [
	// Chinese (simplified, traditional)
	'验证码', '驗證碼', '校验码', '校驗碼', '动态码', '動態碼', '动态密码', '動態密碼', '确认码', '確認碼', '授权码',
	'授權碼', '口令', '密码', '密碼', '短信码',
	// Japanese
	'認証コード', '確認コード', '認証番号', '確認番号', 'ワンタイムパスワード', 'パスコード', '暗証番号', 'セキュリティコード',
	'コード',
	// Korean
	'인증번호', '인증 번호', '인증코드', '확인코드', '보안코드', '비밀번호', '인증 코드',
];

/**
 * Phrases with a code word that name something else: a postal code, a promotion, a tracking number.
 * A code word inside one anchors nothing, and what follows is labelled a reference.
 */
export const OTHER_CODE_PHRASES = [
	// English
	'(?:promo(?:tion(?:al)?)?|discount|coupon|voucher|gift|referral|invite|invitation|tracking|zip|postal|post|area|country|dialling|dialing|sort|swift|bic|branch|error|status|reason|product|item|reference|booking|reservation|order|customer|client|member|merchant|tax|vat|qr|bar|short|pin) ?-?codes?',
	'zipcode', 'postcode', 'barcode', 'pincode', 'promocode', 'unicode', 'source ?code', 'quellcode', 'dresscode',
	'geocode', 'hashcode', 'shortcode', 'areacode', 'l[äa]ndercode', 'landcode', 'farbcode', 'strichcode', 'qr-?code',
	'ean-?code', 'swift-?code', 'bic-?code', 'iban-?code', 'sortcode', 'postleitcode',
	// Spanish / Portuguese
	'c[oó]digo (?:postal|promocional|de (?:descuento|cup[oó]n|cupom|promoci[oó]n|seguimiento|rastreo|rastreamento|rastreio|referencia|refer[eê]ncia|barras|cliente|error|erro|producto|produto|sucursal|oficina|reserva|pedido|invitaci[oó]n|convite|[aá]rea|pa[ií]s|banco|comercio|aprobaci[oó]n|desconto)|do (?:boleto|pedido|produto|cliente|banco)|da (?:reserva|ag[eê]ncia))',
	// French / Italian
	'code (?:postal|promo(?:tionnel)?|de (?:r[ée]duction|suivi|parrainage|r[ée]servation|r[ée]f[ée]rence)|client|d\'erreur|erreur|barres?|-barres|banque|guichet|iban|bic)',
	'codice (?:postale|fiscale|sconto|promozionale|promo|cliente|di (?:sconto|tracciamento|spedizione|prenotazione|riferimento|errore|invito)|a barre|errore|iban|prodotto)',
	// German / Dutch
	'postleitzahl', 'bankleitzahl', '(?:gutschein|rabatt|aktions|fehler|promo|einladungs|kunden|qr|korting|actie|promotie|klant|fout|kortings)-?code',
	// Polish / Turkish
	'kod(?:u|em)? (?:pocztow\\p{L}*|rabatow\\p{L}*|promocyjn\\p{L}*|klienta|b(?:ł|l)(?:ę|e)du|kreskow\\p{L}*|produktu|zaproszenia|(?:ś|s)ledzenia|oddzia(?:ł|l)u|banku)',
	'(?:posta|indirim|kampanya|hata|m[üu][şs]teri|takip|kargo|referans|promosyon|davet|[üu]r[üu]n|[şs]ube|banka|[üu]lke|alan|vergi) ?kod\\p{L}*',
	// Russian
	'промокод\\p{L}*', 'почтов\\p{L}* индекс\\p{L}*', 'код\\p{L}{0,3} (?:ошибки|клиента|подразделения|товара|отслеживания|региона|страны|банка|города|приглашения|скидки)',
	// Arabic / Persian / Hindi
	'الرمز البريدي', 'رمز البريد', '(?:رمز|كود) (?:الخصم|الترويج|القسيمة|الدعوة)', 'کد (?:پستی|تخفیف|پیگیری|رهگیری|ملی|معرف|شعبه|مشتری|اقتصادی)',
	'पिन ?कोड', 'पिनकोड', '(?:कूपन|प्रोमो|रेफरल) कोड',
];

/** The same, for scripts without spaces. */
export const OTHER_CODE_PHRASES_CJK = [
	'邮编', '邮政编码', '郵遞區號', '优惠码', '優惠碼', '兑换码', '兌換碼', '邀请码', '邀請碼', '推荐码', '推薦碼', '券码', '条形码', '條碼', '错误码', '錯誤碼',
	'郵便番号', 'クーポンコード', '招待コード', 'エラーコード', 'プロモーションコード', 'プロモコード', '紹介コード',
	'우편번호', '할인 ?코드', '쿠폰 ?코드', '초대 ?코드', '추천 ?코드', '에러 ?코드', '오류 ?코드',
];

// ---------------------------------------------------------------------------------------------
// Words that name something that is not the code
// ---------------------------------------------------------------------------------------------

/** Words that introduce an identifier that is not the code (case-insensitive, word boundaries). */
export const REFERENCE_WORDS = [
	// English
	'order(?: number| no\\.?| id)?', 'ref(?:erence)?(?: number| no\\.?)?', 'transaction(?: id| number)?', 'txn', 'trx', 'tx',
	'invoice', 'receipt', 'ticket', 'case', 'booking', 'reservation', 'tracking(?: number)?', 'confirmation number',
	'account', 'acct', 'acc', 'a/c', 'from:', 'msg', 'iban', 'customer(?: id| number)?', 'client', 'member(?:ship)?(?: number| id)?', 'contract',
	'policy', 'loan', 'id', 'user id', 'vat', 'ssn', 'request', 'application', 'claim', 'serial', 'shipment', 'parcel',
	'package', 'awb', 'consignment', 'utr', 'rrn', 'upi ref', 'imps ref', 'mandate', 'device', 'session', 'msg id',
	// company and tax registers in e-mail footers
	'hr[ab]', 'kvk', 'siren', 'siret', 'rcs(?: \\p{L}+)?', 'kbo', 'btw', 'ust-?id(?:nr)?\\.?', 'steuernummer', 'p\\.? ?iva',
	'partita iva', 'krs', 'regon', 'mersis(?: no)?', 'vergi no', 'огрн', 'кпп', 'бик', 'abn', 'acn', 'ein', 'gstin', 'cin',
	'registered in [\\p{L} ]{2,20}? no\\.?', 'company (?:no\\.?|number)', 'handelsregister', 'amtsgericht \\p{L}+ hr[ab]',
	'message id', 'trace', 'zip', 'postal', 'c\\.p\\.', 'cp', 'plz', 'cep', 'cap', 'stan', 'approval(?: no\\.?| number)', 'cheque', 'check no\\.?', 'employee', 'batch', 'sender id',
	// Spanish
	'pedido', 'orden', 'referencia', 'operaci[oó]n', 'op', 'transacci[oó]n', 'factura', 'recibo', 'caso', 'reserva',
	'seguimiento', 'folio', 'cuenta', 'cliente', 'socio', 'contrato', 'p[oó]liza', 'pr[eé]stamo', 'dni', 'nif', 'nie',
	'cif', 'rfc', 'cuit', 'rut', 'ruc', 'curp', 'sucursal', 'oficina', 'entidad', 'agencia', 'autorizaci[oó]n',
	'aprobaci[oó]n', 'movimiento', 'comprobante', 'remesa', 'expediente', 'solicitud', 'gu[ií]a',
	// Portuguese
	'refer[eê]ncia', 'transa[cç][aã]o', 'fatura', 'boleto', 'protocolo', 'conta', 'ag[eê]ncia', 'cpf', 'cnpj',
	'documento', 'autoriza[cç][aã]o', 'nsu', 'encomenda',
	// French
	'commande', 'r[ée]f[ée]rence', 'r[ée]f', 'facture', 're[cç]u', 'dossier', 'compte', 'contrat', 'colis', 'suivi',
	'mandat', 'num[ée]ro de (?:commande|dossier|client|suivi|transaction|compte)',
	// German
	'bestellung', 'bestellnummer', 'bestell-nr\\.?', 'auftrag(?:snummer)?', 'auftrags-nr\\.?', 'referenz(?:nummer)?',
	'vorgang(?:snummer)?', 'rechnung(?:snummer)?', 'rechnungs-nr\\.?', 'kundennummer', 'kunden-nr\\.?', 'konto(?:nummer)?',
	'vertragsnummer', 'kartennummer', 'sendung(?:snummer)?', 'buchung(?:snummer)?', 'transaktion', 'mandatsreferenz',
	'verwendungszweck', 'zahlungsreferenz',
	// Italian
	'ordine', 'riferimento', 'rif', 'transazione', 'fattura', 'pratica', 'conto', 'contratto', 'spedizione',
	'prenotazione', 'operazione', 'cro', 'trn', 'numero (?:d\'ordine|ordine|pratica|cliente|conto|carta|riferimento|operazione)',
	// Dutch
	'bestelling', 'bestelnummer', 'referentie', 'kenmerk', 'betalingskenmerk', 'transactie', 'factuur', 'rekening(?:nummer)?',
	'klantnummer', 'zending',
	// Polish
	'zam[oó]wieni(?:e|a)', 'referencj(?:a|i)', 'transakcj(?:a|i)', 'faktur(?:a|y)', 'rachun(?:ek|ku)', 'kont(?:o|a)',
	'klient(?:a)?', 'umow(?:a|y)', 'przesy(?:ł|l)k(?:a|i)', 'zlecenie', 'operacji', 'id operacji',
	// Turkish
	'sipari[şs](?: no)?', 'referans', 'i[şs]lem(?: no)?', 'dekont(?: no)?', 'hesap', 'hesab[ıi]n[ıi]z', 'm[üu][şs]teri(?: no)?',
	's[öo]zle[şs]me', 'g[öo]nderi', 'ba[şs]vuru', 'talep', 'tckn', 'dosya',
	// Russian
	'заказ(?:а|у)?', 'номер заказа', 'операци(?:я|и)', 'сч[её]т(?:а|у)?', 'договор(?:а|у)?', 'клиент(?:а)?', 'референс',
	'квитанци(?:я|и)', 'отделени\\p{L}*', 'индекс\\p{L}*', 'опс', 'чек', 'плат[её]ж(?:а)?', 'накладн(?:ая|ой)', 'трек', 'л/с', 'лицев\\p{L}* сч[её]т\\p{L}*', 'инн',
	// Arabic / Persian / Hindi
	'رقم (?:الطلب|المرجع|العملية|الحساب|الحوالة|التتبع|الهوية|الفاتورة)', 'مرجع', 'الطلب رقم', 'حساب', 'حسابك',
	'شماره (?:پیگیری|حساب|سفارش|مرجع|تراکنش|سند)', 'حساب', 'سفارش', 'شناسه', 'ऑर्डर(?: नंबर)?', 'संदर्भ(?: संख्या)?',
	'लेनदेन', 'खाता(?: संख्या)?', 'रेफरेंस',
];

/** The same, for scripts without spaces. */
export const REFERENCE_WORDS_CJK = [
	'订单号', '订单', '訂單號', '訂單', '交易号', '交易號', '流水号', '参考号', '账号', '账户', '帳戶', '帐户', '编号', '單號', '单号',
	'运单号', '快递单号', '客户号', '合同号', '保单号', '商户号',
	'ご注文番号', '注文番号', '受付番号', 'お問い合わせ番号', '問い合わせ番号', '予約番号', '口座番号', 'お客様番号', '会員番号',
	'伝票番号', '取引番号', '契約番号', '管理番号', '整理番号', '追跡番号',
	'주문번호', '승인번호', '거래번호', '예약번호', '계좌번호', '고객번호', '회원번호', '운송장번호', '송장번호', '접수번호',
];

/**
 * "No.", "Nr.", "#", "número"…: a number abbreviation labels what follows as a reference, except right
 * after a code word ("TAN-Nr. 482913", "Clave No. 482913", "認証番号", "인증번호").
 */
export const NUMBER_WORDS = [
	'no\\.', 'nos\\.', 'nr\\.?', 'n[º°o]\\.?', 'nro\\.?', 'n[úu]m\\.?', 'num\\.?', 'number', 'n[úu]mero', 'numer',
	'nummer', 'numara(?:s[ıi])?', 'номер', '№', 'رقم', 'شماره', 'संख्या', 'नंबर',
];
export const NUMBER_WORDS_CJK = ['番号', '번호', '号码', '號碼'];

/** Words for a card; with a mask or "ending" they label the digits after them. */
export const CARD_WORDS = [
	'card', 'cards', 'tarjeta', 'cart[aã]o', 'carta', 'carte', 'karte', 'kaart', 'pas', 'karta', 'karty', 'kart',
	'kart[ıi]n[ıi]z', 'карт(?:а|ы|е|у|ой)', 'بطاقة', 'البطاقة', 'بطاقتك', 'کارت', 'कार्ड',
	'visa', 'mastercard', 'master', 'amex', 'maestro', 'mir', 'мир', 'ecmc', 'rupay', 'elo', 'd[eé]bito', 'cr[eé]dito',
	'debit', 'credit',
];

/** "ending in", "terminada en", "endet auf"…, before the last digits of a card or account. */
export const ENDING_WORDS = [
	'ending(?: in| with)?', 'ends(?: in| with)?', 'ended(?: in| with)?', 'last (?:4|four) digits', 'terminad[ao](?: en)?',
	'terminaci[oó]n', 'termina(?: en| in| con| em)?', 'terminad[ao] em', 'acabad[ao] en', 'finalizad[ao] (?:en|em)', 'final', 'com final',
	'endet auf', 'endend auf', 'endziffern?', 'se terminant par', 'terminant par', 'finissant par', 'che termina(?: con| in)?',
	'terminante(?: in| con)?', 'eindigend op', 'eindigend met', 'eindigt op', 'ko(?:ń|n)cz(?:ą|a)c(?:a|ej) si(?:ę|e) na',
	'zako(?:ń|n)czon\\p{L}* na', 'ko(?:ń|n)c(?:ó|o)wk\\p{L}*', 'sonu', 'оканчивающ\\p{L}* на', 'заканчивающ\\p{L}* на',
	'المنتهية بـ?', 'تنتهي بـ?', 'منتهی به', 'समाप्त होने वाले', 'से समाप्त',
];
export const ENDING_WORDS_CJK = ['尾号', '尾號', '末尾', '末4桁', '下4桁', '下4ケタ', '끝자리', '끝번호', '뒷자리'];

/** Words before a phone number (case-insensitive, word boundaries). */
export const PHONE_WORDS = [
	'tel\\.?', 'tlf\\.?', 'telf\\.?', 'tel[eé]fono', 'telefone', 'telefono', 'telefon', 't[ée]l[ée]phone', 'phone', 'ph',
	'call(?: us| me)?(?: (?:at|on))?', 'ring(?: us)?', 'll[aá]m[ae]n?(?:nos)?(?: al?)?', 'ligue(?: para)?', 'liga(?: para)?',
	'appelez(?:-nous)?(?: au)?', 'appelle', 'chiam(?:a|are|aci)(?: il| al)?', 'bel(?: ons)?(?: op)?', 'zadzwo(?:ń|n)(?: pod)?',
	'ara(?:y[ıi]n(?:[ıi]z)?)?', 'позвоните(?: по)?', 'звоните(?: по)?', 'тел\\.?', 'телефон(?:у)?', 'hotline', 'helpline',
	'customer (?:care|service|support)', 'support', 'servicio al cliente', 'atenci[oó]n al cliente', 'central de atendimento',
	'sac', 'kundenservice', 'kundendienst', 'service-hotline', 'service client', 'servizio clienti', 'klantenservice',
	'infolinia', 'm[üu][şs]teri hizmetleri', '[çc]a[ğg]r[ıi] merkezi', 'горяч\\p{L}* лини\\p{L}*', 'служб\\p{L}* поддержки',
	'm[oó]vil', 'mobile', 'celular', 'cel', 'handy', 'mobil', 'cell', 'fax', 'اتصل(?: بنا)?(?: على)?', 'هاتف', 'الهاتف', 'جوال',
	'تماس', 'تلفن', 'شماره تماس', 'مرکز تماس', 'कॉल(?: करें)?', 'फोन', 'संपर्क',
];
/** Messengers: a phone word too, unless a code word sits next to it ("código de WhatsApp: 482-913"). */
export const MESSENGER_WORDS = ['whats ?app', 'viber'];
export const PHONE_WORDS_CJK = ['致电', '致電', '拨打', '撥打', '电话', '電話', '客服', '热线', '熱線', '详询', '詳詢', '咨询', '諮詢', '垂询', 'お問い合わせ', 'フリーダイヤル', '고객센터', '콜센터', '문의', '전화'];

/** Words before an amount (case-insensitive, word boundaries); "of", "de", ":" may follow. */
export const MONEY_WORDS = [
	'amount', 'importe', 'monto', 'total', 'balance', 'saldo', 'valor', 'montant', 'solde', 'betrag', 'kontostand',
	'importo', 'bedrag', 'kwota', 'kwot(?:ę|e)', 'tutar(?:[ıi])?', 'bakiye', 'сумм(?:а|у|ой)', 'баланс', 'остаток',
	'مبلغ', 'الرصيد', 'رصيد', 'مانده', 'موجودی', 'राशि', 'शेष', 'spent', 'debited(?: by| with| for)?',
	'credited(?: by| with| for)?', '(?:purchase|payment|charge|transfer|withdrawal|deposit|refund) of',
	'(?:compra|pago|cargo|transferencia|retiro|dep[oó]sito|abono|pagamento|transfer[eê]ncia|saque|d[eé]bito|cr[eé]dito) (?:de|por|no valor de|em)',
	'(?:paiement|achat|virement|retrait) (?:de|d\'un montant de)', '(?:zahlung|kauf|[üu]berweisung|abbuchung|lastschrift) (?:von|[üu]ber)',
	'(?:pagamento|acquisto|bonifico|prelievo) (?:di|da)', '(?:betaling|aankoop|overboeking) van', '(?:p(?:ł|l)atno(?:ść|sc)|zakup|przelew|wyp(?:ł|l)ata) na kwot(?:ę|e)',
	'(?:[öo]deme|harcama|al[ıi][şs]veri[şs]|havale|eft|[çc]ekim) tutar(?:[ıi])?', '(?:покупка|оплата|перевод|списание|зачисление|снятие) на сумму',
];
export const MONEY_WORDS_CJK = ['金额', '金額', '余额', '餘額', '消费', '消費', '支出', '收入', '残高', 'ご利用金額', '利用金額', '금액', '잔액', '결제금액', '인민币', '人民币'];

/** Currency symbols (case-sensitive). */
export const CURRENCY_SYMBOLS =
	'(?:US\\$|MX\\$|R\\$|C\\$|A\\$|NT\\$|HK\\$|S/\\.?|Bs\\.?|Rs\\.?|K[Ss]h|KES|NGN|GHS|[$€£¥₹₨₩₽₺₱¢₪₫฿₦৳]|रु\\.?|руб\\.?|р(?![\\p{L}])|ريال|ر\\.س\\.?|د\\.إ\\.?|ریال|تومان|грн\\.?|zł|kr\\.?|Fr\\.|TL|元|块|円|원|엔)';
/** ISO currency codes (case-sensitive: "try", "pen", "cad" are words). */
export const CURRENCY_CODES =
	'(?:INR|USD|EUR|GBP|MXN|ARS|COP|CLP|PEN|BRL|UYU|PYG|BOB|VES|CRC|GTQ|DOP|CAD|AUD|NZD|CHF|JPY|CNY|RMB|HKD|TWD|KRW|SEK|NOK|DKK|PLN|CZK|HUF|RON|TRY|RUB|UAH|ZAR|AED|SAR|EGP|KWD|QAR|IRR|IDR|VND|THB|PHP|MYR|SGD)';
/** Currency names after an amount (case-insensitive). */
export const CURRENCY_NAMES = [
	'euros?', 'd[oó]lar(?:es)?', 'dollars?', 'pesos?', 'libras?', 'pounds?', 'soles?', 'reais', 'real', 'bol[ií]vares?', 'cents?',
	'c[eé]ntimos?', 'centavos?', 'z(?:ł|l)otych', 'z(?:ł|l)', 'lira', 'lire', 'руб(?:лей|ля|ль)?', 'рублей', 'евро', 'долларов',
	'гривен', 'rupees?', 'rupia', 'yen', 'yuan', 'won', 'درهم', 'جنيه', 'دينار', 'دولار', 'يورو', 'ريال', 'تومان', 'ریال',
	'रुपये', 'रुपए', '日元', '美元', '欧元', '人民币', '韩元', '달러',
];

/** Units after a number that make it a quantity (case-insensitive). */
export const UNIT_WORDS = [
	'%', 'min(?:ute)?s?', 'minutos?', 'minuten?', 'minuti', 'minut(?:y|ach)?', 'dakika', 'минут\\p{L}*', 'мин\\.?', 'دقیقه',
	'دقائق', 'دقيقة', 'मिनट', 'secs?', 'seconds?', 'segundos?', 'sekunden?', 'secondi', 'seconden', 'saniye', 'секунд\\p{L}*',
	'h', 'hrs?', 'hours?', 'horas?', 'stunden?', 'ore', 'uur', 'godzin\\p{L}*', 'saat', 'час\\p{L}*', 'ساعة', 'ساعت', 'घंटे',
	'd[ií]as?', 'days?', 'tage?n?', 'giorni', 'dagen', 'dni', 'g[üu]n', 'дн\\p{L}*', 'روز', 'يوم', 'दिन',
	'points?', 'puntos?', 'pontos?', 'punkte?', 'punti', 'punten', 'puan', 'балл\\p{L}*', 'pts', 'miles', 'meilen', 'km', 'kg',
	'mb', 'gb', 'attempts?', 'intentos?', 'tentativas?', 'versuche?n?', 'tentativi', 'pogingen', 'pr[oó]b(?:y)?', 'deneme',
	'попыт\\p{L}*', 'محاولات', 'تلاش', 'बार', 'times', 'veces', 'vezes', 'fois', 'mal', 'volte', 'keer', 'razy', 'kez', 'раз\\p{L}*',
	'st', 'nd', 'rd', 'th',
];
export const UNIT_WORDS_CJK = ['分钟', '分鐘', '分', '秒', '小时', '小時', '時間', '天', '日', '次', '回', '件', '분', '초', '시간', '일', '번', '회', '포인트', 'ポイント', '积分', '積分'];

/** Month names, for dates written with words. */
export const MONTHS = [
	'jan(?:uary)?', 'feb(?:ruary)?', 'mar(?:ch)?', 'apr(?:il)?', 'may', 'jun(?:e)?', 'jul(?:y)?', 'aug(?:ust)?', 'sep(?:t(?:ember)?)?',
	'oct(?:ober)?', 'nov(?:ember)?', 'dec(?:ember)?', 'ene(?:ro)?', 'febrero', 'marzo', 'abr(?:il)?', 'mayo', 'junio', 'julio',
	'ago(?:sto)?', 'set(?:iembre|embro)?', 'septiembre', 'octubre', 'noviembre', 'dic(?:iembre)?', 'janeiro', 'fevereiro',
	'mar[cç]o', 'maio', 'junho', 'julho', 'outubro', 'novembro', 'dezembro', 'janvier', 'f[ée]vrier', 'mars', 'avril', 'mai',
	'juin', 'juillet', 'ao[uû]t', 'septembre', 'octobre', 'novembre', 'd[ée]cembre', 'januar', 'februar', 'm[äa]rz', 'juni',
	'juli', 'oktober', 'dezember', 'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre',
	'dicembre', 'januari', 'februari', 'maart', 'mei', 'augustus', 'ocak', '[şs]ubat', 'mart', 'nisan', 'may[ıi]s', 'haziran',
	'temmuz', 'a[ğg]ustos', 'eyl[üu]l', 'ekim', 'kas[ıi]m', 'aral[ıi]k', 'января', 'февраля', 'марта', 'апреля', 'мая', 'июня',
	'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря', 'stycznia', 'lutego', 'marca', 'kwietnia', 'maja',
	'czerwca', 'lipca', 'sierpnia', 'wrze(?:ś|s)nia', 'pa(?:ź|z)dziernika', 'listopada', 'grudnia',
];

/** "valid until", "bis", "hasta"…: a year after them is a date. */
export const UNTIL_WORDS = [
	'until', 'till', 'by', 'before', 'after', 'since', 'bis', 'hasta', 'desde', 'at[eé]', 'jusqu\'(?:au|en)', 'fino al',
	'tot', 'do', 'до', 'по', 'с', 'kadar', 'in', 'en', 'em', 'im', 'year', 'a[ñn]o', 'ano', 'jahr', 'ann[ée]e', 'anno', 'jaar',
	'rok', 'y[ıi]l', 'год', '©', '\\(c\\)', 'copyright',
];

/** Opt-out instructions with a short number: "Reply STOP to 12345", "BAJA al 12345", "STOP au 36105". */
export const OPT_OUT_WORDS = ['stop', 'help', 'baja', 'alta', 'ayuda', 'info', 'unsubscribe', 'cancel', 'sair', 'parar', 'stopp', 'iptal', 'ret', 'стоп'];

// ---------------------------------------------------------------------------------------------
// Connectors
// ---------------------------------------------------------------------------------------------

/** "is", "es", "ist", "lautet", "to", "هو"…: between a code word and the code ("Twój kod to 482913"). */
export const COPULAS = [
	'is', 'was', 'are', 'es', 'era', 'ser[aá]', '[eé]', 'est', 'ist', 'lautet', 'è', 'e', 'jest', 'to', 'är', 'er', 'eh',
	'это', 'هو', 'هي', 'است', 'है', 'equals', 'sera', 'será', 'wynosi', 'составляет',
];
/** Copulas between the code and a code word after it ("482913 is your code"); not "to" ("Call 555 to get a code"). */
export const COPULAS_AFTER = [
	'is', 'was', 'are', 'es', 'era', 'ser[aá]', '[eé]', 'est', 'ist', 'è', 'jest', 'är', 'это', 'هو', 'هي', 'است', 'है',
];
/** Copulas and particles written without spaces (Chinese, Japanese, Korean). */
export const COPULAS_CJK = ['为', '為', '是', 'は', 'が', '는', '은', '이', '가', ':'];

/** Before a code: "not", "no es", "nicht", "不是"… (checked right before the code). */
export const NEGATIONS_BEFORE = [
	'not', 'isn\'t', 'aren\'t', 'wasn\'t', 'is not', 'no es', 'no era', 'nicht', 'kein(?:e|en)?', 'n[\'’]est pas', 'ne pas',
	'non [èe]', 'n[aã]o [eé]', 'niet', 'nie jest', 'to nie', 'не', 'не является', 'ليس', 'ليست', 'غير', 'نه',
];
export const NEGATIONS_BEFORE_CJK = ['不是', '并非', '並非', '而非', '非'];
/** After a code: "… is not your code", "… değil", "… ではありません". */
export const NEGATIONS_AFTER = [
	'is not', 'isn\'t', 'was not', 'wasn\'t', 'are not', 'no es', 'no era', 'n[aã]o [eé]', 'n[\'’]est pas', 'ist nicht',
	'ist kein\\p{L}*', 'non [èe]', 'is niet', 'nie jest', 'to nie', 'не является', '- не', 'değil\\p{L}*', 'degil\\p{L}*',
	'نیست', 'ليس', 'नहीं',
];
export const NEGATIONS_AFTER_CJK = ['不是', '并非', 'ではありません', 'ではない', 'じゃない', '이 아닙니다', '가 아닙니다', '은 아닙니다', '는 아닙니다', '아님', '아닙니다'];

/** Words after "code is" that are not codes (alphanumeric requests). */
export const STATUS_WORDS =
	/^(?:expired|invalid|valid|wrong|incorrect|correct|ready|sent|required|pending|blocked|used|caducad[oa]|inv[aá]lid[oa]|v[aá]lid[oa]|incorrect[oa]|correct[oa]|enviad[oa]|bloquead[oa]|usad[oa])$/i;
