import { rejectionReason } from '../../../nodes/ReconbankerTrigger/authenticate';
import type { NotificationAuth } from '../../../nodes/ReconbankerTrigger/notification-auth';
import type { RequestHeaders } from '../../../nodes/shared/header-value';
import { signNotification } from '../../../nodes/shared/signature';

const TOKEN = 'tok_0123456789abcdef0123';
const SECRET = 'whsec_test_secret_value';
const NOW = 1_800_000_000;
const BODY = '{"account_id":"a","type":"assistance_required","status":"assistance.requested","data":null,"occurred_at":null}';

const bearer: NotificationAuth = { authType: 'bearer', token: TOKEN, signingSecret: '', toleranceSeconds: 300 };

function request(headers: Record<string, string>, rawBody = BODY, nowSeconds = NOW) {
	return { headers: { headers } as RequestHeaders, rawBody, nowSeconds };
}

/** Headers as Node hands them when a header was sent more than once. */
function repeated(rawHeaders: string[]) {
	const headersDistinct: Record<string, string[]> = {};
	const headers: Record<string, string> = {};
	for (let i = 0; i < rawHeaders.length; i += 2) {
		const name = rawHeaders[i].toLowerCase();
		(headersDistinct[name] ??= []).push(rawHeaders[i + 1]);
		headers[name] ??= rawHeaders[i + 1]; // Node keeps the first Authorization only
	}
	return { headersDistinct, headers, rawHeaders };
}

function signed(timestamp: number, body = BODY, secret = SECRET) {
	return { 'x-webhook-timestamp': String(timestamp), 'x-signature-256': signNotification(secret, timestamp, body) };
}

describe('rejectionReason', () => {
	it('accepts the right Bearer token and refuses others', () => {
		expect(rejectionReason(request({ authorization: `Bearer ${TOKEN}` }), bearer)).toBeNull();
		expect(rejectionReason(request({ authorization: `Bearer ${TOKEN}x` }), bearer)).toBe('wrong token');
		expect(rejectionReason(request({ authorization: `Api-Key ${TOKEN}` }), bearer)).toBe('wrong token');
		expect(rejectionReason(request({}), bearer)).toBe('missing Authorization header');
	});

	it('accepts the Api-Key scheme when configured', () => {
		const apiKey = { ...bearer, authType: 'apiKey' as const };
		expect(rejectionReason(request({ authorization: `Api-Key ${TOKEN}` }), apiKey)).toBeNull();
		expect(rejectionReason(request({ authorization: `Bearer ${TOKEN}` }), apiKey)).toBe('wrong token');
	});

	it('refuses a second Authorization header, even when the first one is right (headersDistinct / rawHeaders)', () => {
		const twice = ['Authorization', `Bearer ${TOKEN}`, 'Authorization', 'Bearer attacker-chosen'];
		const node = repeated(twice);
		expect(node.headers.authorization).toBe(`Bearer ${TOKEN}`);
		const at = (headers: RequestHeaders) => ({ headers, rawBody: BODY, nowSeconds: NOW });
		expect(rejectionReason(at(node), bearer)).toBe('Authorization header sent more than once');
		expect(rejectionReason(at({ headers: node.headers, rawHeaders: twice }), bearer)).toBe(
			'Authorization header sent more than once',
		);
		expect(rejectionReason(at(repeated(['Authorization', `Bearer ${TOKEN}`])), bearer)).toBeNull();
	});

	it('refuses a token followed by a no-break space (only what Node strips, spaces and tabs, is tolerated)', () => {
		expect(rejectionReason(request({ authorization: `Bearer ${TOKEN}\u00a0` }), bearer)).toBe('wrong token');
	});

	it('checks the signature over timestamp and raw body within the tolerance', () => {
		const settings = { ...bearer, authType: 'none' as const, signingSecret: SECRET };
		expect(rejectionReason(request(signed(NOW)), settings)).toBeNull();
		expect(rejectionReason(request(signed(NOW - 300)), settings)).toBeNull();
		expect(rejectionReason(request(signed(NOW - 301)), settings)).toBe('signature check failed (stale_timestamp)');
		expect(rejectionReason(request(signed(NOW + 301)), settings)).toBe('signature check failed (future_timestamp)');
		expect(rejectionReason(request(signed(NOW, BODY, 'other-secret')), settings)).toBe(
			'signature check failed (bad_signature)',
		);
		expect(rejectionReason(request(signed(NOW), BODY.replace('"a"', '"b"')), settings)).toBe(
			'signature check failed (bad_signature)',
		);
		expect(rejectionReason(request({}), settings)).toBe('signature check failed (missing_timestamp)');
	});

	it('refuses a signature header sent twice and a signature followed by a no-break space', () => {
		const settings = { ...bearer, authType: 'none' as const, signingSecret: SECRET };
		const good = signed(NOW);
		const twice = repeated([
			'X-Webhook-Timestamp', good['x-webhook-timestamp'],
			'X-Signature-256', good['x-signature-256'],
			'X-Signature-256', good['x-signature-256'],
		]);
		expect(rejectionReason({ headers: twice, rawBody: BODY, nowSeconds: NOW }, settings)).toBe(
			'signature check failed (bad_signature)',
		);
		const nbsp = { ...good, 'x-signature-256': `${good['x-signature-256']}\u00a0` };
		expect(rejectionReason(request(nbsp), settings)).toBe('signature check failed (bad_signature)');
	});

	it('needs both token and signature when both are configured', () => {
		const settings = { ...bearer, signingSecret: SECRET };
		expect(rejectionReason(request({ authorization: `Bearer ${TOKEN}`, ...signed(NOW) }), settings)).toBeNull();
		expect(rejectionReason(request({ authorization: `Bearer ${TOKEN}` }), settings)).toMatch(/^signature check failed/);
		expect(rejectionReason(request(signed(NOW)), settings)).toBe('missing Authorization header');
	});

	it('never mentions the token or secret in a reason', () => {
		const settings = { ...bearer, signingSecret: SECRET };
		const reason = rejectionReason(request({ authorization: 'Bearer nope', ...signed(NOW - 9999) }), settings) ?? '';
		expect(reason).not.toContain(TOKEN);
		expect(reason).not.toContain(SECRET);
	});
});
