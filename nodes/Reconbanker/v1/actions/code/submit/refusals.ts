/**
 * Every way Submit declines to send, with its message. Each says what happened, that nothing was
 * sent, and what to do. Refusals that only mean "not now" can be output items
 * (`{submitted: false, reason}`); those that need the user are errors (Continue On Fail still applies).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maskCode } from '../../../../../shared/code';
import type { OperationResult } from '../../types';
import type { Safety } from './options';

const NOT_SENT = 'The code was not sent, so no attempt was spent.';

export function refusals(ctx: IExecuteFunctions, itemIndex: number, accountId: string) {
	const outputWhenNotPending = () => ctx.getNodeParameter('whenNothingPending', itemIndex, 'error') === 'output';
	const notSubmitted = (reason: string, fields: Record<string, unknown>): OperationResult => ({
		items: [{ accountId, submitted: false, reason, ...fields }],
	});
	const error = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });

	return {
		/** This workflow already sent (or is sending) a code for the request: a repeat, quiet by default. */
		alreadyAnswered(safety: Safety, requestId: string, pendingRequestId: string | null): OperationResult {
			if (safety.whenAlreadyAnswered === 'error') {
				throw error(
					`Request ${requestId} of account ${accountId} was already answered by this workflow`,
					`A repeated notification or a second item for the same request. ${NOT_SENT}`,
				);
			}
			return notSubmitted('already_answered', { requestId, pendingRequestId });
		},

		notPending(requestId: string | null, pendingRequestId: string | null): OperationResult {
			const [reason, message] = pendingRequestId
				? ['request_changed', `The pending request for account ${accountId} is not the required one (${requestId})`]
				: ['no_pending_request', `No code request is pending for account ${accountId}`];
			if (outputWhenNotPending()) return notSubmitted(reason, { requestId, pendingRequestId });
			throw error(message, NOT_SENT);
		},

		noLiveLogin(pendingRequestId: string): OperationResult {
			if (outputWhenNotPending()) return notSubmitted('no_live_login', { requestId: pendingRequestId, pendingRequestId });
			throw error(
				`No login is waiting for a code on account ${accountId} right now (session_running is false)`,
				'A code sent now would be held and used later, when the login resumes — by then it is likely stale, and a wrong code spends one of the bank\'s attempts. Wait for the request a running login opens, or set Attempt Safety → "When No Login Is Running" to "Send Anyway". ' +
					NOT_SENT,
			);
		},

		repeatedCode(code: string): NodeOperationError {
			return error(
				`This code (${maskCode(code)}) was already sent to account ${accountId} in the last 10–20 minutes, and the login asked for a code again after it, so the bank most likely rejected it`,
				'Sending it again would spend another of the bank\'s attempts for nothing. Check the code source: for an authenticator (TOTP), its secret; for an SMS or email, that the newest message is read; for a person, that they typed the new code. ' +
					NOT_SENT +
					' (Attempt Safety → "Refuse a Code Already Sent" turns this check off.)',
			);
		},

		tooManyRejected(earlier: number): NodeOperationError {
			return error(
				`${earlier} codes were already sent to account ${accountId} in the last 10–20 minutes and the login asked again after each, so the bank most likely rejected them: automatic submits for this account are paused`,
				'More wrong codes could make the bank lock the login. Check the code source (an authenticator\'s secret, the SMS or email that is read, the person typing) and the account in the Reconbanker dashboard. The pause lifts by itself 10–20 minutes after the last code sent; Attempt Safety → "Stop After Rejected Codes" sets the number (0 turns it off). ' +
					NOT_SENT,
			);
		},
	};
}
