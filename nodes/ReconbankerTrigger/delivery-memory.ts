/**
 * A process-wide memory of the notification keys each trigger has seen, kept beside the
 * workflow static data (`seenDeliveries`).
 *
 * Why static data alone is not enough: n8n 2.40 saves the static data a webhook call changed only
 * when its "changed" flag is still set after the call. When the call starts an execution, n8n
 * builds the execution's Workflow from the same static-data object first, which resets that flag
 * (n8n-workflow's ObservableObject.create redefines `__dataChanged: false`), so the key recorded
 * by that call is silently not saved (only the very first one, while the workflow had no static
 * data at all, is). Seen in the real n8n 2.40.7: a redelivered notification started a second
 * execution. Calls that start no execution (duplicates, ignored events) are saved normally.
 *
 * So a key counts as seen when either memory has it. This memory lives in the n8n process that
 * answers webhooks (regular mode: the main process); it is lost on restart and not shared between
 * several webhook processes (queue mode), where only the static data (as far as n8n saves it) helps.
 */
import { DEFAULT_DEDUPE_MAX_ENTRIES, rememberDelivery } from '../shared/notification';

/** How many triggers (workflow + node + mode) are remembered; the oldest is dropped beyond this. */
const MAX_SCOPES = 1000;

const memories = new Map<string, string[]>();

/** The memory a trigger uses: one per workflow, node and test/production URL. */
export function deliveryScope(workflowId: string | undefined, nodeId: string, mode: string): string {
	return JSON.stringify([workflowId ?? '', nodeId, mode === 'manual' ? 'test' : 'production']);
}

/** Like `rememberDelivery`: true when `key` was already seen in `scope`, else remembers it. */
export function rememberDeliveryInProcess(scope: string, key: string, maxEntries = DEFAULT_DEDUPE_MAX_ENTRIES): boolean {
	let seen = memories.get(scope);
	if (seen === undefined) {
		seen = [];
		memories.set(scope, seen);
		if (memories.size > MAX_SCOPES) {
			const oldest = memories.keys().next().value;
			if (oldest !== undefined) memories.delete(oldest);
		}
	}
	return rememberDelivery(seen, key, maxEntries);
}
