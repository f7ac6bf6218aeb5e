/**
 * What the queue-mode files share: the push loop — a published Reconbanker Trigger → Submit (check
 * the request is pending and is the one notified, wait for the result) with a sandbox user whose
 * accounts notify n8n — and the Status Trigger → No Operation workflow. Each file sets up its own
 * (own sandbox, own credentials, own workflows).
 */
import { randomUUID } from 'node:crypto';

import {
	createCredential,
	e2e,
	listExecutions,
	nodeOutputJson,
	startTestSandbox,
	waitFor,
	type ExecutionSummary,
	type SandboxHandle,
} from '../harness/context';
import {
	createApiCredential,
	createWebhookAuthCredential,
	executionsForRequest,
	notifyN8nFrom,
	publishWebhookWorkflow,
	reconbankerTriggerNode,
	noOpNode,
	removeFromN8n,
	statusTriggerNode,
	submitCodeNode,
	twoNodeWorkflow,
	webhookSecrets,
} from '../harness/workflows';

export const TRIGGER = 'Reconbanker Trigger';
export const STATUS_TRIGGER = 'Reconbanker Status Trigger';
export const SUBMIT = 'Submit Code';
export const CODE = '482913';

export function pushLoopWorkflow(ids: { webhookAuth: string; api: string }, submit: Record<string, unknown> = {}) {
	return twoNodeWorkflow(
		reconbankerTriggerNode(
			TRIGGER,
			{ id: ids.webhookAuth, name: 'queue push loop notification auth' },
			{ events: ['assistance_required'], assistanceStatuses: ['newRequest'], accountScope: 'all', registration: 'manual' },
		),
		submitCodeNode(
			SUBMIT,
			{ id: ids.api, name: 'queue push loop API' },
			{
				accountId: '={{ $json.accountId }}',
				code: CODE,
				checkPendingRequest: true,
				whenNothingPending: 'error',
				requiredRequestId: '={{ $json.requestId }}',
				waitForResult: true,
				resultTimeoutSeconds: 25,
				gracePeriodSeconds: 20,
				resultPollIntervalSeconds: 1,
				...submit,
			},
		),
	);
}

/** Status Trigger (every minute, New Code Request) → No Operation. */
export function statusWorkflow(credentialId: string, accountIds: string[]) {
	return twoNodeWorkflow(
		statusTriggerNode(
			STATUS_TRIGGER,
			{ id: credentialId, name: 'queue status API' },
			{ pollTimes: { item: [{ mode: 'everyMinute' }] }, accountIds: accountIds.join(', '), fireOn: ['code_requested'], options: {} },
		),
		noOpNode(),
	);
}

/** GET /status requests the sandbox answered for an account, in order. */
export function statusReads(sandbox: SandboxHandle, accountId: string) {
	return (sandbox.log as Array<{ method: string; path: string; status: number; at: number }>).filter(
		(entry) => entry.method === 'GET' && entry.path.endsWith(`/accounts/${accountId}/status`),
	);
}

export interface PushLoop {
	sandbox: SandboxHandle;
	userId: string;
	apiKey: string;
	webhookToken: string;
	signingSecret: string;
	workflowId: string;
	/** <WEBHOOK_URL>webhook/<webhookId>/notifications (WEBHOOK_URL = the first webhook process) */
	webhookUrl: string;
	/** /webhook/<webhookId>/notifications */
	webhookPath: string;
	probeStatus: number;
	/** A fresh account expecting CODE whose notifications go to `url` (default: webhookUrl). */
	account(url?: string): string;
	executionsFor(requestId: string): Promise<ExecutionSummary[]>;
	/**
	 * One notification delivered (acknowledged) before the tests: n8n 2.40 saves the trigger's
	 * redelivery memory only for a workflow's very first delivery (see
	 * nodes/ReconbankerTrigger/delivery-memory.ts), so tests after this one see the general case.
	 */
	warmUp(): Promise<void>;
	/** Waits until no execution of the workflow runs any more (queue mode saves data at the end). */
	settle(timeoutMs?: number): Promise<void>;
	/** settle(), then unpublishes and deletes the workflow and its credentials. */
	remove(): Promise<void>;
}

/** Sandbox, credentials and the published push-loop workflow. */
export async function setUpPushLoop(
	label: string,
	{
		submit = {},
		sandboxOptions = {},
		apiBaseUrl,
	}: {
		submit?: Record<string, unknown>;
		sandboxOptions?: Record<string, unknown>;
		/** (sandbox base URL) → the Base URL the Reconbanker API credential gets; default: the sandbox's */
		apiBaseUrl?: (sandboxBaseUrl: string) => Promise<string>;
	} = {},
): Promise<PushLoop> {
	const { api } = e2e();
	const { webhookToken, signingSecret } = webhookSecrets();
	const sandbox = await startTestSandbox({ signingSecret, ...sandboxOptions });
	const user = sandbox.createUser({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, password: `pw-${label}` });
	const apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: null }).key;
	const webhookAuth = await createWebhookAuthCredential(api, { webhookToken, signingSecret });
	const apiCredential = apiBaseUrl
		? await createCredential(api, 'reconbankerApi', { baseUrl: await apiBaseUrl(sandbox.baseUrl), apiKey })
		: await createApiCredential(api, sandbox, apiKey);
	const { workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(
		api,
		pushLoopWorkflow({ webhookAuth, api: apiCredential }, submit),
		{ name: `e2e queue ${label}`, trigger: TRIGGER },
	);
	const webhookPath = new URL(webhookUrl).pathname;
	const loop: PushLoop = {
		sandbox,
		userId: user.id,
		apiKey,
		webhookToken,
		signingSecret,
		workflowId,
		webhookUrl,
		webhookPath,
		probeStatus,
		account(url = webhookUrl) {
			const account = sandbox.createAccount({ userId: user.id });
			sandbox.setExpectedCode(account.id, CODE);
			notifyN8nFrom(sandbox, account.id, { webhookUrl: url, token: webhookToken });
			return account.id;
		},
		executionsFor: (requestId: string) => executionsForRequest(api, workflowId, TRIGGER, requestId),
		async warmUp() {
			const accountId = loop.account();
			const request = sandbox.openRequest(accountId, { length: 6, type: 'numeric' });
			const delivery = await waitFor(() => sandbox.deliveries.find((d: any) => d.id === request.notificationId && d.done), {
				what: 'the warm-up delivery',
			});
			if (delivery.status !== 200) throw new Error(`the warm-up delivery was answered ${delivery.status}`);
		},
		async settle(timeoutMs = 90_000) {
			await waitFor(async () => (await listExecutions(api, workflowId)).every((e) => e.stoppedAt), {
				timeoutMs,
				intervalMs: 500,
				what: `the executions of workflow ${workflowId} to end`,
			});
		},
		async remove() {
			await loop.settle().catch(() => undefined);
			await removeFromN8n(api, { workflowId, credentialIds: [webhookAuth, apiCredential] });
		},
	};
	return loop;
}

/** POST /otp requests the sandbox received for an account (202 or not: each one spends an attempt). */
export function otpPosts(sandbox: SandboxHandle, accountId: string) {
	return (sandbox.log as Array<{ method: string; path: string; status: number; at: number }>).filter(
		(entry) => entry.method === 'POST' && entry.path.endsWith(`/accounts/${accountId}/otp`),
	);
}

/**
 * What stopped the runs after the one that submitted: the Submit node's error or output in each
 * other execution for the request, or no other execution at all (the trigger's redelivery memory).
 */
export function describeSecondRun(executions: ExecutionSummary[]): string {
	const submitted = (e: ExecutionSummary) => nodeOutputJson(e, SUBMIT).some((item) => item.submitted === true);
	const sorted = [...executions].sort((a, b) => Number(a.id) - Number(b.id));
	const first = sorted.find(submitted) ?? sorted[0];
	const others = sorted.filter((e) => e !== first);
	if (others.length === 0) return 'no second execution (the Reconbanker Trigger answered the redelivery without starting one)';
	const describe = (e: ExecutionSummary) => {
		const error = e.data?.resultData?.error;
		const output = nodeOutputJson(e, SUBMIT);
		return `execution ${e.id} (${e.status}): Submit ${error ? `failed: ${error.message}` : `output ${JSON.stringify(output)}`}`;
	};
	return `${others.map(describe).join('; ')}${first && submitted(first) ? '' : ` [and ${describe(first)}]`}`;
}

export { listExecutions };
