/**
 * @jest-environment ./test/harness/websocket-environment.js
 */
// The sandbox's stream with a real WHATWG WebSocket client (what the trigger uses in n8n): it
// connects with the ticket, receives events, answers pings by itself and is told 401 on a bad ticket.
import { call, sleep, world, type World } from './helpers';

let w: World;
beforeEach(async () => {
	w = await world({ realtimePingIntervalMs: 30 });
});
afterEach(() => w.sb.close());

async function ticket(): Promise<string> {
	const login = await call(`${w.sb.baseUrl}/api/auth/login`, { body: { email: 'owner@example.com', password: 'correct horse' } });
	const r = await call(`${w.sb.baseUrl}/api/realtime/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${login.json.token}` } });
	return r.json.ticket;
}

const wsUrl = () => `${w.sb.baseUrl.replace(/^http/, 'ws')}/realtime`;

test('a WHATWG WebSocket client opens the stream with realtime.v1 + ticket, gets events and keeps answering pings', async () => {
	expect(['node', 'undici']).toContain((globalThis as any).__WEBSOCKET_SOURCE__);
	const ws = new WebSocket(wsUrl(), ['realtime.v1', await ticket()]);
	const messages: any[] = [];
	ws.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
	await new Promise((resolve, reject) => {
		ws.onopen = resolve;
		ws.onerror = () => reject(new Error('stream did not open'));
	});
	expect(ws.protocol).toBe('realtime.v1');
	expect(w.sb.realtime.upgrades[0]).toMatchObject({ status: 101, origin: null });
	await sleep(250); // several ping intervals: the built-in client answers them
	expect(w.sb.realtime.list()).toEqual([expect.objectContaining({ state: 'open' })]);
	w.sb.sendEvent(w.accountId, { status: 'session.needs_attention', data: { reason: 'logged_out' } });
	await w.sb.waitFor(() => messages.length === 1);
	expect(messages[0]).toMatchObject({ type: 'session.needs_attention', accountId: w.accountId, data: { reason: 'logged_out' } });
	const closed = new Promise<{ code: number }>((resolve) => {
		ws.onclose = resolve;
	});
	ws.close(1000);
	expect((await closed).code).toBe(1000);
	await w.sb.waitFor(() => w.sb.realtime.closed.length === 1);
	expect(w.sb.realtime.closed[0]).toMatchObject({ by: 'client', code: 1000 });
});

test('a WHATWG WebSocket client sees a refused upgrade (bad ticket) as an error', async () => {
	const ws = new WebSocket(wsUrl(), ['realtime.v1', 'bad-ticket']);
	// Node 24's client fires error then close (1006); Node 20's (undici 6) fires only error.
	const event = await new Promise<Event>((resolve) => {
		ws.onerror = resolve;
		ws.onclose = resolve;
	});
	expect(event.type).toBe('error');
	expect(ws.readyState).not.toBe(WebSocket.OPEN);
	expect(w.sb.realtime.upgrades.length).toBeGreaterThanOrEqual(1);
	expect(w.sb.realtime.upgrades.every((u) => u.status === 401)).toBe(true);
	expect(w.sb.realtime.list()).toEqual([]);
});
