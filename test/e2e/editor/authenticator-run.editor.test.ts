/**
 * The authenticator template as a user runs it in the editor: credentials chosen, the trigger's
 * settings shown, "Execute workflow" listening on the test URL, a code request from the sandbox
 * answered with the TOTP code — and the Submit step's output (masked code, outcome "accepted") in
 * the node's output panel. README pictures: the trigger's settings, the template on the canvas
 * after the run, and the Submit output.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { createCredential, e2e, REPO_ROOT, startTestSandbox, waitFor, type SandboxHandle } from '../harness/context';
import { notifyN8nFrom, removeFromN8n, SUBMIT_TYPE, TRIGGER_TYPE, webhookSecrets } from '../harness/workflows';
import { closeBrowser, openEditor, type EditorSession } from './browser';
import { canvasNode, closeNdv, ndv, openNdv, openWorkflow, visibleParameters, zoomToFit } from './editor-pages';

const { api, ctx } = e2e();

const TEMPLATE = path.join(REPO_ROOT, 'templates', 'authenticator-totp.json');
const { generateSecret } = require(path.join(REPO_ROOT, 'test', 'sandbox', 'totp.js')) as { generateSecret(): string };

interface TemplateNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, any>;
	credentials?: Record<string, { id: string; name: string }>;
}

let session: EditorSession;
let sandbox: SandboxHandle;
let accountId: string;
let workflowId: string;
let trigger: TemplateNode;
let submit: TemplateNode;
const credentialIds: string[] = [];
const { webhookToken, signingSecret } = webhookSecrets();

beforeAll(async () => {
	const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { name: string; nodes: TemplateNode[]; connections: unknown };
	const one = (type: string) => {
		const found = template.nodes.filter((n) => n.type === type);
		if (found.length !== 1) throw new Error(`The authenticator template should have one ${type} node (has ${found.length})`);
		return found[0];
	};
	trigger = one(TRIGGER_TYPE);
	submit = one(SUBMIT_TYPE);

	sandbox = await startTestSandbox({ signingSecret, rejectionReopenDelayMs: 300 });
	const user = sandbox.createUser({ email: 'editor-run@example.com', password: 'Editor-run-1' });
	accountId = sandbox.createAccount({ userId: user.id }).id;
	const apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: [accountId] }).key;
	const totpSecret = generateSecret();
	sandbox.setExpectedCode(accountId, { totpSecret });

	// What a user does after importing: a credential on every node that asks for one (named as a
	// user would, since they show in the pictures).
	const ids: Record<string, string> = {
		reconbankerWebhookAuth: await createCredential(
			api,
			'reconbankerWebhookAuth',
			{ authType: 'bearer', token: webhookToken, signingSecret, timestampToleranceSeconds: 300 },
			'Reconbanker notifications',
		),
		totpApi: await createCredential(api, 'totpApi', { secret: totpSecret, label: 'Sandbox Bank:editor' }, 'Bank authenticator'),
		reconbankerApi: await createCredential(api, 'reconbankerApi', { baseUrl: sandbox.baseUrl, apiKey }, 'Reconbanker account'),
	};
	credentialIds.push(...Object.values(ids));
	for (const node of template.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!ids[type]) throw new Error(`The template asks for a ${type} credential this walk does not create`);
			node.credentials![type] = { id: ids[type], name: node.credentials![type].name };
		}
	}
	// A webhook id of its own (the template may be imported elsewhere in this shared n8n), and a
	// result wait that fits a test (the sandbox judges at once).
	trigger.webhookId = randomUUID();
	Object.assign(submit.parameters, { gracePeriodSeconds: 20, resultPollIntervalSeconds: 1, resultTimeoutSeconds: 25 });
	const created = await api.post<{ id: string }>('/workflows', {
		name: template.name,
		nodes: template.nodes,
		connections: template.connections,
		settings: {},
	});
	workflowId = created.id;

	session = await openEditor({ theme: 'light' });
});

afterAll(async () => {
	await session?.close();
	await closeBrowser();
	await removeFromN8n(api, { workflowId, credentialIds });
});

describe('the authenticator template, run in the editor', () => {
	test("the trigger's settings: webhook URLs, authentication, events, accounts, registration", async () => {
		const { page } = session;
		await openWorkflow(session, workflowId);
		session.step('trigger settings');
		await openNdv(page, trigger.name);
		const shown = await visibleParameters(page);
		expect(shown).toEqual(expect.arrayContaining(['authentication', 'events']));
		await ndv(page).getByText('Webhook URLs').first().waitFor();
		await session.screenshot('trigger-settings');
		await closeNdv(page);
		session.expectNoPackageErrors();
	});

	test('Execute workflow + a code request: Submit outputs the masked code and outcome "accepted"', async () => {
		const { page } = session;
		session.step('execute workflow');
		await closeNdv(page);
		// The editor's test run listens on the test URL: the "dashboard" points the account there.
		const testUrl = `${ctx.webhookUrl}webhook-test/${trigger.webhookId}/notifications`;
		notifyN8nFrom(sandbox, accountId, { webhookUrl: testUrl, token: webhookToken });

		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		// Listening: n8n answers the test URL only now; the sandbox retries until it gets a 2xx.
		const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		await waitFor(
			() => sandbox.deliveries.some((d: any) => d.id === request.notificationId && d.done && d.status === 200),
			{ timeoutMs: 90_000, what: 'the notification delivered to the editor test run' },
		);

		await canvasNode(page, submit.name).locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 120_000 });
		// The picture: the template on the canvas after a successful run.
		await zoomToFit(page);
		await session.screenshot('template-authenticator');

		session.step('submit output');
		await openNdv(page, submit.name);
		const output = ndv(page).locator('[data-test-id="output-panel"]');
		await output.locator('[data-test-id="radio-button-json"]').click();
		await output.getByText('"accepted"').first().waitFor();
		const text = await output.innerText();
		expect(text).toContain('maskedCode');
		expect(text).toMatch(/"outcome":\s*"accepted"/);
		expect(text).toContain(request.id);
		await session.screenshot('execution-output');
		await closeNdv(page);

		expect(sandbox.submissions(accountId)).toEqual([expect.objectContaining({ status: 202, requestId: request.id, outcome: 'accepted' })]);
		session.expectNoPackageErrors();
	});
});
