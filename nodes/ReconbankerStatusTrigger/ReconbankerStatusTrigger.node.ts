import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../shared/account-ids';
import type { AccountStatus } from '../shared/status';
import { getAccountStatus, invalidAccountIdError } from '../transport/external-api';
import {
	WATCHED_EVENTS,
	detectEvents,
	isAccountStatus,
	pollOrder,
	readState,
	type AccountCursor,
	type TriggerState,
} from './cursor';
import { allFailedError, describeFailure, failureSignature, type AccountFailure } from './failures';
import { errorItem, eventItem, manualSample } from './items';
import { runPool, type PoolResult } from './pool';
import { DEFAULT_MAX_CONCURRENCY, MAX_CONCURRENCY, statusTriggerProperties } from './properties';
import { reconbankerApiConnectionTest } from '../transport/api-credential-test';

/**
 * A status request may take up to the transport's 30 s timeout. A poll stops starting new
 * requests once less than this (at most half the budget) is left of the time n8n gives it
 * (`getPollBudgetMs`), so it returns before n8n abandons it; the accounts left out keep their
 * state and are polled first next time.
 */
const BUDGET_RESERVE_MS = 35_000;

interface TriggerOptions {
	maxConcurrency?: number;
	fireForAlreadyPending?: boolean;
}

/** Fire On values in words, for the subtitle under the node on the canvas. */
const FIRE_ON_WORDS: Record<string, string> = {
	code_requested: 'new code request',
	code_resent: 'resend',
	request_cleared: 'request cleared',
};

export class ReconbankerStatusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Status Trigger',
		name: 'reconbankerStatusTrigger',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ "Fires on: " + $parameter["fireOn"].map((change) => (${JSON.stringify(FIRE_ON_WORDS)})[change] ?? change).join(", ") }}`,
		description: 'Starts the workflow when a Reconbanker login waits for a one-time code, by polling account status',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-reconbanker#status-trigger-polling',
		defaults: { name: 'Reconbanker Status Trigger' },
		polling: true,
		inputs: [],
		// Output 0 carries the code request events; output 1 the accounts whose status could not be
		// read, so nothing connected to the events (e.g. a Submit) ever receives an error item.
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Code Requests', 'Poll Errors'],
		credentials: [{ name: 'reconbankerApi', required: true, testedBy: 'reconbankerApiConnection' }],
		properties: statusTriggerProperties,
	};

	methods = {
		// Says "could not reach <host>: …" instead of n8n's bare error code (see api-credential-test.ts).
		credentialTest: { reconbankerApiConnection: reconbankerApiConnectionTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();

		// Everything the user typed is checked before any request goes out.
		const { valid: accountIds, invalid } = parseAccountIds(this.getNodeParameter('accountIds', ''));
		if (invalid.length > 0) throw invalidAccountIdError(this, invalid[0]);
		if (accountIds.length === 0) {
			throw new NodeOperationError(node, 'No account IDs to watch', {
				description: 'Enter at least one Reconbanker account ID in "Account IDs".',
			});
		}
		const fireOnValues = this.getNodeParameter('fireOn', []) as string[];
		const fireOn = new Set(WATCHED_EVENTS.filter((event) => fireOnValues.includes(event)));
		if (fireOn.size === 0) {
			throw new NodeOperationError(node, 'No events selected in "Fire On"', {
				description: 'Select at least one of New Code Request, Resend or Request Cleared.',
			});
		}
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const maxConcurrency = Math.min(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, MAX_CONCURRENCY);
		const fireForAlreadyPending = options.fireForAlreadyPending !== false;

		const isManual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		const state = readState(staticData);

		// Stay inside the time n8n gives a poll (older n8n versions do not say; then no limit).
		const startedAt = Date.now();
		const budgetMs = !isManual && typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
		const reserveMs = budgetMs === undefined ? 0 : Math.min(BUDGET_RESERVE_MS, budgetMs / 2);
		const shouldStart =
			budgetMs === undefined ? undefined : () => Date.now() - startedAt < budgetMs - reserveMs;

		const order = isManual ? accountIds : pollOrder(accountIds, state.deferred);
		const results = await runPool(
			order,
			maxConcurrency,
			async (accountId) => {
				const body: unknown = await getAccountStatus.call(this, accountId);
				if (!isAccountStatus(body)) {
					const message = `Reconbanker answered the status of account ${accountId} with an unexpected body`;
					throw new NodeApiError(node, { message } as JsonObject, {
						message,
						description:
							'Check the Base URL in the Reconbanker API credential: it should point at the Reconbanker server (…/v1 is added by the node).',
					});
				}
				return body;
			},
			{ shouldStart },
		);
		const resultByAccount = new Map<string, PoolResult<AccountStatus>>();
		order.forEach((accountId, index) => resultByAccount.set(accountId, results[index]));

		const failureByAccount = new Map<string, AccountFailure>();
		for (const accountId of accountIds) {
			const result = resultByAccount.get(accountId);
			if (result?.status === 'rejected') failureByAccount.set(accountId, describeFailure(node, accountId, result.reason));
		}
		const failures = [...failureByAccount.values()];
		const polledCount = accountIds.filter((accountId) => resultByAccount.get(accountId)?.status !== 'skipped').length;
		if (polledCount > 0 && failures.length === polledCount) {
			// Nothing could be read: fail the poll so n8n shows it (a failed execution and the error
			// workflow; at activation, activation fails with this message). State stays as it was.
			throw allFailedError(this, failures);
		}

		if (isManual) return manualSample(node, accountIds, resultByAccount, failureByAccount);

		const next: TriggerState = { accounts: {}, errors: {}, deferred: [] };
		const events: INodeExecutionData[] = [];
		const errors: INodeExecutionData[] = [];
		for (const accountId of accountIds) {
			const result = resultByAccount.get(accountId);
			const previous: AccountCursor | undefined = state.accounts[accountId];
			if (result === undefined || result.status === 'skipped') {
				// Left for the next poll: keep what we knew.
				if (previous) next.accounts[accountId] = previous;
				if (state.errors[accountId] !== undefined) next.errors[accountId] = state.errors[accountId];
				next.deferred.push(accountId);
				continue;
			}
			const failure = failureByAccount.get(accountId);
			if (result.status === 'rejected' && failure) {
				// The cursor of a failing account is not touched; its error is reported once.
				const signature = failureSignature(failure);
				if (previous) next.accounts[accountId] = previous;
				next.errors[accountId] = signature;
				if (state.errors[accountId] !== signature) errors.push(errorItem(failure));
				continue;
			}
			if (result.status !== 'fulfilled') continue;
			const status = result.value;
			const detected = detectEvents(previous, status, { fireOn, fireForAlreadyPending });
			next.accounts[accountId] = detected.next;
			for (const found of detected.events) events.push(eventItem(found.event, accountId, status, found));
		}

		// Only write when something changed: every write is saved by n8n. Accounts no longer
		// watched are dropped, so the state stays as small as the list.
		for (const key of ['accounts', 'errors', 'deferred'] as const) {
			if (JSON.stringify(staticData[key] ?? null) !== JSON.stringify(next[key])) {
				staticData[key] = next[key] as unknown as IDataObject;
			}
		}

		// Output 0: code requests; output 1: poll errors. Nothing new on either: null (no execution).
		return events.length > 0 || errors.length > 0 ? [events, errors] : null;
	}
}
