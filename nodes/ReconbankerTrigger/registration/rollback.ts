/**
 * Undoing a partly done registration: when a write fails, the accounts this activation already
 * changed are put back (newest first) before the error is thrown.
 */
import type { IHookFunctions } from 'n8n-workflow';

import { restoreAccount, type DesiredNotification } from './notification-config';
import type { RegistrationState } from './state';

export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Restores the accounts changed so far (newest first), after a failed write. Returns a sentence
 * for the error description. An account whose restore fails stays in the state (for the `delete`
 * n8n runs next) and is named with the settings it had before, to put back by hand.
 */
export async function rollBack(
	ctx: IHookFunctions,
	changed: string[],
	state: RegistrationState,
	desired: DesiredNotification,
): Promise<string> {
	if (changed.length === 0) return 'No account was changed.';
	const restored: string[] = [];
	const failed: string[] = [];
	for (const accountId of [...changed].reverse()) {
		try {
			await restoreAccount(ctx, accountId, state.accounts[accountId]?.previous, [desired.webhookUrl], desired.token);
			delete state.accounts[accountId];
			restored.push(accountId);
		} catch (error) {
			const before = state.accounts[accountId]?.previous;
			const was = before?.endpointUrl ? `it notified ${before.endpointUrl}` : 'it had no notification endpoint';
			failed.push(`${accountId} (${messageOf(error)}; before, ${was})`);
		}
	}
	const parts: string[] = [];
	if (restored.length > 0) {
		parts.push(`The notification settings of ${restored.join(', ')} were changed before the failure and have been put back.`);
	}
	if (failed.length > 0) {
		parts.push(
			`Putting back the notification settings of ${failed.join('; ')} failed too: they still point at this webhook. Check them in the Reconbanker dashboard.`,
		);
	}
	return parts.join(' ');
}
