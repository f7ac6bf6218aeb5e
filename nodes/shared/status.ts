/**
 * The account status as the external API returns it, and the pure logic built on it: the
 * convenience summary, and how a submission's outcome is read from later statuses.
 */
import type { CodeDescriptor } from './descriptor';

export interface PendingAssistance {
	id: string;
	type: string;
	descriptor: CodeDescriptor | null;
	attempts: number;
}

export interface AccountStatus {
	account_id: string;
	session_running: boolean;
	pending_assistance: PendingAssistance | null;
}

/** The camelCase view of a status, added beside the API's own (snake_case) fields. */
export interface StatusSummary {
	accountId: string;
	/** Whether a login session is live: with none, a code sent now is held and used later (likely stale). */
	sessionRunning: boolean;
	hasPendingRequest: boolean;
	requestId: string | null;
	descriptor: CodeDescriptor | null;
	attempts: number | null;
}

export function summariseStatus(status: AccountStatus): StatusSummary {
	const pending = status.pending_assistance ?? null;
	return {
		accountId: status.account_id,
		sessionRunning: status.session_running === true,
		hasPendingRequest: pending !== null,
		requestId: pending?.id ?? null,
		descriptor: pending?.descriptor ?? null,
		attempts: pending?.attempts ?? null,
	};
}

/**
 * What Get Status and Wait for Code Request output: the summary, in camelCase only (the API's
 * snake_case fields are not repeated beside it), with the kind of request that is pending.
 */
export function statusOutput(status: AccountStatus): StatusSummary & { requestType: string | null } {
	return { ...summariseStatus(status), requestType: status.pending_assistance?.type ?? null };
}

export type SubmissionOutcome = 'accepted' | 'rejected' | 'unknown';

export type OutcomeObservation =
	| { state: 'waiting' }
	| { state: 'accepted' }
	/** A new request is pending: the login asked again. */
	| { state: 'rejected'; evidence: 'new_request'; newRequest: PendingAssistance }
	/** Another execution sent a code to this account after ours: the login had asked again. */
	| { state: 'rejected'; evidence: 'later_submit'; newRequest: null };

/**
 * Reads a submission's outcome from what is seen after a 202.
 *
 * The real server clears `pending_assistance` as soon as the login receives the code, before the
 * bank judges it; a rejection then opens a *new* request (new id) 1–17 s later. So:
 * - a pending request with another id → rejected;
 * - a code sent to the account by another execution after ours → rejected too: that request was
 *   opened and answered between two status reads (a fast responder does it within 200 ms);
 * - cleared, still cleared `graceMs` after it was first seen cleared, and (when sent-markers are
 *   watched) nothing sent up to that moment → accepted;
 * - cleared while `session_running` is false (the code is held, not judged) → keep waiting;
 * - the same request still pending (no live session took the code yet) → keep waiting.
 */
export class OutcomeWatcher {
	private clearedSince: number | null = null;
	private laterSubmit = false;
	/** Up to when the sent-markers have been checked (ms); Infinity when they are not watched. */
	private markersCheckedUntil: number;

	constructor(
		private readonly submittedRequestId: string | null,
		private readonly graceMs: number,
		options: { watchMarkers?: boolean } = {},
	) {
		this.markersCheckedUntil = options.watchMarkers ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
	}

	/**
	 * When "accepted" becomes possible as far as the status goes (cleared since, plus the grace
	 * period), or null while the status is not clear.
	 */
	acceptableAt(): number | null {
		return this.clearedSince === null ? null : this.clearedSince + this.graceMs;
	}

	/** Sent-markers were checked up to `untilMs` and one was found (`found`) or not. */
	markersChecked(untilMs: number, found: boolean): void {
		this.markersCheckedUntil = Math.max(this.markersCheckedUntil, untilMs);
		if (found) this.laterSubmit = true;
	}

	observe(status: AccountStatus, nowMs: number): OutcomeObservation {
		const pending = status.pending_assistance ?? null;
		if (pending !== null && pending.id !== this.submittedRequestId) {
			return { state: 'rejected', evidence: 'new_request', newRequest: pending };
		}
		if (this.laterSubmit) return { state: 'rejected', evidence: 'later_submit', newRequest: null };
		if (pending === null) {
			// No live login: the code is only held until a session resumes, nobody has judged it yet.
			if (status.session_running === false) {
				this.clearedSince = null;
				return { state: 'waiting' };
			}
			this.clearedSince ??= nowMs;
			const acceptableAt = this.clearedSince + this.graceMs;
			return nowMs >= acceptableAt && this.markersCheckedUntil >= acceptableAt
				? { state: 'accepted' }
				: { state: 'waiting' };
		}
		this.clearedSince = null;
		return { state: 'waiting' };
	}
}
