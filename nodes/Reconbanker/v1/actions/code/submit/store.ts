/**
 * Code → Submit's memory across executions: n8n's deduplication store (kept in n8n's database, so
 * it holds across executions, restarts and queue-mode processes). Only keys from
 * shared/attempt-keys go in, never a code.
 *
 * Scope 'workflow' holds the guards every Submit node of the workflow shares; scope 'node' holds
 * this node's sent-markers, which watchers probe every second (kept apart so their traffic and
 * their growth never touch the guards).
 */
import type { DeduplicationScope, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Bounds each row; the oldest entries go first. Guards need ~20 minutes of keys (a few per send). */
const MAX_ENTRIES = 5000;
const OPTIONS = { mode: 'entries' as const, maxEntries: MAX_ENTRIES };

export const GUARDS: DeduplicationScope = 'workflow';
export const MARKERS: DeduplicationScope = 'node';

export interface Recorded {
	/** The keys that were already recorded before this call (all the others are recorded now). */
	had: Set<string>;
	durationMs: number;
}

const failures = new WeakSet<Error>();

/** Whether an error is a store failure (as opposed to an error of the node's own checks). */
export function isStoreFailure(error: unknown): boolean {
	return error instanceof Error && failures.has(error);
}

/** The store, for one item. */
export class SubmitStore {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	/** Without the deduplication helpers (older n8n) none of the cross-execution guards can work. */
	assertAvailable(): void {
		if (typeof this.ctx.helpers.checkProcessedAndRecord !== 'function') {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'This n8n has no deduplication store, which Submit needs to never send a code twice',
				{ itemIndex: this.itemIndex, description: 'Use a newer n8n (this package is tested with n8n 2.40). The code was not sent.' },
			);
		}
	}

	/** Records `keys` and says which were there already. A store failure throws `failure(...)`. */
	async record(scope: DeduplicationScope, keys: string[]): Promise<Recorded> {
		const started = Date.now();
		try {
			const result = await this.ctx.helpers.checkProcessedAndRecord(keys, scope, OPTIONS);
			return { had: new Set(result.processed.map(String)), durationMs: Date.now() - started };
		} catch (error) {
			throw this.failure(`n8n's deduplication store failed: ${(error as Error).message}`);
		}
	}

	/** Like `record`, tried twice: the first write of a row fails when another one raced it in. */
	async recordWithRetry(scope: DeduplicationScope, keys: string[]): Promise<Recorded> {
		try {
			return await this.record(scope, keys);
		} catch {
			return await this.record(scope, keys);
		}
	}

	/** Forgets keys this execution recorded for a send that did not happen. Never throws. */
	async forget(scope: DeduplicationScope, keys: string[]): Promise<void> {
		if (keys.length === 0) return;
		try {
			await this.ctx.helpers.removeProcessed(keys, scope, OPTIONS);
		} catch {
			// Left behind, these keys only make a later send of the same request or code refuse: the safe side.
		}
	}

	/** The error for a store that cannot be used safely; the code was not sent. */
	failure(why: string): NodeOperationError {
		const error = new NodeOperationError(this.ctx.getNode(), 'Could not record the submission safely, so the code was not sent', {
			itemIndex: this.itemIndex,
			description: `${why}. Submit keeps its guards (one code per request, never the same code twice) in n8n's deduplication store with scope Workflow; if another node of this workflow uses that store with scope Workflow (e.g. Remove Duplicates with "Keep Items Where" set to a latest value), give it scope Node. Nothing was sent.`,
		});
		failures.add(error);
		return error;
	}
}
