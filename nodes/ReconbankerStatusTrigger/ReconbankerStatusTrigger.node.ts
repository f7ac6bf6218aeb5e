import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { AccountStatus } from '../shared/status';
import { assertAccountId, getAccountStatus } from '../transport/external-api';
import {
	WATCHED_EVENTS,
	detectEvents,
	isAccountStatus,
	pollOrder,
	readState,
	splitAccountIds,
	type AccountCursor,
	type TriggerState,
	type WatchedEvent,
} from './cursor';
import { runPool, type PoolResult } from './pool';

const DEFAULT_MAX_CONCURRENCY = 5;
const MAX_CONCURRENCY = 20;
/**
 * A status request may take up to the transport's 30 s timeout. A poll stops starting new
 * requests once less than this (at most half the budget) is left of the time n8n gives it
 * (`getPollBudgetMs`), so it returns before n8n abandons it; the accounts left out keep their
 * state and are polled first next time.
 */
const BUDGET_RESERVE_MS = 35_000;
/** How many failing accounts a "every account failed" error lists by name. */
const MAX_LISTED_FAILURES = 5;

interface TriggerOptions {
	maxConcurrency?: number;
	fireForAlreadyPending?: boolean;
}

interface AccountFailure {
	accountId: string;
	message: string;
	description: string | null;
	httpCode: string | null;
	errorCode: string | null;
	error: NodeApiError | NodeOperationError;
}

function describeFailure(node: INode, accountId: string, reason: unknown): AccountFailure {
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
function failureSignature(failure: AccountFailure): string {
	return [failure.httpCode ?? '', failure.errorCode ?? '', failure.message].join('|');
}

function eventItem(
	event: WatchedEvent,
	accountId: string,
	status: AccountStatus,
	fields: { requestId: string | null; descriptor: unknown; attempts: number | null },
): INodeExecutionData {
	return {
		json: {
			event,
			accountId,
			requestId: fields.requestId,
			descriptor: (fields.descriptor ?? null) as IDataObject | null,
			attempts: fields.attempts,
			sessionRunning: status.session_running ?? null,
			status: status as unknown as IDataObject,
		},
	};
}

function errorItem(failure: AccountFailure): INodeExecutionData {
	return {
		json: {
			event: 'poll_error',
			accountId: failure.accountId,
			requestId: null,
			descriptor: null,
			attempts: null,
			sessionRunning: null,
			status: null,
			error: failure.message,
			errorDescription: failure.description,
			httpCode: failure.httpCode,
			errorCode: failure.errorCode,
		},
	};
}

export class ReconbankerStatusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Status Trigger',
		name: 'reconbankerStatusTrigger',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Fire on: " + $parameter["fireOn"].join(", ") }}',
		description: 'Starts the workflow when a Reconbanker login waits for a one-time code, by polling account status',
		defaults: { name: 'Reconbanker Status Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'reconbankerApi', required: true }],
		properties: [
			{
				displayName:
					'Polls each account\'s status (the API key needs the status:read scope) and fires one item per new code request. A request that is already pending the first time an account is polled (when the workflow is activated, or an account is added) fires too, so a login waiting right now is not missed. If some accounts cannot be read, the others still fire and each failing account emits one item with event "poll_error" (once per distinct error), so route on the "event" field; if every account fails, the poll fails and n8n records a failed execution.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Account IDs',
				name: 'accountIds',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				required: true,
				placeholder: '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b, 9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d',
				description:
					'The accounts to watch, separated by commas, spaces or new lines. Copy each ID from the Reconbanker dashboard.',
			},
			{
				displayName: 'Fire On',
				name: 'fireOn',
				type: 'multiOptions',
				options: [
					{
						name: 'New Code Request',
						value: 'code_requested',
						description: 'A login waits for a code (fires once per request ID)',
					},
					{
						name: 'Request Cleared',
						value: 'request_cleared',
						description:
							'The pending request went away: a code reached the login, or the login gave up or was replaced by a new request',
					},
					{
						name: 'Resend',
						value: 'code_resent',
						description: 'The bank sent the code again for the same request (its attempts went up)',
					},
				],
				default: ['code_requested'],
				description: 'Which changes of an account\'s pending code request start the workflow',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fire for Requests Already Pending',
						name: 'fireForAlreadyPending',
						type: 'boolean',
						default: true,
						description:
							'Whether a request that is already pending the first time an account is polled fires. Turn off to only fire for requests that open after the workflow was activated.',
					},
					{
						displayName: 'Max Concurrent Requests',
						name: 'maxConcurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
						default: DEFAULT_MAX_CONCURRENCY,
						description: 'How many accounts are read at the same time',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();

		// Everything the user typed is checked before any request goes out.
		const accountIds: string[] = [];
		for (const token of splitAccountIds(this.getNodeParameter('accountIds', ''))) {
			const accountId = assertAccountId(this, token).toLowerCase();
			if (!accountIds.includes(accountId)) accountIds.push(accountId);
		}
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

		if (isManual) return [manualSample(node, accountIds, resultByAccount, failureByAccount)];

		const next: TriggerState = { accounts: {}, errors: {}, deferred: [] };
		const items: INodeExecutionData[] = [];
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
				if (state.errors[accountId] !== signature) items.push(errorItem(failure));
				continue;
			}
			if (result.status !== 'fulfilled') continue;
			const status = result.value;
			const detected = detectEvents(previous, status, { fireOn, fireForAlreadyPending });
			next.accounts[accountId] = detected.next;
			for (const found of detected.events) items.push(eventItem(found.event, accountId, status, found));
		}

		// Only write when something changed: every write is saved by n8n. Accounts no longer
		// watched are dropped, so the state stays as small as the list.
		for (const key of ['accounts', 'errors', 'deferred'] as const) {
			if (JSON.stringify(staticData[key] ?? null) !== JSON.stringify(next[key])) {
				staticData[key] = next[key] as unknown as IDataObject;
			}
		}

		return items.length > 0 ? [items] : null;
	}
}

/**
 * Manual runs ("Fetch Test Event") show every account's current status, whether or not
 * anything is new, and never touch the stored state (the active workflow must not miss a
 * request because someone looked at it in the editor).
 */
function manualSample(
	node: INode,
	accountIds: string[],
	resultByAccount: Map<string, PoolResult<AccountStatus>>,
	failureByAccount: Map<string, AccountFailure>,
): INodeExecutionData[] {
	return accountIds.map((accountId) => {
		const result = resultByAccount.get(accountId);
		const failure = failureByAccount.get(accountId);
		if (failure) return errorItem(failure);
		if (result?.status !== 'fulfilled') {
			const notPolled = new NodeOperationError(node, `Account ${accountId} was not polled`);
			return errorItem(describeFailure(node, accountId, notPolled));
		}
		const status = result.value;
		const pending = status.pending_assistance ?? null;
		if (pending) {
			return eventItem('code_requested', accountId, status, {
				requestId: pending.id,
				descriptor: pending.descriptor,
				attempts: typeof pending.attempts === 'number' ? pending.attempts : null,
			});
		}
		return {
			json: {
				event: 'no_pending_request',
				accountId,
				requestId: null,
				descriptor: null,
				attempts: null,
				sessionRunning: status.session_running ?? null,
				status: status as unknown as IDataObject,
			},
		};
	});
}

function allFailedError(ctx: IPollFunctions, failures: AccountFailure[]): NodeApiError | NodeOperationError {
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
		ctx.getNode(),
		`Could not read the status of any of the ${failures.length} Reconbanker accounts`,
		{
			description: `${listed}${more}. Check the API key (scope status:read, its account allow-list) and the account IDs.`,
		},
	);
}
