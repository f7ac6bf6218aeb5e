/**
 * Reads the status of every listed account for Find Waiting Account: one credential read, at most
 * `maxConcurrency` requests in flight (the Status Trigger's reader and pool), every account settled.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AccountReading } from '../../../../../shared/waiting-account';
import type { AccountStatus } from '../../../../../shared/status';
import { openStatusReader } from '../../../../../transport/status-reader';
import { isAccountStatus } from '../../../../../ReconbankerStatusTrigger/cursor';
import { runPool } from '../../../../../ReconbankerStatusTrigger/pool';

/**
 * Every account's reading, in the order of `accountIds`. When no account at all could be read and
 * they all failed the same way (a revoked key, a wrong Base URL), that error is thrown for the item:
 * nothing is known, and the one cause says more than a list of accounts.
 */
export async function readAccounts(
	ctx: IExecuteFunctions,
	accountIds: string[],
	maxConcurrency: number,
	itemIndex: number,
): Promise<AccountReading[]> {
	const reader = await openStatusReader(ctx);
	const results = await runPool(accountIds, maxConcurrency, async (accountId): Promise<AccountStatus> => {
		const body = await reader.read(accountId);
		if (!isAccountStatus(body)) {
			const message = `Reconbanker answered the status of account ${accountId} with an unexpected body`;
			throw new NodeApiError(ctx.getNode(), { message } as JsonObject, {
				message,
				description:
					'Check the Base URL in the Reconbanker API credential: it should point at the Reconbanker server (…/v1 is added by the node).',
			});
		}
		return body;
	});

	const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
	if (errors.length === accountIds.length && new Set(errors.map(messageOf)).size === 1) {
		throw forItem(ctx, errors[0], itemIndex);
	}
	return accountIds.map((accountId, index): AccountReading => {
		const result = results[index];
		return result.status === 'fulfilled'
			? { accountId, status: result.value }
			: // The reader's messages are our own text (never the request's headers).
				{ accountId, failure: result.status === 'rejected' ? messageOf(result.reason) : 'not read' };
	});
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The reader's error, tied to the item it failed (the reader serves triggers too and knows none). */
function forItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), messageOf(error), { itemIndex });
}
