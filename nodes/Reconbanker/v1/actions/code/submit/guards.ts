/**
 * The store-backed guards of Code → Submit, run in order by `runGuards`: the repeated code check,
 * one code per request (the claim, claim-request.ts) and the count of codes sent to an account.
 * Each records only keys whose recording is true at that moment (shared/attempt-keys.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	attemptSlotKey,
	codeFingerprint,
	codeForRequestKey,
	repeatedCodeKeys,
	windowBucket,
} from '../../../../../shared/attempt-keys';
import { API_CREDENTIAL } from '../../../../../transport/external-api';
import type { OperationResult } from '../../types';
import type { Checked } from './before-send';
import { claimRequest } from './claim-request';
import { refusals } from './refusals';
import { GUARDS, isStoreFailure, SubmitStore } from './store';

export interface CodeCheck {
	/** `duplicate`: this code was already on its way to this very request (a repeated run). */
	verdict: 'new' | 'repeated' | 'duplicate';
	/** Keys this call recorded (to forget if the code is then not sent). */
	created: string[];
	/** Keys to record again while claiming, so a lost write is repaired before the send. */
	keys: string[];
}

/** Looks for this code among the codes sent to the account in the last 10–20 minutes. */
export async function checkCode(
	store: SubmitStore,
	input: { accountId: string; fingerprint: string; requestId: string | null; refuseRepeated: boolean; nowMs: number },
): Promise<CodeCheck> {
	const repeatedKeys = input.refuseRepeated ? repeatedCodeKeys(input.accountId, input.fingerprint, input.nowMs) : [];
	const forRequest = input.requestId ? codeForRequestKey(input.requestId, input.fingerprint) : null;
	const keys = forRequest ? [...repeatedKeys, forRequest] : repeatedKeys;
	if (keys.length === 0) return { verdict: 'new', created: [], keys };
	const { had } = await store.recordWithRetry(GUARDS, keys);
	const created = keys.filter((key) => !had.has(key));
	if (forRequest && had.has(forRequest)) return { verdict: 'duplicate', created, keys };
	return { verdict: repeatedKeys.some((key) => had.has(key)) ? 'repeated' : 'new', created, keys };
}

export interface AttemptCount {
	/** False when `limit` codes were already sent to the account in the last 10–20 minutes. */
	allowed: boolean;
	/** Codes already sent in that window (at most `limit`: counting stops there). */
	earlier: number;
	created: string[];
}

/**
 * Takes this send's place in the account's list of sent codes (this bucket's list and the next
 * one's), or finds the list full. Places are taken in order, one call each, and only right before a
 * send, so a place that is recorded is a code that went out (or is about to).
 */
export async function takeAttemptPlace(
	store: SubmitStore,
	accountId: string,
	limit: number,
	nowMs: number,
): Promise<AttemptCount> {
	const bucket = windowBucket(nowMs);
	const created: string[] = [];
	let earlier = 0;
	for (; earlier < limit; earlier++) {
		const key = attemptSlotKey(accountId, bucket, earlier + 1);
		const { had } = await store.recordWithRetry(GUARDS, [key]);
		if (!had.has(key)) {
			created.push(key);
			break;
		}
	}
	if (earlier >= limit) return { allowed: false, earlier, created };
	for (let index = 1; index <= limit; index++) {
		const key = attemptSlotKey(accountId, bucket + 1, index);
		const { had } = await store.recordWithRetry(GUARDS, [key]);
		if (!had.has(key)) {
			created.push(key);
			break;
		}
	}
	return { allowed: true, earlier, created };
}

/**
 * Runs the store-backed guards in order — repeated code, one code per request (the claim), the
 * count of codes sent to the account — and returns the keys recorded for this send, or the result
 * that ends the item. Whatever a refused send recorded is forgotten again, except what is true anyway.
 */
export async function runGuards(
	ctx: IExecuteFunctions,
	itemIndex: number,
	checked: Checked,
): Promise<{ done: OperationResult } | { keys: string[] }> {
	const { accountId, code, target, safety } = checked;
	const refuse = refusals(ctx, itemIndex, accountId);
	const { apiKey } = await ctx.getCredentials<{ apiKey: string }>(API_CREDENTIAL, itemIndex);
	const fingerprint = codeFingerprint(String(apiKey), accountId, code);
	const store = new SubmitStore(ctx, itemIndex);
	const created: string[] = [];
	try {
		const codeCheck = await checkCode(store, {
			accountId,
			fingerprint,
			requestId: safety.oneCodePerRequest ? target : null,
			refuseRepeated: safety.refuseRepeatedCode,
			nowMs: Date.now(),
		});
		if (codeCheck.verdict === 'duplicate' && target) {
			return { done: refuse.alreadyAnswered(safety, target, checked.pending?.id ?? null) };
		}
		if (codeCheck.verdict === 'repeated') {
			// Forget what this probe added, so the window stays "10–20 minutes after the code was sent".
			await store.forget(GUARDS, codeCheck.created);
			throw refuse.repeatedCode(code);
		}
		created.push(...codeCheck.created);

		if (target && safety.oneCodePerRequest) {
			const claim = await claimRequest(store, target, codeCheck.keys);
			if (claim.outcome === 'taken') {
				// Another execution answers this request (or did): what this one recorded is true of it too.
				return { done: refuse.alreadyAnswered(safety, target, checked.pending?.id ?? null) };
			}
			if (claim.outcome === 'unsafe') {
				await store.forget(GUARDS, created);
				throw store.failure(claim.why);
			}
			created.push(...claim.keys);
		}

		if (safety.maxRejectedCodes > 0) {
			const count = await takeAttemptPlace(store, accountId, safety.maxRejectedCodes, Date.now());
			created.push(...count.created);
			if (!count.allowed) {
				await store.forget(GUARDS, created);
				throw refuse.tooManyRejected(count.earlier);
			}
		}
		return { keys: created };
	} catch (error) {
		if (isStoreFailure(error)) await store.forget(GUARDS, created);
		throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}
