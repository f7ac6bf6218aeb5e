/**
 * What Find Waiting Account makes of its decision: the found account as an item, and every other
 * answer as an error or (for "none waiting", when the user chose so) an item. Messages name account
 * IDs and what their requests expect, never the code.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeDescriptor } from '../../../../../shared/descriptor';
import { statusOutput } from '../../../../../shared/status';
import type { WaitingDecision } from '../../../../../shared/waiting-account';
import type { OperationResult } from '../../types';

/** How many account IDs a message lists before "and N more". */
const MAX_LISTED = 10;
const NOTHING_SENT = 'Nothing was submitted.';

export type WhenNoneWaiting = 'error' | 'nothing' | 'notFound';

export interface AnswerContext {
	itemIndex: number;
	accountCount: number;
	/** The cleaned-up code, or null when none was given. */
	code: string | null;
	whenNoneWaiting: WhenNoneWaiting;
}

export function listIds(ids: readonly string[]): string {
	const listed = ids.slice(0, MAX_LISTED).join(', ');
	return ids.length > MAX_LISTED ? `${listed} and ${ids.length - MAX_LISTED} more` : listed;
}

const accounts = (count: number) => (count === 1 ? '1 account' : `${count} accounts`);

export function answer(ctx: IExecuteFunctions, decision: WaitingDecision, context: AnswerContext): OperationResult {
	const { itemIndex, accountCount, code } = context;
	const fail = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const withCode: IDataObject = code === null ? {} : { code };

	switch (decision.kind) {
		case 'found':
			return {
				items: [
					{
						found: true,
						...statusOutput(decision.status),
						accountId: decision.accountId,
						...withCode,
						accountsChecked: accountCount,
						unreadableAccountIds: decision.unreadable,
					},
				],
			};

		case 'several':
			throw fail(
				`${decision.accountIds.length} accounts are waiting for ${code === null ? 'a code' : 'a code like this one'}: ${listIds(decision.accountIds)}`,
				'The node never picks one of several waiting accounts: the code could be for any of them, and a code sent to the wrong login spends one of its bank\'s attempts. ' +
					(code === null
						? 'Give the code in "Code" so only accounts whose request it fits count, or answer one login at a time. '
						: 'Their requests expect the same kind of code. Answer one login at a time (each account\'s code then arrives alone). ') +
					NOTHING_SENT,
			);

		case 'unreadable': {
			const listed = decision.unreadable
				.slice(0, MAX_LISTED)
				.map(({ accountId, message }) => `${accountId}: ${message}`)
				.join('; ');
			const more = decision.unreadable.length > MAX_LISTED ? ` (and ${decision.unreadable.length - MAX_LISTED} more)` : '';
			throw fail(
				`Could not read the status of ${decision.unreadable.length} of ${accounts(accountCount)}, so which one waits is not certain`,
				`${listed}${more}. Any of them might be the account waiting for this code, so none was chosen. ` +
					'Check the API key (scope status:read, and its account allow-list if it is limited to certain accounts) and the account IDs, or turn on Options → Ignore Unreadable Accounts. ' +
					NOTHING_SENT,
			);
		}

		case 'none': {
			const fitsNone = decision.reason === 'code_fits_none';
			if (context.whenNoneWaiting === 'nothing') return { items: [] };
			if (context.whenNoneWaiting === 'notFound') {
				return {
					items: [
						{
							found: false,
							reason: decision.reason,
							accountId: null,
							requestId: null,
							...withCode,
							accountsChecked: accountCount,
							waitingAccountIds: decision.waiting.map(({ accountId }) => accountId),
							unreadableAccountIds: decision.unreadable,
						},
					],
				};
			}
			if (!fitsNone) {
				throw fail(
					accountCount === 1
						? 'The account is not waiting for a code'
						: `None of the ${accountCount} accounts is waiting for a code`,
					'No login of these accounts asked for a code right now (the request may already be answered, or the login gave up). ' +
						'Check the account IDs, or set "If None Is Waiting" to output nothing. ' +
						NOTHING_SENT,
				);
			}
			const expected = decision.waiting
				.slice(0, MAX_LISTED)
				.map(({ accountId, descriptor }) => `${accountId} waits for ${describeDescriptor(descriptor)}`)
				.join('; ');
			throw fail(
				`The code fits none of the ${decision.waiting.length === 1 ? 'waiting request' : `${decision.waiting.length} waiting requests`}`,
				`${expected}. The code has ${code?.length ?? 0} characters. Check that the code was read from the right message. ` +
					NOTHING_SENT,
			);
		}
	}
}
