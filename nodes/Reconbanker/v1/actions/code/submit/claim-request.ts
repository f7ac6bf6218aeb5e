/**
 * The node side of the claim protocol (shared/claim.ts explains it): the store calls and the waits.
 */
import { sleep } from 'n8n-workflow';

import { answeredKey, claimKey } from '../../../../../shared/attempt-keys';
import { nextClaimStep, SETTLE_MS } from '../../../../../shared/claim';
import { GUARDS, type SubmitStore } from './store';

export type ClaimResult =
	| { outcome: 'won'; keys: string[] }
	| { outcome: 'taken' }
	| { outcome: 'unsafe'; why: string };

function randomNonce(): string {
	// Unique per attempt; not a secret.
	return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Claims `requestId` for this execution: `won` means no other execution of this workflow will send
 * a code to it. `extraKeys` are recorded again with every look, so any an unrelated write erased
 * are back before the code goes out. The caller forgets `keys` again if the code is then not sent.
 */
export async function claimRequest(store: SubmitStore, requestId: string, extraKeys: string[] = []): Promise<ClaimResult> {
	const answered = answeredKey(requestId);
	const claim = claimKey(requestId, randomNonce());
	let lastWriteMs = 0;
	for (let round = 1; ; round++) {
		if (round > 1) await sleep(SETTLE_MS);
		let recorded;
		try {
			recorded = await store.recordWithRetry(GUARDS, [answered, claim, ...extraKeys]);
		} catch (error) {
			return { outcome: 'unsafe', why: (error as Error).message };
		}
		const { had, durationMs } = recorded;
		const call = { answeredWasNew: !had.has(answered), claimWasNew: !had.has(claim), durationMs };
		if (call.claimWasNew) lastWriteMs = durationMs;
		const step = nextClaimStep(call, round, lastWriteMs);
		if (step.next === 'won') return { outcome: 'won', keys: [answered, claim] };
		if (step.next === 'taken') return { outcome: 'taken' };
		if (step.next === 'unsafe') return { outcome: 'unsafe', why: step.why };
	}
}
