/**
 * Notification security of the published Reconbanker Trigger in the real n8n (production webhook):
 * a wrong token, a bad signature, a replayed old timestamp, a second Authorization header and a
 * no-break space after the signature each get the same 401 and start no execution (checked on n8n's
 * executions list after a settle wait); a signed 1 MB body gets 413; a stranger's malformed body gets
 * no stack trace (NODE_ENV=production); a redelivered notification is answered
 * 200 and starts no second execution — which needs the trigger's dedupe memory (workflow static
 * data written by a webhook call that starts no execution) to persist between webhook calls.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import {
	e2e,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	startTestSandbox,
	waitFor,
	type SandboxHandle,
} from './harness/context';
import {
	createWebhookAuthCredential,
	executionsForRequest as executionsOfWorkflowForRequest,
	noOpNode,
	notifyN8nFrom,
	publishWebhookWorkflow,
	randomSigningSecret,
	randomWebhookToken,
	reconbankerTriggerNode,
	removeFromN8n,
	sleep,
	twoNodeWorkflow,
	waitForAllExecutionsForRequest,
	webhookSecrets,
} from './harness/workflows';

const { api } = e2e();

const TRIGGER = 'Reconbanker Trigger';
const SETTLE_MS = 2_000;
/** The one answer to every refused notification. */
const REFUSED = { error: { code: 'UNAUTHORIZED', message: 'Notification refused' } };

function triggerWorkflow(webhookAuthId: string) {
	return twoNodeWorkflow(
		reconbankerTriggerNode(
			TRIGGER,
			{ id: webhookAuthId, name: 'security notification auth' },
			{
				events: ['assistance_required'],
				assistanceStatuses: ['newRequest', 'resend'],
				accountScope: 'all',
				registration: 'manual',
			},
		),
		noOpNode(),
	);
}

describe('notification security of the published Reconbanker Trigger', () => {
	let sandbox: SandboxHandle;
	let userId: string;
	const { webhookToken, signingSecret } = webhookSecrets();
	let credentialId: string;
	let workflowId: string;
	let webhookUrl: string;

	beforeAll(async () => {
		// Refused deliveries are retried by the (real and fake) server; keep retries out of this run.
		sandbox = await startTestSandbox({ signingSecret, notificationRetryMs: 10 * 60_000 });
		userId = sandbox.createUser({ email: 'notification-security@example.com', password: 'pw-security' }).id;
		credentialId = await createWebhookAuthCredential(api, { webhookToken, signingSecret });
		let probeStatus: number;
		({ workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(api, triggerWorkflow(credentialId), {
			name: 'e2e notification security',
			trigger: TRIGGER,
		}));
		expect(probeStatus).toBe(401);
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds: [credentialId] }));

	function account(token = webhookToken): string {
		const created = sandbox.createAccount({ userId });
		notifyN8nFrom(sandbox, created.id, { webhookUrl, token });
		return created.id;
	}

	/** The finished delivery attempts of one notification. */
	const attemptsOf = (notificationId: string) =>
		sandbox.deliveries.filter((d: any) => d.id === notificationId && d.done);

	async function firstAttempt(notificationId: string) {
		const [attempt] = await waitFor(() => (attemptsOf(notificationId).length > 0 ? attemptsOf(notificationId) : undefined), {
			what: `delivery of ${notificationId}`,
		});
		return attempt;
	}

	/** Executions of the workflow whose trigger output names this request. */
	const executionsForRequest = (requestId: string) => executionsOfWorkflowForRequest(api, workflowId, TRIGGER, requestId);

	/** A hand-made notification, as the server sends it, with a chosen timestamp. */
	async function postSigned(body: string, timestamp: number, token = webhookToken) {
		const signature = createHmac('sha256', signingSecret).update(`${timestamp}.${body}`).digest('hex');
		const response = await fetch(webhookUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: `Bearer ${token}`,
				'x-webhook-timestamp': String(timestamp),
				'x-signature-256': `sha256=${signature}`,
			},
			body,
		});
		return { status: response.status, body: await response.text() };
	}

	function notificationBody(accountId: string, requestId: string) {
		return JSON.stringify({
			account_id: accountId,
			type: 'assistance_required',
			status: 'assistance.requested',
			data: { accountId, userId, descriptor: { length: 6, type: 'numeric' }, requestId, attempts: 1 },
			occurred_at: new Date().toISOString(),
		});
	}

	test('a genuine notification (token + signature) is answered 200 and starts one execution', async () => {
		const accountId = account();
		const request = sandbox.openRequest(accountId);
		const attempt = await firstAttempt(request.notificationId);
		expect(attempt.status).toBe(200);
		const [execution] = await waitForAllExecutionsForRequest(api, workflowId, TRIGGER, request.id, {
			what: 'the execution of the genuine notification',
		});
		expect(execution.status).toBe('success');
		expect(nodeOutputJson(execution, TRIGGER)[0]).toEqual(
			expect.objectContaining({ accountId, requestId: request.id, status: 'assistance.requested' }),
		);
	});

	test('a redelivered notification is answered 200 and starts no second execution', async () => {
		// Two notifications one after the other, each redelivered twice once its execution ran: the
		// dedupe memory must hold for a workflow that already has static data, not only for the first.
		const requests = [];
		for (const accountId of [account(), account()]) {
			const request = sandbox.openRequest(accountId);
			expect((await firstAttempt(request.notificationId)).status).toBe(200);
			await waitFor(
				async () => {
					const found = await executionsForRequest(request.id);
					return found.length === 1 && found[0].stoppedAt ? found : undefined;
				},
				{ what: `the execution of request ${request.id}` },
			);
			requests.push(request);
		}

		// The server redelivers the byte-identical body (freshly signed) when it missed the 2xx.
		for (const request of requests) {
			const duplicates = await sandbox.deliverDuplicate(request.notificationId, { times: 2, delayMs: 200 });
			expect(duplicates).toHaveLength(2);
			for (const duplicate of duplicates) {
				expect(duplicate.status).toBe(200);
				expect(JSON.parse(duplicate.responseBody)).toEqual({ received: true, ignored: 'duplicate delivery' });
			}
		}
		await sleep(SETTLE_MS);
		for (const request of requests) expect(await executionsForRequest(request.id)).toHaveLength(1);
	});

	test('a wrong token gets 401 and starts no execution', async () => {
		const before = (await listExecutions(api, workflowId)).length;
		const accountId = account(randomWebhookToken());
		const request = sandbox.openRequest(accountId);
		const attempt = await firstAttempt(request.notificationId);
		expect(attempt.status).toBe(401);
		expect(JSON.parse(attempt.responseBody)).toEqual(REFUSED);
		await sleep(SETTLE_MS);
		expect(await executionsForRequest(request.id)).toEqual([]);
		expect((await listExecutions(api, workflowId)).length).toBe(before);
	});

	test('a bad signature (the server signs with another secret) gets 401 and starts no execution', async () => {
		const before = (await listExecutions(api, workflowId)).length;
		const accountId = account();
		sandbox.updateOptions({ signingSecret: randomSigningSecret() });
		let request: { id: string; notificationId: string };
		try {
			request = sandbox.openRequest(accountId);
			const attempt = await firstAttempt(request.notificationId);
			expect(attempt.headers['X-Signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
			expect(attempt.status).toBe(401);
			// The same body as for a wrong token: a stranger cannot tell which check failed.
			expect(JSON.parse(attempt.responseBody)).toEqual(REFUSED);
		} finally {
			sandbox.updateOptions({ signingSecret });
		}
		await sleep(SETTLE_MS);
		expect(await executionsForRequest(request.id)).toEqual([]);
		expect((await listExecutions(api, workflowId)).length).toBe(before);
	});

	test('a replayed notification with a 10-minute-old timestamp (valid signature) gets 401 and starts no execution', async () => {
		const before = (await listExecutions(api, workflowId)).length;
		const accountId = account();
		const replayedRequestId = randomUUID();
		const now = Math.floor(Date.now() / 1000);
		const replay = await postSigned(notificationBody(accountId, replayedRequestId), now - 600);
		expect(replay.status).toBe(401);
		expect(JSON.parse(replay.body)).toEqual(REFUSED);

		await sleep(SETTLE_MS);
		expect(await executionsForRequest(replayedRequestId)).toEqual([]);
		expect((await listExecutions(api, workflowId)).length).toBe(before);

		// Control: the same hand-made notification signed now is accepted (the 401 was the timestamp).
		const freshRequestId = randomUUID();
		const fresh = await postSigned(notificationBody(accountId, freshRequestId), Math.floor(Date.now() / 1000));
		expect(fresh.status).toBe(200);
		await waitFor(async () => ((await executionsForRequest(freshRequestId)).length === 1 ? true : undefined), {
			what: 'the execution of the freshly signed notification',
		});
	});

	/** POSTs over plain node:http: array header values go out as repeated header lines. */
	async function postRaw(headers: Record<string, string | string[]>, body: string) {
		return await new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = httpRequest(webhookUrl, { method: 'POST' }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			});
			req.on('error', reject);
			for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
			req.end(body);
		});
	}

	function signedHeaders(body: string, token = webhookToken) {
		const timestamp = Math.floor(Date.now() / 1000);
		const signature = createHmac('sha256', signingSecret).update(`${timestamp}.${body}`).digest('hex');
		return {
			'content-type': 'application/json',
			authorization: `Bearer ${token}`,
			'x-webhook-timestamp': String(timestamp),
			'x-signature-256': `sha256=${signature}`,
		};
	}

	test('a second Authorization header gets 401 even when the first copy is right (validly signed)', async () => {
		const requestId = randomUUID();
		const body = notificationBody(account(), requestId);
		const headers = signedHeaders(body);
		const twice = await postRaw({ ...headers, authorization: [headers.authorization, 'Bearer someone-else'] }, body);
		expect(twice.status).toBe(401);
		expect(JSON.parse(twice.body)).toEqual(REFUSED);
		await sleep(SETTLE_MS);
		expect(await executionsForRequest(requestId)).toEqual([]);
	});

	test('a no-break space after a valid signature gets 401', async () => {
		const requestId = randomUUID();
		const body = notificationBody(account(), requestId);
		const headers = signedHeaders(body);
		// One 0xA0 byte, which Node reads as U+00A0 and String.prototype.trim() would strip.
		const nbsp = await postRaw({ ...headers, 'x-signature-256': `${headers['x-signature-256']}\u00a0` }, body);
		expect(nbsp.status).toBe(401);
		await sleep(SETTLE_MS);
		expect(await executionsForRequest(requestId)).toEqual([]);
	});

	test('a validly signed 1 MB body gets 413 and starts no execution', async () => {
		const requestId = randomUUID();
		const body = JSON.stringify({ ...JSON.parse(notificationBody(account(), requestId)), padding: 'x'.repeat(1024 * 1024) });
		const big = await postRaw(signedHeaders(body), body);
		expect(big.status).toBe(413);
		await sleep(SETTLE_MS);
		expect(await executionsForRequest(requestId)).toEqual([]);
	});

	test("a stranger's malformed body gets no stack trace (n8n runs with NODE_ENV=production)", async () => {
		const malformed = await postRaw({ 'content-type': 'application/json' }, '{"account_id": ');
		expect(malformed.status).toBeGreaterThanOrEqual(400);
		expect(malformed.body).not.toMatch(/node_modules|\/dist\/|\bat [^\n]*\(/);
	});

	test('the webhook token and signing secret appear nowhere in n8n (executions, database, log)', async () => {
		const { hits, executionsSearched } = await findSecretsInN8n(api, { webhookToken, signingSecret });
		expect(executionsSearched).toBeGreaterThanOrEqual(3);
		expect(hits).toEqual([]);
	});
});
