import { type CorpusMessage, EIGHT, SIX } from './types';

const es = (note: string, text: string, expected: string, descriptor?: CorpusMessage['descriptor']): CorpusMessage => ({
	lang: 'es',
	note,
	text,
	expected,
	descriptor,
});

export const ES: CorpusMessage[] = [
	// --- España ---------------------------------------------------------------------------------
	es('BBVA compra', 'BBVA: Tu clave de un solo uso para la compra de 25,00 EUR en AMAZON con tarjeta terminada en 1234 es 482913.', '482913'),
	es('CaixaBank', 'CaixaBank: Código 552031 para operar con tu tarjeta ***4321 por 59,90 EUR en ZALANDO. Si no eres tú, llama al 900 40 40 90.', '552031'),
	es('Santander transferencia', 'Santander: Tu Clave SMS para confirmar la transferencia de 300,00€ a ES91 2100 0418 4502 0005 1332 es 620917. No la compartas con nadie.', '620917'),
	es('ING', 'ING: 482913 es tu clave de confirmación. Nunca te la pediremos por teléfono.', '482913'),
	es('Bankinter 8 dígitos', 'Bankinter: Firma la operación con el código 4829 1032 (válido 5 min).', '48291032', EIGHT),
	es('Bankinter sin descriptor', 'Bankinter: Firma la operación con el código 4829 1032 (válido 5 min).', 'ambiguous'),
	es('Sabadell', 'Sabadell: tu contraseña de un solo uso es 09182736. Importe: 1.500,00€', '09182736'),
	es('Openbank', 'Openbank: El código para confirmar tu operación es 730218. No lo compartas con nadie, ni siquiera con nosotros.', '730218'),
	es('Abanca', 'ABANCA: Tu código de firma es 482913. Importe 1.250,00 EUR. Beneficiario: JUAN PEREZ. Si no has sido tú llama al 981 910 522', '482913'),
	es('Unicaja', 'Unicaja: Clave de operación: 774411. Válida 3 minutos.', '774411'),
	es('Kutxabank con referencia', 'Tu clave es 771204. Válida hasta las 12:30 del 28/11/2026. Ref. 20261128-001', '771204'),
	es('Bizum', 'Bizum: Código de verificación: 482913. Vas a enviar 40,00€ a MARIA. Nunca compartas este código.', '482913'),
	es('Correos aviso sin código', 'Correos: Tu envío PQ4B2C0412345670128046M se entregará el 29/11. Consulta en correos.example/seguimiento', 'none'),
	es('Cargo sin código', 'Cargo de 1.234,56 € en tu tarjeta ****9876. Dudas: +34 600 123 456.', 'none'),
	es('Dos claves', 'Tu clave de acceso es 482913. Tu clave de firma es 771204.', 'ambiguous'),
	es('Negación', 'El código correcto no es 551234. Tu código es 482913.', '482913'),
	es('Código postal', 'Código postal 28046. Tu código 482913', '482913'),
	es('Sucursal y oficina', 'Tu clave: 482913. Sucursal 0182, oficina 5521', '482913'),
	es('Promoción', 'Usa el código promocional VERANO2026 y obtén un 15% de descuento hasta el 31/08. Baja al 217010', 'none'),

	// --- México ---------------------------------------------------------------------------------
	es('BBVA México', 'BBVA México: Tu NIP dinámico es 482913. Monto $1,500.00 MXN. Fecha 28/11/2026 12:30 hrs.', '482913'),
	es('Banorte', 'Banorte: Tu Token Celular es 48291306. No lo compartas. Si no reconoces esta operación llama al 55 5140 5600', '48291306'),
	es('Banco Azteca', 'Banco Azteca: Clave No. 482913 para confirmar tu retiro. Folio de retiro 739201. No compartas esta clave.', '482913'),
	es('Mercado Pago', 'Mercado Pago: 482913 es tu código de verificación. No lo compartas con nadie.', '482913'),
	es('Santander MX SuperToken', 'Santander: Para autorizar tu transferencia por $2,300.00 a la cuenta ***7788 ingresa el código 730218. Vigencia 5 min.', '730218'),
	es('Banamex alerta', 'Citibanamex: Compra aprobada por $899.00 MXN en LIVERPOOL con tu tarjeta terminación 4417 el 28/11 a las 14:05.', 'none'),

	// --- Argentina, Chile, Colombia, Perú -------------------------------------------------------
	es('Galicia', 'Banco Galicia: tu Token de seguridad es 730218. Operación Nº 55443322 por $ 12.500,00.', '730218'),
	es('Bancolombia', 'Bancolombia le informa: Clave dinamica 482913 para transferencia a cuenta *4455. 28/11/2026 12:30', '482913'),
	es('BCP 8 dígitos', 'BCP: Tu clave digital es 4829 6130 para la operación S/ 250.00', '48296130', EIGHT),
	es('BancoEstado 5 dígitos', 'Tu código de seguridad BancoEstado es 48291. No lo compartas.', '48291'),
	es('Davivienda', 'Davivienda: Su clave temporal es 482913 y vence en 10 minutos. Linea de atencion 018000123838', '482913'),
	es('Nequi', 'Nequi: Tu código de seguridad es 482913. Nadie de Nequi te lo va a pedir.', '482913'),
	es('Interbank con fecha', 'Interbank: Codigo de verificacion 482913. Valido hasta 28/11/2026 12:35. No lo compartas.', '482913'),
	es('Macro con cuenta', 'Banco Macro: Ingresá el código 482913 para confirmar la transferencia de $ 45.000,00 a la cuenta 1234567890123456789012.', '482913'),
	es('Santander Chile', 'Santander: Tu SuperClave para la transferencia de $150.000 a RUT 12.345.678-9 es 730218', '730218'),
	es('Uruguay retiro', 'BROU: Tu codigo para retiro sin tarjeta es 4829. Importe $U 2.000. Vence 28/11 18:00', '4829'),
	es('Chat con código repetido', 'te lo paso: 482913 — o sea 482 913, el mismo', '482913'),
	es('Chat dos códigos', 'primero me llegó 482 913 pero después otro sms dijo 551234', 'ambiguous', SIX),
	es('Chat guiones', 'código 482–913', '482913'),
	es('Fecha larga', 'Tu código de acceso es 314159 y caduca el 28 de noviembre de 2026', '314159'),
	es('WhatsApp es', 'Tu código de WhatsApp: 482-913\nNo compartas este código con nadie.', '482913'),
];
