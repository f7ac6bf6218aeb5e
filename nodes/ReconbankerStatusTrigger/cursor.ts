/**
 * The Status Trigger's memory and the pure rules that turn two consecutive statuses of one
 * account into events. No n8n imports: the node reads/writes the state in the workflow's static
 * data and calls these functions, and tests reach them directly.
 *
 * State (plain JSON, kept in `getWorkflowStaticData('node')`):
 * - `accounts[id]`: the pending request seen on the last *successful* poll of that account
 *   (`requestId`, `attempts`; both null when nothing was pending). An account without an entry
 *   has never been read successfully.
 * - `errors[id]`: a signature of the last error reported for that account, so the same failure
 *   is reported once, not on every poll. Removed when the account is read successfully again.
 * - `deferred`: accounts a poll had to leave out (its time budget ran out); polled first next time.
 */
import type { CodeDescriptor } from '../shared/descriptor';
import type { AccountStatus } from '../shared/status';

export type WatchedEvent = 'code_requested' | 'code_resent' | 'request_cleared';

export const WATCHED_EVENTS: readonly WatchedEvent[] = ['code_requested', 'code_resent', 'request_cleared'];

export interface AccountCursor {
	requestId: string | null;
	attempts: number | null;
}

export interface TriggerState {
	accounts: Record<string, AccountCursor>;
	errors: Record<string, string>;
	deferred: string[];
}

export interface DetectedEvent {
	event: WatchedEvent;
	requestId: string;
	descriptor: CodeDescriptor | null;
	attempts: number | null;
}

export interface DetectOptions {
	fireOn: ReadonlySet<WatchedEvent>;
	/** Whether a request already pending the first time an account is read fires `code_requested`. */
	fireForAlreadyPending: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCursor(value: unknown): AccountCursor | undefined {
	if (!isRecord(value)) return undefined;
	const requestId = typeof value.requestId === 'string' ? value.requestId : null;
	const attempts = typeof value.attempts === 'number' && Number.isFinite(value.attempts) ? value.attempts : null;
	return { requestId, attempts };
}

/** Reads the stored state defensively (it may be missing, from an older version, or hand-edited). */
export function readState(raw: unknown): TriggerState {
	const source = isRecord(raw) ? raw : {};
	const accounts: Record<string, AccountCursor> = {};
	if (isRecord(source.accounts)) {
		for (const [id, value] of Object.entries(source.accounts)) {
			const cursor = readCursor(value);
			if (cursor) accounts[id] = cursor;
		}
	}
	const errors: Record<string, string> = {};
	if (isRecord(source.errors)) {
		for (const [id, value] of Object.entries(source.errors)) {
			if (typeof value === 'string') errors[id] = value;
		}
	}
	const deferred = Array.isArray(source.deferred)
		? source.deferred.filter((id): id is string => typeof id === 'string')
		: [];
	return { accounts, errors, deferred };
}

/** Accounts to poll, in order: those a previous poll had to leave out first, then the rest. */
export function pollOrder(accountIds: readonly string[], deferred: readonly string[]): string[] {
	const wanted = new Set(accountIds);
	const first = deferred.filter((id) => wanted.has(id));
	const firstSet = new Set(first);
	return [...first, ...accountIds.filter((id) => !firstSet.has(id))];
}

/** True when `body` has the shape of `GET /v1/accounts/:id/status`. */
export function isAccountStatus(body: unknown): body is AccountStatus {
	if (!isRecord(body) || !('pending_assistance' in body)) return false;
	const pending = body.pending_assistance;
	if (pending === null) return true;
	return isRecord(pending) && typeof pending.id === 'string' && pending.id !== '';
}

export function cursorOf(status: AccountStatus): AccountCursor {
	const pending = status.pending_assistance ?? null;
	return {
		requestId: pending?.id ?? null,
		attempts: pending && typeof pending.attempts === 'number' ? pending.attempts : null,
	};
}

/**
 * Compares the last cursor of an account with its current status.
 *
 * - never read before (`previous` undefined): a pending request fires `code_requested` when
 *   `fireForAlreadyPending` is on, otherwise it only becomes the baseline;
 * - a request id not seen last time → `code_requested`;
 * - the request seen last time is gone (nothing pending, or another id) → `request_cleared`
 *   for the old id, before the new request's `code_requested`;
 * - the same request with more attempts → `code_resent`.
 *
 * Events not in `fireOn` are left out, but the returned cursor always moves on, so switching an
 * event on later does not replay old changes.
 */
export function detectEvents(
	previous: AccountCursor | undefined,
	status: AccountStatus,
	options: DetectOptions,
): { events: DetectedEvent[]; next: AccountCursor } {
	const pending = status.pending_assistance ?? null;
	const next = cursorOf(status);
	const found: DetectedEvent[] = [];

	if (previous === undefined) {
		if (pending && options.fireForAlreadyPending) {
			found.push({
				event: 'code_requested',
				requestId: pending.id,
				descriptor: pending.descriptor ?? null,
				attempts: next.attempts,
			});
		}
	} else {
		if (previous.requestId !== null && previous.requestId !== next.requestId) {
			found.push({
				event: 'request_cleared',
				requestId: previous.requestId,
				descriptor: null,
				attempts: previous.attempts,
			});
		}
		if (pending && pending.id !== previous.requestId) {
			found.push({
				event: 'code_requested',
				requestId: pending.id,
				descriptor: pending.descriptor ?? null,
				attempts: next.attempts,
			});
		} else if (
			pending &&
			next.attempts !== null &&
			previous.attempts !== null &&
			next.attempts > previous.attempts
		) {
			found.push({
				event: 'code_resent',
				requestId: pending.id,
				descriptor: pending.descriptor ?? null,
				attempts: next.attempts,
			});
		}
	}

	return { events: found.filter(({ event }) => options.fireOn.has(event)), next };
}
