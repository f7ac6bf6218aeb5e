/**
 * The Reconbanker Trigger's webhook, fed by real notifications from the sandbox over HTTP and run
 * through n8n-core's WebhookContext (test/harness).
 */
import { request as httpRequest } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { ReconbankerTrigger } from '../../../nodes/ReconbankerTrigger/ReconbankerTrigger.node';
import { REFUSED_BODY } from '../../../nodes/ReconbankerTrigger/webhook';
import { signNotification } from '../../../nodes/shared/signature';
import { runWebhook, startWebhookReceiver } from '../../harness';
import { startSandbox, type Sandbox } from '../../sandbox';

const TOKEN = 'ntf_token_0123456789abcdef';
const SECRET = 'whsec_sandbox_signing_secret';
const ACCOUNT_A = 'a1a1a1a1-1111-4222-8333-444455556666';
const ACCOUNT_B = 'b2b2b2b2-1111-4222-8333-444455556666';
const DESCRIPTOR = { length: 6, type: 'numeric' as const, purpose: 'login' };

type Received = Awaited<ReturnType<typeof runWebhook>>;

interface Setup {
	parameters?: IDataObject;
	auth?: IDataObject;
	sandbox?: Parameters<typeof startSandbox>[0];
	notificationAuth?: { type: 'bearer' | 'api_key' | null; token: string | null };
	events?: string[];
}

async function setUp(setup: Setup = {}) {
	const sb = await startSandbox({ notificationRetryMs: 60_000, ...setup.sandbox });
	const staticData: IDataObject = {};
	const runs: Received[] = [];
	const parameters = { authentication: 'webhookAuth', ...setup.parameters };
	const credentials = {
		reconbankerWebhookAuth: { authType: 'bearer', token: TOKEN, signingSecret: '', timestampToleranceSeconds: 300, ...setup.auth },
	};
	const receiver = await startWebhookReceiver(async (request) => {
		const result = await runWebhook(new ReconbankerTrigger(), { parameters, credentials, staticData, request });
		runs.push(result);
		return result;
	});
	const user = sb.createUser({ email: 'ops@example.com', password: 'correct horse' });
	const auth = setup.notificationAuth ?? { type: 'bearer', token: TOKEN };
	const config = {
		notification_endpoint_url: receiver.url,
		notification_auth_type: auth.type,
		notification_auth_token: auth.token,
		notification_events: setup.events ?? ['assistance_required', 'connection_failed', 'scrape_failed'],
		notification_transport: 'api' as const,
	};
	const account = sb.createAccount({ userId: user.id, id: ACCOUNT_A, config });
	const other = sb.createAccount({ userId: user.id, id: ACCOUNT_B, config });
	return { sb, receiver, runs, staticData, account, other, user };
}

type Ctx = Awaited<ReturnType<typeof setUp>>;
let ctx: Ctx | undefined;

async function start(setup?: Setup): Promise<Ctx> {
	ctx = await setUp(setup);
	return ctx;
}

afterEach(async () => {
	if (!ctx) return;
	await ctx.receiver.close();
	await ctx.sb.close();
	ctx = undefined;
});

/** Waits until the sandbox has an answer for `count` delivery attempts. */
async function deliveriesAnswered(sb: Sandbox, count: number) {
	return await sb.waitFor(() => {
		const answered = sb.deliveries.filter((d) => d.status !== undefined || d.error !== undefined);
		return answered.length >= count ? answered : undefined;
	});
}

function executions(runs: Received[]) {
	return runs.filter((run) => run.workflowData !== undefined);
}

function itemOf(run: Received): IDataObject {
	return run.workflowData![0][0].json;
}

describe('Reconbanker Trigger: accepted notifications', () => {
	it('starts one execution for a new code request with the normalised fields (Bearer token)', async () => {
		const { sb, runs, account } = await start();
		const opened = sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);

		expect(delivery.status).toBe(200);
		expect(executions(runs)).toHaveLength(1);
		const item = itemOf(runs[0]);
		expect(item).toMatchObject({
			accountId: account.id,
			type: 'assistance_required',
			status: 'assistance.requested',
			requestId: opened.id,
			descriptor: DESCRIPTOR,
			attempts: 1,
			resent: false,
			reason: null,
			category: null,
		});
		expect(typeof item.occurredAt).toBe('string');
		expect(item.payload).toEqual(JSON.parse(delivery.body));
		expect(JSON.stringify(runs[0].workflowData)).not.toContain(TOKEN);
		expect(JSON.stringify(runs[0].workflowData).toLowerCase()).not.toContain('authorization');
	});

	it('accepts the Api-Key scheme when the credential says so', async () => {
		const { sb, runs, account } = await start({
			auth: { authType: 'apiKey' },
			notificationAuth: { type: 'api_key', token: TOKEN },
		});
		sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);
		expect(delivery.headers.authorization ?? delivery.headers.Authorization).toBe(`Api-Key ${TOKEN}`);
		expect(delivery.status).toBe(200);
		expect(executions(runs)).toHaveLength(1);
	});

	it('verifies the sandbox signature when a signing secret is set', async () => {
		const { sb, runs, account } = await start({ auth: { signingSecret: SECRET }, sandbox: { signingSecret: SECRET } });
		sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);
		expect(delivery.status).toBe(200);
		expect(executions(runs)).toHaveLength(1);
	});

	it("accepts the user guide's payload shape (data: {descriptor})", async () => {
		const { sb, runs, account } = await start({ sandbox: { guidePayloadShape: true } });
		sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);
		expect(delivery.payload.data).toEqual({ descriptor: DESCRIPTOR });
		const item = itemOf(executions(runs)[0]);
		expect(item).toMatchObject({ accountId: account.id, descriptor: DESCRIPTOR, requestId: null, attempts: null });
	});

	it('fires for automatic resends with the same request id and resent: true', async () => {
		const { sb, runs, account } = await start();
		const opened = sb.openRequest(account.id, DESCRIPTOR);
		sb.resend(account.id);
		await deliveriesAnswered(sb, 2);
		const items = executions(runs).map(itemOf);
		expect(items).toHaveLength(2);
		expect(items[1]).toMatchObject({ requestId: opened.id, resent: true, attempts: null });
	});

	it('fires for session.needs_attention only when chosen, with its reason', async () => {
		const { sb, runs, account } = await start({
			parameters: { assistanceStatuses: ['newRequest', 'needsAttention'] },
		});
		sb.sendEvent(account.id, { type: 'assistance_required', status: 'session.needs_attention', data: { reason: 'auth_timeout' } });
		await deliveriesAnswered(sb, 1);
		expect(itemOf(executions(runs)[0])).toMatchObject({ status: 'session.needs_attention', reason: 'auth_timeout' });
	});

	it('fires for connection_failed with its category when that event is chosen', async () => {
		const { sb, runs, account } = await start({ parameters: { events: ['connection_failed'] } });
		sb.sendEvent(account.id, { type: 'connection_failed', status: 'connection.failed', data: { category: 'login_failed' } });
		await deliveriesAnswered(sb, 1);
		expect(itemOf(executions(runs)[0])).toMatchObject({ type: 'connection_failed', category: 'login_failed' });
	});
});

describe('Reconbanker Trigger: refused notifications start nothing', () => {
	it('answers 401 to a wrong token', async () => {
		const { sb, runs, account } = await start({ notificationAuth: { type: 'bearer', token: 'ntf_token_wrong_0000000000' } });
		sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);
		expect(delivery.status).toBe(401);
		expect(JSON.parse(delivery.responseBody ?? '')).toEqual(REFUSED_BODY);
		expect(delivery.responseBody).not.toContain(TOKEN);
		expect(executions(runs)).toHaveLength(0);
	});

	it('answers 401 when no token is sent', async () => {
		const { sb, runs, account } = await start({ notificationAuth: { type: null, token: null } });
		sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);
		expect(delivery.status).toBe(401);
		expect(executions(runs)).toHaveLength(0);
	});

	it('answers 401 to a bad signature', async () => {
		const { sb, runs, account } = await start({
			auth: { signingSecret: SECRET },
			sandbox: { signingSecret: 'whsec_some_other_secret' },
		});
		sb.openRequest(account.id, DESCRIPTOR);
		const [delivery] = await deliveriesAnswered(sb, 1);
		expect(delivery.status).toBe(401);
		expect(JSON.parse(delivery.responseBody ?? '')).toEqual(REFUSED_BODY);
		expect(executions(runs)).toHaveLength(0);
	});

	it.each([
		['stale', -301, 'stale_timestamp'],
		['future', 301, 'future_timestamp'],
	])('answers 401 to a validly signed but %s timestamp (replay window)', async (_label, offset) => {
		const { receiver, runs, account } = await start({ auth: { signingSecret: SECRET } });
		const body = JSON.stringify({
			account_id: account.id,
			type: 'assistance_required',
			status: 'assistance.requested',
			data: { requestId: 'r-replayed', attempts: 1, descriptor: DESCRIPTOR },
			occurred_at: new Date().toISOString(),
		});
		const timestamp = Math.floor(Date.now() / 1000) + offset;
		const response = await fetch(receiver.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: `Bearer ${TOKEN}`,
				'x-webhook-timestamp': String(timestamp),
				'x-signature-256': signNotification(SECRET, timestamp, body),
			},
			body,
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual(REFUSED_BODY);
		expect(executions(runs)).toHaveLength(0);
	});

	it.each([
		['a JSON array', '[1,2]'],
		['an object without account_id', '{"type":"assistance_required","status":"assistance.requested"}'],
		['an object without type', '{"account_id":"b9c2e4a1-1111-4222-8333-444455556666"}'],
		['text that is not JSON', 'hello'],
	])('answers 400 to %s', async (_label, body) => {
		const { receiver, runs } = await start();
		const response = await fetch(receiver.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
			body,
		});
		expect(response.status).toBe(400);
		expect(executions(runs)).toHaveLength(0);
	});

	it('checks the token before looking at the body', async () => {
		const { receiver, runs } = await start();
		const response = await fetch(receiver.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"unexpected":true}',
		});
		expect(response.status).toBe(401);
		expect(executions(runs)).toHaveLength(0);
	});
});

describe('Reconbanker Trigger: filters and redelivery', () => {
	it('acknowledges but ignores events that were not chosen', async () => {
		const { sb, runs, account } = await start();
		sb.sendEvent(account.id, { type: 'scrape_failed', status: 'scrape.failed', data: { category: 'timeout' } });
		sb.sendEvent(account.id, { type: 'assistance_required', status: 'session.recovered', data: null });
		const deliveries = await deliveriesAnswered(sb, 2);
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		expect(executions(runs)).toHaveLength(0);
	});

	it('acknowledges but ignores accounts that are not listed', async () => {
		const { sb, runs, account, other } = await start({
			parameters: { accountScope: 'list', accountIds: `${ACCOUNT_A.toUpperCase()}, 00000000-0000-4000-8000-00000000000f` },
		});
		sb.openRequest(other.id, DESCRIPTOR);
		sb.openRequest(account.id, DESCRIPTOR);
		const deliveries = await deliveriesAnswered(sb, 2);
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		expect(executions(runs).map((run) => itemOf(run).accountId)).toEqual([ACCOUNT_A]);
	});

	it('drops a redelivered notification and answers 200', async () => {
		const { sb, runs, account } = await start();
		sb.openRequest(account.id, DESCRIPTOR);
		await deliveriesAnswered(sb, 1);
		await sb.deliverDuplicate(undefined, { times: 2 });
		const deliveries = await deliveriesAnswered(sb, 3);
		expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
		expect(executions(runs)).toHaveLength(1);
		const duplicates = runs.filter((run) => run.workflowData === undefined);
		expect(JSON.stringify(duplicates[0].webhookResponse)).toContain('duplicate');
	});

	it('fires again when a new request (new id) replaces the pending one', async () => {
		const { sb, runs, account } = await start();
		const first = sb.openRequest(account.id, DESCRIPTOR);
		const second = sb.openRequest(account.id, DESCRIPTOR);
		await deliveriesAnswered(sb, 2);
		expect(executions(runs).map((run) => itemOf(run).requestId)).toEqual([first.id, second.id]);
	});
});

/** POSTs `body` to the receiver over real HTTP; `headers` values that are arrays are sent as repeated header lines. */
async function post(url: string, headers: Record<string, string | string[]>, body: string) {
	return await new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = httpRequest(url, { method: 'POST' }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.setHeader('content-type', 'application/json');
		for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
		req.end(body);
	});
}

function notificationBody(accountId: string, extra: Record<string, unknown> = {}) {
	return JSON.stringify({
		account_id: accountId,
		type: 'assistance_required',
		status: 'assistance.requested',
		data: { accountId, requestId: 'r-1', attempts: 1, descriptor: DESCRIPTOR },
		occurred_at: new Date().toISOString(),
		...extra,
	});
}

function signedHeaders(body: string, secret = SECRET) {
	const timestamp = Math.floor(Date.now() / 1000);
	return { 'x-webhook-timestamp': String(timestamp), 'x-signature-256': signNotification(secret, timestamp, body) };
}

describe('Reconbanker Trigger: one uniform 401 for every refused notification', () => {
	it('answers the same body whatever failed: token, missing token, second Authorization header, signature, replay, settings', async () => {
		const { receiver, runs, account } = await start({ auth: { signingSecret: SECRET } });
		const body = notificationBody(account.id);
		const good = { authorization: `Bearer ${TOKEN}`, ...signedHeaders(body) };
		const refused = [
			await post(receiver.url, { ...good, authorization: `Bearer ${TOKEN}x` }, body),
			await post(receiver.url, { ...signedHeaders(body) }, body),
			await post(receiver.url, { ...good, authorization: [`Bearer ${TOKEN}`, 'Bearer someone-else'] }, body),
			await post(receiver.url, { ...good, 'x-signature-256': signedHeaders(body, 'whsec_other')['x-signature-256'] }, body),
			await post(receiver.url, { ...good, 'x-webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) }, body),
		];
		for (const response of refused) {
			expect(response.status).toBe(401);
			expect(JSON.parse(response.body)).toEqual(REFUSED_BODY);
		}
		expect(executions(runs)).toHaveLength(0);
		expect((await post(receiver.url, good, body)).status).toBe(200);
		expect(executions(runs)).toHaveLength(1);
	});

	it('refuses a second Authorization header sent over HTTP even when the first copy is right', async () => {
		const { receiver, runs, account } = await start();
		const body = notificationBody(account.id);
		const response = await post(receiver.url, { authorization: [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`] }, body);
		expect(response.status).toBe(401);
		// Node itself shows only the first copy in `headers`: the check reads every copy.
		expect(receiver.received[0].request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(executions(runs)).toHaveLength(0);
	});

	it('answers the same 401 when the credential itself cannot work (too short a token), telling no stranger why', async () => {
		const { receiver, runs, account } = await start({ auth: { token: 'short' } });
		const response = await post(receiver.url, { authorization: 'Bearer short' }, notificationBody(account.id));
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body)).toEqual(REFUSED_BODY);
		expect(executions(runs)).toHaveLength(0);
	});
});

describe('Reconbanker Trigger: what is kept of the body', () => {
	it('answers 413 to an authenticated body over 64 KiB and starts nothing (a 1 MB body)', async () => {
		const { receiver, runs, account } = await start({ auth: { signingSecret: SECRET } });
		const body = notificationBody(account.id, { padding: 'x'.repeat(1024 * 1024) });
		const response = await post(receiver.url, { authorization: `Bearer ${TOKEN}`, ...signedHeaders(body) }, body);
		expect(response.status).toBe(413);
		expect(JSON.parse(response.body).error.code).toBe('PAYLOAD_TOO_LARGE');
		expect(executions(runs)).toHaveLength(0);
	});

	it('an unauthenticated oversized body still gets the uniform 401', async () => {
		const { receiver, account } = await start();
		const body = notificationBody(account.id, { padding: 'x'.repeat(200 * 1024) });
		const response = await post(receiver.url, {}, body);
		expect(response.status).toBe(401);
	});

	it('outputs only the known fields of the body as payload (no unknown fields, no deep nesting)', async () => {
		const { receiver, runs, account } = await start({ auth: { signingSecret: SECRET } });
		let nested: unknown = 'bottom';
		for (let i = 0; i < 2000; i++) nested = { n: nested };
		const body = JSON.stringify({
			account_id: account.id,
			type: 'assistance_required',
			status: 'assistance.requested',
			data: { accountId: account.id, requestId: 'r-9', attempts: 2, descriptor: { ...DESCRIPTOR, extra: nested }, nested },
			occurred_at: '2026-01-01T00:00:00.000Z',
			nested,
		});
		const response = await post(receiver.url, { authorization: `Bearer ${TOKEN}`, ...signedHeaders(body) }, body);
		expect(response.status).toBe(200);
		const item = itemOf(executions(runs)[0]);
		expect(item.payload).toEqual({
			account_id: account.id,
			type: 'assistance_required',
			status: 'assistance.requested',
			occurred_at: '2026-01-01T00:00:00.000Z',
			data: { accountId: account.id, requestId: 'r-9', attempts: 2, descriptor: DESCRIPTOR },
		});
		expect(item.descriptor).toEqual(DESCRIPTOR);
		expect(JSON.stringify(item).length).toBeLessThan(2000);
	});
});

describe('Reconbanker Trigger: failure events with an unknown status', () => {
	it.each([
		['connection_failed', 'connection.exploded'],
		['connection_failed', ''],
		['scrape_failed', 'scrape.maybe'],
		['scrape_failed', undefined],
	])('ignores %s with status %p like an unknown assistance status (200, no execution)', async (type, status) => {
		const { receiver, runs, account } = await start({ parameters: { events: ['connection_failed', 'scrape_failed'] } });
		const body = JSON.stringify({ account_id: account.id, type, status, data: { category: 'timeout' }, occurred_at: null });
		const response = await post(receiver.url, { authorization: `Bearer ${TOKEN}` }, body);
		expect(response.status).toBe(200);
		expect(executions(runs)).toHaveLength(0);
		for (const known of type === 'connection_failed' ? ['connection.failed', 'connection.recovered'] : ['scrape.failed', 'scrape.recovered']) {
			// A fresh occurred_at: the trigger's redelivery memory lives as long as the process.
			const ok = JSON.stringify({ account_id: account.id, type, status: known, data: {}, occurred_at: `${known} ${Math.random()}` });
			expect((await post(receiver.url, { authorization: `Bearer ${TOKEN}` }, ok)).status).toBe(200);
		}
		expect(executions(runs)).toHaveLength(2);
	});
});
