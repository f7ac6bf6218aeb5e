/**
 * What each active realtime trigger has emitted, kept in the n8n process beside the trigger, so
 * that when n8n restarts a trigger (after an error, or an edit of the workflow) its catch-up does not
 * emit the same requests again. Lost when n8n restarts; a test listen ("manual") always starts fresh.
 */
import { RequestMemory } from '../shared/request-memory';

const MAX_SCOPES = 1000;
/** Accounts seen on the stream, the ones "All Accounts" catches up on. */
const MAX_SEEN_ACCOUNTS = 1000;

export interface TriggerMemory {
	requests: RequestMemory;
	seenAccounts: Set<string>;
}

const memories = new Map<string, TriggerMemory>();

function fresh(): TriggerMemory {
	return { requests: new RequestMemory(), seenAccounts: new Set() };
}

export function triggerMemory(workflowId: string | undefined, nodeId: string, mode: string): TriggerMemory {
	if (mode === 'manual') return fresh();
	const scope = JSON.stringify([workflowId ?? '', nodeId]);
	let memory = memories.get(scope);
	if (!memory) {
		memory = fresh();
		memories.set(scope, memory);
		if (memories.size > MAX_SCOPES) memories.delete(memories.keys().next().value as string);
	}
	return memory;
}

export function rememberAccount(memory: TriggerMemory, accountId: string): void {
	const id = accountId.toLowerCase();
	memory.seenAccounts.delete(id);
	memory.seenAccounts.add(id);
	if (memory.seenAccounts.size > MAX_SEEN_ACCOUNTS) {
		memory.seenAccounts.delete(memory.seenAccounts.values().next().value as string);
	}
}
