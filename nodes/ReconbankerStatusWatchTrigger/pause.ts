/**
 * Waiting between checks without global timers (n8n community-node rules): n8n-workflow's sleep,
 * cut short when the trigger is stopped.
 */
import * as n8nWorkflow from 'n8n-workflow';

type AbortableSleep = (ms: number, abortSignal?: AbortSignal) => Promise<void>;

/**
 * n8n-workflow 2.x: `sleep(ms, abortSignal)`; 1.x: `sleep(ms)` only, plus `sleepWithAbort(ms, signal)`.
 * Both reject with the signal's reason when it aborts.
 */
const abortableSleep: AbortableSleep =
	(n8nWorkflow as unknown as { sleepWithAbort?: AbortableSleep }).sleepWithAbort ?? n8nWorkflow.sleep;

/** Resolves after `ms`, or as soon as `signal` aborts (stopping is not an error). */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
	if (signal.aborted || ms <= 0) return;
	// The sleep's only way to fail is the abort we asked for: both outcomes end the pause.
	const done = () => undefined;
	await abortableSleep(ms, signal).then(done, done);
}
