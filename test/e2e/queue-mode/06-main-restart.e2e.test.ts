/**
 * The main restarted (an update, a redeploy): while it is down, webhook processes and workers keep
 * answering notifications and submitting codes; once it is back, its triggers come back — the
 * Reconbanker Trigger's webhook is still served, and the Status Trigger polls again at start-up,
 * firing once for a request opened while the main was down and not again for one it already fired.
 */
import { createWorkflow, e2e, nodeOutputJson, startTestSandbox, uniqueName, waitFor, type SandboxHandle } from '../harness/context';
import { startProcess, stopProcess } from '../harness/queue';
import {
	createApiCredential,
	executionsForRequest,
	removeFromN8n,
	sleep,
	waitForAllExecutionsForRequest,
	waitForExecutionForRequest,
} from '../harness/workflows';
import { CODE, otpPosts, setUpPushLoop, STATUS_TRIGGER, statusWorkflow, SUBMIT, TRIGGER, type PushLoop } from './shared';

const { api } = e2e();

describe('queue mode: the main restarted', () => {
	let loop: PushLoop;
	let statusWorkflowId: string;
	let statusCredentialId: string;
	let watched: { a: string; b: string };
	let firedBefore: string;
	let statusSandbox: SandboxHandle;

	beforeAll(async () => {
		loop = await setUpPushLoop('main-restart');
		// The Status Trigger watches two accounts of its own sandbox user (no notifications: polling only).
		const sandbox = (statusSandbox = await startTestSandbox());
		const user = sandbox.createUser({ email: 'queue-restart@example.com', password: 'pw-queue-restart' });
		watched = { a: sandbox.createAccount({ userId: user.id }).id, b: sandbox.createAccount({ userId: user.id }).id };
		firedBefore = sandbox.openRequest(watched.a, { length: 6 }).id;
		const key = sandbox.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null }).key;
		statusCredentialId = await createApiCredential(api, sandbox, key);
		statusWorkflowId = await createWorkflow(api, statusWorkflow(statusCredentialId, [watched.a, watched.b]), {
			publish: true,
			name: uniqueName('e2e queue restart status'),
		});
		await waitForAllExecutionsForRequest(api, statusWorkflowId, STATUS_TRIGGER, firedBefore, { timeoutMs: 30_000 });
	});
	afterAll(async () => {
		await loop.remove();
		await removeFromN8n(api, { workflowId: statusWorkflowId, credentialIds: [statusCredentialId] });
	});

	let openedWhileDown: { accountId: string; requestId: string };
	let statusRequestWhileDown: string;

	test(
		'with the main stopped, a notification is still answered by a webhook process and its code submitted once',
		async () => {
			await stopProcess('main');
			const accountId = loop.account();
			const request = loop.sandbox.openRequest(accountId, { length: 6, type: 'numeric' });
			openedWhileDown = { accountId, requestId: request.id };
			const delivery = await waitFor(() => loop.sandbox.deliveries.find((d: any) => d.id === request.notificationId && d.done), {
				what: 'the delivery while the main is down',
			});
			expect(delivery.status).toBe(200);
			await waitFor(() => loop.sandbox.submissions(accountId).length === 1, { timeoutMs: 45_000, what: 'the code, sent by a worker' });
			expect(loop.sandbox.submissions(accountId)).toEqual([expect.objectContaining({ code: CODE, status: 202, requestId: request.id })]);
			// A request for the Status Trigger while nobody polls.
			statusRequestWhileDown = statusSandbox.openRequest(watched.b, { length: 6 }).id;
		},
		120_000,
	);

	test(
		'the main starts again: the execution that ran meanwhile is listed, the webhook is still served',
		async () => {
			const { bootMs } = await startProcess('main');
			process.stderr.write(`[e2e-queue] main restarted in ${(bootMs / 1000).toFixed(1)} s\n`);
			const execution = await waitForExecutionForRequest(api, loop.workflowId, TRIGGER, openedWhileDown.requestId, { timeoutMs: 60_000 });
			expect(execution.status).toBe('success');
			expect(nodeOutputJson(execution, SUBMIT)).toEqual([expect.objectContaining({ submitted: true, outcome: 'accepted' })]);
			expect(otpPosts(loop.sandbox, openedWhileDown.accountId)).toHaveLength(1);

			const probe = await fetch(loop.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await probe.arrayBuffer();
			expect(probe.status).toBe(401);
		},
		240_000,
	);

	test(
		'a new notification after the restart → one code, accepted',
		async () => {
			const accountId = loop.account();
			const request = loop.sandbox.openRequest(accountId, { length: 6, type: 'numeric' });
			const execution = await waitForExecutionForRequest(api, loop.workflowId, TRIGGER, request.id, { timeoutMs: 60_000 });
			expect(execution.status).toBe('success');
			await sleep(1_000);
			expect(otpPosts(loop.sandbox, accountId)).toHaveLength(1);
		},
		90_000,
	);

	test(
		'the Status Trigger polls again: the request opened while the main was down fires once, the old one not again',
		async () => {
			const [execution] = await waitForAllExecutionsForRequest(api, statusWorkflowId, STATUS_TRIGGER, statusRequestWhileDown, {
				timeoutMs: 75_000,
				intervalMs: 1_000,
				what: 'the Status Trigger to fire after the restart',
			});
			expect(nodeOutputJson(execution, STATUS_TRIGGER)).toEqual([
				expect.objectContaining({ event: 'code_requested', accountId: watched.b, requestId: statusRequestWhileDown }),
			]);
			expect(await executionsForRequest(api, statusWorkflowId, STATUS_TRIGGER, statusRequestWhileDown)).toHaveLength(1);
			expect(await executionsForRequest(api, statusWorkflowId, STATUS_TRIGGER, firedBefore)).toHaveLength(1);
		},
		120_000,
	);
});
