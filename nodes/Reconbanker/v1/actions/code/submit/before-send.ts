/**
 * Everything Submit checks before its store-backed guards: the parameters, the status read, the
 * request the code is for, the code against the request, and a live login.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answeredKey } from '../../../../../shared/attempt-keys';
import { normaliseCode } from '../../../../../shared/code';
import { validateCodeForDescriptor } from '../../../../../shared/descriptor';
import type { AccountStatus } from '../../../../../shared/status';
import { getAccountStatus } from '../../../../../transport/external-api';
import { checkInput, readAccountId, readSeconds } from '../../common';
import type { OperationResult } from '../../types';
import { readRequestChoice, readSafety, type Safety } from './options';
import { refusals } from './refusals';
import { GUARDS, SubmitStore } from './store';
import type { WaitSettings } from './watch';

/** A rejected code reopens a request up to ~17 s after the old one cleared (real server). */
export const MIN_GRACE_SECONDS = 20;

function readRawCode(ctx: IExecuteFunctions, itemIndex: number, clean: boolean): string {
	const raw = ctx.getNodeParameter('code', itemIndex) as unknown;
	return checkInput(ctx, itemIndex, () => {
		if (clean) return normaliseCode(raw);
		const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
		if (text.length === 0 || text.length > 32) throw new Error('The code must be text of 1 to 32 characters');
		return text;
	});
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

export interface Checked {
	accountId: string;
	code: string;
	pending: AccountStatus['pending_assistance'];
	/** The request the code is for: named, or the pending one. */
	target: string | null;
	safety: Safety;
	waitSettings: WaitSettings | null;
}

/** What comes before the guards: parameters, the status read, the request and the code checks. */
export async function checkBeforeGuards(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ done: OperationResult } | { checked: Checked }> {
	const accountId = readAccountId(ctx, itemIndex);
	const clean = ctx.getNodeParameter('normaliseCode', itemIndex, true) as boolean;
	let code = readRawCode(ctx, itemIndex, clean);
	const checkPending = ctx.getNodeParameter('checkPendingRequest', itemIndex, true) as boolean;
	const waitForResult = ctx.getNodeParameter('waitForResult', itemIndex, false) as boolean;
	const waitSettings = waitForResult ? readWaitSettings(ctx, itemIndex) : null;
	const safety = readSafety(ctx, itemIndex);
	const { requestId } = readRequestChoice(ctx, itemIndex);
	const store = new SubmitStore(ctx, itemIndex);
	store.assertAvailable();
	const refuse = refusals(ctx, itemIndex, accountId);

	let status: AccountStatus | null = null;
	if (checkPending || waitForResult) status = await getAccountStatus.call(ctx, accountId, itemIndex);
	const pending = status?.pending_assistance ?? null;

	if (checkPending) {
		if (!pending || (requestId && pending.id !== requestId)) {
			// A request this workflow already answered is gone or replaced: a repeated run, not a failure.
			if (requestId && (await answeredBefore(store, requestId))) {
				return { done: refuse.alreadyAnswered(safety, requestId, pending?.id ?? null) };
			}
			return { done: refuse.notPending(requestId, pending?.id ?? null) };
		}
		if (ctx.getNodeParameter('validateAgainstRequest', itemIndex, true) as boolean) {
			const raw = ctx.getNodeParameter('code', itemIndex) as unknown;
			code = checkInput(ctx, itemIndex, () => {
				const checked = clean ? normaliseCode(raw, pending.descriptor ?? null) : code;
				validateCodeForDescriptor(checked, pending.descriptor ?? null);
				return checked;
			});
		}
		if (status?.session_running === false && safety.whenNoLiveLogin === 'refuse') {
			return { done: refuse.noLiveLogin(pending.id) };
		}
	}
	return { checked: { accountId, code, pending, target: requestId ?? pending?.id ?? null, safety, waitSettings } };
}

/** Whether some execution of this workflow claimed the request (records it: harmless, it is not pending). */
async function answeredBefore(store: SubmitStore, requestId: string): Promise<boolean> {
	const key = answeredKey(requestId);
	return (await store.recordWithRetry(GUARDS, [key])).had.has(key);
}

