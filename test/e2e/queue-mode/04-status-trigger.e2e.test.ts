/**
 * The Reconbanker Status Trigger in queue mode: polling is the leader main's job (workers and
 * webhook processes never poll), the executions it starts run on workers, and each code request
 * fires exactly once — at publication for a request already pending, on the next scheduled poll for a
 * new one (n8n's shortest poll interval is a minute).
 */
import { createWorkflow, e2e, listExecutions, nodeOutputJson, startTestSandbox, uniqueName, type SandboxHandle } from '../harness/context';
import { processLog, processNames, workerThatRan } from '../harness/queue';
import { createApiCredential, executionsForRequest, removeFromN8n, waitForAllExecutionsForRequest } from '../harness/workflows';
import { STATUS_TRIGGER, statusReads, statusWorkflow } from './shared';

const { api } = e2e();
const TRIGGER = STATUS_TRIGGER;

describe('queue mode: Status Trigger', () => {
	let sandbox: SandboxHandle;
	let credentialId: string;
	let workflowId: string;
	const name = uniqueName('e2e queue status');
	let first: { accountId: string; requestId: string };
	let laterAccountId: string;

	beforeAll(async () => {
		sandbox = await startTestSandbox();
		const user = sandbox.createUser({ email: 'queue-status@example.com', password: 'pw-queue-status' });
		const a = sandbox.createAccount({ userId: user.id }).id;
		laterAccountId = sandbox.createAccount({ userId: user.id }).id;
		const apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null }).key;
		first = { accountId: a, requestId: sandbox.openRequest(a, { length: 6, type: 'numeric' }).id };
		credentialId = await createApiCredential(api, sandbox, apiKey);
		workflowId = await createWorkflow(api, statusWorkflow(credentialId, [a, laterAccountId]), { publish: true, name });
	});
	afterAll(() => removeFromN8n(api, { workflowId, credentialIds: [credentialId] }));

	test('a request pending at publication fires once, at once; a worker runs the execution', async () => {
		const [execution] = await waitForAllExecutionsForRequest(api, workflowId, TRIGGER, first.requestId, { timeoutMs: 30_000 });
		expect(execution.status).toBe('success');
		expect(nodeOutputJson(execution, TRIGGER)).toEqual([
			expect.objectContaining({ event: 'code_requested', accountId: first.accountId, requestId: first.requestId }),
		]);
		expect(workerThatRan(execution.id)).toMatch(/^worker-\d$/);
	});

	test(
		'a new request fires once on the next scheduled poll; the one already fired does not fire again',
		async () => {
			const opened = sandbox.openRequest(laterAccountId, { length: 8, type: 'alphanumeric' });
			const [execution] = await waitForAllExecutionsForRequest(api, workflowId, TRIGGER, opened.id, {
				timeoutMs: 75_000,
				intervalMs: 1_000,
				what: 'the scheduled poll to fire for the new request',
			}).catch(async (error: Error) => {
				const all = await listExecutions(api, workflowId, { includeData: true });
				const seen = all.map((e) => `${e.id} ${e.status}: ${JSON.stringify(nodeOutputJson(e, TRIGGER).map((i) => [i.accountId, i.requestId]))}`);
				throw new Error(`${error.message}\nexecutions: ${seen.join('; ')}\n(first ${JSON.stringify(first)}, new ${opened.id})`);
			});
			expect(execution.mode).toBe('trigger');
			expect(nodeOutputJson(execution, TRIGGER)).toEqual([
				expect.objectContaining({ event: 'code_requested', accountId: laterAccountId, requestId: opened.id }),
			]);
			// That poll read the first account too (still pending, same id): no second execution for it.
			expect(await executionsForRequest(api, workflowId, TRIGGER, first.requestId)).toHaveLength(1);
			expect(await executionsForRequest(api, workflowId, TRIGGER, opened.id)).toHaveLength(1);
		},
		120_000,
	);

	test('only the main polled: one status read per account and poll, and no other process ran a poll', () => {
		const pollLine = `Poll trigger initiated for workflow "${name}"`;
		const polls = processLog('main').split('\n').filter((line) => line.includes(pollLine)).length;
		expect(polls).toBeGreaterThanOrEqual(2); // at publication + at least one scheduled poll
		for (const other of [...processNames('worker'), ...processNames('webhook')]) {
			expect([other, processLog(other).includes(pollLine)]).toEqual([other, false]);
		}
		// Each poll reads each account once: as many reads as polls (a second poller would double them).
		for (const accountId of [first.accountId, laterAccountId]) {
			expect(statusReads(sandbox, accountId)).toHaveLength(polls);
		}
	});
});
