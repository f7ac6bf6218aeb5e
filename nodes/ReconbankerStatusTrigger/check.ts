/**
 * One status check over a list of accounts: the part the Status Trigger (n8n's minute polls) and the
 * Status Watch (its own loop, every few seconds) share. Parameters are read and checked once per
 * check (`readCheckSettings`), the credential once (`openStatusReader`); the per-account work is
 * plain code — no parameter, credential or expression reads per account.
 */
import type { INodeExecutionData, IPollFunctions, ITriggerFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../shared/account-ids';
import type { AccountStatus } from '../shared/status';
import { invalidAccountIdError } from '../transport/external-api';
import { openStatusReader } from '../transport/status-reader';
import {
	WATCHED_EVENTS,
	detectEvents,
	isAccountStatus,
	pollOrder,
	type AccountCursor,
	type TriggerState,
	type WatchedEvent,
} from './cursor';
import { allFailedError, describeFailure, failureSignature, type AccountFailure } from './failures';
import { errorItem, eventItem } from './items';
import { beginCheck, loadState, saveState } from './live-state';
import { runPool, type PoolResult } from './pool';
import { DEFAULT_MAX_CONCURRENCY, MAX_CONCURRENCY } from './properties';

export type StatusContext = IPollFunctions | ITriggerFunctions;

export interface CheckSettings {
	accountIds: string[];
	fireOn: ReadonlySet<WatchedEvent>;
	fireForAlreadyPending: boolean;
	maxConcurrency: number;
}

interface CheckOptionsParameter {
	maxConcurrency?: number;
	fireForAlreadyPending?: boolean;
}

/** Reads and checks the parameters both nodes share; throws before any request goes out. */
export function readCheckSettings(ctx: StatusContext): CheckSettings {
	const node = ctx.getNode();
	const { valid: accountIds, invalid } = parseAccountIds(ctx.getNodeParameter('accountIds', ''));
	if (invalid.length > 0) throw invalidAccountIdError(ctx, invalid[0]);
	if (accountIds.length === 0) {
		throw new NodeOperationError(node, 'No account IDs to watch', {
			description: 'Enter at least one Reconbanker account ID in "Account IDs".',
		});
	}
	const fireOnValues = ctx.getNodeParameter('fireOn', []) as string[];
	const fireOn = new Set(WATCHED_EVENTS.filter((event) => fireOnValues.includes(event)));
	if (fireOn.size === 0) {
		throw new NodeOperationError(node, 'No events selected in "Fire On"', {
			description: 'Select at least one of New Code Request, Resend or Request Cleared.',
		});
	}
	const options = ctx.getNodeParameter('options', {}) as CheckOptionsParameter;
	return {
		accountIds,
		fireOn,
		fireForAlreadyPending: options.fireForAlreadyPending !== false,
		maxConcurrency: Math.min(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, MAX_CONCURRENCY),
	};
}

export interface Readings {
	/** Each account's read: fulfilled, rejected, or skipped (not started: the time budget ran out). */
	results: Map<string, PoolResult<AccountStatus>>;
	failures: Map<string, AccountFailure>;
}

export interface ReadOptions {
	/** Asked before each request starts; false leaves the accounts not started yet for later. */
	shouldStart?: () => boolean;
	/** Cancels the requests in flight (the Status Watch being stopped). */
	abortSignal?: AbortSignal;
}

/**
 * Reads the status of `order` (at most `maxConcurrency` at once). Throws when every account that
 * was read failed: nothing could be read, so the check as a whole failed (state stays as it was).
 */
export async function readStatuses(
	ctx: StatusContext,
	order: string[],
	maxConcurrency: number,
	options: ReadOptions = {},
): Promise<Readings> {
	const node = ctx.getNode();
	const reader = await openStatusReader(ctx);
	const pooled = await runPool(
		order,
		maxConcurrency,
		async (accountId): Promise<AccountStatus> => {
			const body = await reader.read(accountId, options.abortSignal);
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
		{ shouldStart: options.shouldStart },
	);
	const results = new Map<string, PoolResult<AccountStatus>>();
	const failures = new Map<string, AccountFailure>();
	let readCount = 0;
	order.forEach((accountId, index) => {
		const result = pooled[index];
		results.set(accountId, result);
		if (result.status !== 'skipped') readCount++;
		if (result.status === 'rejected') failures.set(accountId, describeFailure(node, accountId, result.reason));
	});
	if (readCount > 0 && failures.size === readCount) throw allFailedError(node, [...failures.values()]);
	return { results, failures };
}

export interface CheckOutcome {
	/** Output 0 ("Code Requests"). */
	events: INodeExecutionData[];
	/** Output 1 ("Poll Errors"): accounts that failed with an error not reported before. */
	errors: INodeExecutionData[];
	next: TriggerState;
}

/**
 * Turns one check's readings into events and the next state. Accounts are visited in the order of
 * the list; an account left out (skipped) keeps its state and is read first next time (`deferred`);
 * a failing account keeps its cursor and reports each distinct error once.
 */
export function compareWithState(
	settings: CheckSettings,
	state: TriggerState,
	readings: Readings,
): CheckOutcome {
	const next: TriggerState = { accounts: {}, errors: {}, deferred: [] };
	const events: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	for (const accountId of settings.accountIds) {
		const result = readings.results.get(accountId);
		const previous: AccountCursor | undefined = state.accounts[accountId];
		if (result === undefined || result.status === 'skipped') {
			if (previous) next.accounts[accountId] = previous;
			if (state.errors[accountId] !== undefined) next.errors[accountId] = state.errors[accountId];
			next.deferred.push(accountId);
			continue;
		}
		const failure = readings.failures.get(accountId);
		if (result.status === 'rejected' && failure) {
			const signature = failureSignature(failure);
			if (previous) next.accounts[accountId] = previous;
			next.errors[accountId] = signature;
			if (state.errors[accountId] !== signature) errors.push(errorItem(failure));
			continue;
		}
		if (result.status !== 'fulfilled') continue;
		const status = result.value;
		const detected = detectEvents(previous, status, settings);
		next.accounts[accountId] = detected.next;
		for (const found of detected.events) events.push(eventItem(found.event, accountId, status, found));
	}
	return { events, errors, next };
}

/**
 * One check of an active trigger: the remembered state, every account read, the events found, the
 * new state kept. Undefined when it did not run or was cut short: a check of the same workflow node
 * was still running, or `abortSignal` fired (the state is then left as it was).
 */
export async function checkAndRemember(
	ctx: StatusContext,
	settings: CheckSettings,
	options: ReadOptions = {},
): Promise<CheckOutcome | undefined> {
	const endCheck = beginCheck(ctx);
	if (!endCheck) return undefined;
	try {
		const state = loadState(ctx);
		const order = pollOrder(settings.accountIds, state.deferred);
		const readings = await readStatuses(ctx, order, settings.maxConcurrency, options);
		if (options.abortSignal?.aborted) return undefined;
		const outcome = compareWithState(settings, state, readings);
		saveState(ctx, outcome.next);
		return outcome;
	} finally {
		endCheck();
	}
}
