/**
 * Which one of several accounts a code is for: the pure decision behind Find Waiting Account.
 *
 * One phone number or inbox can receive the codes of several accounts, and an SMS does not say
 * which account it belongs to. The answer is the one account with a pending request (whose request
 * the code fits, when a code is known). Anything less certain is refused, never guessed: two
 * waiting accounts, or an account whose status could not be read (it might be the waiting one).
 *
 * Pure helpers: no n8n imports, no npm packages.
 */
import { normaliseCode } from './code';
import { validateCodeForDescriptor, type CodeDescriptor } from './descriptor';
import { isReconbankerInputError } from './errors';
import type { AccountStatus } from './status';

/** One account's status read: the status, or why it could not be read. */
export type AccountReading =
	| { accountId: string; status: AccountStatus }
	| { accountId: string; failure: string };

export interface WaitingCriteria {
	/** The code as given (not yet normalised), or null when no code narrows the choice. */
	code: unknown;
	/** Unreadable accounts are left out instead of making the answer uncertain. */
	ignoreUnreadable: boolean;
}

export type WaitingDecision =
	/** Exactly one account waits (for a code like this one), and every account was read. */
	| { kind: 'found'; accountId: string; status: AccountStatus; unreadable: string[] }
	/** More than one account waits for a code like this one: never pick one. */
	| { kind: 'several'; accountIds: string[]; unreadable: string[] }
	/** Some accounts could not be read, so "one" or "none" is not certain. */
	| { kind: 'unreadable'; unreadable: AccountFailure[]; waitingAccountIds: string[] }
	/**
	 * No account waits (`no_pending_request`), or none whose request the code fits
	 * (`code_fits_none`; `waiting` are the accounts that wait for another kind of code).
	 */
	| {
			kind: 'none';
			reason: 'no_pending_request' | 'code_fits_none';
			waiting: Array<{ accountId: string; descriptor: CodeDescriptor | null }>;
			unreadable: string[];
	  };

export interface AccountFailure {
	accountId: string;
	message: string;
}

/**
 * Whether a code fits a pending request's descriptor, by the checks Submit makes before sending:
 * cleaned up as Submit does by default, then its length and type.
 */
export function codeFitsDescriptor(code: unknown, descriptor: CodeDescriptor | null | undefined): boolean {
	try {
		validateCodeForDescriptor(normaliseCode(code, descriptor ?? null), descriptor ?? null);
		return true;
	} catch (error) {
		// Only input errors mean "does not fit". Anything else would be a bug: counting the account
		// then errs on the safe side (another candidate can only turn an answer into a refusal, and
		// Submit checks the code against the request again before sending).
		return !isReconbankerInputError(error);
	}
}

/** Decides from every account's reading (in the order of the list). */
export function decideWaitingAccount(readings: readonly AccountReading[], criteria: WaitingCriteria): WaitingDecision {
	const hasCode = criteria.code !== null && criteria.code !== undefined && criteria.code !== '';
	const failures: AccountFailure[] = [];
	// The id as asked for (the list's), not as the server spells it back.
	const waiting: Array<{ accountId: string; status: AccountStatus }> = [];
	for (const reading of readings) {
		if ('failure' in reading) failures.push({ accountId: reading.accountId, message: reading.failure });
		else if (reading.status.pending_assistance) waiting.push({ accountId: reading.accountId, status: reading.status });
	}
	const fitting = hasCode
		? waiting.filter(({ status }) => codeFitsDescriptor(criteria.code, status.pending_assistance?.descriptor))
		: waiting;
	const unreadable = failures.map(({ accountId }) => accountId);
	const ids = (list: typeof waiting) => list.map(({ accountId }) => accountId);

	// Two candidates are a refusal whatever else is known: an unreadable account only adds a third.
	if (fitting.length > 1) return { kind: 'several', accountIds: ids(fitting), unreadable };
	if (failures.length > 0 && !criteria.ignoreUnreadable) {
		return { kind: 'unreadable', unreadable: failures, waitingAccountIds: ids(fitting) };
	}
	if (fitting.length === 1) return { kind: 'found', ...fitting[0], unreadable };
	return {
		kind: 'none',
		reason: waiting.length === 0 ? 'no_pending_request' : 'code_fits_none',
		waiting: waiting.map(({ accountId, status }) => ({
			accountId,
			descriptor: status.pending_assistance?.descriptor ?? null,
		})),
		unreadable,
	};
}
