import { type CorpusMessage, EIGHT, SIX } from './types';

const pt = (note: string, text: string, expected: string, descriptor?: CorpusMessage['descriptor']): CorpusMessage => ({
	lang: 'pt',
	note,
	text,
	expected,
	descriptor,
});

export const PT: CorpusMessage[] = [
	// --- Brasil ---------------------------------------------------------------------------------
	pt('Itaú', 'Itaú: seu código de segurança é 482913. Não compartilhe com ninguém. O Itaú nunca liga pedindo códigos.', '482913'),
	pt('Bradesco', 'BRADESCO: Codigo 482913 para liberar o acesso no novo dispositivo. Nao informe a ninguem.', '482913'),
	pt('Banco do Brasil', 'BB: Use o codigo 730218 para confirmar a transacao de R$ 1.250,00. Nao compartilhe este codigo.', '730218'),
	pt('Nubank', 'Nubank: 482913 é o seu código de verificação. Não compartilhe esse código com ninguém.', '482913'),
	pt('Caixa', 'CAIXA: Sua senha de 6 digitos para cadastro no app e 482913. Nao a informe a ninguem.', '482913'),
	pt('Santander BR', 'Santander: Codigo de seguranca 482913 para o Pix de R$ 350,00 para JOAO SILVA. Se nao reconhece, ligue 4004-3535.', '482913'),
	pt('Inter', 'Inter: Seu token é 482913. Válido por 2 minutos. Não compartilhe.', '482913'),
	pt('PicPay', 'PicPay: seu código é 4829. Não compartilhe com ninguém.', '4829'),
	pt('iFood', 'iFood: 482913 é seu código de acesso. Não compartilhe.', '482913'),
	pt('Compra sem código', 'Nubank: Compra aprovada no valor de R$ 89,90 em IFOOD em 28/11 às 20:14. Cartão final 4417.', 'none'),
	pt('Pix recebido', 'Itaú: Você recebeu um Pix de R$ 1.500,00 de MARIA SOUZA em 28/11/2026 às 09:12. Protocolo 202611280912345', 'none'),
	pt('Boleto', 'Seu boleto de R$ 235,40 vence em 05/12. Código de barras: 34191.79001 01043.510047 91020.150008 5 92380000023540', 'none'),
	pt('Rastreio', 'Correios: Objeto NL123456789BR saiu para entrega. Acompanhe em rastreio.example/NL123456789BR', 'none'),
	pt('Dois códigos', 'Seu código é 482913. O código anterior 551234 não vale mais.', 'ambiguous'),
	pt('Negação', 'Atenção: o código não é 551234. Use 482913.', '482913'),
	pt('Token 8', 'Sicredi: Seu codigo de autorizacao e 4829 1306', '48291306', EIGHT),
	pt('Caixa Tem', 'CAIXA TEM: Codigo de verificacao: 482913. Valido por 5 min. SAC 0800 726 0101', '482913'),
	pt('WhatsApp pt', 'Seu código do WhatsApp: 482-913\nNão compartilhe esse código com ninguém.', '482913'),
	pt('Mercado Livre', 'Mercado Livre: 482913 é o seu código de verificação. Ele expira em 15 minutos.', '482913'),
	pt('CEP', 'Entrega para o CEP 01310-100 prevista para 30/11. Seu código de retirada é 4829.', '4829'),

	// --- Portugal -------------------------------------------------------------------------------
	pt('CGD', 'CGD: Codigo 482913 para confirmar a operacao de 250,00 EUR. Nao partilhe este codigo.', '482913'),
	pt('Millennium', 'Millennium bcp: o seu codigo de autenticacao e 482913. Valido durante 5 minutos.', '482913'),
	pt('MB Way', 'MB WAY: O seu codigo de confirmacao e 4829. Valor: 35,00EUR. Nunca partilhe este codigo.', '4829'),
	pt('Novo Banco', 'NOVO BANCO: Codigo de seguranca 482913 para pagamento de 59,99 EUR em AMAZON. Cartao terminado em 1234.', '482913'),
	pt('Multibanco referência', 'Pagamento: Entidade 21312 Referencia 123 456 789 Valor 49,90 EUR. Codigo de confirmacao 730218', '730218', SIX),
];
