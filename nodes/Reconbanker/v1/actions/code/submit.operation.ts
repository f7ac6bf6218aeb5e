import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maskCode, normaliseCode } from '../../../../shared/code';
import { validateCodeForDescriptor } from '../../../../shared/descriptor';
import { OutcomeWatcher, type AccountStatus, type OutcomeObservation } from '../../../../shared/status';
import { getAccountStatus, submitCode } from '../../../../transport/external-api';
import { accountIdProperty, checkInput, forOperation, pollUntil, readAccountId, readSeconds } from '../common';
import type { Operation } from '../types';

/** A rejected code reopens a request up to ~17 s after the old one cleared (real server). */
const MIN_GRACE_SECONDS = 20;

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
		description: 'The one-time code. Spaces, dashes and dots between characters and non-ASCII digits are cleaned up.',
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
		description: 'What to do when no code request is pending (or it is not the required one)',
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
		displayName: 'Required Request ID',
		name: 'requiredRequestId',
		type: 'string',
		displayOptions: whenChecking,
		default: '',
		placeholder: 'e.g. {{ $json.requestId }}',
		description:
			'Submit only if this request is the pending one, so a code meant for an older request never goes to a newer one. Leave empty to accept any pending request.',
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
			'Whether to watch the status after submitting and report accepted, rejected (a new request opened) or unknown (timeout)',
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
		description: 'How often to read the status while waiting for the result',
	}),
];

function readRawCode(ctx: IExecuteFunctions, itemIndex: number, clean: boolean): string {
	const raw = ctx.getNodeParameter('code', itemIndex) as unknown;
	return checkInput(ctx, itemIndex, () => {
		if (clean) return normaliseCode(raw);
		const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
		if (text.length === 0 || text.length > 32) throw new Error('The code must be text of 1 to 32 characters');
		return text;
	});
}

interface WaitSettings {
	timeoutMs: number;
	graceMs: number;
	intervalMs: number;
}

/** Read and checked before the POST: nothing may fail between a 202 and its report. */
function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const timeoutSeconds = readSeconds(ctx, 'resultTimeoutSeconds', itemIndex, 60, { min: 5, max: 600 });
	const graceSeconds = readSeconds(ctx, 'gracePeriodSeconds', itemIndex, 20, { min: MIN_GRACE_SECONDS, max: 300 });
	const intervalSeconds = readSeconds(ctx, 'resultPollIntervalSeconds', itemIndex, 2, { min: 1, max: 60 });
	if (timeoutSeconds <= graceSeconds + intervalSeconds) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The result timeout (${timeoutSeconds} s) must be longer than the grace period plus the poll interval (${graceSeconds + intervalSeconds} s)`,
			{ itemIndex, description: 'Otherwise the outcome could only ever be "unknown". The code was not sent.' },
		);
	}
	return { timeoutMs: timeoutSeconds * 1000, graceMs: graceSeconds * 1000, intervalMs: intervalSeconds * 1000 };
}

/**
 * Watches the status after a 202. Never throws: the code is already with the login, so a failed
 * status read becomes outcome "unknown" (with the reason) rather than an error that invites a resubmit.
 */
async function watchOutcome(
	ctx: IExecuteFunctions,
	accountId: string,
	submittedRequestId: string,
	settings: WaitSettings,
	itemIndex: number,
): Promise<IDataObject> {
	const watcher = new OutcomeWatcher(submittedRequestId, settings.graceMs);
	try {
		const observation = await pollUntil<OutcomeObservation>(
			async () => {
				const status = await getAccountStatus.call(ctx, accountId, itemIndex);
				const seen = watcher.observe(status, Date.now());
				return seen.state === 'waiting' ? undefined : seen;
			},
			settings.timeoutMs,
			settings.intervalMs,
		);
		if (!observation) return { outcome: 'unknown' };
		if (observation.state === 'rejected') return { outcome: 'rejected', newRequest: { ...observation.newRequest } };
		return { outcome: 'accepted' };
	} catch (error) {
		return { outcome: 'unknown', watchError: (error as Error).message };
	}
}

export const submitOperation: Operation = {
	value: 'submit',
	name: 'Submit',
	action: 'Submit a one-time code',
	description: 'Send a one-time code to the login waiting for it, once, after checking it fits',
	spendsAttempt: true,
	properties,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const accountId = readAccountId(this, itemIndex);
		const clean = this.getNodeParameter('normaliseCode', itemIndex, true) as boolean;
		let code = readRawCode(this, itemIndex, clean);
		const checkPending = this.getNodeParameter('checkPendingRequest', itemIndex, true) as boolean;
		const waitForResult = this.getNodeParameter('waitForResult', itemIndex, false) as boolean;
		const waitSettings = waitForResult ? readWaitSettings(this, itemIndex) : null;

		let status: AccountStatus | null = null;
		if (checkPending || waitForResult) status = await getAccountStatus.call(this, accountId, itemIndex);
		const pending = status?.pending_assistance ?? null;

		if (checkPending) {
			// An expression that found no request id (null/undefined) means "no requirement", not the text "null".
			const requiredRequestId = String(this.getNodeParameter('requiredRequestId', itemIndex, '') ?? '').trim();
			const refusal = !pending
				? { reason: 'no_pending_request', message: `No code request is pending for account ${accountId}` }
				: requiredRequestId && pending.id !== requiredRequestId
					? {
							reason: 'request_changed',
							message: `The pending request for account ${accountId} is not the required one (${requiredRequestId})`,
						}
					: null;
			if (refusal) {
				if (this.getNodeParameter('whenNothingPending', itemIndex, 'error') === 'output') {
					return { items: [{ accountId, submitted: false, reason: refusal.reason, pendingRequestId: pending?.id ?? null }] };
				}
				throw new NodeOperationError(this.getNode(), refusal.message, {
					itemIndex,
					description: 'The code was not sent, so no attempt was spent.',
				});
			}
			if (this.getNodeParameter('validateAgainstRequest', itemIndex, true) as boolean) {
				const descriptor = pending?.descriptor ?? null;
				const raw = this.getNodeParameter('code', itemIndex) as unknown;
				code = checkInput(this, itemIndex, () => {
					const checked = clean ? normaliseCode(raw, descriptor) : code;
					validateCodeForDescriptor(checked, descriptor);
					return checked;
				});
			}
		}

		await submitCode.call(this, accountId, code, itemIndex);
		const result: IDataObject = {
			accountId,
			submitted: true,
			requestId: pending?.id ?? null,
			maskedCode: maskCode(code),
			codeLength: code.length,
		};
		if (waitSettings) {
			Object.assign(
				result,
				pending
					? await watchOutcome(this, accountId, pending.id, waitSettings, itemIndex)
					: // Nothing was pending before the POST (checks off): a request seen later cannot be told apart.
						{ outcome: 'unknown', watchError: 'No request was pending before the code was sent' },
			);
		}
		return { items: [result], codeSent: true };
	},
};
