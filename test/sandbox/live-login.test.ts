// Contract "What happens after a submission", with a live login: the request clears when the login
// receives the code; a wrong code is followed 1–17 s later by a NEW request; a fast responder can
// answer that one within milliseconds.
import { Sandbox } from './index';
import { totp } from './totp';
import { Receiver, World, apiKey, call, sleep, startReceiver, status, submit, subscribe, world } from './helpers';

const BANK_SECRET = 'JBSWY3DPEHPK3PXP';
const WRONG_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('sandbox: a live login', () => {
  let w: World;
  let rx: Receiver;
  beforeEach(async () => {
    w = await world({ rejectionReopenDelayMs: 100 });
    rx = await startReceiver();
    subscribe(w, rx.url);
  });
  afterEach(async () => {
    await w.sb.close();
    await rx.close();
  });

  const requested = () =>
    rx.requests.map((r) => JSON.parse(r.body)).filter((p) => p.status === 'assistance.requested').map((p) => p.data);

  test('live session: the pending request clears the moment the code is received, before judgement', async () => {
    w.sb.setExpectedCode(w.accountId, '123456');
    const req = w.sb.openRequest(w.accountId, { length: 6 });
    const seenAtReceipt: unknown[] = [];
    w.sb.onEvent((e) => {
      if (e.type !== 'assistance.fulfilled') return;
      seenAtReceipt.push({
        data: e.data,
        pending: w.sb.getStatus(w.accountId).pending_assistance,
        outcome: w.sb.submissions(w.accountId)[0].outcome,
      });
    });

    expect((await submit(w, '000000')).status).toBe(202);

    expect(seenAtReceipt).toEqual([
      { data: { accountId: w.accountId, userId: w.userId, requestId: req.id }, pending: null, outcome: undefined },
    ]);
    expect((await status(w)).json).toMatchObject({ session_running: true, pending_assistance: null });
    expect(w.sb.submissions(w.accountId)[0]).toMatchObject({ requestId: req.id, receivedFor: req.id, outcome: 'rejected' });
  });

  test('wrong code: after the reject delay a NEW request (new id, attempts 1) and a new assistance_required notification', async () => {
    w.sb.setExpectedCode(w.accountId, '123456');
    const first = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
    const t0 = Date.now();
    await submit(w, '000000');
    await sleep(50);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toBeNull();

    const next = await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(95);
    expect(next).toMatchObject({ attempts: 1, descriptor: { length: 6, type: 'numeric', purpose: 'login' } });
    expect(next.id).not.toBe(first.id);
    await w.sb.waitFor(() => requested().length === 2);
    expect(requested()[1]).toMatchObject({ requestId: next.id, attempts: 1 });
    expect(rx.requests.map((r) => JSON.parse(r.body).type)).not.toContain('login_failed');
  });

  test('reject delay: 1–17 s by default like the real server, a fixed value or a [min, max] range when set', async () => {
    expect(new Sandbox().options.rejectionReopenDelayMs).toEqual([1000, 17000]);
    expect(() => new Sandbox({ rejectionReopenDelayMs: [300, 100] })).toThrow(/rejectionReopenDelayMs/);
    const bad = await call(`${w.sb.baseUrl}/__sandbox/options`, { method: 'PATCH', body: { rejectionReopenDelayMs: [-1, 5] } });
    expect(bad.status).toBe(400);

    const ranged = await call(`${w.sb.baseUrl}/__sandbox/options`, { method: 'PATCH', body: { rejectionReopenDelayMs: [150, 300] } });
    expect(ranged.json.rejectionReopenDelayMs).toEqual([150, 300]);
    w.sb.setExpectedCode(w.accountId, 'right');
    w.sb.openRequest(w.accountId, {});
    const t0 = Date.now();
    await submit(w, 'wrong');
    await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance, { intervalMs: 2 });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(145);
    expect(took).toBeLessThan(1000); // the configured range, not the 1–17 s default (generous: a busy machine stretches it)
  });

  test('wrong TOTP secret: the bank computes the right code for the current step and rejects the wrong one at every new request', async () => {
    w.sb.setExpectedCode(w.accountId, { totpSecret: BANK_SECRET });
    const req = w.sb.openRequest(w.accountId, { length: 6 });
    const wrongCode = totp(WRONG_SECRET);
    expect(wrongCode).not.toBe(totp(BANK_SECRET));

    const ids = [req.id];
    for (let round = 0; round < 3; round++) {
      expect((await submit(w, wrongCode)).status).toBe(202);
      const next = await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
      expect(next.attempts).toBe(1);
      ids.push(next.id);
    }
    expect(new Set(ids).size).toBe(4);
    expect(w.sb.submissions(w.accountId).map((s) => s.outcome)).toEqual(['rejected', 'rejected', 'rejected']);

    // The right secret's code is accepted, and the request stays clear.
    const now = w.sb.expectedCodeNow(w.accountId);
    expect(now).toMatchObject({ mode: 'totp', code: totp(BANK_SECRET) });
    expect((await submit(w, now.mode === 'totp' ? now.code : '')).status).toBe(202);
    await sleep(150);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toBeNull();
    expect(w.sb.submissions(w.accountId)[3]).toMatchObject({ receivedFor: ids[3], outcome: 'accepted' });
  });

  test('fast responder race: a second code clears the replacement request at once, and the log shows both POSTs with their times', async () => {
    w.sb.setExpectedCode(w.accountId, '123456');
    const first = w.sb.openRequest(w.accountId, { length: 6 });
    // An automatic responder answering every new request the moment it opens (like a second execution).
    const answering: Promise<unknown>[] = [];
    w.sb.onEvent((e) => {
      const data = e.data as { requestId: string };
      if (e.type === 'assistance.requested' && data.requestId !== first.id) answering.push(submit(w, '123456'));
    });

    await submit(w, '000000');
    const replacement = await w.sb.waitFor(() =>
      w.sb.events.list.find((e) => e.type === 'assistance.requested' && (e.data as { requestId: string }).requestId !== first.id),
    );
    await Promise.all(answering);
    const replacementId = (replacement.data as { requestId: string }).requestId;
    const fulfilled = w.sb.events.list.find(
      (e) => e.type === 'assistance.fulfilled' && (e.data as { requestId: string }).requestId === replacementId,
    );
    expect(fulfilled).toBeDefined();
    // Opened and cleared again well within one poll interval of a status-watching client (2 s).
    expect(fulfilled!.at - replacement.at).toBeLessThan(1000);

    // A client polling status every few seconds would only ever see "cleared".
    expect((await status(w)).json.pending_assistance).toBeNull();

    const posts = w.sb.otpPosts(w.accountId);
    expect(posts.map((p) => [p.status, JSON.parse(p.rawBody).code])).toEqual([
      [202, '000000'],
      [202, '123456'],
    ]);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(95);
    expect(w.sb.submissions(w.accountId).map((s) => [s.requestId, s.outcome])).toEqual([
      [first.id, 'rejected'],
      [replacementId, 'accepted'],
    ]);
    const logged = await call(`${w.sb.baseUrl}/__sandbox/log?method=POST&path=/otp`);
    expect(logged.json.map((e: { seq: number; at: number }) => [e.seq, e.at])).toEqual(posts.map((p) => [p.seq, p.at]));
  });

  test('expected code: set from the control API or a seed file; the current TOTP code is readable, the secret never', async () => {
    const ctl = `${w.sb.baseUrl}/__sandbox`;
    const seeded = await call(`${ctl}/seed`, {
      body: { account: { user: w.userId, expectedCode: { totpSecret: BANK_SECRET, digits: 6, stepSeconds: 30 } } },
    });
    expect(seeded.status).toBe(201);
    const seededId = seeded.json.accountId;
    const shown = await call(`${ctl}/accounts/${seededId}/expected-code`);
    expect(shown.json).toEqual({ mode: 'totp', code: totp(BANK_SECRET), digits: 6, stepSeconds: 30 });
    expect(shown.text).not.toContain(BANK_SECRET);

    const acct = `${ctl}/accounts/${w.accountId}/expected-code`;
    expect((await call(acct, { body: { totpSecret: BANK_SECRET } })).json).toEqual({ ok: true, mode: 'totp' });
    expect((await call(acct)).json.code).toBe(totp(BANK_SECRET));
    expect((await call(acct, { body: { code: '654321' } })).json).toEqual({ ok: true, mode: 'fixed' });
    expect((await call(acct)).json).toEqual({ mode: 'fixed', code: '654321' });
    expect((await call(acct, { body: {} })).json).toEqual({ ok: true, mode: 'any' });
    for (const body of [{ totpSecret: 42 }, { code: 123456 }, { totpSecret: 'not*base32' }, { totpSecret: BANK_SECRET, digits: 4 }, { secret: 'x' }]) {
      const r = await call(acct, { body });
      expect([r.status, r.json.error.code]).toEqual([400, 'BAD_REQUEST']);
    }
    expect((await call(acct)).json).toEqual({ mode: 'any' }); // a refused body changed nothing

    // The seeded expectation judges real submissions.
    const key = w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write'], accountIds: [seededId] }).key;
    w.sb.openRequest(seededId, {});
    const r = await call(`${w.sb.baseUrl}/v1/accounts/${seededId}/otp`, { headers: apiKey(key), body: { code: totp(WRONG_SECRET) } });
    expect(r.status).toBe(202);
    expect(w.sb.submissions(seededId)[0].outcome).toBe('rejected');
  });
});
