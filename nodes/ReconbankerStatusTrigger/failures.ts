/**
 * What a poll knows about an account it could not read, and how failures are reported: once per
 * distinct error per account, and as one error when every account failed.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** How many failing accounts a "every account failed" error lists by name. */
const MAX_LISTED_FAILURES = 5;

export interface AccountFailure {
	accountId: string;
	message: string;
	description: string | null;
	httpCode: string | null;
	errorCode: string | null;
	error: NodeApiError | NodeOperationError;
}

export function describeFailure(node: INode, accountId: string, reason: unknown): AccountFailure {
	// The transport only throws NodeApiError / NodeOperationError; anything else (a bug) is wrapped.
	const error =
		reason instanceof NodeApiError || reason instanceof NodeOperationError
			? reason
			: new NodeOperationError(node, reason instanceof Error ? reason : String(reason));
	const details = error as Error & {
		description?: unknown;
		httpCode?: unknown;
		errorResponse?: { errorCode?: unknown };
	};
	const httpCode = typeof details.httpCode === 'string' && details.httpCode !== '' ? details.httpCode : null;
	const errorCode = typeof details.errorResponse?.errorCode === 'string' ? details.errorResponse.errorCode : null;
	const description = typeof details.description === 'string' ? details.description : null;
	return { accountId, message: error.message, description, httpCode, errorCode, error };
}

/** What makes two failures of one account "the same error" (reported once, not every poll). */
export function failureSignature(failure: AccountFailure): string {
	return [failure.httpCode ?? '', failure.errorCode ?? '', failure.message].join('|');
}

export function allFailedError(node: INode, failures: AccountFailure[]): NodeApiError | NodeOperationError {
	const [first] = failures;
	// One account, or the same error everywhere (e.g. a revoked key): show that error itself.
	if (failures.every((failure) => failureSignature(failure) === failureSignature(first))) {
		return first.error;
	}
	const listed = failures
		.slice(0, MAX_LISTED_FAILURES)
		.map((failure) => `${failure.accountId}: ${failure.message}`)
		.join('; ');
	const more =
		failures.length > MAX_LISTED_FAILURES ? ` (and ${failures.length - MAX_LISTED_FAILURES} more)` : '';
	return new NodeOperationError(
		node,
		`Could not read the status of any of the ${failures.length} Reconbanker accounts`,
		{
			description: `${listed}${more}. Check the API key (scope status:read, its account allow-list) and the account IDs.`,
		},
	);
}
