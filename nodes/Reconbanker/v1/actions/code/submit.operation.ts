import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maskCode } from '../../../../shared/code';
import { submitCode } from '../../../../transport/external-api';
import { accountIdProperty, forOperation } from '../common';
import type { Operation, OperationResult } from '../types';
import { checkBeforeGuards, MIN_GRACE_SECONDS } from './submit/before-send';
import { runGuards } from './submit/guards';
import { confirmSent, markSent } from './submit/markers';
import { GUARDS, SubmitStore } from './submit/store';
import { watchOutcome } from './submit/watch';

const show = (property: INodeProperties) => forOperation('code', 'submit', property);
const whenChecking = { show: { checkPendingRequest: [true] } };
const whenWaiting = { show: { waitForResult: [true] } };

const properties: INodeProperties[] = [
	show(accountIdProperty),
	show({
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.code }}',
		description:
			'The one-time code the bank sent. Never invent or guess one: a wrong code spends one of the few attempts the bank allows. Spaces, dashes and dots between characters and non-ASCII digits are cleaned up.',
	}),
	show({
		displayName: 'Answer',
		name: 'requestToAnswer',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'The Request It Is For',
				value: 'named',
				description:
					"The Request ID below; if empty, the input item's requestId (from a Reconbanker trigger, Get Status, Wait for Code Request or Extract From Text); if neither, any pending request",
			},
			{
				name: 'Any Pending Request',
				value: 'anyPending',
				description: 'Whatever request is pending when the code goes out, even a newer one than the code is for',
			},
		],
		default: 'named',
		description: 'Which request the code answers. A code meant for an older request must never reach a newer one.',
	}),
	show({
		// Never hidden by another option: n8n drops a hidden parameter's value, and this one is a guard.
		displayName: 'Request ID',
		name: 'requiredRequestId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.requestId }}',
		description:
			"Submit only if this request is the pending one. Leave empty to use the input item's requestId. Ignored with Answer = Any Pending Request.",
	}),
	show({
		displayName: 'Check a Request Is Pending',
		name: 'checkPendingRequest',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the status first and submit only if a login is waiting for a code. A submit with nothing pending still spends one of the 5 attempts per 10 minutes.',
	}),
	show({
		displayName: 'If Nothing Is Pending',
		name: 'whenNothingPending',
		type: 'options',
		displayOptions: whenChecking,
		options: [
			{ name: 'Fail', value: 'error', description: 'Stop with an error' },
			{
				name: 'Output Not Submitted',
				value: 'output',
				description: 'Output {submitted: false, reason} and go on',
			},
		],
		default: 'error',
		description: 'What to do when no code request is pending, it is not the required one, or no login is running',
	}),
	show({
		displayName: 'Validate Against the Request',
		name: 'validateAgainstRequest',
		type: 'boolean',
		displayOptions: whenChecking,
		default: true,
		description: "Whether to refuse a code that does not fit the pending request's length and type, without sending it",
	}),
	show({
		displayName: 'Clean Up Code',
		name: 'normaliseCode',
		type: 'boolean',
		default: true,
		description:
			'Whether to trim the code, drop separators between characters and fold full-width and Arabic-Indic digits to 0-9',
	}),
	show({
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: false,
		description:
			'Whether to watch the account after submitting and report accepted, rejected (the login asked again) or unknown (timeout)',
	}),
	show({
		displayName: 'Result Timeout (Seconds)',
		name: 'resultTimeoutSeconds',
		type: 'number',
		displayOptions: whenWaiting,
		typeOptions: { minValue: 5, maxValue: 600 },
		default: 60,
		description: 'How long to watch before reporting "unknown"',
	}),
	show({
		displayName: 'Grace Period (Seconds)',
		name: 'gracePeriodSeconds',
		type: 'number',
		displayOptions: whenWaiting,
		typeOptions: { minValue: MIN_GRACE_SECONDS, maxValue: 300 },
		default: 20,
		description:
			'How long the request must stay cleared to count as accepted. A rejected code reopens a request 1–17 seconds later, so at least 20.',
	}),
	show({
		displayName: 'Poll Interval (Seconds)',
		name: 'resultPollIntervalSeconds',
		type: 'number',
		displayOptions: whenWaiting,
		typeOptions: { minValue: 1, maxValue: 60 },
		default: 2,
		description: 'How often to read the status while waiting for the result (every 0.5 s during the first 20 s)',
	}),
	show({
		displayName: 'Attempt Safety',
		name: 'attemptSafety',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'If Already Answered',
				name: 'whenAlreadyAnswered',
				type: 'options',
				options: [
					{
						name: 'Output Not Submitted',
						value: 'output',
						description: "Output {submitted: false, reason: 'already_answered'}: a repeated notification ends quietly",
					},
					{ name: 'Fail', value: 'error', description: 'Stop with an error' },
				],
				default: 'output',
				description: 'What to do when this workflow already sent a code for the request (a redelivered notification, a second item)',
			},
			{
				displayName: 'One Code per Request',
				name: 'oneCodePerRequest',
				type: 'boolean',
				default: true,
				description:
					'Whether to send at most one code to each request, across executions of this workflow (also when two run at the same moment)',
			},
			{
				displayName: 'Refuse a Code Already Sent',
				name: 'refuseRepeatedCode',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse a code that already went to this account in the last 10–20 minutes: the login asking again after it means the bank rejected it',
			},
			{
				displayName: 'Stop After Rejected Codes',
				name: 'maxRejectedCodes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 5 },
				default: 2,
				description:
					'After this many codes sent to one account within 10–20 minutes (each followed by a new request, so most likely rejected), refuse further automatic submits for that account. 0 turns this off.',
			},
			{
				displayName: 'When No Login Is Running',
				name: 'whenNoLiveLogin',
				type: 'options',
				options: [
					{
						name: 'Do Not Send',
						value: 'refuse',
						description: 'A code sent now would be held and used later, when it is likely stale',
					},
					{ name: 'Send Anyway', value: 'send', description: 'The code is held until a login resumes' },
				],
				default: 'refuse',
				description: 'What to do when a request is pending but no login session is live (session_running is false)',
			},
		],
	}),
];

/** HTTP answers that prove the code did not reach the login (nothing to remember it by). */
function provesNotDelivered(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	return (status >= 300 && status < 400) || [400, 401, 403, 404, 429].includes(status);
}

export const submitOperation: Operation = {
	value: 'submit',
	name: 'Submit',
	action: 'Submit a one-time code',
	description:
		'Send a one-time code the bank sent to the login waiting for it, once, after checking it fits. Never invent or guess a code.',
	spendsAttempt: true,
	properties,
	async execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
		const before = await checkBeforeGuards(this, itemIndex);
		if ('done' in before) return before.done;
		const { checked } = before;
		const guarded = await runGuards(this, itemIndex, checked);
		if ('done' in guarded) return guarded.done;
		const { accountId, code, pending, target, waitSettings } = checked;
		const store = new SubmitStore(this, itemIndex);

		try {
			await submitCode.call(this, accountId, code, itemIndex);
		} catch (error) {
			// No answer or a 5xx: the code may have gone out, so everything recorded stays (and is marked).
			if (provesNotDelivered(error)) await store.forget(GUARDS, guarded.keys);
			else await markSent(store, accountId);
			throw error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
		const sentAtMs = Date.now();
		const marker = await markSent(store, accountId);
		const result: IDataObject = {
			accountId,
			submitted: true,
			requestId: target,
			maskedCode: maskCode(code),
			codeLength: code.length,
		};
		const [, watched] = await Promise.all([
			confirmSent(store, { accountId, marker, guardKeys: guarded.keys }),
			!waitSettings
				? undefined
				: pending
					? watchOutcome(
							this,
							store,
							{ accountId, submittedRequestId: pending.id, marker, sentAtMs, settings: waitSettings },
							itemIndex,
						)
					: // Nothing was pending before the POST (checks off): a request seen later cannot be told apart.
						Promise.resolve({ outcome: 'unknown', watchError: 'No request was pending before the code was sent' }),
		]);
		if (watched) Object.assign(result, watched);
		return { items: [result], codeSent: true };
	},
};
