// `session_running`, starting/stopping a login session, a server restart, and the login lifecycle as
// realtime SystemEvents.
import { Receiver, World, call, sleep, startReceiver, status, submit, subscribe, world } from './helpers';

describe('sandbox: login sessions', () => {
  let w: World;
  let rx: Receiver;
  let ctl: string;
  beforeEach(async () => {
    w = await world({ rejectionReopenDelayMs: 100 });
    rx = await startReceiver();
    subscribe(w, rx.url);
    ctl = `${w.sb.baseUrl}/__sandbox`;
  });
  afterEach(async () => {
    await w.sb.close();
    await rx.close();
  });

  test('session_running: false with no login, true while a login runs, false after it stops (the request kept)', async () => {
    expect((await status(w)).json).toEqual({ account_id: w.accountId, session_running: false, pending_assistance: null });
    const req = w.sb.openRequest(w.accountId, {});
    expect((await status(w)).json).toMatchObject({ session_running: true, pending_assistance: { id: req.id } });
    w.sb.setSessionRunning(w.accountId, false);
    expect((await status(w)).json).toMatchObject({ session_running: false, pending_assistance: { id: req.id } });
    // A login that received an accepted code is still running.
    w.sb.setSessionRunning(w.accountId, true);
    await submit(w, 'any');
    expect((await status(w)).json).toEqual({ account_id: w.accountId, session_running: true, pending_assistance: null });
  });

  test('session control: the control API stops and starts the session', async () => {
    const req = w.sb.openRequest(w.accountId, {});
    const session = `${ctl}/accounts/${w.accountId}/session`;

    const stopped = await call(session, { body: { running: false, reason: 'logged_out' } });
    expect(stopped.json).toMatchObject({ session_running: false, pending_assistance: { id: req.id, attempts: 1 } });
    const started = await call(session, { body: { running: true } });
    expect(started.json).toMatchObject({ session_running: true, pending_assistance: { id: req.id, attempts: 2 } });
    expect((await call(session, { body: { running: 'no' } })).status).toBe(400);
    expect(w.sb.events.list.filter((e) => e.type.startsWith('session.')).map((e) => [e.type, e.data])).toEqual([
      ['session.started', null],
      ['session.stopped', { reason: 'logged_out' }],
      ['session.started', null],
    ]);
  });

  test('server restart: every session goes down, pending requests and held codes are kept', async () => {
    const other = w.sb.createAccount({ userId: w.userId }).id;
    const a = w.sb.openRequest(w.accountId, {});
    w.sb.openRequest(other, {});
    let restarts = 0;
    w.sb.events.on('restart', () => restarts++);

    const r = await call(`${ctl}/restart`, { body: {} });
    expect(r.json).toEqual({ restarted: true });

    expect(restarts).toBe(1);
    expect(w.sb.getStatus(w.accountId)).toMatchObject({ session_running: false, pending_assistance: { id: a.id, attempts: 1 } });
    expect(w.sb.getStatus(other)).toMatchObject({ session_running: false, pending_assistance: { attempts: 1 } });
    expect(w.sb.events.list.filter((e) => e.type === 'session.stopped').map((e) => [e.accountId, e.data])).toEqual([
      [w.accountId, { reason: 'server_restart' }],
      [other, { reason: 'server_restart' }],
    ]);
    expect((await submit(w, '222222')).status).toBe(202);
    w.sb.restartServer(); // a second restart keeps the held code too
    expect(w.sb.submissions(w.accountId)[0].outcome).toBe('held');
    expect(w.sb.getStatus(w.accountId).pending_assistance?.id).toBe(a.id);
  });

  test('server restart: a re-open scheduled after a rejection is lost with the login', async () => {
    w.sb.setExpectedCode(w.accountId, 'right');
    w.sb.openRequest(w.accountId, {});
    await submit(w, 'wrong');
    w.sb.restartServer();
    await sleep(250);
    expect(w.sb.getStatus(w.accountId)).toEqual({ account_id: w.accountId, session_running: false, pending_assistance: null });
  });

  test('resend: only a live login can ask the bank to resend', async () => {
    w.sb.openRequest(w.accountId, {}, { sessionRunning: false });
    expect(() => w.sb.resend(w.accountId)).toThrow(/No live session/);
    const r = await call(`${ctl}/accounts/${w.accountId}/resend`, { body: {} });
    expect(r.status).toBe(400);
    expect(w.sb.getStatus(w.accountId).pending_assistance?.attempts).toBe(1);
  });

  test('cancel: the session ends with the request open (assistance.cancelled, session.stopped, nothing pending)', async () => {
    const req = w.sb.openRequest(w.accountId, {});
    const r = await call(`${ctl}/accounts/${w.accountId}/cancel`, { body: { reason: 'auth_timeout' } });
    expect(r.json).toEqual({ id: req.id });
    expect(w.sb.getStatus(w.accountId)).toEqual({ account_id: w.accountId, session_running: false, pending_assistance: null });
    expect(w.sb.events.list.slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['assistance.cancelled', { accountId: w.accountId, userId: w.userId, requestId: req.id }],
      ['session.stopped', { reason: 'auth_timeout' }],
    ]);
    expect((await submit(w, '123456')).status).toBe(404);
    expect((await call(`${ctl}/accounts/${w.accountId}/cancel`, { body: {} })).status).toBe(404);
  });

  test('lifecycle events: requested, fulfilled, cancelled, session started/stopped are SystemEvents, live and from the control API', async () => {
    const live: Array<Record<string, unknown>> = [];
    const stop = w.sb.onEvent((e) => live.push(e as unknown as Record<string, unknown>));
    w.sb.setExpectedCode(w.accountId, 'right');
    const a = w.sb.openRequest(w.accountId, { length: 6 });
    await submit(w, 'wrong');
    const b = await w.sb.waitFor(() => w.sb.getStatus(w.accountId).pending_assistance);
    w.sb.cancelRequest(w.accountId);
    stop();
    w.sb.openRequest(w.accountId, {}); // after unsubscribing: not seen live

    const shape = (e: Record<string, unknown>) => [e.type, (e.data as { requestId?: string } | null)?.requestId ?? null];
    expect(live.map(shape)).toEqual([
      ['session.started', null],
      ['assistance.requested', a.id],
      ['assistance.fulfilled', a.id],
      ['assistance.requested', b.id],
      ['assistance.cancelled', b.id],
      ['session.stopped', null],
    ]);
    for (const e of live) {
      expect(Object.keys(e)).toEqual(['type', 'userId', 'accountId', 'data', 'occurredAt']);
      expect(e).toMatchObject({ userId: w.userId, accountId: w.accountId, occurredAt: expect.stringMatching(/Z$/) });
    }
    expect(live[1].data).toEqual({ accountId: w.accountId, userId: w.userId, descriptor: { length: 6, type: 'numeric' }, requestId: a.id, attempts: 1 });

    const all = await call(`${ctl}/events?accountId=${w.accountId}`);
    expect(all.json).toHaveLength(live.length + 2); // + session.started and the last request
    const since = await call(`${ctl}/events?since=${all.json[5].seq}`);
    expect(since.json.map((e: Record<string, unknown>) => e.type)).toEqual(['session.started', 'assistance.requested']);
  });
});
