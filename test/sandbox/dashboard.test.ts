import { startSandbox, Sandbox } from './index';
import { totp } from './totp';
import { FAST, call } from './helpers';

const SECRET = 'JBSWY3DPEHPK3PXP';
const MASK = '__secret_present__';

describe('sandbox dashboard API (/api)', () => {
  let sb: Sandbox;
  let clock: number;
  let userId: string;
  let accountId: string;
  beforeEach(async () => {
    clock = Date.parse('2025-03-01T12:00:00Z');
    sb = await startSandbox({ ...FAST, now: () => clock });
    userId = sb.createUser({ email: 'owner@example.com', password: 'correct horse' }).id;
    accountId = sb.createAccount({ userId }).id;
  });
  afterEach(() => sb.close());

  const login = (email = 'owner@example.com', password = 'correct horse') =>
    call(`${sb.baseUrl}/api/auth/login`, { body: { email, password } });
  const token = async () => (await login()).json.token as string;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const configUrl = (id = accountId) => `${sb.baseUrl}/api/accounts/${id}/config`;

  describe('login', () => {
    it('returns a JWT for the right credentials (email case-insensitive)', async () => {
      const r = await login('OWNER@example.com');
      expect(r.status).toBe(200);
      expect(Object.keys(r.json)).toEqual(['token']);
      expect(r.json.token.split('.')).toHaveLength(3);
      const header = JSON.parse(Buffer.from(r.json.token.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      expect((await call(configUrl(), { headers: bearer(r.json.token) })).status).toBe(200);
    });

    it('answers 401 with the envelope for a wrong password or unknown email', async () => {
      for (const r of [await login('owner@example.com', 'nope'), await login('ghost@example.com')]) {
        expect(r.status).toBe(401);
        expect(r.json).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
      }
    });

    it('answers 400 for a body without email/password, 500 for malformed JSON', async () => {
      const r = await call(`${sb.baseUrl}/api/auth/login`, { body: { email: 'owner@example.com' } });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'Invalid body' });
      expect(r.json.error.details.issues[0].path).toBe('password');
      const bad = await call(`${sb.baseUrl}/api/auth/login`, { rawBody: '{', headers: { 'Content-Type': 'application/json' } });
      expect(bad.status).toBe(500);
      expect(bad.json.error.code).toBe('INTERNAL_ERROR');
    });

    it('with 2FA: requiresTotp + challengeToken, then /login/totp returns the token', async () => {
      sb.createUser({ email: 'mfa@example.com', password: 'pw', totpSecret: SECRET });
      const first = await login('mfa@example.com', 'pw');
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ requiresTotp: true, challengeToken: expect.any(String) });

      // the challenge token is not a dashboard token
      expect((await call(configUrl(), { headers: bearer(first.json.challengeToken) })).status).toBe(401);

      const wrong = await call(`${sb.baseUrl}/api/auth/login/totp`, {
        body: { challengeToken: first.json.challengeToken, code: totp(SECRET, { timeMs: clock + 120000 }) },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.json.error.code).toBe('UNAUTHORIZED');

      const ok = await call(`${sb.baseUrl}/api/auth/login/totp`, {
        body: { challengeToken: first.json.challengeToken, code: totp(SECRET, { timeMs: clock - 30000 }) },
      });
      expect(ok.status).toBe(200);
      expect(Object.keys(ok.json)).toEqual(['token']);

      const forged = await call(`${sb.baseUrl}/api/auth/login/totp`, {
        body: { challengeToken: 'a.b.c', code: totp(SECRET, { timeMs: clock }) },
      });
      expect(forged.status).toBe(401);
    });

    it('accepts TOTP codes within ±1 step only (RFC 6238, 30 s)', async () => {
      sb.createUser({ email: 'mfa@example.com', password: 'pw', totpSecret: SECRET });
      const attempt = async (offsetMs: number) => {
        sb.resetRateLimits();
        const c = (await login('mfa@example.com', 'pw')).json.challengeToken;
        return (await call(`${sb.baseUrl}/api/auth/login/totp`, { body: { challengeToken: c, code: totp(SECRET, { timeMs: clock + offsetMs }) } })).status;
      };
      expect(await attempt(0)).toBe(200);
      expect(await attempt(30000)).toBe(200);
      expect(await attempt(-30000)).toBe(200);
      expect(await attempt(61000)).toBe(401);
      expect(await attempt(-61000)).toBe(401);
    });

    it('accepts a TOTP code once per 30-s step ("Invalid code" on replay, fine in the next step)', async () => {
      sb.createUser({ email: 'mfa@example.com', password: 'pw', totpSecret: SECRET });
      const loginWith = async (code: string) => {
        const c = (await login('mfa@example.com', 'pw')).json.challengeToken;
        return await call(`${sb.baseUrl}/api/auth/login/totp`, { body: { challengeToken: c, code } });
      };
      expect((await loginWith(totp(SECRET, { timeMs: clock }))).status).toBe(200);
      const replay = await loginWith(totp(SECRET, { timeMs: clock }));
      expect(replay.status).toBe(401);
      expect(replay.json).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid code' } });
      sb.resetRateLimits();
      clock += 30_000;
      expect((await loginWith(totp(SECRET, { timeMs: clock }))).status).toBe(200);
    });

    it('rejects an expired challenge token', async () => {
      sb.createUser({ email: 'mfa@example.com', password: 'pw', totpSecret: SECRET });
      const c = (await login('mfa@example.com', 'pw')).json.challengeToken;
      clock += 301 * 1000;
      const r = await call(`${sb.baseUrl}/api/auth/login/totp`, { body: { challengeToken: c, code: totp(SECRET, { timeMs: clock }) } });
      expect(r.status).toBe(401);
    });

    it('limits login to 5 tries per 15 minutes per IP (429 + Retry-After), even with the right password', async () => {
      for (let i = 0; i < 4; i++) expect((await login('owner@example.com', 'bad')).status).toBe(401);
      clock += 60000;
      expect((await login()).status).toBe(200);
      const r = await login();
      expect(r.status).toBe(429);
      expect(r.json.error.code).toBe('RATE_LIMITED');
      expect(r.headers.get('retry-after')).toBe(String(15 * 60 - 60));
      expect(r.headers.get('ratelimit-policy')).toBe('5;w=900');
      clock += (15 * 60 - 60) * 1000;
      expect((await login()).status).toBe(200);
    });
  });

  describe('JWT checks', () => {
    it('answers 401 without a token, with a garbage or tampered token, and after expiry', async () => {
      const t = await token();
      const [h, p, s] = t.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'x' })).toString('base64url')}.${s}`;
      for (const headers of [{}, bearer('garbage'), bearer(tampered), { Authorization: `Api-Key ${t}` }]) {
        const r = await call(configUrl(), { headers });
        expect(r.status).toBe(401);
        expect(r.json.error.code).toBe('UNAUTHORIZED');
      }
      expect((await call(configUrl(), { headers: bearer(t) })).status).toBe(200);
      clock += 3601 * 1000;
      expect((await call(configUrl(), { headers: bearer(t) })).status).toBe(401);
    });
  });

  describe('account config', () => {
    const full = {
      pending_orders_endpoint: 'https://erp.example.com/orders/pending',
      webhook_url: 'https://example.com/statements',
      retry_limit: 5,
      polling_method: 'GET',
      polling_body: null,
      auth_type: 'bearer',
      auth_token: 'orders-token',
      webhook_auth_type: 'bearer',
      webhook_auth_token: 'statements-token',
      notify_on_expired: true,
      webhook_extra_fields: { tenant: 'acme' },
      silent_ingestion: false,
      session_type: 'persistent',
      login_mode: 'assisted',
      notification_endpoint_url: 'https://n8n.example.com/webhook/rb',
      notification_auth_type: 'bearer',
      notification_auth_token: 'notify-token',
      notification_events: ['assistance_required', 'scrape_failed'],
      notification_transport: 'api',
      notification_slack_channel: null,
      bank_username: 'jdoe',
      bank_password: 'bank-pass',
    };
    const masked = (id: string) => {
      const { bank_password: _writeOnly, ...shown } = full;
      return {
        id,
        account_id: accountId,
        ...shown,
        auth_token: MASK,
        webhook_auth_token: MASK,
        notification_auth_token: MASK,
      };
    };
    /** The contract's field list, in its order ("Account configuration"). */
    const CONTRACT_FIELDS = [
      'id', 'account_id', 'pending_orders_endpoint', 'webhook_url', 'retry_limit', 'polling_method', 'polling_body',
      'auth_type', 'auth_token', 'webhook_auth_type', 'webhook_auth_token', 'notify_on_expired', 'webhook_extra_fields',
      'silent_ingestion', 'session_type', 'login_mode', 'notification_endpoint_url', 'notification_auth_type',
      'notification_auth_token', 'notification_events', 'notification_transport', 'notification_slack_channel', 'bank_username',
    ];

    it('GET answers null before the account is configured; PUT returns the masked config', async () => {
      const t = await token();
      const empty = await call(configUrl(), { headers: bearer(t) });
      expect(empty.status).toBe(200);
      expect(empty.text).toBe('null');

      const put = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: full });
      expect(put.status).toBe(200);
      const id = put.json.id as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(put.json).toEqual(masked(id));
      expect((await call(configUrl(), { headers: bearer(t) })).json).toEqual(masked(id));
      expect(sb.getConfig(accountId)).toEqual({ id, ...full });
    });

    it('GET returns exactly the contract fields (no invented ones, never bank_password)', async () => {
      const t = await token();
      await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...full, persistent_session: true, schedule_cron: '0 6 * * *', webhook_secret: 'x' } });
      const r = await call(configUrl(), { headers: bearer(t) });
      expect(Object.keys(r.json)).toEqual(CONTRACT_FIELDS);
      // Stored raw config with invented fields (setConfig bypasses validation) is not shown either.
      sb.setConfig(accountId, { persistent_session: true, schedule_cron: '* * * * *' });
      expect(Object.keys((await call(configUrl(), { headers: bearer(t) })).json)).toEqual(CONTRACT_FIELDS);
    });

    it('PUT is a full replace: omitted fields reset to defaults; masks keep secrets, null/""/omitted clear them', async () => {
      const t = await token();
      const id = (await call(configUrl(), { method: 'PUT', headers: bearer(t), body: full })).json.id;
      const r = await call(configUrl(), {
        method: 'PUT',
        headers: bearer(t),
        body: { webhook_url: 'https://example.com/v2', auth_token: MASK, webhook_auth_token: '', notification_auth_token: null, extra: 1 },
      });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        id,
        account_id: accountId,
        pending_orders_endpoint: null,
        webhook_url: 'https://example.com/v2',
        retry_limit: 3,
        polling_method: null,
        polling_body: null,
        auth_type: null,
        auth_token: MASK,
        webhook_auth_type: null,
        webhook_auth_token: null,
        notify_on_expired: false,
        webhook_extra_fields: null,
        silent_ingestion: false,
        session_type: 'one-shot',
        login_mode: 'simple',
        notification_endpoint_url: null,
        notification_auth_type: null,
        notification_auth_token: null,
        notification_events: null,
        notification_transport: null,
        notification_slack_channel: null,
        bank_username: null,
      });
      // bank_password is write-only: omitted keeps it (a read → write-back cannot carry it).
      expect(sb.getConfig(accountId)).toMatchObject({ auth_token: 'orders-token', webhook_auth_token: null, notification_auth_token: null, bank_password: 'bank-pass' });

      // a new string replaces; the mask with nothing stored stays null
      const r2 = await call(configUrl(), {
        method: 'PUT',
        headers: bearer(t),
        body: { webhook_url: 'https://example.com/v2', auth_token: 'rotated', webhook_auth_token: MASK, bank_password: '' },
      });
      expect(r2.json).toMatchObject({ auth_token: MASK, webhook_auth_token: null });
      expect(sb.getConfig(accountId)).toMatchObject({ auth_token: 'rotated', webhook_auth_token: null, bank_password: null });
      // omitted clears
      await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { webhook_url: 'https://example.com/v2' } });
      expect(sb.getConfig(accountId)?.auth_token).toBeNull();
    });

    it('PUT trims secret values (like the real server), and the trimmed mask still keeps a secret', async () => {
      const t = await token();
      const r = await call(configUrl(), {
        method: 'PUT',
        headers: bearer(t),
        body: { ...full, notification_auth_token: '  notify-token\n', auth_token: '\torders-token ', webhook_auth_token: '   ' },
      });
      expect(r.status).toBe(200);
      expect(sb.getConfig(accountId)).toMatchObject({ notification_auth_token: 'notify-token', auth_token: 'orders-token', webhook_auth_token: null });
      await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...full, notification_auth_token: ` ${MASK} ` } });
      expect(sb.getConfig(accountId)?.notification_auth_token).toBe('notify-token');
    });

    it('PUT validates the slack transport: with events it needs a channel and a token', async () => {
      const t = await token();
      const slack = { ...full, notification_transport: 'slack', notification_endpoint_url: null, notification_auth_type: null };
      const bad = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...slack, notification_auth_token: null } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
        'notification_auth_token',
        'notification_slack_channel',
      ]);
      expect(sb.getConfig(accountId)).toBeNull();
      const ok = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...slack, notification_slack_channel: '#banking', notification_auth_token: 'xoxb-1' } });
      expect(ok.status).toBe(200);
      // The stored token is kept by the mask, so the safe update stays valid.
      const again = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: ok.json });
      expect(again.status).toBe(200);
      expect(sb.getConfig(accountId)?.notification_auth_token).toBe('xoxb-1');
      // Without events nothing is sent, so nothing is required.
      const quiet = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...slack, notification_events: [], notification_auth_token: null } });
      expect(quiet.status).toBe(200);
    });

    it('PUT validates the chat_webhook transport: with events it needs an endpoint URL; saving it clears auth type, token and channel', async () => {
      const t = await token();
      const chat = { ...full, notification_transport: 'chat_webhook', notification_slack_channel: '#x' };
      const bad = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...chat, notification_endpoint_url: null } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.details.issues).toEqual([
        { path: 'notification_endpoint_url', message: expect.any(String), code: 'custom' },
      ]);
      const ok = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: chat });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({
        notification_transport: 'chat_webhook',
        notification_endpoint_url: full.notification_endpoint_url,
        notification_auth_type: null,
        notification_auth_token: null,
        notification_slack_channel: null,
      });
      expect(sb.getConfig(accountId)?.notification_auth_token).toBeNull();
    });

    it('the safe update (read → change notification fields → write back) keeps everything else', async () => {
      const t = await token();
      await call(configUrl(), { method: 'PUT', headers: bearer(t), body: full });
      const current = (await call(configUrl(), { headers: bearer(t) })).json;
      const next = { ...current, notification_endpoint_url: 'https://n8n.example.com/webhook/new', notification_events: ['assistance_required'] };
      expect((await call(configUrl(), { method: 'PUT', headers: bearer(t), body: next })).status).toBe(200);
      expect(sb.getConfig(accountId)).toEqual({ id: current.id, ...full, notification_endpoint_url: 'https://n8n.example.com/webhook/new', notification_events: ['assistance_required'] });
    });

    it('PUT requires webhook_url and validates enums', async () => {
      const t = await token();
      const r = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { login_mode: 'assisted' } });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'Invalid body' });
      expect(r.json.error.details.issues).toEqual([{ path: 'webhook_url', message: 'Required', code: 'invalid_type' }]);
      const bad = await call(configUrl(), {
        method: 'PUT',
        headers: bearer(t),
        body: { webhook_url: 'https://x.example', notification_auth_type: 'basic', notification_events: ['login_failed'], notification_transport: 'email' },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
        'notification_auth_type',
        'notification_events.0',
        'notification_transport',
      ]);
      expect(sb.getConfig(accountId)).toBeNull();
    });

    it('answers 404 Account not found for another user’s account, 400 for a non-UUID id', async () => {
      const other = sb.createUser({ email: 'o@example.com', password: 'pw' });
      const theirs = sb.createAccount({ userId: other.id, config: { webhook_url: 'https://x.example' } });
      const t = await token();
      for (const method of ['GET', 'PUT']) {
        const r = await call(configUrl(theirs.id), { method, headers: bearer(t), body: method === 'PUT' ? full : undefined });
        expect(r.status).toBe(404);
        expect(r.json).toEqual({ error: { code: 'NOT_FOUND', message: 'Account not found' } });
      }
      expect(sb.getConfig(theirs.id)?.login_mode).toBe('simple');
      const bad = await call(configUrl('123'), { headers: bearer(t) });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toBe('Invalid params');
    });

    it('refuses loopback/private notification URLs when the SSRF guard is on', async () => {
      sb.options.allowPrivateNotificationUrls = false;
      const t = await token();
      for (const url of [
        'http://127.0.0.1:5678/webhook/x',
        'http://localhost:5678/webhook/x',
        'http://[::1]:5678/x',
        'http://10.0.0.5/x',
        'http://172.20.1.1/x',
        'http://192.168.1.10/x',
        'http://169.254.169.254/latest',
        'http://[fd12::1]/x',
        'http://0x7f.1/x',
      ]) {
        const r = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...full, notification_endpoint_url: url } });
        expect(r.status).toBe(400);
        expect(r.json.error.code).toBe('VALIDATION_ERROR');
        expect(r.json.error.details.issues).toEqual([
          { path: 'notification_endpoint_url', message: expect.stringMatching(/private addresses are not allowed/), code: 'custom' },
        ]);
      }
      const ok = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...full, notification_endpoint_url: 'https://n8n.example.com/webhook/x' } });
      expect(ok.status).toBe(200);

      sb.options.allowPrivateNotificationUrls = true;
      const local = await call(configUrl(), { method: 'PUT', headers: bearer(t), body: { ...full, notification_endpoint_url: 'http://127.0.0.1:5678/webhook/x' } });
      expect(local.status).toBe(200);
    });
  });

  describe('API keys', () => {
    it('creates a key (201, plaintext once) that works on /v1, restricted by account_ids, revocable', async () => {
      const t = await token();
      const other = sb.createAccount({ userId });
      const r = await call(`${sb.baseUrl}/api/me/api-keys`, {
        headers: bearer(t),
        body: { name: 'n8n', scopes: ['status:read'], account_ids: [accountId] },
      });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ id: expect.any(String), name: 'n8n', scopes: ['status:read'], account_ids: [accountId] });
      expect(r.json.key).toMatch(/^rbk_[0-9a-f]{8}_[0-9a-f]{64}$/);

      const ok = await call(`${sb.baseUrl}/v1/accounts/${accountId}/status`, { headers: { 'X-Api-Key': r.json.key } });
      expect(ok.status).toBe(200);
      const denied = await call(`${sb.baseUrl}/v1/accounts/${other.id}/status`, { headers: { 'X-Api-Key': r.json.key } });
      expect(denied.status).toBe(403);

      const list = await call(`${sb.baseUrl}/api/me/api-keys`, { headers: bearer(t) });
      expect(list.text).not.toContain(r.json.key);
      expect(list.json).toHaveLength(1);

      const del = await call(`${sb.baseUrl}/api/me/api-keys/${r.json.id}`, { method: 'DELETE', headers: bearer(t) });
      expect(del.status).toBe(204);
      const revoked = await call(`${sb.baseUrl}/v1/accounts/${accountId}/status`, { headers: { 'X-Api-Key': r.json.key } });
      expect(revoked.json.error.code).toBe('INVALID_API_KEY');
    });

    it('validates the body and requires a JWT', async () => {
      const t = await token();
      const r = await call(`${sb.baseUrl}/api/me/api-keys`, { headers: bearer(t), body: { name: 'x', scopes: ['admin'], account_ids: ['nope'] } });
      expect(r.status).toBe(400);
      expect(r.json.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['scopes.0', 'account_ids.0']);
      const anon = await call(`${sb.baseUrl}/api/me/api-keys`, { body: { name: 'x', scopes: ['otp:write'], account_ids: null } });
      expect(anon.status).toBe(401);
    });
  });
});
