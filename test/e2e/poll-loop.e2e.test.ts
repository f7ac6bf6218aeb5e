/**
 * Poll loop in the real n8n: a published workflow Reconbanker Status Trigger → No Operation. A code
 * request opened in the sandbox after publishing starts an execution carrying the new request id on
 * the trigger's next scheduled poll.
 *
 * Schedule: n8n 2.40.7 refuses any poll schedule under a minute ("The polling interval is too short.
 * It has to be at least a minute." — every cron whose seconds field is not a single number, and
 * Every X only counts minutes or hours), so the fastest is Every Minute: n8n polls once at
 * publication, then at a random second of every minute. The scheduled-poll test waits up to ~70 s.
 */
import {
	createWorkflow,
	e2e,
	findSecretsInN8n,
	nodeOutputJson,
	startTestSandbox,
	uniqueName,
	type SandboxHandle,
} from './harness/context';
import {
	createApiCredential,
	executionsForRequest,
	noOpNode,
	removeFromN8n,
	statusTriggerNode,
	twoNodeWorkflow,
	waitForAllExecutionsForRequest,
} from './harness/workflows';

const { api } = e2e();

const TRIGGER = 'Reconbanker Status Trigger';

function pollWorkflow(credentialId: string, accountIds: string[]) {
	return twoNodeWorkflow(
		statusTriggerNode(
			TRIGGER,
			{ id: credentialId, name: 'poll loop API' },
			{
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				accountIds: accountIds.join(', '),
				fireOn: ['code_requested'],
				options: {},
			},
		),
		noOpNode(),
	);
}

describe('poll loop: Reconbanker Status Trigger in a published workflow', () => {
	let sandbox: SandboxHandle;
	let apiKey: string;
	let alreadyPending: { accountId: string; requestId: string };
	let laterAccountId: string;
	let credentialId: string;
	let workflowId: string;

	const executionsFor = (requestId: string) => executionsForRequest(api, workflowId, TRIGGER, requestId);

	beforeAll(async () => {
		sandbox = await startTestSandbox();
		const user = sandbox.createUser({ email: 'poll-loop@example.com', password: 'pw-poll-loop' });
		const first = sandbox.createAccount({ userId: user.id }).id;
		laterAccountId = sandbox.createAccount({ userId: user.id }).id;
		apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null }).key;
		// A login already waiting when the workflow is published (no notifications configured: polling only).
		alreadyPending = { accountId: first, requestId: sandbox.openRequest(first, { length: 6, type: 'numeric' }).id };

		credentialId = await createApiCredential(api, sandbox, apiKey);
		workflowId = await createWorkflow(api, pollWorkflow(credentialId, [first, laterAccountId]), {
			publish: true,
			name: uniqueName('e2e poll loop'),
		});
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds: [credentialId] }));

	test('a request already pending at publication fires at once (n8n polls when it publishes)', async () => {
		const [execution] = await waitForAllExecutionsForRequest(api, workflowId, TRIGGER, alreadyPending.requestId, {
			timeoutMs: 20_000,
			what: 'the execution for the request pending at publication',
		});
		expect(execution.status).toBe('success');
		expect(nodeOutputJson(execution, TRIGGER)).toEqual([
			expect.objectContaining({
				event: 'code_requested',
				accountId: alreadyPending.accountId,
				requestId: alreadyPending.requestId,
				descriptor: { length: 6, type: 'numeric' },
				attempts: 1,
			}),
		]);
	});

	test(
		'a request opened after publication fires on the next scheduled poll, with the new request id',
		async () => {
			const opened = sandbox.openRequest(laterAccountId, { length: 8, type: 'alphanumeric', purpose: 'login' });
			const started = Date.now();
			const [execution] = await waitForAllExecutionsForRequest(api, workflowId, TRIGGER, opened.id, {
				timeoutMs: 75_000,
				intervalMs: 1_000,
				what: 'the scheduled poll to fire for the new request',
			});
			process.stderr.write(`[poll-loop] scheduled poll fired ${((Date.now() - started) / 1000).toFixed(1)} s after the request opened\n`);
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('trigger');
			expect(nodeOutputJson(execution, TRIGGER)).toEqual([
				expect.objectContaining({
					event: 'code_requested',
					accountId: laterAccountId,
					requestId: opened.id,
					descriptor: { length: 8, type: 'alphanumeric', purpose: 'login' },
					attempts: 1,
				}),
			]);
			// The request that was already pending (still pending, same id) did not fire again.
			expect(await executionsFor(alreadyPending.requestId)).toHaveLength(1);
			// Polling only reads status: nothing was submitted.
			expect(sandbox.submissions(laterAccountId)).toEqual([]);
		},
		120_000,
	);

	test('the API key appears nowhere in n8n (executions, database, log)', async () => {
		const { hits } = await findSecretsInN8n(api, { apiKey });
		expect(hits).toEqual([]);
	});
});
