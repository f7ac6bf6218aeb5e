/**
 * The store-backed guards of Code → Submit, apart from the claim (claim-request.ts): the repeated
 * code check, the count of codes sent to an account, and the sent-markers for result watchers.
 * Each function records only keys whose recording is true at that moment (shared/attempt-keys.ts).
 */
import { sleep } from 'n8n-workflow';

import {
	attemptSlotKey,
	codeForRequestKey,
	markerSlot,
	repeatedCodeKeys,
	sentMarkerKey,
	windowBucket,
} from '../../../../../shared/attempt-keys';
import { SETTLE_MS } from '../../../../../shared/claim';
import { GUARDS, MARKERS, type SubmitStore } from './store';

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

/** Where a send's marker is: a slot and the index within it. */
export interface SentMarker {
	slot: number;
	index: number;
}

/** Most sends a slot can tell apart (a second holds one or two sends of one account at most). */
const MAX_MARKERS_PER_SLOT = 5;

/** Marks "a code went to this account now" for result watchers. Never throws. */
export async function markSent(store: SubmitStore, accountId: string): Promise<SentMarker> {
	const slot = markerSlot(Date.now());
	for (let index = 1; index <= MAX_MARKERS_PER_SLOT; index++) {
		const key = sentMarkerKey(accountId, slot, index);
		try {
			const { had } = await store.recordWithRetry(MARKERS, [key]);
			if (!had.has(key)) return { slot, index };
		} catch {
			// Only a watcher's evidence is missing; the code is out, nothing may fail now.
			break;
		}
	}
	return { slot, index: MAX_MARKERS_PER_SLOT };
}

/**
 * After a send: one settle time later, records the send's keys again, which repairs any a
 * concurrent write erased (before a watcher looks at the marker's slot). Never throws.
 */
export async function confirmSent(
	store: SubmitStore,
	input: { accountId: string; marker: SentMarker; guardKeys: string[] },
): Promise<void> {
	await sleep(SETTLE_MS);
	try {
		await store.record(MARKERS, [sentMarkerKey(input.accountId, input.marker.slot, input.marker.index)]);
		if (input.guardKeys.length > 0) await store.record(GUARDS, input.guardKeys);
	} catch {
		// As above: never fail after a 202.
	}
}
