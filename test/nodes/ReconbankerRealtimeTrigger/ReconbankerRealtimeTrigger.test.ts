/**
 * @jest-environment ./test/harness/websocket-environment.js
 */
// The Reconbanker Realtime Trigger through n8n-core's TriggerContext (test/harness runTrigger),
// against the sandbox's real realtime stream, with a real WHATWG WebSocket client.
import { ReconbankerRealtimeTrigger } from '../../../nodes/ReconbankerRealtimeTrigger/ReconbankerRealtimeTrigger.node';
import { ReconbankerTrigger } from '../../../nodes/ReconbankerTrigger/ReconbankerTrigger.node';
import { runTrigger, runWebhook } from '../../harness';
import { EMAIL, PASSWORD, activate, counts, credentialsFor, openSockets, realtimeWorld, runs, sleep, watchTriggerTimers, type RealtimeWorld } from './helpers';

let w: RealtimeWorld;

afterEach(async () => {
	for (const run of runs.splice(0)) await run.close();
	await w?.sb.close();
});

describe('connect', () => {
	test('activation logs in once, takes one ticket and opens one socket for the dashboard user', async () => {
		w = await realtimeWorld();
		await activate(w);
		expect(openSockets(w)).toEqual([expect.objectContaining({ userId: w.userId })]);
		expect(counts(w)).toMatchObject({ logins: 1, totpLogins: 0, tickets: 1 });
		const [upgrade] = w.sb.realtime.upgrades;
		expect(upgrade).toMatchObject({ status: 101, path: '/realtime', origin: null });
	});

	test('a session token n8n stored for the credential (another node logged in) is used: no login', async () => {
		w = await realtimeWorld();
		const login = await fetch(`${w.sb.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
		});
		const { token } = (await login.json()) as { token: string };
		await activate(w, {}, { credentials: credentialsFor(w, { sessionToken: token }) });
		expect(counts(w)).toMatchObject({ logins: 1, tickets: 1 }); // the one login is this test's own
		expect(openSockets(w)).toHaveLength(1);
	});

	test('triggers sharing a credential share its session: the second activation does not log in', async () => {
		w = await realtimeWorld();
		await activate(w);
		await activate(w);
		expect(counts(w)).toMatchObject({ logins: 1, tickets: 2 });
		expect(openSockets(w)).toHaveLength(2);
	});

	test('a stored session token Reconbanker refuses costs one login', async () => {
		w = await realtimeWorld();
		await activate(w, {}, { credentials: credentialsFor(w, { sessionToken: 'stale.jwt.token' }) });
		expect(counts(w)).toMatchObject({ logins: 1, tickets: 2 });
		expect(w.sb.log.filter((e) => e.path.endsWith('/api/realtime/ticket')).map((e) => e.status)).toEqual([401, 200]);
	});

	test('a dashboard user with 2FA logs in with the TOTP code computed from the credential', async () => {
		w = await realtimeWorld({ totpSecret: 'JBSWY3DPEHPK3PXP' });
		await activate(w);
		expect(counts(w)).toMatchObject({ logins: 1, totpLogins: 1, tickets: 1 });
		expect(openSockets(w)).toHaveLength(1);
	});

	test('a new code request becomes the same item the Reconbanker Trigger emits for its notification', async () => {
		w = await realtimeWorld();
		const run = await activate(w);
		const request = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
		const [item] = await run.waitForEmits(1);
		expect(item).toEqual({
			accountId: w.accountId,
			type: 'assistance_required',
			status: 'assistance.requested',
			requestId: request.id,
			descriptor: { length: 6, type: 'numeric', purpose: 'login' },
			attempts: 1,
			resent: false,
			reason: null,
			category: null,
			occurredAt: expect.stringMatching(/^\d{4}-/),
			payload: expect.objectContaining({ type: 'assistance.requested', accountId: w.accountId, userId: w.userId }),
		});

		// The push trigger, given the notification body of the same event, emits the same fields.
		const pushed = await runWebhook(new ReconbankerTrigger(), {
			parameters: { authentication: 'none', events: ['assistance_required'], assistanceStatuses: ['newRequest'] },
			request: {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: {
					account_id: w.accountId,
					type: 'assistance_required',
					status: 'assistance.requested',
					data: (item.payload as { data: unknown }).data,
					occurred_at: item.occurredAt,
				},
			},
		});
		const pushedItem = pushed.workflowData?.[0]?.[0]?.json as Record<string, unknown>;
		const { payload: _a, ...realtimeFields } = item;
		const { payload: _b, ...pushFields } = pushedItem;
		expect(realtimeFields).toEqual(pushFields);
	});
});

describe('filters', () => {
	test('events of accounts not listed are ignored', async () => {
		w = await realtimeWorld();
		const run = await activate(w, { accountScope: 'list', accountIds: w.accountId, catchUp: false });
		w.sb.openRequest(w.otherAccountId);
		const mine = w.sb.openRequest(w.accountId);
		const items = await run.waitForEmits(1);
		await sleep(100);
		expect(run.items().map((i) => i.requestId)).toEqual([mine.id]);
		expect(items).toHaveLength(1);
	});

	test('assistance statuses: resends, code received and cancelled only when selected', async () => {
		w = await realtimeWorld();
		const run = await activate(w, { assistanceStatuses: ['fulfilled', 'cancelled'], catchUp: false });
		const first = w.sb.openRequest(w.accountId);
		w.sb.resend(w.accountId);
		await fetch(`${w.sb.baseUrl}/v1/accounts/${w.accountId}/otp`, {
			method: 'POST',
			headers: { Authorization: `Api-Key ${w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write'] }).key}`, 'content-type': 'application/json' },
			body: JSON.stringify({ code: '123456' }),
		});
		const second = w.sb.openRequest(w.accountId);
		w.sb.cancelRequest(w.accountId);
		const items = await run.waitForEmits(2);
		await sleep(100);
		expect(run.items().map((i) => [i.status, i.requestId])).toEqual([
			['assistance.fulfilled', first.id],
			['assistance.cancelled', second.id],
		]);
		expect(items[0]).toMatchObject({ type: 'assistance_required', attempts: null, resent: false });
	});

	test('event types: scrape and connection events only when selected; session.started/stopped never', async () => {
		w = await realtimeWorld();
		const run = await activate(w, { events: ['scrape_failed'], catchUp: false });
		w.sb.sendEvent(w.accountId, { status: 'connection.failed', data: { category: 'login_failed' } });
		w.sb.openRequest(w.accountId); // session.started + assistance.requested
		w.sb.sendEvent(w.accountId, { status: 'scrape.failed', data: { category: 'timeout' } });
		await run.waitForEmits(1);
		await sleep(100);
		expect(run.items()).toEqual([
			expect.objectContaining({ type: 'scrape_failed', status: 'scrape.failed', category: 'timeout', requestId: null }),
		]);
	});

	test('a malformed frame is skipped; the stream goes on', async () => {
		w = await realtimeWorld();
		const run = await activate(w, { catchUp: false });
		w.sb.realtime.publish({ id: '', userId: w.userId }, '', null); // no type, no account
		const request = w.sb.openRequest(w.accountId);
		const [item] = await run.waitForEmits(1);
		expect(item.requestId).toBe(request.id);
		expect(openSockets(w)).toHaveLength(1);
	});
});

describe('reconnect and catch-up', () => {
	test('reconnects after the sandbox drops the socket, with a fresh ticket and no new login', async () => {
		w = await realtimeWorld();
		const run = await activate(w);
		const before = counts(w);
		w.sb.realtime.dropAll();
		await w.sb.waitFor(() => openSockets(w).length === 1 && w.sb.realtime.upgrades.length === 2, { timeoutMs: 5000 });
		expect(counts(w)).toMatchObject({ logins: before.logins, tickets: before.tickets + 1 });
		const request = w.sb.openRequest(w.accountId);
		const [item] = await run.waitForEmits(1);
		expect(item.requestId).toBe(request.id);
		expect(run.errors).toEqual([]);
	});

	test('a request that opened while disconnected is emitted once, by catch-up; one emitted before is not repeated', async () => {
		w = await realtimeWorld();
		const run = await activate(w, { accountScope: 'list', accountIds: `${w.accountId}, ${w.otherAccountId}` });
		const before = w.sb.openRequest(w.accountId);
		await run.waitForEmits(1);
		w.sb.realtime.dropAll({ refuseMs: 600 });
		await w.sb.waitFor(() => openSockets(w).length === 0);
		const during = w.sb.openRequest(w.otherAccountId); // the stream has no one to tell
		expect(w.sb.realtime.published.at(-1)).toMatchObject({ type: 'assistance.requested', delivered: 0 });
		const items = await run.waitForEmits(2, 8000);
		await sleep(300);
		expect(run.items().map((i) => i.requestId)).toEqual([before.id, during.id]);
		expect(items[1]).toMatchObject({
			accountId: w.otherAccountId,
			status: 'assistance.requested',
			attempts: 1,
			occurredAt: null,
			payload: { source: 'catch_up', status: expect.objectContaining({ account_id: w.otherAccountId }) },
		});
		// Another drop: both requests are still pending, neither is emitted again.
		w.sb.realtime.dropAll();
		await w.sb.waitFor(() => w.sb.realtime.upgrades.filter((u) => u.status === 101).length === 3, { timeoutMs: 5000 });
		await w.sb.waitFor(() => counts(w).statusReads >= 6, { timeoutMs: 5000 });
		await sleep(200);
		expect(run.emitted).toHaveLength(2);
	});

	test('a request already pending at activation fires once (catch-up), unless turned off', async () => {
		w = await realtimeWorld();
		const pending = w.sb.openRequest(w.accountId);
		const on = await activate(w, { accountScope: 'list', accountIds: w.accountId });
		expect(on.items().map((i) => i.requestId)).toEqual([pending.id]);
		await on.close();
		const off = await activate(w, { accountScope: 'list', accountIds: w.accountId, options: { fireForAlreadyPending: false } });
		w.sb.realtime.dropAll();
		await w.sb.waitFor(() => w.sb.realtime.upgrades.filter((u) => u.status === 101).length === 3, { timeoutMs: 5000 });
		await sleep(300);
		expect(off.emitted).toEqual([]);
	});

	test('with "All Accounts", catch-up reads the accounts seen on the stream', async () => {
		w = await realtimeWorld();
		const run = await activate(w);
		expect(counts(w).statusReads).toBe(0); // none seen yet
		w.sb.sendEvent(w.otherAccountId, { status: 'scrape.recovered', data: {} });
		await w.sb.waitFor(() => w.sb.realtime.published.length === 1);
		w.sb.realtime.dropAll({ refuseMs: 400 });
		await w.sb.waitFor(() => openSockets(w).length === 0);
		const during = w.sb.openRequest(w.otherAccountId);
		const [item] = await run.waitForEmits(1, 8000);
		expect(item).toMatchObject({ requestId: during.id, payload: { source: 'catch_up' } });
	});

	test('an expired dashboard session (JWT) costs exactly one new login', async () => {
		w = await realtimeWorld();
		const run = await activate(w);
		w.sb.expireTokens();
		w.sb.realtime.dropAll();
		await w.sb.waitFor(() => w.sb.realtime.upgrades.filter((u) => u.status === 101).length === 2, { timeoutMs: 5000 });
		await sleep(300);
		const c = counts(w);
		expect(c.logins).toBe(2);
		// The ticket refused with the old JWT (401), then one with the new one.
		const ticketStatuses = w.sb.log.filter((e) => e.path.endsWith('/api/realtime/ticket')).map((e) => e.status);
		expect(ticketStatuses).toEqual([200, 401, 200]);
		const request = w.sb.openRequest(w.accountId);
		expect((await run.waitForEmits(1))[0].requestId).toBe(request.id);
	});

	test('logins stay within the budget when the session keeps being refused: no storm', async () => {
		w = await realtimeWorld();
		const run = await activate(w);
		const opened = () => w.sb.realtime.upgrades.filter((u) => u.status === 101).length;
		// Three more refusals, each answered by one login: 4 tries, the most allowed per 15 minutes.
		for (let i = 0; i < 3; i++) {
			const [logins, sockets] = [counts(w).logins, opened()];
			w.sb.expireTokens();
			w.sb.realtime.dropAll();
			await w.sb.waitFor(() => counts(w).logins === logins + 1 && opened() === sockets + 1, { timeoutMs: 10_000 });
		}
		expect(counts(w).logins).toBe(4);
		// A fifth would exceed the budget: the trigger waits instead of logging in.
		w.sb.expireTokens();
		w.sb.realtime.dropAll();
		await sleep(4000);
		expect(counts(w).logins).toBe(4);
		expect(openSockets(w)).toEqual([]);
		expect(w.sb.log.filter((e) => e.path.endsWith('/api/auth/login') && e.status === 429)).toEqual([]);
		expect(run.errors).toEqual([]);
	}, 40_000);

	test('a login refused after activation stops the trigger with emitError (n8n re-activates it later)', async () => {
		w = await realtimeWorld();
		const run = await activate(w);
		run.credentials.reconbankerDashboardApi.password = 'changed-and-wrong';
		w.sb.expireTokens();
		w.sb.realtime.dropAll();
		const error = await run.waitForError(8000);
		expect(error.message).toMatch(/refused the email or password/);
		await sleep(1500);
		expect(counts(w).logins).toBe(2);
		expect(openSockets(w)).toEqual([]);
	});
});

describe('deactivation', () => {
	test('deactivation closes the socket (1000) and leaves no timer behind', async () => {
		w = await realtimeWorld();
		const timers = watchTriggerTimers();
		const run = await activate(w);
		await run.close();
		timers.restore();
		expect(timers.pending()).toBe(0); // not even the close handshake's bounded wait
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(w.sb.realtime.closed[0]).toMatchObject({ by: 'client', code: 1000 });
		expect(openSockets(w)).toEqual([]);
		await sleep(1500);
		expect(w.sb.realtime.upgrades).toHaveLength(1); // no reconnect after deactivation
	});

	test('deactivation while waiting to reconnect ends the wait at once and reconnects no more', async () => {
		w = await realtimeWorld();
		const timers = watchTriggerTimers();
		const run = await activate(w);
		w.sb.realtime.dropAll({ refuseMs: 60_000 }); // the "server" stays down
		// Three refused reconnects: the next wait is 4–8 s.
		await w.sb.waitFor(() => w.sb.realtime.upgrades.length >= 4, { timeoutMs: 15_000 });
		await w.sb.waitFor(() => timers.pending() > 0, { timeoutMs: 5000 }); // waiting to reconnect
		const started = Date.now();
		await run.close();
		expect(Date.now() - started).toBeLessThan(1500); // not the rest of the 4–8 s wait
		timers.restore();
		expect(timers.pending()).toBe(0); // the reconnect wait was cleared, not left to run out
		const upgrades = w.sb.realtime.upgrades.length;
		await sleep(2500);
		expect(w.sb.realtime.upgrades).toHaveLength(upgrades);
	}, 30_000);
});

describe('activation errors', () => {
	test('a wrong password fails activation with the reason, after one login try and with no socket', async () => {
		w = await realtimeWorld();
		const activating = runTrigger(new ReconbankerRealtimeTrigger(), {
			parameters: { events: ['assistance_required'] },
			credentials: credentialsFor(w, { password: 'wrong' }),
		});
		await expect(activating).rejects.toThrow(/refused the email or password/);
		expect(counts(w)).toMatchObject({ logins: 1, tickets: 0 });
		expect(w.sb.realtime.upgrades).toEqual([]);
	});

	test('an API key that cannot read the status fails activation (catch-up needs status:read)', async () => {
		w = await realtimeWorld();
		const { key } = w.sb.createApiKey({ userId: w.userId, scopes: ['otp:write'] });
		const activating = runTrigger(new ReconbankerRealtimeTrigger(), {
			parameters: { events: ['assistance_required'], accountScope: 'list', accountIds: w.accountId },
			credentials: { ...credentialsFor(w), reconbankerApi: { baseUrl: w.sb.baseUrl, apiKey: key } },
		});
		await expect(activating).rejects.toMatchObject({ httpCode: '403', message: expect.stringMatching(/API key is not allowed/) });
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(openSockets(w)).toEqual([]);
	});

	test('catch-up without a Reconbanker API credential fails activation and says which credential', async () => {
		w = await realtimeWorld();
		const { reconbankerDashboardApi } = credentialsFor(w);
		await expect(
			runTrigger(new ReconbankerRealtimeTrigger(), {
				parameters: { events: ['assistance_required'], accountScope: 'list', accountIds: w.accountId },
				credentials: { reconbankerDashboardApi },
			}),
		).rejects.toThrow(/Reconbanker API credential, needed to catch up/);
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(openSockets(w)).toEqual([]);
	});

	test('an account ID that is not a UUID fails activation before any request', async () => {
		w = await realtimeWorld();
		await expect(
			runTrigger(new ReconbankerRealtimeTrigger(), {
				parameters: { events: ['assistance_required'], accountScope: 'list', accountIds: `${w.accountId}, not-a-uuid` },
				credentials: credentialsFor(w),
			}),
		).rejects.toThrow(/"not-a-uuid" is not a UUID/);
		expect(w.sb.log).toEqual([]);
	});

	test('a Base URL without a realtime stream fails activation with a clear message', async () => {
		w = await realtimeWorld();
		await expect(
			runTrigger(new ReconbankerRealtimeTrigger(), {
				parameters: { events: ['assistance_required'], catchUp: false },
				credentials: credentialsFor(w, { baseUrl: `${w.sb.baseUrl}/elsewhere` }),
			}),
		).rejects.toThrow(/did not offer a realtime stream|did not answer like a Reconbanker/);
	});

	test('Reconbanker down at n8n start does not fail the activation; the trigger connects when it is back', async () => {
		w = await realtimeWorld();
		w.sb.realtime.dropAll({ refuseMs: 800 });
		const run = await activate(w, { catchUp: false }, { activation: 'init' });
		expect(openSockets(w)).toEqual([]);
		await w.sb.waitFor(() => openSockets(w).length === 1, { timeoutMs: 6000 });
		expect(run.errors).toEqual([]);
	});

	test('on a Node without a built-in WebSocket, activation fails with a clear message', async () => {
		w = await realtimeWorld();
		const saved = globalThis.WebSocket;
		(globalThis as { WebSocket?: unknown }).WebSocket = undefined;
		try {
			await expect(
				runTrigger(new ReconbankerRealtimeTrigger(), { parameters: { events: ['assistance_required'] }, credentials: credentialsFor(w) }),
			).rejects.toThrow(/without a built-in WebSocket client/);
		} finally {
			globalThis.WebSocket = saved;
		}
		expect(w.sb.log).toEqual([]);
	});
});

describe('Listen for test event (manual)', () => {
	test('the first event ends the test listen; the socket is closed afterwards', async () => {
		w = await realtimeWorld();
		const run = await activate(w, { catchUp: false }, { mode: 'manual' });
		const request = w.sb.openRequest(w.accountId);
		const data = await run.manualResponse!;
		expect(data[0][0].json).toMatchObject({ requestId: request.id, status: 'assistance.requested' });
		await run.close();
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(w.sb.realtime.closed[0]).toMatchObject({ by: 'client', code: 1000 });
	});

	test('a request already pending is the test event (catch-up)', async () => {
		w = await realtimeWorld();
		const pending = w.sb.openRequest(w.accountId);
		const run = await activate(w, { accountScope: 'list', accountIds: w.accountId }, { mode: 'manual' });
		const data = await run.manualResponse!;
		expect(data[0][0].json).toMatchObject({ requestId: pending.id, payload: { source: 'catch_up' } });
	});
});
