/**
 * The setup the loop/security e2e files share: Reconbanker credentials, the workflows they publish
 * (Reconbanker Trigger / Status Trigger → Submit Code / No Operation), publishing and waiting for the
 * production webhook, pointing a sandbox account's notifications at it, finding the execution a
 * request started, and removing what a file created.
 *
 *   const secrets = webhookSecrets();
 *   const webhookAuthId = await createWebhookAuthCredential(api, secrets);
 *   const { workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(api, workflow, { name, trigger });
 *   expect(probeStatus).toBe(401);
 *   notifyN8nFrom(sandbox, accountId, { webhookUrl, token: secrets.webhookToken });
 *   afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
	createCredential,
	listExecutions,
	nodeOutputJson,
	productionWebhookUrl,
	publishWorkflow,
	REPO_ROOT,
	unpublishWorkflow,
	uniqueName,
	waitFor,
	waitForWebhookRegistered,
	workflowBody,
	type ExecutionSummary,
	type JsonClient,
	type SandboxHandle,
} from './context';

export const TRIGGER_TYPE = 'n8n-nodes-reconbanker.reconbankerTrigger';
export const STATUS_TRIGGER_TYPE = 'n8n-nodes-reconbanker.reconbankerStatusTrigger';
export const SUBMIT_TYPE = 'n8n-nodes-reconbanker.reconbanker';
export const NO_OP = 'No Operation';

// ---- credentials -------------------------------------------------------------------------------

export interface WebhookSecrets {
	webhookToken: string;
	signingSecret: string;
}

/** A fresh notification token and signing secret (`whk_…`, `sig_…`). */
export function webhookSecrets(): WebhookSecrets {
	return { webhookToken: randomWebhookToken(), signingSecret: randomSigningSecret() };
}

export const randomWebhookToken = () => `whk_${randomBytes(24).toString('hex')}`;
export const randomSigningSecret = () => `sig_${randomBytes(24).toString('hex')}`;

/** A `reconbankerWebhookAuth` credential (token + signing secret, 300 s timestamp tolerance); resolves its id. */
export function createWebhookAuthCredential(
	api: JsonClient,
	{ webhookToken, signingSecret }: WebhookSecrets,
	authType: 'bearer' | 'apiKey' = 'bearer',
): Promise<string> {
	return createCredential(api, 'reconbankerWebhookAuth', {
		authType,
		token: webhookToken,
		signingSecret,
		timestampToleranceSeconds: 300,
	});
}

/** A `reconbankerApi` credential for the sandbox; resolves its id. */
export function createApiCredential(api: JsonClient, sandbox: SandboxHandle, apiKey: string): Promise<string> {
	return createCredential(api, 'reconbankerApi', { baseUrl: sandbox.baseUrl, apiKey });
}

// ---- workflows ---------------------------------------------------------------------------------

type WorkflowNode = Record<string, any> & { name: string };
type CredentialRef = { id: string; name: string };

/** What every node of these two-node workflows has; the first node sits left, the second right. */
function node(name: string, type: string, second: boolean, parameters: Record<string, unknown>): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion: 1, position: [second ? 260 : 0, 0], parameters };
}

/** A Reconbanker Trigger (its own webhookId) authenticating with a reconbankerWebhookAuth credential. */
export function reconbankerTriggerNode(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): WorkflowNode {
	return {
		...node(name, TRIGGER_TYPE, false, { authentication: 'webhookAuth', ...parameters }),
		webhookId: randomUUID(),
		credentials: { reconbankerWebhookAuth: credential },
	};
}

/** A Reconbanker Status Trigger polling with a reconbankerApi credential. */
export function statusTriggerNode(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): WorkflowNode {
	return { ...node(name, STATUS_TRIGGER_TYPE, false, parameters), credentials: { reconbankerApi: credential } };
}

/** A Reconbanker `code › submit` node (second in the chain). */
export function submitCodeNode(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): WorkflowNode {
	return {
		...node(name, SUBMIT_TYPE, true, { resource: 'code', operation: 'submit', ...parameters }),
		credentials: { reconbankerApi: credential },
	};
}

/** n8n's No Operation node (second in the chain). */
export function noOpNode(name = NO_OP): WorkflowNode {
	return node(name, 'n8n-nodes-base.noOp', true, {});
}

/** A two-node workflow: `first` → `second` (execution order v1). */
export function twoNodeWorkflow(first: WorkflowNode, second: WorkflowNode) {
	return {
		nodes: [first, second],
		connections: { [first.name]: { main: [[{ node: second.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export const PUSH_TRIGGER = 'Reconbanker Trigger';
export const PUSH_SUBMIT = 'Submit Code';

/**
 * The push loop: Reconbanker Trigger (new code requests, every account, notification settings set
 * by hand) → Submit Code with `submitParameters` (named PUSH_TRIGGER → PUSH_SUBMIT).
 */
export function pushLoopWorkflow(ids: { webhookAuth: string; api: string }, submitParameters: Record<string, unknown>) {
	return twoNodeWorkflow(
		reconbankerTriggerNode(
			PUSH_TRIGGER,
			{ id: ids.webhookAuth, name: 'push loop notification auth' },
			{ events: ['assistance_required'], assistanceStatuses: ['newRequest'], accountScope: 'all', registration: 'manual' },
		),
		submitCodeNode(PUSH_SUBMIT, { id: ids.api, name: 'push loop API' }, submitParameters),
	);
}

// ---- templates ---------------------------------------------------------------------------------

export interface TemplateNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, any>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Template {
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** A template from templates/ as a user imports it (a fresh copy each call). */
export function loadTemplate(fileName: string): Template {
	const file = path.join(REPO_ROOT, 'templates', fileName);
	if (!existsSync(file)) throw new Error(`The template is missing: ${file}`);
	return JSON.parse(readFileSync(file, 'utf8')) as Template;
}

/** The template's one node of `type` (throws when it has none or several). */
export function templateNode(template: Template, type: string): TemplateNode {
	const found = template.nodes.filter((node) => node.type === type);
	if (found.length !== 1) throw new Error(`The template should have exactly one ${type} node (has ${found.length})`);
	return found[0];
}

/** What a user does after importing: choose a credential (id by credential type) on every node that asks for one. */
export function chooseCredentials(template: Template, ids: Record<string, string>): void {
	for (const node of template.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!ids[type]) throw new Error(`The template asks for a ${type} credential this test does not create`);
			node.credentials![type] = { id: ids[type], name: node.credentials![type].name };
		}
	}
}

/**
 * Creates and publishes a workflow whose trigger node `trigger` serves a production webhook, then
 * waits until n8n serves it (on failure, removes the workflow before rethrowing). `probeStatus` is the answer to the unauthenticated probe (an
 * authenticating trigger refuses it with 401, so it starts no execution).
 */
export async function publishWebhookWorkflow(
	api: JsonClient,
	workflow: Record<string, any>,
	{ name, trigger }: { name: string; trigger: string },
): Promise<{ workflowId: string; webhookUrl: string; probeStatus: number }> {
	const created = await api.post<{ id: string }>('/workflows', workflowBody(workflow, uniqueName(name)));
	const workflowId = created.id;
	try {
		await publishWorkflow(api, workflowId);
		const webhookUrl = await productionWebhookUrl(api, workflowId, trigger);
		const probeStatus = await waitForWebhookRegistered(webhookUrl);
		return { workflowId, webhookUrl, probeStatus };
	} catch (error) {
		// The caller never learns the id: leave nothing behind in the shared n8n.
		await removeFromN8n(api, { workflowId });
		throw error;
	}
}

/** Unpublishes and deletes a workflow and deletes credentials, ignoring what is already gone. */
export async function removeFromN8n(
	api: JsonClient,
	{ workflowId, credentialIds = [] }: { workflowId?: string; credentialIds?: Array<string | undefined> },
): Promise<void> {
	if (workflowId) {
		await unpublishWorkflow(api, workflowId).catch(() => undefined);
		await api.delete(`/workflows/${workflowId}`).catch(() => undefined);
	}
	for (const id of credentialIds) if (id) await api.delete(`/credentials/${id}`).catch(() => undefined);
}

// ---- the sandbox side --------------------------------------------------------------------------

/** Points a sandbox account's notifications (assisted login, `assistance_required`) at n8n. */
export function notifyN8nFrom(
	sandbox: SandboxHandle,
	accountId: string,
	{ webhookUrl, token, authType = 'bearer' }: { webhookUrl: string; token: string; authType?: 'bearer' | 'api_key' },
): void {
	sandbox.setConfig(accountId, {
		login_mode: 'assisted',
		persistent_session: true,
		notification_endpoint_url: webhookUrl,
		notification_auth_type: authType,
		notification_auth_token: token,
		notification_events: ['assistance_required'],
		notification_transport: 'api',
	});
}

/**
 * Posts a notification body to n8n the way the server sends one: `Authorization: Bearer <token>`,
 * `X-Webhook-Timestamp` (now, unless given) and `X-Signature-256` over "<timestamp>.<body>".
 */
export async function postSignedNotification(
	webhookUrl: string,
	body: string,
	{ webhookToken, signingSecret }: WebhookSecrets,
	timestamp = Math.floor(Date.now() / 1000),
): Promise<{ status: number; body: string }> {
	const signature = createHmac('sha256', signingSecret).update(`${timestamp}.${body}`).digest('hex');
	const response = await fetch(webhookUrl, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			authorization: `Bearer ${webhookToken}`,
			'x-webhook-timestamp': String(timestamp),
			'x-signature-256': `sha256=${signature}`,
		},
		body,
	});
	return { status: response.status, body: await response.text() };
}

/**
 * A notification the sandbox sent (`notificationId`), posted to n8n again with a new `occurred_at`
 * (`occurredAt`, default now + 1 ms), signed. The trigger's duplicate-delivery memory does not know
 * it, so it starts an execution for the same request — what a byte-identical redelivery does when
 * that memory is gone (n8n restarted, or another webhook process in queue mode).
 */
export function redeliverWithNewTime(
	sandbox: SandboxHandle,
	notificationId: string,
	{ webhookUrl, secrets, occurredAt }: { webhookUrl: string; secrets: WebhookSecrets; occurredAt?: string },
): Promise<{ status: number; body: string }> {
	const delivery = sandbox.deliveries.find((d: { id: string }) => d.id === notificationId);
	if (!delivery) throw new Error(`The sandbox sent no notification ${notificationId}`);
	const payload = JSON.parse(delivery.body) as { occurred_at: string };
	const next = occurredAt ?? new Date(Date.parse(payload.occurred_at) + 1).toISOString();
	return postSignedNotification(webhookUrl, JSON.stringify({ ...payload, occurred_at: next }), secrets);
}

// ---- executions --------------------------------------------------------------------------------

/** Executions of a workflow (with data) whose trigger node output names this request. */
export async function executionsForRequest(
	api: JsonClient,
	workflowId: string,
	trigger: string,
	requestId: string,
): Promise<ExecutionSummary[]> {
	const executions = await listExecutions(api, workflowId, { includeData: true });
	return executions.filter((e) => nodeOutputJson(e, trigger).some((item) => item.requestId === requestId));
}

/** Waits for the finished execution of a workflow whose trigger output names this request. */
export function waitForExecutionForRequest(
	api: JsonClient,
	workflowId: string,
	trigger: string,
	requestId: string,
	{ timeoutMs = 45_000, what = `the execution for request ${requestId}` }: { timeoutMs?: number; what?: string } = {},
): Promise<ExecutionSummary> {
	return waitFor(
		async () => (await executionsForRequest(api, workflowId, trigger, requestId)).find((e) => e.stoppedAt),
		{ timeoutMs, what },
	);
}

/** Waits until every execution for this request (at least one) has finished; resolves them. */
export function waitForAllExecutionsForRequest(
	api: JsonClient,
	workflowId: string,
	trigger: string,
	requestId: string,
	options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<ExecutionSummary[]> {
	return waitFor(
		async () => {
			const found = await executionsForRequest(api, workflowId, trigger, requestId);
			return found.length > 0 && found.every((e) => e.stoppedAt) ? found : undefined;
		},
		{ what: `the execution(s) for request ${requestId}`, ...options },
	);
}

/** Resolves after `ms` (a settle wait before counting what did not happen). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
