/**
 * Catch-up: the stream has no replay, so after every (re)connect the watched accounts' status is
 * read (external API, `status:read`), a few accounts at a time, and every pending request comes back
 * for the caller to emit once (see nodes/shared/request-memory).
 */
import type { ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AccountStatus } from '../shared/status';
import { normaliseBaseUrl } from '../shared/url';
import { runPool } from '../ReconbankerStatusTrigger/pool';
import { API_CREDENTIAL } from '../transport/external-api';
import { readAccountStatus } from '../transport/realtime-api';

const CONCURRENCY = 4;

export interface CatchUpResult {
	statuses: AccountStatus[];
	failures: Array<{ accountId: string; error: Error }>;
}

export async function readStatuses(
	ctx: ITriggerFunctions,
	accountIds: string[],
	abortSignal: AbortSignal,
): Promise<CatchUpResult> {
	let api: { baseUrl: string; apiKey: string };
	try {
		const credentials = await ctx.getCredentials(API_CREDENTIAL);
		api = { baseUrl: normaliseBaseUrl(String(credentials.baseUrl ?? '')), apiKey: String(credentials.apiKey ?? '') };
	} catch (error) {
		// No API credential chosen, or a bad Base URL in it: the user's to fix.
		const failure = new NodeOperationError(ctx.getNode(), `${(error as Error).message} (Reconbanker API credential, needed to catch up)`);
		return { statuses: [], failures: accountIds.map((accountId) => ({ accountId, error: failure })) };
	}
	const results = await runPool(
		accountIds,
		CONCURRENCY,
		async (accountId) => await readAccountStatus(ctx, api, accountId, abortSignal),
		{ shouldStart: () => !abortSignal.aborted },
	);
	const out: CatchUpResult = { statuses: [], failures: [] };
	results.forEach((result, index) => {
		if (result.status === 'fulfilled') out.statuses.push(result.value);
		else if (result.status === 'rejected') out.failures.push({ accountId: accountIds[index], error: result.reason as Error });
	});
	return out;
}

/** Whether a failed status read is the user's to fix (key, scope, allow-list, account, URL), not a passing outage. */
export function isConfigurationFailure(error: Error): boolean {
	if (error instanceof NodeOperationError) return true;
	const httpCode = String((error as { httpCode?: unknown }).httpCode ?? '');
	return ['400', '401', '403', '404'].includes(httpCode);
}
