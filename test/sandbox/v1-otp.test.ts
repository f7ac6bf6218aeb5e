import { World, apiKey, call, status, submit, world } from './helpers';

function parseRateLimit(h: string | null) {
  const m = /^limit=(\d+), remaining=(\d+), reset=(\d+)$/.exec(h || '');
  if (!m) throw new Error(`bad RateLimit header: ${h}`);
  return { limit: Number(m[1]), remaining: Number(m[2]), reset: Number(m[3]) };
}

describe('sandbox /v1: status and OTP submission', () => {
  let w: World;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse('2025-03-01T12:00:00Z');
    w = await world({ now: () => clock });
  });
  afterEach(() => w.sb.close());

  it('reports status with pending_assistance null, then the pending request', async () => {
    const idle = await status(w);
    expect(idle.status).toBe(200);
    expect(idle.json).toEqual({ account_id: w.accountId, session_running: false, pending_assistance: null });

    const req = w.sb.openRequest(w.accountId, { length: 8, type: 'alphanumeric', purpose: 'login' });
    const busy = await status(w);
    expect(busy.json).toEqual({
      account_id: w.accountId,
      session_running: true,
      pending_assistance: {
        id: req.id,
        type: 'otp',
        descriptor: { length: 8, type: 'alphanumeric', purpose: 'login' },
        attempts: 1,
      },
    });
    expect(w.sb.getStatus(w.accountId)).toEqual(busy.json);
  });

  it('accepts upper-case UUIDs in the path', async () => {
    const r = await status(w, w.key, w.accountId.toUpperCase());
    expect(r.status).toBe(200);
    expect(r.json.account_id).toBe(w.accountId);
  });

  it('answers 202 {submitted:true} with RateLimit headers', async () => {
    w.sb.openRequest(w.accountId, {});
    const r = await submit(w, '123456');
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ submitted: true });
    expect(parseRateLimit(r.headers.get('ratelimit'))).toEqual({ limit: 5, remaining: 4, reset: 600 });
    expect(r.headers.get('ratelimit-policy')).toBe('5;w=600');
    expect(r.headers.get('retry-after')).toBeNull();
  });

  it.each([
    ['a number', 123456, 'invalid_type', 'Expected string, received number'],
    ['missing', undefined, 'invalid_type', 'Required'],
    ['null', null, 'invalid_type', 'Expected string, received null'],
    ['empty', '', 'too_small', 'String must contain at least 1 character(s)'],
    ['33 characters', '1'.repeat(33), 'too_big', 'String must contain at most 32 character(s)'],
  ])('answers 400 Invalid body when the code is %s', async (_name, code, issueCode, message) => {
    w.sb.openRequest(w.accountId, {});
    const r = await submit(w, code);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: { code: 'VALIDATION_ERROR', message: 'Invalid body', details: { issues: [{ path: 'code', message, code: issueCode }] } },
    });
    expect(r.headers.get('ratelimit')).toMatch(/remaining=4/);
    expect(w.sb.getStatus(w.accountId).pending_assistance).not.toBeNull();
  });

  it('forwards any string of 1–32 characters untrimmed, whatever the descriptor', async () => {
    w.sb.openRequest(w.accountId, { length: 6, type: 'numeric' });
    expect((await submit(w, ' 12 ab ')).status).toBe(202);
    w.sb.openRequest(w.accountId, {});
    expect((await submit(w, 'x'.repeat(32))).status).toBe(202);
    expect(w.sb.submissions(w.accountId).map((s) => s.code)).toEqual([' 12 ab ', 'x'.repeat(32)]);
  });

  it('answers 500 INTERNAL_ERROR for a malformed JSON body (server quirk)', async () => {
    w.sb.openRequest(w.accountId, {});
    for (const rawBody of ['{"code":', '"123456"', 'code=123456']) {
      const r = await call(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, {
        headers: { ...apiKey(w.key), 'Content-Type': 'application/json' },
        rawBody,
      });
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String) } });
    }
    expect(w.sb.getStatus(w.accountId).pending_assistance).not.toBeNull();
  });

  it('treats a non-JSON content type as an empty body (400 Required)', async () => {
    w.sb.openRequest(w.accountId, {});
    const r = await call(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, {
      headers: { ...apiKey(w.key), 'Content-Type': 'text/plain' },
      rawBody: '{"code":"123456"}',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.details.issues[0]).toMatchObject({ path: 'code', message: 'Required' });
  });

  it('answers 404 "No pending assistance request" when nothing waits, including right after a 202', async () => {
    const none = await submit(w, '123456');
    expect(none.status).toBe(404);
    expect(none.json).toEqual({ error: { code: 'NOT_FOUND', message: 'No pending assistance request for this account' } });
    w.sb.openRequest(w.accountId, {});
    expect((await submit(w, '123456')).status).toBe(202);
    expect((await submit(w, '123456')).json.error.message).toBe('No pending assistance request for this account');
  });

  it('limits to 5 submissions per 10 minutes per account, counting 400s and 404s', async () => {
    w.sb.openRequest(w.accountId, {});
    const statuses: number[] = [];
    const remaining: number[] = [];
    for (const code of [1, '', '123456', '123456', '654321']) {
      const r = await submit(w, code);
      statuses.push(r.status);
      remaining.push(parseRateLimit(r.headers.get('ratelimit')).remaining);
      clock += 1000;
    }
    expect(statuses).toEqual([400, 400, 202, 404, 404]);
    expect(remaining).toEqual([4, 3, 2, 1, 0]);

    w.sb.openRequest(w.accountId, {});
    const r = await submit(w, '123456');
    expect(r.status).toBe(429);
    expect(r.json).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    // first hit at t0, now t0 + 5 s → the oldest leaves the window in 595 s
    expect(r.headers.get('retry-after')).toBe('595');
    expect(r.headers.get('ratelimit')).toBe('limit=5, remaining=0, reset=595');
    expect(r.headers.get('ratelimit-policy')).toBe('5;w=600');
    expect(w.sb.getStatus(w.accountId).pending_assistance).not.toBeNull();

    clock += 595 * 1000; // the first hit slides out (sliding window)
    const again = await submit(w, '123456');
    expect(again.status).toBe(202);
    expect(parseRateLimit(again.headers.get('ratelimit')).remaining).toBe(0);
    expect((await submit(w, '123456')).status).toBe(429);
  });

  it('does not count 401s, 403s or 429s', async () => {
    const readOnly = w.sb.createApiKey({ userId: w.userId, scopes: ['status:read'] }).key;
    for (let i = 0; i < 6; i++) {
      expect((await call(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, { body: { code: '1' } })).status).toBe(401);
      expect((await submit(w, '1', `rbk_deadbeef_${'a'.repeat(64)}`)).status).toBe(401);
      expect((await submit(w, '1', readOnly)).status).toBe(403);
    }
    for (let i = 0; i < 5; i++) expect((await submit(w, '1')).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await submit(w, '1')).status).toBe(429);
    clock += 600 * 1000;
    expect((await submit(w, '1')).status).toBe(404);
  });

  it('checks in order: key → scope/allow-list → rate limit → UUID → body → ownership → pending', async () => {
    const readOnly = w.sb.createApiKey({ userId: w.userId, scopes: ['status:read'] }).key;
    const other = w.sb.createAccount({ userId: w.userId });
    const limited = w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write'], accountIds: [other.id] }).key;
    for (let i = 0; i < 5; i++) await submit(w, 'x');

    // exhausted account: key and scope problems still win
    expect((await submit(w, 'x', 'rbk_nope')).json.error.code).toBe('INVALID_API_KEY');
    expect((await call(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, { body: { code: 'x' } })).json.error.code).toBe('UNAUTHORIZED');
    expect((await submit(w, 'x', readOnly)).status).toBe(403);
    expect((await submit(w, 'x', limited)).status).toBe(403);
    // then the limit, before the body is even looked at
    const bad = await call(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, { headers: apiKey(w.key), rawBody: '{oops', method: 'POST' });
    expect(bad.status).toBe(429);
    expect((await submit(w, 7)).status).toBe(429);

    // a non-UUID id has its own budget; once spent, 429 comes before the UUID check
    for (let i = 0; i < 5; i++) {
      const r = await submit(w, 'x', w.key, 'not-a-uuid');
      expect(r.status).toBe(400);
      expect(r.json.error.message).toBe('Invalid params');
    }
    expect((await submit(w, 'x', w.key, 'not-a-uuid')).status).toBe(429);

    // UUID before body; body before ownership; ownership before pending
    const stranger = w.sb.createUser({ email: 'z@example.com', password: 'x' });
    const theirs = w.sb.createAccount({ userId: stranger.id });
    w.sb.openRequest(theirs.id, {});
    expect((await submit(w, 7, w.key, theirs.id)).json.error.message).toBe('Invalid body');
    expect((await submit(w, '7', w.key, theirs.id)).json.error.message).toBe('Account not found');
    expect((await submit(w, '7', w.key, other.id)).json.error.message).toBe('No pending assistance request for this account');
    const malformed = await call(`${w.sb.baseUrl}/v1/accounts/${other.id}/otp`, {
      headers: { ...apiKey(w.key), 'Content-Type': 'application/json' },
      rawBody: '{oops',
    });
    expect(malformed.status).toBe(500);
  });

  it('shares the budget between every key of the account, and keeps accounts apart', async () => {
    const second = w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write'] }).key;
    const other = w.sb.createAccount({ userId: w.userId });
    for (let i = 0; i < 3; i++) await submit(w, 'x');
    for (let i = 0; i < 2; i++) expect((await submit(w, 'x', second)).status).toBe(404);
    expect((await submit(w, 'x', second)).status).toBe(429);
    expect((await submit(w, 'x')).status).toBe(429);
    expect((await submit(w, 'x', second, other.id)).status).toBe(404);
  });

  it('never rate-limits status', async () => {
    for (let i = 0; i < 5; i++) await submit(w, 'x');
    for (let i = 0; i < 10; i++) {
      const r = await status(w);
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit')).toBeNull();
    }
  });

  it('records every OTP POST for the account with its status', async () => {
    await call(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, { body: { code: 'nokey' } });
    w.sb.openRequest(w.accountId, {});
    await submit(w, 42);
    await submit(w, 'good');
    expect(w.sb.submissions(w.accountId)).toEqual([
      { code: 'nokey', status: 401, at: clock },
      { code: 42, status: 400, at: clock },
      { code: 'good', status: 202, at: clock, requestId: expect.any(String), receivedFor: expect.any(String), receivedAt: clock, outcome: 'accepted' },
    ]);
  });
});
