/**
 * The push loop in queue mode: the sandbox notifies a webhook process (not the main), a worker runs
 * Reconbanker Trigger → Submit, and the sandbox receives exactly one code. Both webhook processes
 * serve the trigger; the main, started with N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true, does not.
 */
import { e2e, nodeOutputJson, waitFor } from '../harness/context';
import { clusterProcess, processNames, workerThatRan } from '../harness/queue';
import { sleep, waitForExecutionForRequest } from '../harness/workflows';
import { CODE, otpPosts, setUpPushLoop, SUBMIT, TRIGGER, type PushLoop } from './shared';

const { api } = e2e();

describe('queue mode: push loop through the webhook processes', () => {
	let loop: PushLoop;
	const ranOn = new Set<string>();

	beforeAll(async () => {
		loop = await setUpPushLoop('push');
	});
	afterAll(() => loop.remove());

	test('WEBHOOK_URL is the first webhook process, and the trigger refuses an unauthenticated probe there (401)', () => {
		expect(loop.webhookUrl.startsWith(`http://localhost:${clusterProcess('webhook-1').port}/webhook/`)).toBe(true);
		expect(loop.probeStatus).toBe(401);
	});

	test('every webhook process serves the trigger; the main serves no production webhook', async () => {
		const probe = async (baseUrl: string) => {
			const response = await fetch(`${baseUrl}${loop.webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			await response.arrayBuffer();
			return response.status;
		};
		for (const name of processNames('webhook')) expect([name, await probe(clusterProcess(name).baseUrl)]).toEqual([name, 401]);
		expect(await probe(clusterProcess('main').baseUrl)).toBe(404);
	});

	test.each(['webhook-1', 'webhook-2'])(
		'a code request notified to %s → a worker runs the workflow → exactly one code, accepted',
		async (webhookProcess) => {
			const accountId = loop.account(`${clusterProcess(webhookProcess).baseUrl}${loop.webhookPath}`);
			const request = loop.sandbox.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });

			const delivery = await waitFor(
				() => loop.sandbox.deliveries.find((d: any) => d.id === request.notificationId && d.done),
				{ what: 'the notification delivery' },
			);
			expect(delivery.status).toBe(200);

			const execution = await waitForExecutionForRequest(api, loop.workflowId, TRIGGER, request.id, { timeoutMs: 60_000 });
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('webhook');
			expect(nodeOutputJson(execution, SUBMIT)).toEqual([
				expect.objectContaining({ accountId, submitted: true, requestId: request.id, outcome: 'accepted' }),
			]);
			const worker = workerThatRan(execution.id);
			expect(worker).toMatch(/^worker-\d$/);
			ranOn.add(worker!);

			await sleep(1_500);
			expect(loop.sandbox.submissions(accountId)).toEqual([
				expect.objectContaining({ code: CODE, status: 202, requestId: request.id, outcome: 'accepted' }),
			]);
			expect(otpPosts(loop.sandbox, accountId)).toHaveLength(1);
			expect(await loop.executionsFor(request.id)).toHaveLength(1);
		},
		90_000,
	);

	afterAll(() => {
		process.stderr.write(`[e2e-queue] push loop executions ran on: ${[...ranOn].sort().join(', ')}\n`);
	});
});
