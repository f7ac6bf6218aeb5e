/**
 * Errors raised by the pure code helpers (normalise, validate, extract).
 *
 * The node layer turns a ReconbankerInputError into a NodeOperationError; `reason` lets it (and tests)
 * branch on what went wrong without parsing English text. Messages never contain the code itself.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

/** Machine-readable reasons. New reasons may be added; existing ones keep their meaning. */
export type ReconbankerInputReason =
	/** Nothing usable was given (empty string, only spaces, null). */
	| 'empty'
	/** Longer than the API accepts (codes: 32 characters). */
	| 'too_long'
	/** A code that reached the node as a number and lost its leading zeros. */
	| 'lost_leading_zeros'
	/** Characters other than ASCII letters/digits (after folding and separator removal). */
	| 'invalid_characters'
	/** The code's length differs from the length the bank asked for. */
	| 'wrong_length'
	/** The bank asked for a numeric code but the code has letters. */
	| 'not_numeric'
	/** The value is neither text nor a whole non-negative number (object, boolean, 1.5, -3, NaN…). */
	| 'invalid_type'
	/** Extraction found no code in the text. */
	| 'not_found'
	/** Extraction found more than one different possible code and refused to guess. */
	| 'ambiguous'
	/** Extraction found text-direction controls (bidi overrides/isolates) next to a possible code. */
	| 'bidi_control';

/** Extra facts about the failure; numbers and flags only, never the code or the message text. */
export type ReconbankerInputErrorDetails = Readonly<Record<string, number | string | boolean | null>>;

export class ReconbankerInputError extends Error {
	readonly reason: ReconbankerInputReason;
	readonly details: ReconbankerInputErrorDetails;

	constructor(reason: ReconbankerInputReason, message: string, details: ReconbankerInputErrorDetails = {}) {
		super(message);
		this.name = 'ReconbankerInputError';
		this.reason = reason;
		this.details = details;
		// Keep `instanceof` working when compiled to older targets.
		Object.setPrototypeOf(this, new.target.prototype);
	}
}

/** Type guard that also works across module copies (checks the name and reason, not only the prototype). */
export function isReconbankerInputError(error: unknown): error is ReconbankerInputError {
	return (
		error instanceof ReconbankerInputError ||
		(error instanceof Error &&
			error.name === 'ReconbankerInputError' &&
			typeof (error as { reason?: unknown }).reason === 'string')
	);
}
