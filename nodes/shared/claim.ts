/**
 * Deciding which execution may send the one code a request gets, over n8n's deduplication store.
 *
 * The store's check-and-record is a plain read → write of one row, not atomic: two executions can
 * both see a key as new, and a later write can erase an earlier one (lost update). Over such a
 * register, mutual exclusion needs a time bound — this is Fischer's timed protocol:
 *
 *   1. record [answered, claim-with-my-nonce]. `answered` already there → someone claimed this
 *      request before: refuse.
 *   2. wait SETTLE_MS, then record the same two keys again and look:
 *      - my claim is still there → I won: nobody overwrote my write (every write that could, i.e.
 *        one that read the row before mine landed, has landed by now);
 *      - my claim is gone, `answered` is there → another execution's write replaced mine: it won;
 *      - both gone → an unrelated write erased mine (and this call wrote both again): wait and look
 *        once more, at most MAX_ROUNDS times.
 *
 * Why at most one winner: for two to win, the later writer's read must precede the earlier writer's
 * write, and its write must land after the earlier one looked — so its own read → write took longer
 * than SETTLE_MS. Each execution times its own writing call and does not trust a win whose writing
 * call took longer than MAX_TRUSTED_WRITE_MS (a stalled database), so the bound is checked, not assumed.
 *
 * Pure: the node does the store calls (and the waiting) and asks this module what they mean.
 */

export const SETTLE_MS = 1000;
export const MAX_TRUSTED_WRITE_MS = 400;
export const MAX_ROUNDS = 3;

/** What one record call said about the two keys, and how long it took. */
export interface ClaimCall {
	answeredWasNew: boolean;
	claimWasNew: boolean;
	durationMs: number;
}

export type ClaimStep =
	/** Wait SETTLE_MS and record the keys again. */
	| { next: 'verify' }
	/** This execution may send. */
	| { next: 'won' }
	/** Another execution claimed (or answered) the request. */
	| { next: 'taken' }
	/** The store is too slow or keeps erasing the claim: refuse rather than risk a second code. */
	| { next: 'unsafe'; why: string };

/**
 * Decides the next step after a record call. `round` is 1 for the first call; `lastWriteMs` is the
 * duration of the last call that wrote our claim (a call where it was new).
 */
export function nextClaimStep(call: ClaimCall, round: number, lastWriteMs: number): ClaimStep {
	if (round === 1) {
		if (!call.answeredWasNew) return { next: 'taken' };
		return { next: 'verify' };
	}
	if (!call.claimWasNew) {
		if (lastWriteMs > MAX_TRUSTED_WRITE_MS) {
			return {
				next: 'unsafe',
				why: `n8n's database took ${Math.round(lastWriteMs)} ms to record the claim (over ${MAX_TRUSTED_WRITE_MS} ms), so another execution could have claimed the same request unseen`,
			};
		}
		return { next: 'won' };
	}
	if (!call.answeredWasNew) return { next: 'taken' };
	if (round >= MAX_ROUNDS) {
		return { next: 'unsafe', why: `other writes to n8n's deduplication store erased the claim ${round} times` };
	}
	return { next: 'verify' };
}
