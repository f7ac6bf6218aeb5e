/**
 * A worker killed (SIGKILL: a crash or an out-of-memory kill) in the middle of a Reconbanker
 * Trigger → Submit execution, after the code went to Reconbanker and while Submit watches for the
 * outcome. The code is not lost (Reconbanker received it once and the bank accepted it) and never
 * sent a second time: n8n does not re-run a job whose worker died (Bull's stalled-job limit is 0 in
 * n8n), and a user who retries the crashed execution does not send it again either.
 *
 * What the user sees is printed (`[e2e-queue] worker crash: …`) and asserted loosely where n8n, not
 * the package, decides it (the execution ends as crashed/failed/error, never as a success).
 */
import { e2e, listExecutions, waitFor, type ExecutionSummary } from '../harness/context';
import { clusterProcess, currentPid, killProcess, processNames, startProcess, workersThatRan, workerThatRan } from '../harness/queue';
import { sleep } from '../harness/workflows';
import { otpPosts, setUpPushLoop, type PushLoop } from './shared';

const { api, rest } = e2e();

describe('queue mode: a worker killed mid-execution', () => {
	let loop: PushLoop;
	let killed: string | undefined;

	beforeAll(async () => {
		// A long outcome watch (grace 20 s, timeout 40 s): the worker dies while Submit waits.
		loop = await setUpPushLoop('worker-crash', { submit: { resultTimeoutSeconds: 40, gracePeriodSeconds: 20 } });
	});
	afterAll(async () => {
		await loop.remove();
		// Leave the cluster whole for the next files.
		if (killed) await startProcess(killed);
	});

	test(
		'code sent, then the worker dies → one code reached the bank, no second submit, the execution does not succeed',
		async () => {
			const accountId = loop.account();
			const request = loop.sandbox.openRequest(accountId, { length: 6, type: 'numeric' });
			await waitFor(() => otpPosts(loop.sandbox, accountId).length === 1, { timeoutMs: 45_000, what: 'the code to be sent' });
			// Queue mode saves an execution's data at its end: the running one is found by workflow.
			const execution = await waitFor(async () => (await listExecutions(api, loop.workflowId)).find((e) => !e.stoppedAt), {
				what: 'the running execution',
			});
			expect(execution.stoppedAt).toBeFalsy();
			killed = await waitFor(() => workerThatRan(execution.id), { what: `the worker running execution ${execution.id}` });
			const killedPid = currentPid(killed);
			const killedAt = Date.now();
			await killProcess(killed);
			process.stderr.write(`[e2e-queue] worker crash: killed ${killed} (pid ${killedPid}) running execution ${execution.id}\n`);

			// The job's lock expires and the other worker finds it stalled; n8n does not run it again.
			const ended = await waitFor(
				async () => {
					const [current] = (await listExecutions(api, loop.workflowId, { includeData: true })).filter((e) => e.id === execution.id);
					return current && current.status !== 'running' && current.status !== 'new' ? current : undefined;
				},
				{ timeoutMs: 120_000, intervalMs: 1_000, what: `execution ${execution.id} to end after the crash` },
			).catch(async (error: Error) => {
				const [current] = (await listExecutions(api, loop.workflowId)).filter((e) => e.id === execution.id);
				process.stderr.write(`[e2e-queue] worker crash: after 120 s execution ${execution.id} is still "${current?.status}"\n`);
				throw error;
			});
			const seconds = ((Date.now() - killedAt) / 1000).toFixed(0);
			const shown = describeEnd(ended);
			process.stderr.write(`[e2e-queue] worker crash: ${seconds} s after the kill, execution ${execution.id} is ${shown}\n`);
			expect(ended.status).not.toBe('success');

			await sleep(5_000);
			expect(otpPosts(loop.sandbox, accountId)).toHaveLength(1);
			expect(loop.sandbox.submissions(accountId)).toEqual([expect.objectContaining({ status: 202, requestId: request.id, outcome: 'accepted' })]);
			expect(loop.sandbox.getStatus(accountId).pending_assistance).toBeNull();
			// Nothing ran it again on the surviving worker.
			expect(workersThatRan(execution.id)).toEqual([killed]);
			const survivors = processNames('worker').filter((name) => name !== killed);
			expect(survivors.length).toBeGreaterThan(0);

			// The user retries the crashed execution from the list: no second code either way.
			const retry = await rest.request('POST', `/executions/${execution.id}/retry`, { loadWorkflow: false });
			process.stderr.write(`[e2e-queue] worker crash: retry → ${retry.status} ${JSON.stringify(retry.body).slice(0, 300)}\n`);
			await sleep(retry.status === 200 ? 8_000 : 1_000);
			const runs = await listExecutions(api, loop.workflowId, { includeData: true });
			for (const run of runs.filter((e) => e.mode === 'retry')) {
				process.stderr.write(`[e2e-queue] worker crash: the retry ran as execution ${run.id}: ${describeEnd(run)}\n`);
			}
			expect(otpPosts(loop.sandbox, accountId)).toHaveLength(1);
			expect(clusterProcess(killed).command).toBe('worker');
		},
		240_000,
	);
});

function describeEnd(execution: ExecutionSummary): string {
	const error = execution.data?.resultData?.error;
	const lastNode = execution.data?.resultData?.lastNodeExecuted;
	return `"${execution.status}" (finished ${execution.finished}; last node ${lastNode ?? 'none'}; error ${error ? JSON.stringify(error.message) : 'none'}; data ${execution.data ? 'kept' : 'none'})`;
}
