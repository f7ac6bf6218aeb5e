/**
 * The keys Code → Submit keeps in n8n's deduplication store, and the time arithmetic around them.
 *
 * The store only answers "had this key been recorded?" — and records it while answering (there is
 * no read-only check). So every key below is asked only at a moment when recording it is true, or
 * harmless (see each key). n8n stores an md5 of each key; a code never appears in a key, only an
 * HMAC of it keyed with the API key, so the store cannot be searched for codes.
 *
 * Pure helpers: only node:crypto.
 */
import { createHmac } from 'node:crypto';

/** Prefix of every key, so they cannot meet a user's own items in a shared row (and can change later). */
const PREFIX = 'rbk1';

/** Reconbanker's rate-limit window, and the width of the buckets the repeat and count guards use. */
export const WINDOW_MS = 10 * 60 * 1000;

/** Width of a "a code was sent now" marker slot. */
export const SLOT_MS = 1000;

/**
 * A slot is probed only this long after it ended: a marker is written right after a 202 (and once
 * more a settle time later, in case a concurrent write erased it), so by then every marker of that
 * slot is in the store.
 */
export const SLOT_FINAL_AFTER_MS = 1500;

/** HMAC-SHA256 of the code for one account, keyed with the API key: never the code itself. */
export function codeFingerprint(secret: string, accountId: string, code: string): string {
	return createHmac('sha256', secret).update(`${accountId.toLowerCase()}\n${code}`).digest('hex');
}

export function windowBucket(nowMs: number): number {
	return Math.floor(nowMs / WINDOW_MS);
}

/**
 * "This code went to this account in this bucket", for the current and the previous bucket.
 * Asked only just before a send, so recording them is true; the previous bucket's key only
 * matters to senders of the current bucket, for whom it is as true as the current one. Looking at
 * both makes the window 10 to 20 minutes.
 */
export function repeatedCodeKeys(accountId: string, fingerprint: string, nowMs: number): string[] {
	const bucket = windowBucket(nowMs);
	const account = accountId.toLowerCase();
	return [bucket, bucket - 1].map((b) => `${PREFIX}:code:${account}:${fingerprint}:${b}`);
}

/** "This code was on its way to this request": tells a redelivered duplicate from a repeated code. */
export function codeForRequestKey(requestId: string, fingerprint: string): string {
	return `${PREFIX}:code-for:${requestId}:${fingerprint}`;
}

/** "Some execution claimed this request": the shared variable of the claim protocol (claim.ts). */
export function answeredKey(requestId: string): string {
	return `${PREFIX}:answered:${requestId}`;
}

/** One execution's own claim on a request (the nonce is random per attempt). */
export function claimKey(requestId: string, nonce: string): string {
	return `${PREFIX}:claim:${requestId}:${nonce}`;
}

/**
 * Place `index` (1-based) in the list of codes sent to an account and counted in `bucket`. Each
 * send takes the first free place in its own bucket's list and in the next bucket's, so a list
 * holds the sends of 10 to 20 minutes. Places are taken one by one, in order, and only by a send.
 */
export function attemptSlotKey(accountId: string, bucket: number, index: number): string {
	return `${PREFIX}:sent-count:${accountId.toLowerCase()}:${bucket}:${index}`;
}

export function markerSlot(nowMs: number): number {
	return Math.floor(nowMs / SLOT_MS);
}

/**
 * "The `index`-th code sent to this account during this slot" (scope 'node'). A sender takes the
 * first free index of the current slot. A watcher learns from a marker after its own that a later
 * code was sent — so the login asked again, so its own code was rejected — even when the new request
 * was opened and answered between two status reads.
 */
export function sentMarkerKey(accountId: string, slot: number, index: number): string {
	return `${PREFIX}:sent-at:${accountId.toLowerCase()}:${slot}:${index}`;
}

/** Slots from `fromSlot` on that are final at `nowMs` (see SLOT_FINAL_AFTER_MS), in order. */
export function finalSlots(fromSlot: number, nowMs: number): number[] {
	const slots: number[] = [];
	for (let slot = fromSlot; slotFinalAt(slot) <= nowMs; slot++) slots.push(slot);
	return slots;
}

/** Time (ms) at which `slot` ends. */
export function slotEnd(slot: number): number {
	return (slot + 1) * SLOT_MS;
}

/** Time (ms) from which `slot` may be probed. */
export function slotFinalAt(slot: number): number {
	return slotEnd(slot) + SLOT_FINAL_AFTER_MS;
}
