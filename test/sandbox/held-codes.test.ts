// Contract "Held codes (no live login)": with session_running false a code is answered 202 and held;
// the request keeps its id; a resumed login re-opens the same request and takes the oldest held code.
import { Receiver, World, sleep, startReceiver, status, submit, subscribe, world } from './helpers';

const REJECT_DELAY = 150;

describe('sandbox: held codes (no live login)', () => {
  let w: World;
  let rx: Receiver;
  beforeEach(async () => {
    w = await world({ rejectionReopenDelayMs: REJECT_DELAY });
    rx = await startReceiver();
    subscribe(w, rx.url);
  });
  afterEach(async () => {
    await w.sb.close();
    await rx.close();
  });

  const requested = () =>
    rx.requests.map((r) => JSON.parse(r.body)).filter((p) => p.status === 'assistance.requested').map((p) => p.data);

  /** A request pending with no live session, as after a Reconbanker restart. */
  function heldWorld(expected = '111111') {
    w.sb.setExpectedCode(w.accountId, expected);
    const req = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
    w.sb.restartServer();
    return req;
  }

  test('held code: pending request keeps its id and does not clear', async () => {
    const req = heldWorld();
    expect((await status(w)).json).toMatchObject({ session_running: false, pending_assistance: { id: req.id, attempts: 1 } });

    expect((await submit(w, '222222')).status).toBe(202);

    expect((await status(w)).json).toMatchObject({ session_running: false, pending_assistance: { id: req.id, attempts: 1 } });
    await sleep(REJECT_DELAY + 100);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toMatchObject({ id: req.id, attempts: 1 });
    expect(w.sb.submissions(w.accountId)).toEqual([
      { code: '222222', status: 202, at: expect.any(Number), requestId: req.id, outcome: 'held' },
    ]);
    expect(w.sb.events.list.map((e) => e.type)).not.toContain('assistance.fulfilled');
  });

  test('held code: every further submit also answers 202 and is held, in order', async () => {
    const req = heldWorld();
    for (const code of ['222222', '333333', '444444']) expect((await submit(w, code)).status).toBe(202);

    expect(w.sb.getStatus(w.accountId).pending_assistance?.id).toBe(req.id);
    expect(w.sb.submissions(w.accountId).map((s) => [s.code, s.status, s.requestId, s.outcome])).toEqual([
      ['222222', 202, req.id, 'held'],
      ['333333', 202, req.id, 'held'],
      ['444444', 202, req.id, 'held'],
    ]);
    expect(w.sb.otpPosts(w.accountId)).toHaveLength(3);
  });

  test('held code: a resumed session re-opens the same request (same id, attempts + 1, new notification)', async () => {
    const req = heldWorld();
    await w.sb.waitFor(() => rx.requests.length === 1);

    w.sb.setSessionRunning(w.accountId, true);

    expect((await status(w)).json).toMatchObject({ session_running: true, pending_assistance: { id: req.id, attempts: 2 } });
    await w.sb.waitFor(() => rx.requests.length === 2);
    expect(requested()).toEqual([
      expect.objectContaining({ requestId: req.id, attempts: 1 }),
      { accountId: w.accountId, userId: w.userId, descriptor: { length: 6, type: 'numeric', purpose: 'login' }, requestId: req.id, attempts: 2 },
    ]);
  });

  test('held code: the resumed login takes the oldest held code at once; a stale one is rejected and a new request (new id, attempts 1) follows after the reject delay', async () => {
    const req = heldWorld('111111');
    await submit(w, '222222'); // stale by the time a login resumes

    w.sb.setSessionRunning(w.accountId, true);
    const resumedAt = Date.now();

    // Re-opened with attempts 2 and cleared at once by the oldest held code, which the bank rejects.
    expect(w.sb.getStatus(w.accountId)).toMatchObject({ session_running: true, pending_assistance: null });
    expect(w.sb.submissions(w.accountId)[0]).toMatchObject({ code: '222222', requestId: req.id, receivedFor: req.id, outcome: 'rejected' });
    const fresh = await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    expect(Date.now() - resumedAt).toBeGreaterThanOrEqual(REJECT_DELAY - 10);
    expect(fresh.id).not.toBe(req.id);
    expect(fresh.attempts).toBe(1);
    await w.sb.waitFor(() => requested().length === 3);
    expect(requested().map((d) => [d.requestId, d.attempts])).toEqual([
      [req.id, 1],
      [req.id, 2],
      [fresh.id, 1],
    ]);
  });

  test('held code: the next held code is taken by the next request (one queue per account)', async () => {
    const req = heldWorld('999999');
    await submit(w, '222222');
    await submit(w, '333333');

    w.sb.setSessionRunning(w.accountId, true);
    // The replacement request opens and is cleared at once by the second held code (rejected too).
    await w.sb.waitFor(() => w.sb.submissions(w.accountId)[1].outcome === 'rejected');
    const [first, second] = w.sb.submissions(w.accountId);
    expect(first).toMatchObject({ code: '222222', receivedFor: req.id, outcome: 'rejected' });
    expect(second.code).toBe('333333');
    expect(second.requestId).toBe(req.id); // answered for the old request…
    expect(second.receivedFor).not.toBe(req.id); // …spent on the new one
    const third = await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    expect(third.id).not.toBe(second.receivedFor);
    expect((w.sb.store.accounts.get(w.accountId) as unknown as { held: unknown[] }).held).toEqual([]);
  });

  test('held code: a code that is still right when the session resumes is accepted', async () => {
    const req = heldWorld('111111');
    await submit(w, '111111');
    w.sb.setSessionRunning(w.accountId, true);
    expect(w.sb.submissions(w.accountId)[0]).toMatchObject({ receivedFor: req.id, outcome: 'accepted' });
    await sleep(REJECT_DELAY + 100);
    expect(w.sb.getStatus(w.accountId).pending_assistance).toBeNull();
  });

  test('held code: nothing pending means 404, not held', async () => {
    w.sb.setSessionRunning(w.accountId, false);
    const r = await submit(w, '222222');
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe('No pending assistance request for this account');
  });
});
