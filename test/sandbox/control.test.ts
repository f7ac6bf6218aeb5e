import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startSandbox, Sandbox } from './index';
import { FAST, Receiver, apiKey, call, startReceiver } from './helpers';

describe('sandbox control API (/__sandbox)', () => {
  let sb: Sandbox;
  let rx: Receiver;
  let ctl: string;
  beforeEach(async () => {
    sb = await startSandbox({ ...FAST, notificationRetryMs: 40, allowPrivateNotificationUrls: false });
    rx = await startReceiver();
    ctl = `${sb.baseUrl}/__sandbox`;
  });
  afterEach(async () => {
    await sb.close();
    await rx.close();
  });

  async function seed() {
    const r = await call(`${ctl}/seed`, {
      body: {
        users: [{ ref: 'demo', email: 'demo@example.com', password: 'demo-password' }],
        accounts: [{ ref: 'main', user: 'demo', config: { webhook_url: 'https://example.com/s' }, expectedCode: '123456' }],
        apiKeys: [{ ref: 'n8n', user: 'demo', name: 'n8n', scopes: ['otp:write', 'status:read'], accountIds: ['main'] }],
      },
    });
    expect(r.status).toBe(201);
    return r.json;
  }

  it('seeds a user, account and key and returns them (the key once)', async () => {
    const s = await seed();
    expect(s.userId).toBe(s.users[0].id);
    expect(s.accountId).toBe(s.accounts[0].id);
    expect(s.apiKey).toMatch(/^rbk_[0-9a-f]{8}_[0-9a-f]{64}$/);
    expect(s.apiKeys[0]).toMatchObject({ ref: 'n8n', accountIds: [s.accountId], key: s.apiKey });
    const st = await call(`${sb.baseUrl}/v1/accounts/${s.accountId}/status`, { headers: apiKey(s.apiKey) });
    expect(st.status).toBe(200);
  });

  it('drives a full round: config (raw, bypassing SSRF), request, submit, reject, resend, events, submissions', async () => {
    const s = await seed();
    const acct = `${ctl}/accounts/${s.accountId}`;
    const cfg = await call(`${acct}/config`, {
      method: 'PUT',
      body: {
        notification_endpoint_url: rx.url,
        notification_events: ['assistance_required'],
        notification_auth_type: 'bearer',
        notification_auth_token: 'very-secret-token',
      },
    });
    expect(cfg.status).toBe(200);
    expect(cfg.json).toMatchObject({ notification_endpoint_url: rx.url, notification_auth_token: '__secret_present__' });
    expect(cfg.text).not.toContain('very-secret-token');

    const opened = await call(`${acct}/requests`, { body: { descriptor: { length: 6, type: 'numeric', purpose: 'login' } } });
    expect(opened.status).toBe(201);
    expect(opened.json).toMatchObject({ id: expect.any(String), attempts: 1 });
    expect((await call(`${acct}/resend`, { body: {} })).json).toMatchObject({ id: opened.json.id, attempts: 2 });

    expect((await call(`${acct}/expected-code`, { body: { code: '999999' } })).json).toEqual({ ok: true, mode: 'fixed' });
    const sub = await call(`${sb.baseUrl}/v1/accounts/${s.accountId}/otp`, { headers: apiKey(s.apiKey), body: { code: '123456' } });
    expect(sub.status).toBe(202);
    await sb.waitFor(() => sb.getStatus(s.accountId).pending_assistance);

    const ev = await call(`${acct}/events`, { body: { type: 'assistance_required', status: 'session.needs_attention', data: { reason: 'auth_timeout' } } });
    expect(ev.status).toBe(202);
    expect(ev.json.notificationId).toMatch(/^ntf_/);

    await sb.waitFor(() => rx.requests.length === 4);
    expect(rx.requests.map((r) => JSON.parse(r.body).status)).toEqual([
      'assistance.requested',
      'assistance.requested',
      'assistance.requested',
      'session.needs_attention',
    ]);

    const subs = await call(`${acct}/submissions`);
    expect(subs.json).toEqual([
      {
        code: '123456',
        status: 202,
        at: expect.any(Number),
        requestId: opened.json.id,
        receivedFor: opened.json.id,
        receivedAt: expect.any(Number),
        outcome: 'rejected',
      },
    ]);

    const st = await call(`${acct}/status`);
    expect(st.json.pending_assistance.id).not.toBe(opened.json.id);

    await sb.waitFor(() => sb.deliveries.filter((d) => d.done).length === 4);
    const deliveries = await call(`${ctl}/deliveries`);
    expect(deliveries.json).toHaveLength(4);
    expect(deliveries.text).not.toContain('very-secret-token');
    expect(deliveries.json[0].headers.Authorization).toBe('Bearer [redacted]');

    const dup = await call(`${ctl}/deliveries/${deliveries.json[0].id}/duplicate`, { body: { times: 2 } });
    expect(dup.status).toBe(200);
    expect(dup.json.map((d: { duplicate: boolean; status: number }) => [d.duplicate, d.status])).toEqual([
      [true, 200],
      [true, 200],
    ]);
    expect(rx.requests[4].body).toBe(rx.requests[0].body);
  });

  it('never shows keys, tokens or passwords in the log', async () => {
    const s = await seed();
    await call(`${sb.baseUrl}/v1/accounts/${s.accountId}/status`, { headers: apiKey(s.apiKey) });
    await call(`${sb.baseUrl}/v1/accounts/${s.accountId}/status`, { headers: { 'X-Api-Key': s.apiKey } });
    const login = await call(`${sb.baseUrl}/api/auth/login`, { body: { email: 'demo@example.com', password: 'demo-password' } });
    await call(`${sb.baseUrl}/api/accounts/${s.accountId}/config`, { headers: { Authorization: `Bearer ${login.json.token}` } });
    await call(`${sb.baseUrl}/api/accounts/${s.accountId}/config`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${login.json.token}` },
      body: { webhook_url: 'https://example.com/s', notification_auth_token: 'tok-in-body' },
    });

    const log = await call(`${ctl}/log`);
    expect(log.json.map((e: { method: string; status: number }) => [e.method, e.status])).toEqual([
      ['GET', 200],
      ['GET', 200],
      ['POST', 200],
      ['GET', 200],
      ['PUT', 200],
    ]);
    for (const secret of [s.apiKey, s.apiKey.slice(13), 'demo-password', login.json.token, 'tok-in-body']) {
      expect(log.text).not.toContain(secret);
    }
    expect(log.json[0].headers.authorization).toBe(`Api-Key ${s.apiKey.slice(0, 13)}[redacted]`);
    expect(log.json[1].headers['x-api-key']).toBe(`${s.apiKey.slice(0, 13)}[redacted]`);
    // the programmatic log keeps everything for assertions
    expect(sb.log[0].headers.authorization).toBe(`Api-Key ${s.apiKey}`);

    const since = await call(`${ctl}/log?since=${log.json[3].seq}`);
    expect(since.json).toHaveLength(1);
    expect((await call(`${ctl}/log`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${ctl}/log`)).json).toEqual([]);
  });

  it('reports errors with the envelope and unknown control paths with the HTML 404', async () => {
    const missing = await call(`${ctl}/accounts/00000000-0000-4000-8000-000000000000/requests`, { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    const s = await seed();
    const bad = await call(`${ctl}/accounts/${s.accountId}/requests`, { body: { descriptor: { type: 'hex' } } });
    expect(bad.status).toBe(400);
    const noPending = await call(`${ctl}/accounts/${s.accountId}/resend`, { body: {} });
    expect(noPending.status).toBe(404);
    const unknown = await call(`${ctl}/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('tunes options at run time (without revealing the signing secret)', async () => {
    const r = await call(`${ctl}/options`, { method: 'PATCH', body: { guidePayloadShape: true, signingSecret: 'shh', rejectionReopenDelayMs: 5 } });
    expect(r.json).toMatchObject({ guidePayloadShape: true, signing: true, rejectionReopenDelayMs: 5 });
    expect(r.text).not.toContain('shh');
    expect(sb.options.signingSecret).toBe('shh');
  });

  it('is reachable under a path prefix, and at the root', async () => {
    const p = await startSandbox({ port: 0, pathPrefix: '/rb' });
    try {
      expect((await call(`${p.baseUrl}/__sandbox/health`)).json).toEqual({ ok: true, baseUrl: p.baseUrl });
      expect((await call(`${p.baseUrl.replace(/\/rb$/, '')}/__sandbox/health`)).status).toBe(200);
      expect(p.log).toHaveLength(0);
    } finally {
      await p.close();
    }
  });
});

describe('sandbox CLI', () => {
  it('starts, seeds from a file, prints one JSON line, and stops on SIGTERM', async () => {
    const cli = path.join(__dirname, 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--seed', path.join(__dirname, 'demo-seed.json'), '--signing-secret', 's', '--reject-delay-ms', '20-40'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const nl = out.indexOf('\n');
          if (nl >= 0) resolve(out.slice(0, nl));
        });
        child.on('exit', (code) => reject(new Error(`cli exited early (${code})`)));
      });
      const info = JSON.parse(line);
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.accountId).toBe('3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c');
      expect(info.apiKey).toMatch(/^rbk_/);
      const r = await call(`${info.baseUrl}/v1/accounts/${info.accountId}/status`, { headers: apiKey(info.apiKey) });
      expect(r.status).toBe(200);
      expect((await call(`${info.controlUrl}/options`)).json.rejectionReopenDelayMs).toEqual([20, 40]);
      const code = await new Promise<number | null>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
