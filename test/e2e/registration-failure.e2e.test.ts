/**
 * Automatic registration in the real n8n 2.40.7 when the dashboard login fails: publishing must not
 * turn into a retry storm of logins, and the failure must be visible where the user looks.
 *
 * n8n 2.40 publishes through its publication outbox (N8N_USE_WORKFLOW_PUBLICATION_SERVICE, on by
 * default): `POST /workflows/{id}/publish` answers 200 before any trigger is registered, then the
 * outbox consumer runs `checkExists`/`create` up to 5 times (1, 2, 4, 8 s apart), running `delete`
 * after each failed try. The error ends up in the workflow's publication status (what the editor
 * shows), `GET /rest/workflows/{id}/publication-status`. Seen before the fix: 10 failed logins in
 * 17 s for one publish.
 *
 * Automatic registration refuses a webhook URL Reconbanker could not reach (loopback), so this file
 * starts an n8n of its own whose WEBHOOK_URL is a public-looking name (nothing is ever delivered to
 * it): the package installed for the shared instance is copied into a fresh user folder.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

import { e2eContext, startTestSandbox, uniqueName, waitFor, type JsonClient, type SandboxHandle } from './harness/context';
import { noOpNode, randomWebhookToken, reconbankerTriggerNode, twoNodeWorkflow } from './harness/workflows';

const instanceLib = require('../../scripts/lib/n8n-instance') as {
	startN8n(options: Record<string, unknown>): Promise<{
		stop(): Promise<void>;
		setupOwner(owner: Record<string, string>): Promise<JsonClient & { createApiKey(label: string): Promise<string> }>;
		publicApi(apiKey: string): JsonClient;
	}>;
};

const PUBLIC_WEBHOOK_URL = 'https://n8n-e2e.example.com/';
const OWNER = { email: 'registration-e2e@example.com', firstName: 'Reg', lastName: 'E2E', password: 'Registration-e2e-1' };
const DASHBOARD = { email: 'dashboard-owner@example.com', password: 'the-right-dashboard-password' };

interface PublicationStatus {
	status: 'in_progress' | 'published' | 'partial' | 'failed' | 'not_published';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

let n8n: Awaited<ReturnType<typeof instanceLib.startN8n>>;
let api: JsonClient;
let rest: JsonClient;
let userFolder: string;
let sandbox: SandboxHandle;

beforeAll(async () => {
	const ctx = e2eContext();
	userFolder = mkdtempSync(path.join(tmpdir(), 'reconbanker-e2e-registration-'));
	cpSync(path.join(ctx.userFolder, '.n8n', 'nodes'), path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
	n8n = await instanceLib.startN8n({
		runtime: ctx.runtime,
		userFolder,
		webhookUrl: PUBLIC_WEBHOOK_URL,
		log: () => undefined,
	});
	const session = await n8n.setupOwner(OWNER);
	api = n8n.publicApi(await session.createApiKey('registration-e2e'));
	rest = session;
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	if (userFolder) rmSync(userFolder, { recursive: true, force: true });
});

beforeEach(async () => {
	sandbox = await startTestSandbox();
});

/** The sandbox's dashboard login requests (password step). */
const logins = () => (sandbox.log as Array<{ path: string }>).filter((entry) => entry.path.endsWith('/api/auth/login'));

async function publicationStatus(workflowId: string): Promise<PublicationStatus> {
	const { data } = await rest.get<{ data: PublicationStatus }>(`/workflows/${workflowId}/publication-status`);
	return data;
}

/** Publishes and waits until n8n has settled the publication (all its tries included). */
async function publishAndSettle(workflowId: string): Promise<PublicationStatus> {
	const answer = await api.request('POST', `/workflows/${workflowId}/publish`, {});
	expect(answer.status).toBe(200);
	return await waitFor(
		async () => {
			const status = await publicationStatus(workflowId);
			return status.status === 'failed' || status.status === 'published' ? status : undefined;
		},
		{ timeoutMs: 90_000, intervalMs: 500, what: `the publication of workflow ${workflowId} to settle` },
	);
}

async function automaticTriggerWorkflow(password: string, accountId: string) {
	const dashboardId = (
		await api.post<{ id: string }>('/credentials', {
			name: uniqueName('dashboard'),
			type: 'reconbankerDashboardApi',
			data: { baseUrl: sandbox.baseUrl, email: DASHBOARD.email, password },
		})
	).id;
	const authId = (
		await api.post<{ id: string }>('/credentials', {
			name: uniqueName('notification auth'),
			type: 'reconbankerWebhookAuth',
			data: { authType: 'bearer', token: randomWebhookToken(), signingSecret: '', timestampToleranceSeconds: 300 },
		})
	).id;
	const trigger = reconbankerTriggerNode('Reconbanker Trigger', { id: authId, name: 'auth' }, {
		registration: 'automatic',
		accountScope: 'list',
		accountIds: accountId,
		events: ['assistance_required'],
	});
	trigger.credentials = { ...trigger.credentials, reconbankerDashboardApi: { id: dashboardId, name: 'dashboard' } };
	const workflow = twoNodeWorkflow(trigger, noOpNode());
	const created = await api.post<{ id: string }>('/workflows', { name: uniqueName('automatic registration'), ...workflow });
	return { workflowId: created.id, dashboardId };
}

test('a wrong dashboard password fails the publication with the message, after ONE login (was 10 in 17 s)', async () => {
	const user = sandbox.createUser(DASHBOARD);
	const account = sandbox.createAccount({
		userId: user.id,
		id: randomUUID(),
		config: { webhook_url: 'https://erp.example.com/statements', login_mode: 'assisted' },
	});
	const before = sandbox.getConfig(account.id);
	const { workflowId, dashboardId } = await automaticTriggerWorkflow('a-wrong-password', account.id);

	const settled = await publishAndSettle(workflowId);
	expect(settled.status).toBe('failed');
	expect(settled.triggers).toEqual([
		expect.objectContaining({ status: 'failed', errorMessage: expect.stringMatching(/^Reconbanker refused the email or password/) }),
	]);
	expect(settled.triggers[0].errorMessage).not.toContain('a-wrong-password');
	// n8n tried 5 times (and deactivated after each): one login for all of it.
	expect(logins()).toHaveLength(1);
	expect(sandbox.getConfig(account.id)).toEqual(before);

	// Unpublishing a registration that never happened logs in nowhere.
	await api.post(`/workflows/${workflowId}/unpublish`, {});
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	expect(logins()).toHaveLength(1);

	// With the password fixed, publishing registers the account with one more login.
	await api.request('PATCH', `/credentials/${dashboardId}`, {
		name: uniqueName('dashboard'),
		type: 'reconbankerDashboardApi',
		data: { baseUrl: sandbox.baseUrl, email: DASHBOARD.email, password: DASHBOARD.password },
	});
	const fixed = await publishAndSettle(workflowId);
	expect(fixed.status).toBe('published');
	const registered = sandbox.getConfig(account.id);
	expect(registered.notification_endpoint_url).toMatch(/^https:\/\/n8n-e2e\.example\.com\/webhook\/[0-9a-f-]{36}\/notifications$/);
	expect(logins()).toHaveLength(2);

	// Unpublishing puts the settings back, with the login n8n already holds.
	await api.post(`/workflows/${workflowId}/unpublish`, {});
	await waitFor(() => sandbox.getConfig(account.id).notification_endpoint_url === null, {
		timeoutMs: 30_000,
		what: 'the notification settings to be put back',
	});
	expect(sandbox.getConfig(account.id)).toEqual(before);
	expect(logins()).toHaveLength(2);
}, 240_000);
