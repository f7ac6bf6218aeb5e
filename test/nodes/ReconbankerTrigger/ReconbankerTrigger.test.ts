/**
 * The Reconbanker Trigger's webhook, fed by real notifications from the sandbox over HTTP and run
 * through n8n-core's WebhookContext (test/harness).
 */
import type { IDataObject } from 'n8n-workflow';

import { ReconbankerTrigger } from '../../../nodes/ReconbankerTrigger/ReconbankerTrigger.node';
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
		expect(delivery.responseBody).toContain('wrong token');
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
		expect(delivery.responseBody).toContain('bad_signature');
		expect(executions(runs)).toHaveLength(0);
	});

	it.each([
		['stale', -301, 'stale_timestamp'],
		['future', 301, 'future_timestamp'],
	])('answers 401 to a validly signed but %s timestamp (replay window)', async (_label, offset, reason) => {
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
		expect(await response.text()).toContain(reason);
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
