import { rejectionReason, settingsProblem, type IncomingAuthSettings } from '../../../nodes/ReconbankerTrigger/authenticate';
import { signNotification } from '../../../nodes/shared/signature';

const TOKEN = 'tok_0123456789abcdef0123';
const SECRET = 'whsec_test_secret_value';
const NOW = 1_800_000_000;
const BODY = '{"account_id":"a","type":"assistance_required","status":"assistance.requested","data":null,"occurred_at":null}';

const bearer: IncomingAuthSettings = { authType: 'bearer', token: TOKEN, signingSecret: '', toleranceSeconds: 300 };

function request(headers: Record<string, string>, rawBody = BODY, nowSeconds = NOW) {
	return { headers, rawBody, nowSeconds };
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

describe('settingsProblem', () => {
	it('requires a long token for token auth', () => {
		expect(settingsProblem(bearer)).toBeNull();
		expect(settingsProblem({ ...bearer, token: 'short' })).toMatch(/at least 16 characters/);
	});

	it('requires a signing secret when no token is used', () => {
		expect(settingsProblem({ ...bearer, authType: 'none', token: '' })).toMatch(/signing secret is required/);
		expect(settingsProblem({ ...bearer, authType: 'none', token: '', signingSecret: SECRET })).toBeNull();
	});

	it('requires a positive tolerance', () => {
		expect(settingsProblem({ ...bearer, toleranceSeconds: 0 })).toMatch(/tolerance/);
	});
});
