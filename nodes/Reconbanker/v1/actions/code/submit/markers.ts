/**
 * Sent-markers: "a code went to this account now", written after each send for the result
 * watchers of earlier sends (watch.ts), in this node's own row of the store.
 */
import { sleep } from 'n8n-workflow';

import { markerSlot, sentMarkerKey } from '../../../../../shared/attempt-keys';
import { SETTLE_MS } from '../../../../../shared/claim';
import { GUARDS, MARKERS, type SubmitStore } from './store';

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
