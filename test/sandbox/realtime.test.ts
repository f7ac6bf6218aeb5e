// The realtime stream (contract: "Realtime stream"): one test per rule, over real sockets.
import { call, sleep, submit, world, type World } from './helpers';
import { OPCODES, acceptValue, closePayload, upgrade, type RawSocket, type UpgradeResult } from './ws-test-client';

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse';

let w: World;
const opened: RawSocket[] = [];

beforeEach(async () => {
	w = await world({ rejectionReopenDelayMs: 50 });
});
afterEach(async () => {
	for (const s of opened.splice(0)) s.destroy();
	await w.sb.close();
});

async function login(sb = w.sb, email = EMAIL, password = PASSWORD): Promise<string> {
	const r = await call(`${sb.baseUrl}/api/auth/login`, { body: { email, password } });
	expect(r.status).toBe(200);
	return r.json.token;
}

async function ticket(jwt: string, sb = w.sb): Promise<string> {
	const r = await call(`${sb.baseUrl}/api/realtime/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } });
	expect(r.status).toBe(200);
	return r.json.ticket;
}

function streamUrl(sb = w.sb) {
	return `${sb.baseUrl}/realtime`;
}

function expectOpen(result: UpgradeResult): RawSocket {
	if (result.kind !== 'open') throw new Error(`expected an open stream, got ${JSON.stringify(result)}`);
	opened.push(result.socket);
	return result.socket;
}

/** Logs in, takes a ticket and opens the stream as the world's user. */
async function connect(sb = w.sb): Promise<RawSocket> {
	const t = await ticket(await login(sb), sb);
	return expectOpen(await upgrade(streamUrl(sb), { protocols: ['realtime.v1', t] }));
}

const closeCode = async (s: RawSocket) => (await s.closed)?.code ?? null;

describe('ticket endpoint', () => {
	test('POST /api/realtime/ticket with a dashboard JWT answers {ticket, ttl_seconds: 30}', async () => {
		const jwt = await login();
		const r = await call(`${w.sb.baseUrl}/api/realtime/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ ticket: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), ttl_seconds: 30 });
	});

	test('the ticket endpoint needs a dashboard JWT (401 without one)', async () => {
		const none = await call(`${w.sb.baseUrl}/api/realtime/ticket`, { method: 'POST' });
		expect(none.status).toBe(401);
		expect(none.json.error.code).toBe('UNAUTHORIZED');
		const bad = await call(`${w.sb.baseUrl}/api/realtime/ticket`, { method: 'POST', headers: { Authorization: 'Bearer nope' } });
		expect(bad.status).toBe(401);
	});

	test('a ticket never authorises the REST API', async () => {
		const t = await ticket(await login());
		const r = await call(`${w.sb.baseUrl}/api/accounts/${w.accountId}/config`, { headers: { Authorization: `Bearer ${t}` } });
		expect(r.status).toBe(401);
	});

	test('a ticket cannot be used as a ticket-issuing JWT', async () => {
		const t = await ticket(await login());
		const r = await call(`${w.sb.baseUrl}/api/realtime/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${t}` } });
		expect(r.status).toBe(401);
	});
});

describe('handshake', () => {
	test('handshake: 101 with the RFC 6455 accept value and the realtime.v1 subprotocol', async () => {
		const t = await ticket(await login());
		const result = await upgrade(streamUrl(), { protocols: ['realtime.v1', t] });
		const socket = expectOpen(result);
		expect(result.kind === 'open' && result.headers['sec-websocket-accept']).toBe(acceptValue(result.kind === 'open' ? result.key : ''));
		expect(result.kind === 'open' && result.headers['sec-websocket-protocol']).toBe('realtime.v1');
		expect(w.sb.realtime.list()).toEqual([expect.objectContaining({ userId: w.userId, state: 'open' })]);
		expect(socket.ended).toBe(false);
	});

	test('the stream lives at <root>[<prefix>]/realtime, beside /api (path prefix kept)', async () => {
		const p = await world({ pathPrefix: '/reconbanker' });
		try {
			const t = await ticket(await login(p.sb), p.sb);
			expectOpen(await upgrade(`${p.sb.baseUrl}/realtime`, { protocols: ['realtime.v1', t] }));
			expect(p.sb.baseUrl).toMatch(/\/reconbanker$/);
			const root = await upgrade(`http://127.0.0.1:${p.sb.port}/realtime`, { protocols: ['realtime.v1', t] });
			expect(root.kind).toBe('dropped');
		} finally {
			await p.sb.close();
		}
	});

	test('any other path drops the connection', async () => {
		const t = await ticket(await login());
		for (const path of ['/api/realtime', '/realtime/x', '/v1/realtime', '/', '/ws']) {
			const r = await upgrade(`${w.sb.baseUrl}${path}`, { protocols: ['realtime.v1', t] });
			expect({ path, kind: r.kind }).toEqual({ path, kind: 'dropped' });
		}
		expect(w.sb.realtime.upgrades.map((u: any) => u.outcome)).toEqual(Array(5).fill('unknown path'));
	});

	test('a missing ticket answers 401 on the upgrade', async () => {
		const r = await upgrade(streamUrl(), { protocols: ['realtime.v1'] });
		expect(r).toMatchObject({ kind: 'refused', status: 401 });
		const none = await upgrade(streamUrl());
		expect(none).toMatchObject({ kind: 'refused', status: 401 });
	});

	test('an invalid ticket answers 401 on the upgrade', async () => {
		const jwt = await login();
		for (const bad of ['not-a-ticket', jwt /* a dashboard JWT is not a ticket */]) {
			const r = await upgrade(streamUrl(), { protocols: ['realtime.v1', bad] });
			expect(r).toMatchObject({ kind: 'refused', status: 401 });
		}
	});

	test('an expired ticket answers 401 on the upgrade (30 s lifetime)', async () => {
		let now = Date.now();
		w.sb.options.now = () => now;
		const t = await ticket(await login());
		now += 31_000;
		const r = await upgrade(streamUrl(), { protocols: ['realtime.v1', t] });
		expect(r).toMatchObject({ kind: 'refused', status: 401 });
		now -= 2_000; // 29 s after issue: still valid
		expectOpen(await upgrade(streamUrl(), { protocols: ['realtime.v1', t] }));
	});

	test('without the realtime.v1 subprotocol the upgrade answers 401', async () => {
		const t = await ticket(await login());
		const r = await upgrade(streamUrl(), { protocols: [t] });
		expect(r).toMatchObject({ kind: 'refused', status: 401 });
	});

	test('a browser Origin that is not allowed answers 403; the own origin and no Origin are allowed', async () => {
		const t = await ticket(await login());
		const evil = await upgrade(streamUrl(), { protocols: ['realtime.v1', t], origin: 'https://evil.example' });
		expect(evil).toMatchObject({ kind: 'refused', status: 403 });
		expectOpen(await upgrade(streamUrl(), { protocols: ['realtime.v1', t], origin: `http://127.0.0.1:${w.sb.port}` }));
		expectOpen(await upgrade(streamUrl(), { protocols: ['realtime.v1', t] }));
		w.sb.options.realtimeAllowedOrigins = ['https://dashboard.example'];
		expectOpen(await upgrade(streamUrl(), { protocols: ['realtime.v1', t], origin: 'https://dashboard.example' }));
	});

	test('a broken handshake answers 400 (bad key) or 426 (wrong version)', async () => {
		const t = await ticket(await login());
		expect(await upgrade(streamUrl(), { protocols: ['realtime.v1', t], key: 'short' })).toMatchObject({ kind: 'refused', status: 400 });
		const v = await upgrade(streamUrl(), { protocols: ['realtime.v1', t], headers: { 'Sec-WebSocket-Version': '8' } });
		expect(v).toMatchObject({ kind: 'refused', status: 426, headers: { 'sec-websocket-version': '13' } });
	});
});

describe('events', () => {
	test('each frame is one JSON SystemEvent {type, userId, accountId, data, occurredAt}', async () => {
		const s = await connect();
		const request = w.sb.openRequest(w.accountId, { length: 6, type: 'numeric', purpose: 'login' });
		const [event] = await s.until(() => {
			const e = s.events().filter((x) => x.type === 'assistance.requested');
			return e.length ? e : undefined;
		});
		expect(Object.keys(event).sort()).toEqual(['accountId', 'data', 'occurredAt', 'type', 'userId']);
		expect(event).toEqual({
			type: 'assistance.requested',
			userId: w.userId,
			accountId: w.accountId,
			data: {
				accountId: w.accountId,
				userId: w.userId,
				descriptor: { length: 6, type: 'numeric', purpose: 'login' },
				requestId: request.id,
				attempts: 1,
			},
			occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
	});

	test('assistance.requested on an automatic resend carries resent: true and no attempts', async () => {
		const request = w.sb.openRequest(w.accountId);
		const s = await connect();
		w.sb.resend(w.accountId);
		const event = await s.until(() => s.events().find((e) => e.type === 'assistance.requested'));
		expect(event.data).toEqual({
			accountId: w.accountId,
			userId: w.userId,
			descriptor: { length: 6, type: 'numeric' },
			requestId: request.id,
			resent: true,
		});
	});

	test('assistance.fulfilled when the login receives a code (then a rejection re-opens a new request)', async () => {
		const s = await connect();
		const request = w.sb.openRequest(w.accountId);
		w.sb.setExpectedCode(w.accountId, '111111');
		expect((await submit(w, '222222')).status).toBe(202);
		const types = await s.until(() => {
			const t = s.events().map((e) => e.type);
			return t.filter((x) => x === 'assistance.requested').length === 2 ? t : undefined;
		});
		expect(types).toEqual(['session.started', 'assistance.requested', 'assistance.fulfilled', 'assistance.requested']);
		const [, , fulfilled, reopened] = s.events();
		expect(fulfilled.data).toEqual({ accountId: w.accountId, userId: w.userId, requestId: request.id });
		expect(reopened.data.requestId).not.toBe(request.id);
	});

	test('a held code is fulfilled when a session takes it, not before', async () => {
		w.sb.openRequest(w.accountId, undefined, { sessionRunning: false });
		const s = await connect();
		expect((await submit(w, '123456')).status).toBe(202);
		await sleep(100);
		expect(s.events().map((e) => e.type)).toEqual([]);
		w.sb.setSessionRunning(w.accountId, true);
		// The resumed login re-opens the same request (a new assistance.requested) and takes the held code.
		const types = await s.until(() => (s.events().length >= 3 ? s.events().map((e) => e.type) : undefined));
		expect(types).toEqual(['session.started', 'assistance.requested', 'assistance.fulfilled']);
	});

	test('assistance.cancelled and session.stopped when a session ends with a request open; session.started when one starts', async () => {
		const s = await connect();
		const request = w.sb.openRequest(w.accountId);
		w.sb.cancelRequest(w.accountId);
		w.sb.setSessionRunning(w.accountId, true);
		const events = await s.until(() => (s.events().length >= 5 ? s.events() : undefined));
		expect(events.map((e) => [e.type, e.data])).toEqual([
			['session.started', null],
			['assistance.requested', expect.objectContaining({ requestId: request.id })],
			['assistance.cancelled', { accountId: w.accountId, userId: w.userId, requestId: request.id }],
			['session.stopped', { reason: 'cancelled' }],
			['session.started', null],
		]);
	});

	test('session.needs_attention/recovered, connection.* and scrape.* events are streamed with their data', async () => {
		const s = await connect();
		const sent: Array<[string, unknown]> = [
			['session.needs_attention', { reason: 'auth_timeout' }],
			['session.recovered', null],
			['connection.failed', { category: 'login_failed' }],
			['connection.recovered', {}],
			['scrape.failed', { category: 'timeout' }],
			['scrape.recovered', {}],
		];
		for (const [status, data] of sent) w.sb.sendEvent(w.accountId, { status, data });
		const events = await s.until(() => (s.events().length >= sent.length ? s.events() : undefined));
		expect(events.map((e) => [e.type, e.data])).toEqual(sent);
	});

	test('events go to every socket of the account owner and to no other user (per-user fan-out)', async () => {
		const other = w.sb.createUser({ email: 'other@example.com', password: 'pw-other' });
		const otherAccount = w.sb.createAccount({ userId: other.id });
		const a1 = await connect();
		const a2 = await connect();
		const b = expectOpen(
			await upgrade(streamUrl(), { protocols: ['realtime.v1', await ticket(await login(w.sb, 'other@example.com', 'pw-other'))] }),
		);
		w.sb.sendEvent(w.accountId, { status: 'scrape.failed', data: { category: 'unknown' } });
		w.sb.sendEvent(otherAccount.id, { status: 'connection.failed', data: { category: 'navigation_failed' } });
		await a1.until(() => a1.events().length === 1);
		await a2.until(() => a2.events().length === 1);
		await b.until(() => b.events().length === 1);
		await sleep(50);
		expect(a1.events().map((e) => e.accountId)).toEqual([w.accountId]);
		expect(a2.events().map((e) => e.accountId)).toEqual([w.accountId]);
		expect(b.events().map((e) => e.accountId)).toEqual([otherAccount.id]);
	});

	test('no replay: events sent while a client is disconnected never reach it', async () => {
		const first = await connect();
		first.destroy();
		await w.sb.waitFor(() => w.sb.realtime.list().length === 0);
		w.sb.openRequest(w.accountId);
		const second = await connect();
		w.sb.sendEvent(w.accountId, { status: 'scrape.recovered', data: {} });
		await second.until(() => second.events().length === 1);
		await sleep(50);
		expect(second.events().map((e) => e.type)).toEqual(['scrape.recovered']);
	});
});

describe('keep-alive and closing', () => {
	test('the server pings every interval; a client that answers stays connected', async () => {
		w.sb.realtime.setPingInterval(40);
		const s = await connect();
		await s.until(() => s.received.filter((f) => f.opcode === OPCODES.ping).length >= 4, 3000, '4 pings');
		expect(s.ended).toBe(false);
		expect(w.sb.realtime.list()).toHaveLength(1);
	});

	test('the ping interval is 30 s by default', () => {
		expect(w.sb.options.realtimePingIntervalMs).toBe(30_000);
	});

	test('a socket that missed the previous pong is dropped', async () => {
		w.sb.realtime.setPingInterval(40);
		const s = await connect();
		s.autoPong = false;
		expect(await s.closed).toBeNull(); // dropped: no close frame
		expect(s.received.filter((f) => f.opcode === OPCODES.ping)).toHaveLength(1);
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(w.sb.realtime.closed).toEqual([expect.objectContaining({ by: 'server', reason: 'missed pong', code: null })]);
	});

	test('any data frame from the client closes the socket with 1003', async () => {
		const text = await connect();
		text.send(OPCODES.text, Buffer.from('{"hello":1}'));
		expect(await closeCode(text)).toBe(1003);
		const binary = await connect();
		binary.send(OPCODES.binary, Buffer.from([1, 2, 3]));
		expect(await closeCode(binary)).toBe(1003);
	});

	test('a client frame over 64 KiB is refused with 1009', async () => {
		const s = await connect();
		s.send(OPCODES.ping, Buffer.alloc(0)); // fine: answered
		await s.until(() => s.received.some((f) => f.opcode === OPCODES.pong));
		s.send(OPCODES.text, Buffer.alloc(64 * 1024 + 1, 0x61));
		expect(await closeCode(s)).toBe(1009);
	});

	test('an unmasked client frame closes the socket with 1002 (protocol error)', async () => {
		const s = await connect();
		s.send(OPCODES.pong, Buffer.alloc(0), { mask: null });
		expect(await closeCode(s)).toBe(1002);
	});

	test('a client that lets more than 1 MiB queue up is closed with 1013', async () => {
		const s = await connect();
		s.socket.pause(); // stop reading: the kernel buffers fill, then the server's queue
		const big = 'x'.repeat(60 * 1024);
		for (let i = 0; i < 2000 && w.sb.realtime.list().every((x: any) => x.state === 'open'); i++) {
			w.sb.sendEvent(w.accountId, { status: 'scrape.failed', data: { category: 'unknown', big } });
			if (i % 20 === 0) await sleep(1);
		}
		expect(w.sb.realtime.list()).toEqual([expect.objectContaining({ state: 'closing' })]);
		s.socket.resume();
		expect(await closeCode(s)).toBe(1013);
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(w.sb.realtime.closed).toEqual([expect.objectContaining({ code: 1013, by: 'server' })]);
	});

	test("the client's close frame is echoed", async () => {
		const s = await connect();
		s.send(OPCODES.close, closePayload(1000, 'bye'));
		expect(await closeCode(s)).toBe(1000);
		await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
		expect(w.sb.realtime.closed).toEqual([expect.objectContaining({ code: 1000, by: 'client' })]);
	});
});

describe('control API', () => {
	test('POST /__sandbox/realtime/drop drops every socket without a close frame (a restart)', async () => {
		const a = await connect();
		const b = await connect();
		const r = await call(`${w.sb.baseUrl}/__sandbox/realtime/drop`, { body: {} });
		expect(r.json).toEqual({ dropped: 2 });
		expect(await a.closed).toBeNull();
		expect(await b.closed).toBeNull();
		expect(w.sb.realtime.list()).toEqual([]);
		await connect(); // reconnecting works at once
	});

	test('drop with refuseMs keeps dropping upgrades for that long; mode close sends 1012', async () => {
		const a = await connect();
		const t = await ticket(await login());
		await call(`${w.sb.baseUrl}/__sandbox/realtime/drop`, { body: { mode: 'close', refuseMs: 300 } });
		expect(await closeCode(a)).toBe(1012);
		expect((await upgrade(streamUrl(), { protocols: ['realtime.v1', t] })).kind).toBe('dropped');
		await sleep(350);
		expectOpen(await upgrade(streamUrl(), { protocols: ['realtime.v1', t] }));
	});

	test('POST /__sandbox/tokens/expire makes every JWT and ticket fail; a new login works', async () => {
		const jwt = await login();
		const t = await ticket(jwt);
		const r = await call(`${w.sb.baseUrl}/__sandbox/tokens/expire`, { body: {} });
		expect(r.status).toBe(200);
		const stale = await call(`${w.sb.baseUrl}/api/realtime/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } });
		expect(stale.status).toBe(401);
		expect(await upgrade(streamUrl(), { protocols: ['realtime.v1', t] })).toMatchObject({ kind: 'refused', status: 401 });
		await connect();
	});

	test('GET /__sandbox/realtime lists sockets and upgrades without any ticket', async () => {
		w.sb.realtime.setPingInterval(0);
		const t = await ticket(await login());
		expectOpen(await upgrade(streamUrl(), { protocols: ['realtime.v1', t] }));
		const r = await call(`${w.sb.baseUrl}/__sandbox/realtime`);
		expect(r.json.sockets).toEqual([expect.objectContaining({ userId: w.userId, state: 'open' })]);
		expect(r.json.upgrades).toEqual([expect.objectContaining({ status: 101, outcome: 'open' })]);
		expect(r.text).not.toContain(t);
		const patched = await call(`${w.sb.baseUrl}/__sandbox/realtime`, { method: 'PATCH', body: { pingIntervalMs: 500 } });
		expect(patched.json).toEqual({ pingIntervalMs: 500 });
	});
});
