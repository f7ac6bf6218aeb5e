import * as crypto from 'node:crypto';
import { Receiver, World, sleep, startReceiver, subscribe, world } from './helpers';

const SIGNING = 'whsec_test_secret';

function verify(secret: string, ts: string, body: string, header: string | string[] | undefined) {
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  return typeof header === 'string' && crypto.timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

describe('sandbox notifications (push)', () => {
  let w: World;
  let rx: Receiver;
  beforeEach(async () => {
    w = await world({ notificationRetryMs: 40, notificationTimeoutMs: 2000 });
    rx = await startReceiver();
  });
  afterEach(async () => {
    await w.sb.close();
    await rx.close();
  });

  const bodies = () => rx.requests.map((r) => JSON.parse(r.body));

  it('POSTs {account_id,type,status,data,occurred_at} with a Bearer token', async () => {
    subscribe(w, rx.url, { notification_auth_type: 'bearer', notification_auth_token: 'tok-123' });
    const before = Date.now();
    const req = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
    await w.sb.waitFor(() => rx.requests.length === 1);
    const got = rx.requests[0];
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/webhook/reconbanker');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers.authorization).toBe('Bearer tok-123');
    expect(got.headers['x-webhook-timestamp']).toBeUndefined();
    expect(got.headers['x-signature-256']).toBeUndefined();
    const body = JSON.parse(got.body);
    expect(Object.keys(body)).toEqual(['account_id', 'type', 'status', 'data', 'occurred_at']);
    expect(body).toEqual({
      account_id: w.accountId,
      type: 'assistance_required',
      status: 'assistance.requested',
      data: {
        accountId: w.accountId,
        userId: w.userId,
        descriptor: { length: 6, type: 'numeric', purpose: 'login' },
        requestId: req.id,
        attempts: 1,
      },
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(Date.parse(body.occurred_at)).toBeGreaterThanOrEqual(before - 5);
    await w.sb.waitFor(() => w.sb.deliveries[0]?.done);
    expect(w.sb.deliveries[0]).toMatchObject({ id: req.notificationId, attempt: 1, status: 200, acknowledged: true, url: rx.url });
    expect(w.sb.deliveries[0].body).toBe(got.body);
  });

  it('uses `Api-Key <token>` for auth type api_key, and no Authorization without a token', async () => {
    subscribe(w, rx.url, { notification_auth_type: 'api_key', notification_auth_token: 'n8n-secret' });
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => rx.requests.length === 1);
    expect(rx.requests[0].headers.authorization).toBe('Api-Key n8n-secret');

    subscribe(w, rx.url, { notification_auth_type: 'bearer', notification_auth_token: null });
    w.sb.resend(w.accountId);
    await w.sb.waitFor(() => rx.requests.length === 2);
    expect(rx.requests[1].headers.authorization).toBeUndefined();
  });

  it('signs with X-Webhook-Timestamp and X-Signature-256 when the server has a signing secret', async () => {
    w.sb.options.signingSecret = SIGNING;
    subscribe(w, rx.url, { notification_auth_type: 'bearer', notification_auth_token: 't' });
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => rx.requests.length === 1);
    const { headers, body } = rx.requests[0];
    const ts = String(headers['x-webhook-timestamp']);
    expect(ts).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(headers['x-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify(SIGNING, ts, body, headers['x-signature-256'])).toBe(true);
    expect(verify('other-secret', ts, body, headers['x-signature-256'])).toBe(false);
    expect(verify(SIGNING, ts, body.replace('"attempts":1', '"attempts":2'), headers['x-signature-256'])).toBe(false);
  });

  it('sends only the subscribed event types, and nothing without an endpoint', async () => {
    subscribe(w, rx.url, {}, ['connection_failed']);
    expect(w.sb.openRequest(w.accountId, {}).notificationId).toBeNull();
    expect(w.sb.sendEvent(w.accountId, { status: 'session.needs_attention', data: { reason: 'auth_timeout' } })).toBeNull();
    const id = w.sb.sendEvent(w.accountId, { type: 'connection_failed', status: 'connection.failed', data: { category: 'login_failed' } });
    expect(id).toMatch(/^ntf_/);
    await w.sb.waitFor(() => rx.requests.length === 1);
    await sleep(50);
    expect(bodies()).toEqual([
      expect.objectContaining({ type: 'connection_failed', status: 'connection.failed', data: { category: 'login_failed' } }),
    ]);

    w.sb.setConfig(w.accountId, { notification_endpoint_url: null });
    expect(w.sb.sendEvent(w.accountId, { status: 'connection.recovered', data: {} })).toBeNull();
    w.sb.setConfig(w.accountId, null);
    expect(w.sb.sendEvent(w.accountId, { status: 'connection.recovered', data: {} })).toBeNull();
  });

  it('sends the session and scrape events of the contract table', async () => {
    subscribe(w, rx.url);
    w.sb.sendEvent(w.accountId, { type: 'assistance_required', status: 'session.needs_attention', data: { reason: 'login_failed: bad password' } });
    await w.sb.waitFor(() => rx.requests.length === 1);
    w.sb.sendEvent(w.accountId, { status: 'session.recovered' });
    await w.sb.waitFor(() => rx.requests.length === 2);
    w.sb.sendEvent(w.accountId, { status: 'scrape.failed', data: { category: 'timeout' } });
    await w.sb.waitFor(() => rx.requests.length === 3);
    expect(bodies().map((b) => [b.type, b.status, b.data])).toEqual([
      ['assistance_required', 'session.needs_attention', { reason: 'login_failed: bad password' }],
      ['assistance_required', 'session.recovered', null],
      ['scrape_failed', 'scrape.failed', { category: 'timeout' }],
    ]);
  });

  it("can send the user guide's shape, data: {descriptor} only (globally or per call)", async () => {
    subscribe(w, rx.url);
    w.sb.options.guidePayloadShape = true;
    w.sb.openRequest(w.accountId, { length: 4, type: 'alphanumeric' });
    await w.sb.waitFor(() => rx.requests.length === 1);
    w.sb.options.guidePayloadShape = false;
    w.sb.resend(w.accountId, { notify: { guidePayloadShape: true } });
    await w.sb.waitFor(() => rx.requests.length === 2);
    w.sb.resend(w.accountId);
    await w.sb.waitFor(() => rx.requests.length === 3);
    const [a, b, c] = bodies();
    expect(a.data).toEqual({ descriptor: { length: 4, type: 'alphanumeric' } });
    expect(b.data).toEqual({ descriptor: { length: 4, type: 'alphanumeric' } });
    expect(c.data).toMatchObject({ resent: true });
  });

  it('retries a non-2xx answer until acknowledged, with a byte-identical body and a fresh signature', async () => {
    w.sb.options.signingSecret = SIGNING;
    rx.respond = (_r, n) => ({ status: n < 2 ? 503 : 204 });
    subscribe(w, rx.url, { notification_auth_type: 'bearer', notification_auth_token: 't' });
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => w.sb.deliveries.length === 3 && w.sb.deliveries[2].done);
    await sleep(120);
    expect(rx.requests).toHaveLength(3);
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    for (const r of rx.requests) {
      expect(verify(SIGNING, String(r.headers['x-webhook-timestamp']), r.body, r.headers['x-signature-256'])).toBe(true);
    }
    expect(w.sb.deliveries.map((d) => [d.attempt, d.status, d.acknowledged])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 204, true],
    ]);
    expect(rx.requests[1].at - rx.requests[0].at).toBeGreaterThanOrEqual(35);
  });

  it('does not follow redirects: a 3xx is a failure and is retried at the same URL', async () => {
    rx.respond = (_r, n) => (n === 0 ? { status: 302, headers: { Location: '/elsewhere' } } : { status: 200 });
    subscribe(w, rx.url);
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => w.sb.deliveries.some((d) => d.acknowledged));
    expect(rx.requests.map((r) => r.url)).toEqual(['/webhook/reconbanker', '/webhook/reconbanker']);
    expect(w.sb.deliveries.map((d) => d.status)).toEqual([302, 200]);
  });

  it('treats a slow answer (> notificationTimeoutMs) as a failure and retries', async () => {
    w.sb.options.notificationTimeoutMs = 150;
    rx.respond = (_r, n) => ({ status: 200, delayMs: n === 0 ? 400 : 0 });
    subscribe(w, rx.url);
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => w.sb.deliveries.some((d) => d.acknowledged));
    expect(w.sb.deliveries[0]).toMatchObject({ attempt: 1, error: 'timeout', acknowledged: false });
    expect(w.sb.deliveries[1]).toMatchObject({ attempt: 2, status: 200, acknowledged: true });
  });

  it('records connection errors and keeps retrying', async () => {
    subscribe(w, 'http://127.0.0.1:1/unreachable');
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => w.sb.deliveries.filter((d) => d.done).length >= 2);
    expect(w.sb.deliveries[0].error).toMatch(/ECONNREFUSED|connect/);
    expect(w.sb.deliveries[0].status).toBeUndefined();
  });

  it('stops retrying when the sandbox closes', async () => {
    rx.respond = () => ({ status: 500 });
    subscribe(w, rx.url);
    w.sb.openRequest(w.accountId, {});
    await w.sb.waitFor(() => rx.requests.length >= 2);
    await w.sb.close();
    const seen = rx.requests.length;
    await sleep(100);
    expect(rx.requests.length).toBe(seen);
  });

  it('redelivers an acknowledged notification on demand (duplicates), byte-identical', async () => {
    subscribe(w, rx.url);
    const first = w.sb.openRequest(w.accountId, {});
    w.sb.sendEvent(w.accountId, { status: 'session.recovered' });
    await w.sb.waitFor(() => w.sb.deliveries.filter((d) => d.acknowledged).length === 2);
    const dups = await w.sb.deliverDuplicate(first.notificationId as string, { times: 2, delayMs: 10 });
    expect(dups.map((d) => [d.id, d.duplicate, d.status])).toEqual([
      [first.notificationId, true, 200],
      [first.notificationId, true, 200],
    ]);
    const last = await w.sb.deliverDuplicate('last');
    expect(JSON.parse(last[0].body).status).toBe('session.recovered');
    const reqBodies = rx.requests.map((r) => r.body);
    expect(reqBodies[2]).toBe(reqBodies[0]);
    expect(reqBodies[3]).toBe(reqBodies[0]);
    expect(reqBodies[4]).toBe(reqBodies[1]);
    await expect(w.sb.deliverDuplicate('ntf_999')).rejects.toThrow(/Unknown notification/);
  });

  it('can delay a delivery so notifications arrive out of order', async () => {
    subscribe(w, rx.url);
    w.sb.openRequest(w.accountId, {}, { notify: { delayMs: 300 } });
    w.sb.sendEvent(w.accountId, { status: 'session.needs_attention', data: { reason: 'logged_out' } });
    await w.sb.waitFor(() => rx.requests.length === 2);
    expect(bodies().map((b) => b.status)).toEqual(['session.needs_attention', 'assistance.requested']);
    expect(Date.parse(bodies()[1].occurred_at)).toBeLessThanOrEqual(Date.parse(bodies()[0].occurred_at));
  });

  it('posts a short Spanish {text} for slack / chat_webhook transports, without auth or signature', async () => {
    w.sb.options.signingSecret = SIGNING;
    subscribe(w, rx.url, { notification_transport: 'slack', notification_auth_type: 'bearer', notification_auth_token: 't' });
    w.sb.openRequest(w.accountId, { length: 6 });
    await w.sb.waitFor(() => rx.requests.length === 1);
    subscribe(w, rx.url, { notification_transport: 'chat_webhook' });
    w.sb.sendEvent(w.accountId, { status: 'connection.failed', data: { category: 'navigation_failed' } });
    await w.sb.waitFor(() => rx.requests.length === 2);
    const [a, b] = bodies();
    expect(Object.keys(a)).toEqual(['text']);
    expect(a.text).toMatch(/código de verificación/);
    expect(a.text).toContain(w.accountId);
    expect(b.text).toMatch(/falló la conexión.*navigation_failed/);
    expect(rx.requests[0].headers.authorization).toBeUndefined();
    expect(rx.requests[0].headers['x-signature-256']).toBeUndefined();
  });
});
