/**
 * Where the Status Trigger / Status Watch keep their memory between checks, and why there.
 *
 * n8n 2.40 writes a trigger's static data to its database only when the trigger emits (a poll that
 * returns items, a trigger's `emit`) and at the end of an activation; a scheduled poll that returns
 * null changes it in memory only (durable poll cursors, which commit on null polls, are off by
 * default). A node cannot ask for a save without starting an execution. So:
 *
 * - Cursors (the pending request per account) and the deferred list live in static data. A change
 *   that was not saved (a request cleared while "Request Cleared" is off) can only reappear after a
 *   restart as an event the user did not select, which is filtered out: harmless.
 * - Which errors were already reported lives in this process's memory, keyed by workflow and node.
 *   Kept in static data it would go stale exactly where it matters: an account that failed
 *   (reported, saved), recovered (not saved: nothing emitted) and fails again after a restart would
 *   never be reported. Here a new process (restart, another leader in queue mode) reports every
 *   account that still fails once more, and a recurring error is always reported.
 * - One check at a time per workflow node: n8n starts a scheduled poll even while the previous one
 *   still runs; the later one is skipped.
 */
import type { IDataObject } from 'n8n-workflow';

import { readState, type TriggerState } from './cursor';
import type { StatusContext } from './check';

/** Reported-error signatures by account, per workflow node (this process only). */
const reportedErrors = new Map<string, Record<string, string>>();
/** Workflow nodes with a check in progress (this process only). */
const running = new Set<string>();

function keyOf(ctx: StatusContext): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}`;
}

/** Claims the node for one check; undefined when a check of the same workflow node still runs. */
export function beginCheck(ctx: StatusContext): (() => void) | undefined {
	const key = keyOf(ctx);
	if (running.has(key)) return undefined;
	running.add(key);
	return () => running.delete(key);
}

/** The state the next check compares with: cursors from static data, reported errors from memory. */
export function loadState(ctx: StatusContext): TriggerState {
	const stored = readState(ctx.getWorkflowStaticData('node'));
	return { ...stored, errors: { ...(reportedErrors.get(keyOf(ctx)) ?? {}) } };
}

/**
 * Keeps `next`: cursors and the deferred list in static data (written only when they changed, as
 * every write is saved by n8n; accounts no longer watched drop out), reported errors in memory.
 */
export function saveState(ctx: StatusContext, next: TriggerState): void {
	const staticData = ctx.getWorkflowStaticData('node');
	for (const key of ['accounts', 'deferred'] as const) {
		if (JSON.stringify(staticData[key] ?? null) !== JSON.stringify(next[key])) {
			staticData[key] = next[key] as unknown as IDataObject;
		}
	}
	// Written by versions that kept reported errors in static data; not read any more.
	if ('errors' in staticData) delete staticData.errors;
	const key = keyOf(ctx);
	if (Object.keys(next.errors).length > 0) reportedErrors.set(key, { ...next.errors });
	else reportedErrors.delete(key);
}

/** Forgets everything this process remembers, as a restart would (tests). */
export function forgetLiveState(): void {
	reportedErrors.clear();
	running.clear();
}
