import { startSandbox } from './index';
import { World, apiKey, call, status, submit, world } from './helpers';

const KEY_RE = /^rbk_[0-9a-f]{8}_[0-9a-f]{64}$/;

describe('sandbox /v1: keys, scopes, allow-lists, unknown paths', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    w.sb.openRequest(w.accountId, { length: 6, type: 'numeric' });
  });
  afterEach(() => w.sb.close());

  const statusUrl = () => `${w.sb.baseUrl}/v1/accounts/${w.accountId}/status`;

  it('generates keys in the documented format and stores only a hash', () => {
    expect(w.key).toMatch(KEY_RE);
    const stored = JSON.stringify([...w.sb.store.apiKeys.values()]);
    expect(stored).not.toContain(w.key);
    expect(stored).not.toContain(w.key.slice(13));
  });

  it('accepts `Authorization: Api-Key` and `X-Api-Key`', async () => {
    expect((await call(statusUrl(), { headers: { Authorization: `Api-Key ${w.key}` } })).status).toBe(200);
    expect((await call(statusUrl(), { headers: { 'X-Api-Key': w.key } })).status).toBe(200);
  });

  it('answers 401 UNAUTHORIZED with the JSON envelope when no key is sent', async () => {
    const r = await call(statusUrl());
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.json).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    expect((await call(statusUrl(), { headers: { 'X-Api-Key': '' } })).json.error.code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['Bearer with a valid key', (k: string) => ({ Authorization: `Bearer ${k}` })],
    ['lower-case scheme', (k: string) => ({ Authorization: `api-key ${k}` })],
    ['bare key in Authorization', (k: string) => ({ Authorization: k })],
    ['malformed key', () => ({ Authorization: 'Api-Key rbk_1234_abc' })],
    ['upper-case hex', (k: string) => ({ Authorization: `Api-Key ${k.toUpperCase().replace('RBK', 'rbk')}` })],
    ['unknown well-formed key', () => ({ 'X-Api-Key': `rbk_0123abcd_${'0'.repeat(64)}` })],
  ])('answers 401 INVALID_API_KEY for %s', async (_name, headers) => {
    const r = await call(statusUrl(), { headers: headers(w.key) });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('INVALID_API_KEY');
  });

  it('lets a valid X-Api-Key through even beside a Bearer Authorization header', async () => {
    const r = await call(statusUrl(), { headers: { Authorization: 'Bearer some-jwt', 'X-Api-Key': w.key } });
    expect(r.status).toBe(200);
  });

  it('refuses a revoked key with INVALID_API_KEY', async () => {
    expect((await status(w)).status).toBe(200);
    expect(w.sb.revokeApiKey(w.keyId)).toBe(true);
    const r = await status(w);
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('INVALID_API_KEY');
  });

  it('answers 403 FORBIDDEN when the key lacks the scope', async () => {
    const readOnly = w.sb.createApiKey({ userId: w.userId, scopes: ['status:read'] }).key;
    const writeOnly = w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write'] }).key;
    const a = await submit(w, '123456', readOnly);
    expect(a.status).toBe(403);
    expect(a.json.error.code).toBe('FORBIDDEN');
    expect(a.json.error.message).toContain('otp:write');
    const b = await status(w, writeOnly);
    expect(b.status).toBe(403);
    expect(b.json.error.message).toContain('status:read');
    expect(w.sb.getStatus(w.accountId).pending_assistance).not.toBeNull();
  });

  it('answers 403 for an account outside the key allow-list, before anything else about the account', async () => {
    const other = w.sb.createAccount({ userId: w.userId });
    const limited = w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write', 'status:read'], accountIds: [other.id] }).key;
    expect((await status(w, limited, other.id)).status).toBe(200);
    for (const target of [w.accountId, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const s = await status(w, limited, target);
      expect(s.status).toBe(403);
      expect(s.json.error.code).toBe('FORBIDDEN');
      const o = await call(`${w.sb.baseUrl}/v1/accounts/${target}/otp`, { headers: apiKey(limited), rawBody: '{bad json' });
      expect(o.status).toBe(403);
    }
  });

  it('answers 404 Account not found for an account of another user or one that does not exist', async () => {
    const stranger = w.sb.createUser({ email: 'stranger@example.com', password: 'x' });
    const theirs = w.sb.createAccount({ userId: stranger.id });
    w.sb.openRequest(theirs.id, {});
    for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000']) {
      const s = await status(w, w.key, id);
      expect(s.status).toBe(404);
      expect(s.json).toEqual({ error: { code: 'NOT_FOUND', message: 'Account not found' } });
      const o = await submit(w, '123456', w.key, id);
      expect(o.status).toBe(404);
      expect(o.json.error.message).toBe('Account not found');
    }
    expect(w.sb.getStatus(theirs.id).pending_assistance).not.toBeNull();
  });

  it('answers 400 Invalid params for a non-UUID account id', async () => {
    const r = await status(w, w.key, 'acct-1');
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Invalid params',
      details: { issues: [{ path: 'accountId', message: 'Invalid uuid', code: 'invalid_string' }] },
    });
  });

  it('answers an HTML 404 (not JSON) for unknown /v1 paths and wrong methods, key or not', async () => {
    for (const [method, path, headers] of [
      ['GET', '/v1/accounts', {}],
      ['GET', `/v1/accounts/${w.accountId}/otp`, apiKey(w.key)],
      ['POST', `/v1/accounts/${w.accountId}/status`, apiKey(w.key)],
      ['GET', '/v1/status', {}],
      ['GET', '/v2/accounts', {}],
      ['GET', `//v1/accounts/${w.accountId}/status`, apiKey(w.key)],
      ['GET', `/x//v1/accounts/${w.accountId}/status`, apiKey(w.key)],
    ] as const) {
      const r = await call(`${w.sb.baseUrl}${path}`, { method, headers });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.text).toContain(`Cannot ${method} ${path}`);
      expect(r.json).toBeUndefined();
    }
  });

  it('serves everything under a path prefix, and nothing outside it', async () => {
    const sb = await startSandbox({ port: 0, pathPrefix: '/reconbanker/' });
    try {
      expect(sb.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reconbanker$/);
      const u = sb.createUser({ email: 'p@example.com', password: 'pw' });
      const a = sb.createAccount({ userId: u.id });
      const { key } = sb.createApiKey({ userId: u.id, scopes: ['status:read'] });
      const ok = await call(`${sb.baseUrl}/v1/accounts/${a.id}/status`, { headers: apiKey(key) });
      expect(ok.status).toBe(200);
      expect(ok.json.pending_assistance).toBeNull();
      const origin = sb.baseUrl.replace(/\/reconbanker$/, '');
      const outside = await call(`${origin}/v1/accounts/${a.id}/status`, { headers: apiKey(key) });
      expect(outside.status).toBe(404);
      expect(outside.headers.get('content-type')).toMatch(/text\/html/);
      const doubled = await call(`${sb.baseUrl}//v1/accounts/${a.id}/status`, { headers: apiKey(key) });
      expect(doubled.status).toBe(404);
      expect(sb.log.map((e) => e.path)).toEqual([
        `/reconbanker/v1/accounts/${a.id}/status`,
        `/v1/accounts/${a.id}/status`,
        `/reconbanker//v1/accounts/${a.id}/status`,
      ]);
    } finally {
      await sb.close();
    }
  });

  it('records every request in sb.log with headers, raw body and status', async () => {
    await submit(w, 'abc');
    const entry = w.sb.log[w.sb.log.length - 1];
    expect(entry).toMatchObject({ method: 'POST', path: `/v1/accounts/${w.accountId}/otp`, status: 202 });
    expect(entry.rawBody).toBe('{"code":"abc"}');
    expect(entry.headers.authorization).toBe(`Api-Key ${w.key}`);
  });
});
