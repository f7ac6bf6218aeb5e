/**
 * Realtime loop in the real n8n, with the template users import for an n8n without a public URL:
 * templates/behind-firewall-realtime-totp.json (Reconbanker Realtime Trigger → n8n's TOTP node →
 * Reconbanker Submit). Published, the trigger opens the sandbox's realtime stream itself: a code request
 * is answered end to end with no webhook URL configured anywhere. Then the sandbox drops every socket
 * and refuses new ones for a few seconds (a restart); a request opened during that gap reaches no one
 * over the stream, and is answered exactly once after the trigger reconnects (its catch-up).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
	createCredential,
	e2e,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	REPO_ROOT,
	startTestSandbox,
	uniqueName,
	waitFor,
	workflowBody,
	type SandboxHandle,
} from './harness/context';
import {
	createApiCredential,
	executionsForRequest,
	removeFromN8n,
	sleep,
	SUBMIT_TYPE,
	waitForExecutionForRequest,
} from './harness/workflows';

const { api } = e2e();

const TEMPLATE = path.join(REPO_ROOT, 'templates', 'behind-firewall-realtime-totp.json');
const REALTIME_TYPE = 'n8n-nodes-reconbanker.reconbankerRealtimeTrigger';
const TOTP_TYPE = 'n8n-nodes-base.totp';
const DASHBOARD_PASSWORD = 'pw-realtime-e2e-dashboard';

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, any>;
	credentials?: Record<string, { id: string; name: string }>;
}

const { generateSecret } = require(path.join(REPO_ROOT, 'test', 'sandbox', 'totp.js')) as { generateSecret(): string };

describe('realtime loop: templates/behind-firewall-realtime-totp.json in a published workflow', () => {
	let sandbox: SandboxHandle;
	let accountId: string;
	let apiKey: string;
	const totpSecret = generateSecret();
	const credentialIds: string[] = [];
	let workflowId: string;
	let names: { trigger: string; totp: string; submit: string };

	const openSockets = () => sandbox.realtime.list().filter((s: { state: string }) => s.state === 'open');

	beforeAll(async () => {
		if (!existsSync(TEMPLATE)) throw new Error(`The realtime template is missing: ${TEMPLATE}`);
		const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { nodes: TemplateNode[]; [k: string]: unknown };
		const byType = (type: string) => {
			const found = template.nodes.filter((node) => node.type === type);
			if (found.length !== 1) throw new Error(`The template should have exactly one ${type} node (has ${found.length})`);
			return found[0];
		};
		const trigger = byType(REALTIME_TYPE);
		const submit = byType(SUBMIT_TYPE);
		names = { trigger: trigger.name, totp: byType(TOTP_TYPE).name, submit: submit.name };

		sandbox = await startTestSandbox({ rejectionReopenDelayMs: 300 });
		const user = sandbox.createUser({ email: 'realtime-e2e@example.com', password: DASHBOARD_PASSWORD });
		accountId = sandbox.createAccount({ userId: user.id, config: { login_mode: 'assisted', persistent_session: true } }).id;
		apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: [accountId] }).key;
		sandbox.setExpectedCode(accountId, { totpSecret });

		const ids: Record<string, string> = {
			reconbankerDashboardApi: await createCredential(api, 'reconbankerDashboardApi', {
				baseUrl: sandbox.baseUrl,
				email: 'realtime-e2e@example.com',
				password: DASHBOARD_PASSWORD,
			}),
			reconbankerApi: await createApiCredential(api, sandbox, apiKey),
			totpApi: await createCredential(api, 'totpApi', { secret: totpSecret, label: 'Sandbox Bank:e2e' }),
		};
		credentialIds.push(...Object.values(ids));

		// What a user does after importing: choose the credentials and paste the account ID.
		for (const node of template.nodes) {
			for (const type of Object.keys(node.credentials ?? {})) {
				if (!ids[type]) throw new Error(`The template asks for a ${type} credential this test does not create`);
				node.credentials![type] = { id: ids[type], name: node.credentials![type].name };
			}
		}
		expect(trigger.parameters.accountScope).toBe('list');
		trigger.parameters.accountIds = accountId;
		// Test-only: short result waits (the sandbox judges at once).
		expect(submit.parameters.waitForResult).toBe(true);
		Object.assign(submit.parameters, { gracePeriodSeconds: 20, resultPollIntervalSeconds: 1, resultTimeoutSeconds: 25 });

		const created = await api.post<{ id: string }>('/workflows', workflowBody(template, uniqueName('e2e realtime template')));
		workflowId = created.id;
		await api.post(`/workflows/${workflowId}/publish`, {});
		await waitFor(() => openSockets().length === 1, { what: 'the trigger to open the realtime stream' });
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	test('a code request is answered end to end with no webhook URL configured anywhere', async () => {
		expect(sandbox.getConfig(accountId)?.notification_endpoint_url ?? null).toBeNull();
		expect(openSockets()).toEqual([expect.objectContaining({ userId: sandbox.realtime.upgrades[0].userId })]);

		const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		expect(sandbox.realtime.published.at(-1)).toMatchObject({ type: 'assistance.requested', delivered: 1 });

		const execution = await waitForExecutionForRequest(api, workflowId, names.trigger, request.id);
		expect(execution.status).toBe('success');
		expect(nodeOutputJson(execution, names.trigger)).toEqual([
			expect.objectContaining({ accountId, status: 'assistance.requested', requestId: request.id, attempts: 1 }),
		]);
		const [generated] = nodeOutputJson(execution, names.totp);
		expect(nodeOutputJson(execution, names.submit)).toEqual([
			expect.objectContaining({ accountId, submitted: true, requestId: request.id, outcome: 'accepted' }),
		]);
		expect(sandbox.submissions(accountId)).toEqual([
			expect.objectContaining({ code: generated.token, status: 202, requestId: request.id, outcome: 'accepted' }),
		]);
		// Reconbanker never had to reach n8n.
		expect(sandbox.deliveries).toEqual([]);
	});

	test('sockets dropped mid-run: the request opened during the gap is answered exactly once', async () => {
		const upgradesBefore = sandbox.realtime.upgrades.length;
		sandbox.realtime.dropAll({ refuseMs: 3_000 });
		await waitFor(() => openSockets().length === 0, { what: 'the sockets to drop' });
		const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		expect(sandbox.realtime.published.at(-1)).toMatchObject({ type: 'assistance.requested', delivered: 0 });

		const execution = await waitForExecutionForRequest(api, workflowId, names.trigger, request.id, { timeoutMs: 60_000 });
		expect(execution.status).toBe('success');
		expect(nodeOutputJson(execution, names.trigger)).toEqual([
			expect.objectContaining({ requestId: request.id, payload: expect.objectContaining({ source: 'catch_up' }) }),
		]);
		expect(nodeOutputJson(execution, names.submit)).toEqual([expect.objectContaining({ requestId: request.id, outcome: 'accepted' })]);
		expect(openSockets()).toHaveLength(1);
		expect(sandbox.realtime.upgrades.length).toBeGreaterThan(upgradesBefore);

		// Settle, then count: one execution and one submission for this request, two in all.
		await sleep(5_000);
		expect(await executionsForRequest(api, workflowId, names.trigger, request.id)).toHaveLength(1);
		expect(sandbox.submissions(accountId).filter((s: { requestId?: string }) => s.requestId === request.id)).toHaveLength(1);
		expect(sandbox.submissions(accountId)).toHaveLength(2);
		expect(await listExecutions(api, workflowId)).toHaveLength(2);
	});

	test('unpublishing closes the stream', async () => {
		await api.post(`/workflows/${workflowId}/unpublish`, {});
		await waitFor(() => openSockets().length === 0, { what: 'the trigger to close the stream' });
		const closed = sandbox.realtime.closed.at(-1);
		expect(closed).toMatchObject({ by: 'client', code: 1000 });
	});

	test('the API key, dashboard password and TOTP secret appear nowhere in n8n', async () => {
		const { hits } = await findSecretsInN8n(api, { apiKey, dashboardPassword: DASHBOARD_PASSWORD, totpSecret });
		expect(hits).toEqual([]);
	});
});
