/**
 * Authenticator loop in the real n8n with the template users import: templates/authenticator-totp.json
 * (Reconbanker Trigger → n8n's TOTP node → Reconbanker Submit). Given credentials (a `totpApi` one
 * with a base32 secret) and published, a code request from the sandbox — set up to expect that
 * secret's current TOTP code — is answered with one 202 submission the "bank" accepts, and the
 * execution reports `outcome: accepted`.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';

import {
	createCredential,
	e2e,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	statusAndError,
	REPO_ROOT,
	startTestSandbox,
	waitFor,
	type SandboxHandle,
} from './harness/context';
import {
	chooseCredentials,
	createApiCredential,
	createWebhookAuthCredential,
	loadTemplate,
	notifyN8nFrom,
	publishWebhookWorkflow,
	removeFromN8n,
	SUBMIT_TYPE,
	templateNode,
	TRIGGER_TYPE,
	waitForExecutionForRequest,
	webhookSecrets,
	type Template,
} from './harness/workflows';

const { api } = e2e();

const TOTP_TYPE = 'n8n-nodes-base.totp';

const { generateSecret } = require(path.join(REPO_ROOT, 'test', 'sandbox', 'totp.js')) as { generateSecret(): string };

describe('authenticator loop: templates/authenticator-totp.json in a published workflow', () => {
	let sandbox: SandboxHandle;
	let template: Template;
	let accountId: string;
	let apiKey: string;
	const { webhookToken, signingSecret } = webhookSecrets();
	const totpSecret = generateSecret();
	const credentialIds: string[] = [];
	let workflowId: string;
	let webhookUrl: string;
	let names: { trigger: string; totp: string; submit: string };

	beforeAll(async () => {
		template = loadTemplate('authenticator-totp.json');
		const trigger = templateNode(template, TRIGGER_TYPE);
		const totp = templateNode(template, TOTP_TYPE);
		const submit = templateNode(template, SUBMIT_TYPE);
		names = { trigger: trigger.name, totp: totp.name, submit: submit.name };

		sandbox = await startTestSandbox({ signingSecret, rejectionReopenDelayMs: 300 });
		const user = sandbox.createUser({ email: 'totp-loop@example.com', password: 'pw-totp-loop' });
		accountId = sandbox.createAccount({ userId: user.id }).id;
		apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: [accountId] }).key;
		sandbox.setExpectedCode(accountId, { totpSecret });

		const ids: Record<string, string> = {
			reconbankerWebhookAuth: await createWebhookAuthCredential(api, { webhookToken, signingSecret }),
			totpApi: await createCredential(api, 'totpApi', { secret: totpSecret, label: 'Sandbox Bank:e2e' }),
			reconbankerApi: await createApiCredential(api, sandbox, apiKey),
		};
		credentialIds.push(...Object.values(ids));

		chooseCredentials(template, ids);
		// Two test-only changes: a webhook id of its own (so the published URL cannot clash with another
		// copy of the template in this shared n8n), and short result waits (the template's 20 s grace
		// period is for real banks; the sandbox judges at once and re-opens a rejection within 300 ms).
		trigger.webhookId = randomUUID();
		expect(submit.parameters.waitForResult).toBe(true);
		Object.assign(submit.parameters, { gracePeriodSeconds: 20, resultPollIntervalSeconds: 1, resultTimeoutSeconds: 25 });

		let probeStatus: number;
		({ workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(api, template, {
			name: 'e2e authenticator template',
			trigger: names.trigger,
		}));
		expect(probeStatus).toBe(401);

		notifyN8nFrom(sandbox, accountId, { webhookUrl, token: webhookToken });
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	test('a code request is answered with the TOTP code, once, and the bank accepts it', async () => {
		const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		const [delivery] = await waitFor(
			() => {
				const done = sandbox.deliveries.filter((d: any) => d.id === request.notificationId && d.done);
				return done.length > 0 ? done : undefined;
			},
			{ what: 'the notification delivery to n8n' },
		);
		expect(delivery.status).toBe(200);

		const execution = await waitForExecutionForRequest(api, workflowId, names.trigger, request.id);
		expect(statusAndError(execution)).toEqual({ status: 'success' });

		const [generated] = nodeOutputJson(execution, names.totp);
		expect(generated.token).toMatch(/^\d{6}$/);
		expect(nodeOutputJson(execution, names.submit)).toEqual([
			expect.objectContaining({ accountId, submitted: true, requestId: request.id, outcome: 'accepted', codeLength: 6 }),
		]);

		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(sandbox.submissions(accountId)).toEqual([
			expect.objectContaining({ code: generated.token, status: 202, requestId: request.id, outcome: 'accepted' }),
		]);
		expect(sandbox.getStatus(accountId).pending_assistance).toBeNull();
		expect(await listExecutions(api, workflowId)).toHaveLength(1);
	});

	test('the API key, webhook token, signing secret and TOTP secret appear nowhere in n8n', async () => {
		const { hits } = await findSecretsInN8n(api, { apiKey, webhookToken, signingSecret, totpSecret });
		expect(hits).toEqual([]);
	});
});
