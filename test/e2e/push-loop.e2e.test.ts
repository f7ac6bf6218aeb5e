/**
 * Push loop in the real n8n: a published workflow Reconbanker Trigger → Reconbanker Submit (wait for
 * the result). The sandbox account's notification settings point at n8n's production webhook URL;
 * the sandbox opens a code request, notifies n8n, the workflow submits the code and watches the
 * status. The sandbox must receive exactly one submission with the right code and the execution
 * must report the outcome: `accepted` for the code the "bank" expects, `rejected` for another
 * (the sandbox re-opens a new request, as the real server does).
 */
import {
	e2e,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	statusAndError,
	startTestSandbox,
	waitFor,
	type SandboxHandle,
} from './harness/context';
import {
	createApiCredential,
	createWebhookAuthCredential,
	notifyN8nFrom,
	publishWebhookWorkflow,
	PUSH_SUBMIT,
	PUSH_TRIGGER,
	pushLoopWorkflow,
	removeFromN8n,
	waitForExecutionForRequest,
	webhookSecrets,
} from './harness/workflows';

const { api } = e2e();

const TRIGGER = PUSH_TRIGGER;
const SUBMIT = PUSH_SUBMIT;
const WORKFLOW_CODE = '482913';

/** The push loop with the code this workflow submits, guarded by the trigger's request id. */
const workflowFor = (ids: { webhookAuth: string; api: string }) =>
	pushLoopWorkflow(ids, {
		accountId: '={{ $json.accountId }}',
		code: WORKFLOW_CODE,
		checkPendingRequest: true,
		whenNothingPending: 'error',
		requiredRequestId: '={{ $json.requestId }}',
		waitForResult: true,
		resultTimeoutSeconds: 25,
		gracePeriodSeconds: 20,
		resultPollIntervalSeconds: 1,
	});

describe('push loop: Reconbanker Trigger → Submit (wait for result) in a published workflow', () => {
	let sandbox: SandboxHandle;
	let userId: string;
	let apiKey: string;
	const { webhookToken, signingSecret } = webhookSecrets();
	let workflowId: string;
	let webhookUrl: string;
	const credentialIds: string[] = [];
	let acceptedRequestId = '';

	beforeAll(async () => {
		sandbox = await startTestSandbox({ signingSecret, rejectionReopenDelayMs: 300 });
		const user = sandbox.createUser({ email: 'push-loop@example.com', password: 'pw-push-loop' });
		userId = user.id;
		apiKey = sandbox.createApiKey({ userId, scopes: ['otp:write', 'status:read'], accountIds: null }).key;

		const webhookAuth = await createWebhookAuthCredential(api, { webhookToken, signingSecret });
		const apiCredential = await createApiCredential(api, sandbox, apiKey);
		credentialIds.push(webhookAuth, apiCredential);

		let probeStatus: number;
		({ workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(
			api,
			workflowFor({ webhookAuth, api: apiCredential }),
			{ name: 'e2e push loop', trigger: TRIGGER },
		));
		// An unauthenticated probe: refused by the trigger (401), so it starts no execution.
		expect(probeStatus).toBe(401);
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	/** A fresh account (its own rate-limit budget) notifying n8n's production URL. */
	function accountNotifyingN8n(expectedCode: string): string {
		const account = sandbox.createAccount({ userId });
		sandbox.setExpectedCode(account.id, expectedCode);
		notifyN8nFrom(sandbox, account.id, { webhookUrl, token: webhookToken });
		return account.id;
	}

	test('the production webhook is n8n\'s <WEBHOOK_URL>/webhook/<webhookId>/notifications', () => {
		expect(webhookUrl).toMatch(/\/webhook\/[0-9a-f-]{36}\/notifications$/);
	});

	test('a code request → exactly one submission with the right code → outcome accepted', async () => {
		const accountId = accountNotifyingN8n(WORKFLOW_CODE);
		const before = (await listExecutions(api, workflowId)).length;
		const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		acceptedRequestId = request.id;

		// n8n acknowledged the (signed, token-bearing) notification at once.
		const delivery = await waitFor(() => sandbox.deliveries.find((d: any) => d.id === request.notificationId && d.done), {
			what: 'the notification delivery to n8n',
		});
		expect(delivery.status).toBe(200);

		const execution = await waitForExecutionForRequest(api, workflowId, TRIGGER, request.id);
		expect(statusAndError(execution)).toEqual({ status: 'success' });

		const trigger = nodeOutputJson(execution, TRIGGER);
		expect(trigger).toEqual([
			expect.objectContaining({
				accountId,
				type: 'assistance_required',
				status: 'assistance.requested',
				requestId: request.id,
				descriptor: { length: 6, type: 'numeric', purpose: 'login' },
			}),
		]);
		const submitted = nodeOutputJson(execution, SUBMIT);
		expect(submitted).toEqual([
			expect.objectContaining({ accountId, submitted: true, requestId: request.id, outcome: 'accepted' }),
		]);

		// Settle, then: one notification attempt, one submission, the right code, accepted.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(sandbox.submissions(accountId)).toEqual([
			expect.objectContaining({ code: WORKFLOW_CODE, status: 202, requestId: request.id, outcome: 'accepted' }),
		]);
		expect(sandbox.deliveries.filter((d: any) => d.payload?.account_id === accountId)).toHaveLength(1);
		expect(sandbox.getStatus(accountId).pending_assistance).toBeNull();
		expect((await listExecutions(api, workflowId)).length).toBe(before + 1);
	});

	test('a code the bank rejects → exactly one submission → outcome rejected with the new request', async () => {
		const accountId = accountNotifyingN8n('000000');
		const before = (await listExecutions(api, workflowId)).length;
		const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric' });

		// Once n8n has the first notification, stop notifying: the re-opened request must not start the
		// workflow again (it would submit the same wrong code until the rate limit stops it).
		await waitFor(() => sandbox.deliveries.find((d: any) => d.id === request.notificationId && d.acknowledged), {
			what: 'n8n acknowledging the notification',
		});
		sandbox.setConfig(accountId, { notification_events: [] });

		const execution = await waitForExecutionForRequest(api, workflowId, TRIGGER, request.id);
		expect(statusAndError(execution)).toEqual({ status: 'success' });

		const reopened = sandbox.getStatus(accountId).pending_assistance;
		expect(reopened).toEqual(expect.objectContaining({ attempts: 1 }));
		expect(reopened.id).not.toBe(request.id);

		const [submitted] = nodeOutputJson(execution, SUBMIT);
		expect(submitted).toEqual(
			expect.objectContaining({ accountId, submitted: true, requestId: request.id, outcome: 'rejected' }),
		);
		expect(submitted.newRequest).toEqual(expect.objectContaining({ id: reopened.id }));

		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(sandbox.submissions(accountId)).toEqual([
			expect.objectContaining({ code: WORKFLOW_CODE, status: 202, requestId: request.id, outcome: 'rejected' }),
		]);
		expect((await listExecutions(api, workflowId)).length).toBe(before + 1);
	});

	test('the API key, webhook token and signing secret appear nowhere in n8n (executions, database, log)', async () => {
		const { hits, executionsSearched } = await findSecretsInN8n(api, { apiKey, webhookToken, signingSecret });
		expect(executionsSearched).toBeGreaterThanOrEqual(2); // this file's two at least
		expect(hits).toEqual([]);
		// The same search finds what n8n does store: the request ids of this file's executions are in
		// the execution data and in the database bytes (so an absent secret is really absent).
		const control = await findSecretsInN8n(api, { requestId: acceptedRequestId });
		expect(control.hits).toEqual(expect.arrayContaining([expect.stringMatching(/^requestId in execution /)]));
		expect(control.hits).toEqual(expect.arrayContaining([expect.stringMatching(/^requestId in database\.sqlite/)]));
	});
});
