/**
 * Secrets stay out of what n8n stores. The loop files each check their own secrets after their runs;
 * this file adds the paths where secrets most often leak — a failed execution (the API rejects the
 * key: n8n stores the node's error with its request details), a failed credential test, refused
 * notifications — and the Api-Key notification scheme, then searches every execution n8n keeps
 * (any workflow, includeData, unredacted), every file under the user folder's .n8n (SQLite database
 * and WAL, event log, storage) and n8n's log for the API key, the webhook token and the signing
 * secret. Credentials are stored encrypted, so any plain hit is a leak.
 */
import {
	e2e,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	startTestSandbox,
	waitFor,
	type ExecutionSummary,
	type SandboxHandle,
} from './harness/context';
import {
	createApiCredential,
	createWebhookAuthCredential,
	notifyN8nFrom,
	publishWebhookWorkflow,
	randomSigningSecret,
	randomWebhookToken,
	reconbankerTriggerNode,
	removeFromN8n,
	submitCodeNode,
	twoNodeWorkflow,
	waitForExecutionForRequest,
	webhookSecrets,
} from './harness/workflows';

const { api } = e2e();

const TRIGGER = 'Reconbanker Trigger';
const SUBMIT = 'Submit Code';

describe('secrets appear nowhere in n8n', () => {
	let sandbox: SandboxHandle;
	let userId: string;
	let apiKey: string;
	let apiKeyId: string;
	const { webhookToken, signingSecret } = webhookSecrets();
	const credentialIds: string[] = [];
	let apiCredentialId: string;
	let workflowId: string;
	let webhookUrl: string;

	beforeAll(async () => {
		sandbox = await startTestSandbox({ signingSecret, rejectionReopenDelayMs: 300, notificationRetryMs: 10 * 60_000 });
		userId = sandbox.createUser({ email: 'secrets@example.com', password: 'pw-secrets' }).id;
		const created = sandbox.createApiKey({ userId, scopes: ['otp:write', 'status:read'], accountIds: null });
		apiKey = created.key;
		apiKeyId = created.id;

		const webhookAuthId = await createWebhookAuthCredential(api, { webhookToken, signingSecret }, 'apiKey');
		apiCredentialId = await createApiCredential(api, sandbox, apiKey);
		credentialIds.push(webhookAuthId, apiCredentialId);

		const workflow = twoNodeWorkflow(
			reconbankerTriggerNode(
				TRIGGER,
				{ id: webhookAuthId, name: 'secrets notification auth' },
				{ events: ['assistance_required'], assistanceStatuses: ['newRequest'] },
			),
			submitCodeNode(
				SUBMIT,
				{ id: apiCredentialId, name: 'secrets API' },
				{
					accountId: '={{ $json.accountId }}',
					code: '246810',
					requiredRequestId: '={{ $json.requestId }}',
					waitForResult: true,
					gracePeriodSeconds: 20,
					resultPollIntervalSeconds: 1,
					resultTimeoutSeconds: 25,
				},
			),
		);
		let probeStatus: number;
		({ workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(api, workflow, {
			name: 'e2e secrets',
			trigger: TRIGGER,
		}));
		expect(probeStatus).toBe(401);
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	function account(token = webhookToken): string {
		const id = sandbox.createAccount({ userId }).id;
		notifyN8nFrom(sandbox, id, { webhookUrl, token, authType: 'api_key' });
		return id;
	}

	const executionFor = (requestId: string): Promise<ExecutionSummary> =>
		waitForExecutionForRequest(api, workflowId, TRIGGER, requestId);

	test('a successful loop with the Api-Key notification scheme (signed) → accepted', async () => {
		const accountId = account();
		const request = sandbox.openRequest(accountId);
		const execution = await executionFor(request.id);
		expect(execution.status).toBe('success');
		expect(nodeOutputJson(execution, SUBMIT)).toEqual([expect.objectContaining({ submitted: true, outcome: 'accepted' })]);
		const [delivery] = sandbox.deliveries.filter((d: any) => d.id === request.notificationId);
		expect(delivery.headers.Authorization).toBe(`Api-Key ${webhookToken}`);
	});

	test('refused notifications (a wrong Api-Key token, a bad signature) start nothing', async () => {
		const before = (await listExecutions(api, workflowId)).length;
		const wrongToken = account(randomWebhookToken());
		const refused = sandbox.openRequest(wrongToken);
		sandbox.updateOptions({ signingSecret: randomSigningSecret() });
		let badSignature: { notificationId: string };
		try {
			badSignature = sandbox.openRequest(account());
			await waitFor(() =>
				[refused.notificationId, badSignature.notificationId].every((id) =>
					sandbox.deliveries.some((d: any) => d.id === id && d.done),
				),
			);
		} finally {
			sandbox.updateOptions({ signingSecret });
		}
		for (const id of [refused.notificationId, badSignature.notificationId]) {
			expect(sandbox.deliveries.find((d: any) => d.id === id).status).toBe(401);
		}
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect((await listExecutions(api, workflowId)).length).toBe(before);
	});

	test('a failed execution (the API refuses the revoked key) stores the error, not the key', async () => {
		sandbox.revokeApiKey(apiKeyId);
		const accountId = account();
		const request = sandbox.openRequest(accountId);
		const execution = await executionFor(request.id);
		expect(execution.status).toBe('error');
		const error = execution.data?.resultData?.error;
		expect(error).toBeDefined();
		expect(JSON.stringify(error)).toMatch(/INVALID_API_KEY|API key/i);
		expect(sandbox.submissions(accountId)).toEqual([]);
	});

	test('a failed credential test (revoked key) is reported without the key', async () => {
		const result = await api.post<{ status: string; message: string }>(`/credentials/${apiCredentialId}/test`, {});
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(apiKey);
	});

	test('the API key, webhook token and signing secret appear in no execution, no file under .n8n, and not in the log', async () => {
		const { hits, executionsSearched, filesSearched } = await findSecretsInN8n(api, {
			apiKey,
			webhookToken,
			signingSecret,
		});
		expect(executionsSearched).toBeGreaterThanOrEqual(2);
		expect(filesSearched).toEqual(expect.arrayContaining([expect.stringMatching(/^database\.sqlite/)]));
		expect(hits).toEqual([]);
	});
});
