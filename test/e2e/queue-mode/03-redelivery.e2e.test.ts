/**
 * A redelivered notification that reaches a different webhook process than the first delivery, as
 * it does behind a load balancer (here: harness/queue.ts's balancer in front of webhook-1 and
 * webhook-2). Reconbanker redelivers when it sees no acknowledgement in time; the sandbox sends the
 * same body again (`deliverDuplicate`). Whatever stops it, exactly one code may reach the bank.
 *
 * Which guard stopped the second delivery is printed (`[e2e-queue] redelivery …`): no second
 * execution = the Reconbanker Trigger's redelivery memory; a second execution whose Submit refused =
 * Submit's own guards (the pending-request check with the required request id, or a guard that
 * remembers answered requests).
 */
import { e2e, listExecutions, waitFor } from '../harness/context';
import { startWebhookBalancer, type WebhookBalancer } from '../harness/queue';
import { sleep, waitForExecutionForRequest } from '../harness/workflows';
import { describeSecondRun, otpPosts, setUpPushLoop, TRIGGER, type PushLoop } from './shared';

const { api } = e2e();

describe('queue mode: a notification redelivered to another webhook process', () => {
	let loop: PushLoop;
	let balancer: WebhookBalancer;

	beforeAll(async () => {
		loop = await setUpPushLoop('redelivery');
		await loop.warmUp();
		balancer = await startWebhookBalancer(['webhook-1', 'webhook-2']);
	});
	afterAll(() => loop.remove());

	/** A fresh account notifying the balancer, a request, and its first delivery through webhook-1. */
	async function firstDelivery() {
		balancer.routeTo('webhook-1');
		const accountId = loop.account(`${balancer.url}${loop.webhookPath}`);
		const request = loop.sandbox.openRequest(accountId, { length: 6, type: 'numeric' });
		const delivery = await waitFor(
			() => loop.sandbox.deliveries.find((d: any) => d.id === request.notificationId && d.done),
			{ what: 'the first delivery' },
		);
		expect(delivery.status).toBe(200);
		return { accountId, request };
	}

	async function redeliverTo(name: string, notificationId: string) {
		const before = balancer.requests.length;
		balancer.routeTo(name);
		const [duplicate] = await loop.sandbox.deliverDuplicate(notificationId);
		expect(balancer.requests.slice(before).map((r) => r.target)).toEqual([name]);
		return duplicate;
	}

	test(
		'redelivered to webhook-2 while the first run (on a worker) waits for the result → one code',
		async () => {
			const { accountId, request } = await firstDelivery();
			// The first run has sent the code and is watching the outcome when the redelivery arrives.
			await waitFor(() => otpPosts(loop.sandbox, accountId).length === 1, { timeoutMs: 45_000, what: 'the first submission' });
			// Still running: Submit watches the outcome for 20 s after sending.
			expect((await listExecutions(api, loop.workflowId)).some((e) => !e.stoppedAt)).toBe(true);

			const duplicate = await redeliverTo('webhook-2', request.notificationId!);
			expect(duplicate.status).toBe(200);

			await sleep(2_000);
			await loop.settle();
			const all = await loop.executionsFor(request.id);
			process.stderr.write(`[e2e-queue] redelivery during the first run: ${describeSecondRun(all)}\n`);
			expect(all.length).toBeGreaterThanOrEqual(1);
			expect(otpPosts(loop.sandbox, accountId)).toHaveLength(1);
			expect(loop.sandbox.submissions(accountId)).toEqual([expect.objectContaining({ status: 202, requestId: request.id, outcome: 'accepted' })]);
		},
		120_000,
	);

	test(
		'redelivered to webhook-2 after the first run finished → one code',
		async () => {
			const { accountId, request } = await firstDelivery();
			const first = await waitForExecutionForRequest(api, loop.workflowId, TRIGGER, request.id, { timeoutMs: 60_000 });
			expect(first.status).toBe('success');

			const duplicate = await redeliverTo('webhook-2', request.notificationId!);
			expect(duplicate.status).toBe(200);

			await sleep(3_000);
			await loop.settle();
			const all = await loop.executionsFor(request.id);
			process.stderr.write(`[e2e-queue] redelivery after the first run: ${describeSecondRun(all)}\n`);
			expect(otpPosts(loop.sandbox, accountId)).toHaveLength(1);
			expect(loop.sandbox.submissions(accountId)).toEqual([expect.objectContaining({ status: 202, requestId: request.id, outcome: 'accepted' })]);
		},
		120_000,
	);
});
