import { totp } from './totp';
import { Receiver, World, sleep, startReceiver, status, submit, subscribe, world } from './helpers';

const SECRET = 'JBSWY3DPEHPK3PXP';

describe('sandbox lifecycle: what happens after a 202', () => {
  let w: World;
  let rx: Receiver;
  beforeEach(async () => {
    w = await world({ rejectionReopenDelayMs: 40 });
    rx = await startReceiver();
    subscribe(w, rx.url);
  });
  afterEach(async () => {
    await w.sb.close();
    await rx.close();
  });

  const payloads = () => rx.requests.map((r) => JSON.parse(r.body));

  it('accepts the expected code: pending clears at once and stays clear', async () => {
    w.sb.setExpectedCode(w.accountId, '123456');
    const req = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
    expect((await submit(w, '123456')).status).toBe(202);
    expect((await status(w)).json.pending_assistance).toBeNull();
    await sleep(100);
    expect((await status(w)).json.pending_assistance).toBeNull();
    expect(w.sb.submissions(w.accountId)[0]).toMatchObject({ code: '123456', status: 202, requestId: req.id, outcome: 'accepted' });
    await w.sb.waitFor(() => rx.requests.length === 1);
    expect(payloads().map((p) => p.status)).toEqual(['assistance.requested']);
  });

  it('accepts any code when no expectation is set', async () => {
    w.sb.openRequest(w.accountId, {});
    expect((await submit(w, 'whatever')).status).toBe(202);
    await sleep(120);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toBeNull();
    expect(w.sb.submissions(w.accountId)[0].outcome).toBe('accepted');
  });

  it('rejects a wrong code: clears, then a NEW request (new id, attempts 1, same descriptor) and a new notification', async () => {
    w.sb.setExpectedCode(w.accountId, '123456');
    const first = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
    w.sb.resend(w.accountId);
    expect(w.sb.getStatus(w.accountId).pending_assistance?.attempts).toBe(2);
    expect((await submit(w, '000000')).status).toBe(202);
    expect((await status(w)).json.pending_assistance).toBeNull();

    const reopened = await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    expect(reopened.id).not.toBe(first.id);
    expect(reopened.attempts).toBe(1);
    expect(reopened.descriptor).toEqual({ length: 6, type: 'numeric', purpose: 'login' });
    expect(w.sb.submissions(w.accountId)[0].outcome).toBe('rejected');

    await w.sb.waitFor(() => rx.requests.length === 3);
    const p = payloads();
    expect(p.map((x) => x.status)).toEqual(['assistance.requested', 'assistance.requested', 'assistance.requested']);
    expect(p[2].data).toMatchObject({ requestId: reopened.id, attempts: 1 });
    expect(p.some((x) => x.type === 'login_failed' || x.status === 'login_failed')).toBe(false);
  });

  it('reopens only after rejectionReopenDelayMs', async () => {
    w.sb.options.rejectionReopenDelayMs = 120;
    w.sb.setExpectedCode(w.accountId, 'right');
    w.sb.openRequest(w.accountId, {});
    const t0 = Date.now();
    await submit(w, 'wrong');
    await sleep(60);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toBeNull();
    await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
  });

  it('judges TOTP expectations (±1 step)', async () => {
    w.sb.setExpectedCode(w.accountId, { totpSecret: SECRET });
    w.sb.openRequest(w.accountId, {});
    await submit(w, totp(SECRET, { timeMs: Date.now() - 30000 }));
    await sleep(100);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toBeNull();
    expect(w.sb.submissions(w.accountId)[0].outcome).toBe('accepted');

    w.sb.openRequest(w.accountId, {});
    await submit(w, totp(SECRET, { timeMs: Date.now() + 5 * 60000 }));
    await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    expect(w.sb.submissions(w.accountId)[1].outcome).toBe('rejected');
  });

  it('resend keeps the request id, bumps attempts and notifies with resent:true and no attempts', async () => {
    const req = w.sb.openRequest(w.accountId, { length: 6 });
    const again = w.sb.resend(w.accountId);
    expect(again).toMatchObject({ id: req.id, attempts: 2 });
    expect((await status(w)).json.pending_assistance).toMatchObject({ id: req.id, attempts: 2 });
    await w.sb.waitFor(() => rx.requests.length === 2);
    const [opened, resent] = payloads();
    expect(opened.data).toEqual({
      accountId: w.accountId,
      userId: w.userId,
      descriptor: { length: 6, type: 'numeric' },
      requestId: req.id,
      attempts: 1,
    });
    expect(resent.data).toEqual({
      accountId: w.accountId,
      userId: w.userId,
      descriptor: { length: 6, type: 'numeric' },
      requestId: req.id,
      resent: true,
    });
  });

  it('refuses to resend when nothing is pending', () => {
    expect(() => w.sb.resend(w.accountId)).toThrow(/No pending assistance request/);
  });

  it('keeps at most one pending request per account (a new one replaces the old)', async () => {
    const a = w.sb.openRequest(w.accountId, {});
    const b = w.sb.openRequest(w.accountId, { length: 4 });
    expect(b.id).not.toBe(a.id);
    expect((await status(w)).json.pending_assistance).toMatchObject({ id: b.id, descriptor: { length: 4 } });
  });
});
