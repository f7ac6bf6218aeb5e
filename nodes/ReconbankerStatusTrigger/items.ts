/**
 * The items the Status Trigger emits: one shape for events, poll errors and manual samples.
 * Events and samples go to output 0 ("Code Requests"), poll errors to output 1 ("Poll Errors").
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AccountStatus } from '../shared/status';
import type { WatchedEvent } from './cursor';
import { describeFailure, type AccountFailure } from './failures';
import type { PoolResult } from './pool';

export function eventItem(
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

export function errorItem(failure: AccountFailure): INodeExecutionData {
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

/**
 * Manual runs ("Fetch Test Event") show every account's current status, whether or not
 * anything is new, and never touch the stored state (the active workflow must not miss a
 * request because someone looked at it in the editor). Returns the node's two outputs: the
 * samples (output 0) and the accounts that could not be read (output 1), each in account order.
 */
export function manualSample(
	node: INode,
	accountIds: string[],
	resultByAccount: Map<string, PoolResult<AccountStatus>>,
	failureByAccount: Map<string, AccountFailure>,
): [INodeExecutionData[], INodeExecutionData[]] {
	const samples: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	for (const accountId of accountIds) {
		const result = resultByAccount.get(accountId);
		const failure = failureByAccount.get(accountId);
		if (failure) {
			errors.push(errorItem(failure));
			continue;
		}
		if (result?.status !== 'fulfilled') {
			const notPolled = new NodeOperationError(node, `Account ${accountId} was not polled`);
			errors.push(errorItem(describeFailure(node, accountId, notPolled)));
			continue;
		}
		const status = result.value;
		const pending = status.pending_assistance ?? null;
		if (pending) {
			samples.push(
				eventItem('code_requested', accountId, status, {
					requestId: pending.id,
					descriptor: pending.descriptor,
					attempts: typeof pending.attempts === 'number' ? pending.attempts : null,
				}),
			);
			continue;
		}
		samples.push({
			json: {
				event: 'no_pending_request',
				accountId,
				requestId: null,
				descriptor: null,
				attempts: null,
				sessionRunning: status.session_running ?? null,
				status: status as unknown as IDataObject,
			},
		});
	}
	return [samples, errors];
}
