/**
 * One phone number for several accounts, in the real n8n with the template users import:
 * templates/sms-to-reconbanker.json through its "Other SMS Gateway" route (Webhook with header auth
 * → Settings → From the Bank? → Extract Code → Find Waiting Account → Submit Code → Outcome).
 * Set up as its README section says — the gateway route enabled, the Twilio Trigger disabled, the
 * bank's sender in Settings, every account ID in Find Waiting Account — and published, an SMS posted
 * by the gateway reaches exactly the one account waiting for a code like it; two waiting accounts are
 * refused and nothing is sent; with none waiting the run ends quietly.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import {
	createCredential,
	e2e,
	e2eContext,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	publishWorkflow,
	startTestSandbox,
	statusAndError,
	uniqueName,
	waitFor,
	waitForWebhookRegistered,
	workflowBody,
	type ExecutionSummary,
	type SandboxHandle,
} from './harness/context';
import { chooseCredentials, createApiCredential, loadTemplate, removeFromN8n, type Template, type TemplateNode } from './harness/workflows';

const { api } = e2e();

const GATEWAY = 'Other SMS Gateway';
const BANK_SENDER = '+34 600 111 222';
const GATEWAY_HEADER = 'X-Gateway-Token';

function named(template: Template, name: string): TemplateNode {
	const node = template.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`The template has no node "${name}"`);
	return node;
}

describe('SMS template: one phone number serves several accounts', () => {
	let sandbox: SandboxHandle;
	let accounts: { idle: string; sixDigits: string; eightCharacters: string };
	let apiKey: string;
	const gatewayToken = `gw_${randomBytes(24).toString('hex')}`;
	const credentialIds: string[] = [];
	let workflowId: string;
	let webhookUrl: string;

	beforeAll(async () => {
		sandbox = await startTestSandbox({ rejectionReopenDelayMs: 300 });
		const user = sandbox.createUser({ email: 'sms-template@example.com', password: 'pw-sms-template' });
		const account = () => sandbox.createAccount({ userId: user.id }).id as string;
		accounts = { idle: account(), sixDigits: account(), eightCharacters: account() };
		apiKey = sandbox.createApiKey({
			userId: user.id,
			scopes: ['otp:write', 'status:read'],
			accountIds: Object.values(accounts),
		}).key;

		const template = loadTemplate('sms-to-reconbanker.json');
		// What the README tells a user of another SMS gateway to do.
		const twilio = named(template, 'Twilio Trigger') as TemplateNode & { disabled?: boolean };
		twilio.disabled = true;
		delete twilio.credentials;
		const gateway = named(template, GATEWAY) as TemplateNode & { disabled?: boolean };
		gateway.disabled = false;
		const settings = named(template, 'Settings');
		const bankSender = settings.parameters.assignments.assignments.find((a: { name: string }) => a.name === 'bankSender');
		bankSender.value = BANK_SENDER;
		const find = named(template, 'Find Waiting Account');
		expect(find.parameters.accountIds).toBe('');
		find.parameters.accountIds = Object.values(accounts).join('\n');

		const ids = {
			httpHeaderAuth: await createCredential(api, 'httpHeaderAuth', { name: GATEWAY_HEADER, value: gatewayToken }),
			reconbankerApi: await createApiCredential(api, sandbox, apiKey),
		};
		credentialIds.push(...Object.values(ids));
		chooseCredentials(template, ids);
		// Test-only: a path of its own in this shared n8n, and short result waits (the sandbox's bank
		// judges at once; the template's 60 s timeout is for real banks).
		gateway.parameters.path = `reconbanker-sms-${randomUUID()}`;
		gateway.webhookId = randomUUID();
		Object.assign(named(template, 'Submit Code').parameters, {
			gracePeriodSeconds: 20,
			resultPollIntervalSeconds: 1,
			resultTimeoutSeconds: 25,
		});

		const created = await api.post<{ id: string }>('/workflows', workflowBody(template, uniqueName('e2e SMS template')));
		workflowId = created.id;
		await publishWorkflow(api, workflowId);
		// n8n's Webhook node serves its path as given (no webhook id in the URL).
		webhookUrl = `${e2eContext().webhookUrl}webhook/${gateway.parameters.path}`;
		// Without the gateway's header n8n refuses the request (and starts nothing).
		expect(await waitForWebhookRegistered(webhookUrl)).toBe(403);
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	async function postSms(text: string): Promise<ExecutionSummary> {
		const before = (await listExecutions(api, workflowId)).length;
		const response = await fetch(webhookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', [GATEWAY_HEADER]: gatewayToken },
			body: JSON.stringify({ from: '+34600111222', text }),
		});
		expect(response.status).toBe(200);
		return waitFor(
			async () => {
				const executions = await listExecutions(api, workflowId, { includeData: true });
				const done = executions.filter((e) => e.stoppedAt && e.status !== 'running' && e.status !== 'new');
				return done.length > before ? done[0] : undefined;
			},
			{ timeoutMs: 60_000, what: 'the execution for the SMS' },
		);
	}

	test('the code goes to the one account waiting for a code like it, once, and the bank accepts it', async () => {
		const six = sandbox.openRequest(accounts.sixDigits, { length: 6, type: 'numeric', purpose: 'login' });
		sandbox.openRequest(accounts.eightCharacters, { length: 8, type: 'alphanumeric', purpose: 'login' });
		sandbox.setExpectedCode(accounts.sixDigits, '482913');

		const execution = await postSms('Your bank code is 482913. Never share it.');

		expect(statusAndError(execution)).toEqual({ status: 'success' });
		expect(nodeOutputJson(execution, 'Find Waiting Account')).toEqual([
			expect.objectContaining({ found: true, accountId: accounts.sixDigits, requestId: six.id, code: '482913' }),
		]);
		expect(nodeOutputJson(execution, 'Submit Code')).toEqual([
			expect.objectContaining({ accountId: accounts.sixDigits, submitted: true, requestId: six.id, outcome: 'accepted' }),
		]);
		expect(sandbox.submissions(accounts.sixDigits)).toEqual([
			expect.objectContaining({ code: '482913', status: 202, requestId: six.id }),
		]);
		expect(sandbox.submissions(accounts.eightCharacters)).toEqual([]);
		expect(sandbox.submissions(accounts.idle)).toEqual([]);
		sandbox.cancelRequest(accounts.eightCharacters);
	});

	test('two accounts waiting for the same kind of code: refused, naming them, nothing sent', async () => {
		sandbox.openRequest(accounts.idle, { length: 6, type: 'numeric' });
		sandbox.openRequest(accounts.eightCharacters, { length: 6, type: 'numeric' });

		const execution = await postSms('Your bank code is 771245.');

		const { status, error } = statusAndError(execution);
		expect(status).toBe('error');
		expect(error?.node).toBe('Find Waiting Account');
		expect(error?.message).toContain('2 accounts are waiting for a code like this one');
		expect(error?.message).toContain(accounts.idle);
		expect(error?.message).toContain(accounts.eightCharacters);
		expect(nodeOutputJson(execution, 'Submit Code')).toEqual([]);
		expect(sandbox.submissions(accounts.idle)).toEqual([]);
		expect(sandbox.submissions(accounts.eightCharacters)).toEqual([]);
		sandbox.cancelRequest(accounts.idle);
		sandbox.cancelRequest(accounts.eightCharacters);
	});

	test('no account waiting: the run ends quietly at Find Waiting Account', async () => {
		const execution = await postSms('Your bank code is 530981.');

		expect(statusAndError(execution)).toEqual({ status: 'success' });
		expect(nodeOutputJson(execution, 'Extract Code')).toEqual([expect.objectContaining({ code: '530981' })]);
		expect(nodeOutputJson(execution, 'Find Waiting Account')).toEqual([]);
		expect(execution.data?.resultData?.runData?.['Submit Code']).toBeUndefined();
		for (const account of Object.values(accounts)) {
			expect(sandbox.submissions(account).filter((s: { code: string }) => s.code === '530981')).toEqual([]);
		}
	});

	// (The gateway's token is in n8n's own Webhook node output: it lists the request's headers.)
	test('the API key appears nowhere in n8n', async () => {
		const { hits } = await findSecretsInN8n(api, { apiKey });
		expect(hits).toEqual([]);
	});
});
