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

export interface StatusSummary {
	hasPendingRequest: boolean;
	requestId: string | null;
	descriptor: CodeDescriptor | null;
	attempts: number | null;
}

export function summariseStatus(status: AccountStatus): StatusSummary {
	const pending = status.pending_assistance ?? null;
	return {
		hasPendingRequest: pending !== null,
		requestId: pending?.id ?? null,
		descriptor: pending?.descriptor ?? null,
		attempts: pending?.attempts ?? null,
	};
}

export type SubmissionOutcome = 'accepted' | 'rejected' | 'unknown';

export type OutcomeObservation =
	| { state: 'waiting' }
	| { state: 'accepted' }
	| { state: 'rejected'; newRequest: PendingAssistance };

/**
 * Reads a submission's outcome from the statuses seen after a 202.
 *
 * The real server clears `pending_assistance` as soon as the login receives the code, before the
 * bank judges it; a rejection then opens a *new* request (new id) seconds later. So:
 * - a pending request with another id → rejected;
 * - cleared, and still cleared `graceMs` after it was first seen cleared → accepted;
 * - cleared while `session_running` is false (the code is held, not judged) → keep waiting;
 * - the same request still pending (no live session took the code yet) → keep waiting.
 */
export class OutcomeWatcher {
	private clearedSince: number | null = null;

	constructor(
		private readonly submittedRequestId: string | null,
		private readonly graceMs: number,
	) {}

	observe(status: AccountStatus, nowMs: number): OutcomeObservation {
		const pending = status.pending_assistance ?? null;
		if (pending === null) {
			// No live login: the code is only held until a session resumes, nobody has judged it yet.
			if (status.session_running === false) {
				this.clearedSince = null;
				return { state: 'waiting' };
			}
			this.clearedSince ??= nowMs;
			return nowMs - this.clearedSince >= this.graceMs ? { state: 'accepted' } : { state: 'waiting' };
		}
		this.clearedSince = null;
		if (pending.id !== this.submittedRequestId) return { state: 'rejected', newRequest: pending };
		return { state: 'waiting' };
	}
}
