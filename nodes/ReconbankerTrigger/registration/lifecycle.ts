/**
 * Automatic registration of the Reconbanker Trigger's webhook: the `webhookMethods.default`
 * lifecycle (`checkExists` / `create` / `delete`) that points the listed accounts' notification
 * settings at this webhook on activation and puts back what was there on deactivation.
 *
 * Every write changes only the five notification fields (notification-config.ts); what was there
 * before is remembered in the node's static data (registration-state.ts).
 *
 * The notification token cannot be put back. The dashboard only ever returns it masked, and after
 * our PUT the stored token is OUR webhook token, so sending the mask on restore would keep our
 * token and hand it to the previous endpoint with every notification. Restoring therefore sends
 * `null` (no token) — the previous endpoint gets its URL, auth type, events and transport back but
 * must have its token re-entered in the dashboard — except when the previous endpoint was this
 * node's own webhook (typically: listening for a test event while the workflow is active, which
 * must hand the account back to the production registration): that token was ours, so it is sent
 * again. "This node's own webhook" is decided from the URL (see isOwnWebhookUrl), because n8n
 * gives a test webhook EMPTY static data (n8n 2.40 TestWebhooks.toWorkflow: `staticData: {}`), so
 * the production registration's remembered state is not visible to it.
 *
 * Manual registration changes nothing, but its checkExists/create still check the account list,
 * so that a mistyped ID fails the activation instead of silently dropping that account's events.
 *
 * The signing secret is a Reconbanker server setting, not part of an account's configuration, so
 * registration cannot set it.
 */
import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../../shared/account-ids';
import { getAccountConfig, putAccountConfig, type DashboardAccountConfig } from '../../transport/dashboard-api';
import { notPublicWebhookUrlText, webhookUrlProblem } from '../../transport/webhook-url';
import {
	matchesDesired,
	registrationFields,
	restoreAccount,
	withNotification,
	type DesiredNotification,
} from './notification-config';
import { loadState, previousFor, saveState, type RegistrationState } from './state';
import {
	accountIdsOf,
	checkAccountList,
	desiredAuthOf,
	desiredOf,
	isAutomatic,
	webhookUrlOf,
} from './settings';

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function descriptionOf(error: unknown): string {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' ? description : '';
}

/**
 * True when every listed account sends its notifications to this webhook as configured. With
 * manual registration: true once the account list checks out (nothing to register).
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		checkAccountList(this);
		return true;
	}
	const accountIds = accountIdsOf(this);
	const desired = await desiredOf(this);
	for (const accountId of accountIds) {
		const config = await getAccountConfig.call(this, accountId);
		if (!matchesDesired(config, desired)) return false;
	}
	return true;
}

/**
 * Points every listed account at this webhook. All configurations are read (and checked) before
 * the first write; if a write fails, the accounts already changed are restored before the error
 * is thrown (and a failed restore is named in its description).
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		checkAccountList(this);
		return true;
	}
	const accountIds = accountIdsOf(this);
	const desired = await desiredOf(this);

	const problem = webhookUrlProblem(desired.webhookUrl);
	if (problem) {
		const text = notPublicWebhookUrlText(desired.webhookUrl, problem);
		throw new NodeOperationError(this.getNode(), text.message, { description: text.description });
	}

	const configs: Array<DashboardAccountConfig | null> = [];
	for (const accountId of accountIds) configs.push(await getAccountConfig.call(this, accountId));

	const unconfigured = accountIds.filter((_, i) => !configs[i]?.webhook_url);
	if (unconfigured.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`${unconfigured.length === 1 ? 'Account' : 'Accounts'} ${unconfigured.join(', ')} ${unconfigured.length === 1 ? 'is' : 'are'} not configured in Reconbanker yet (no Webhook URL)`,
			{
				description:
					"Reconbanker only saves an account configuration that includes the account's Webhook URL (where it sends statements), and n8n cannot make one up. Set the account up in the Reconbanker dashboard first, then activate the workflow again. No account was changed.",
			},
		);
	}

	const state = loadState(this);
	const changed: string[] = [];
	for (const [i, accountId] of accountIds.entries()) {
		const config = configs[i] as DashboardAccountConfig;
		const existing = state.accounts[accountId];
		const previous = previousFor(this, config, existing, desired.webhookUrl);
		try {
			await putAccountConfig.call(
				this,
				accountId,
				withNotification(config, registrationFields(desired)),
				desired.webhookUrl,
			);
		} catch (error) {
			const rollback = await rollBack(this, changed, state, desired);
			saveState(this, state);
			const description = [descriptionOf(error), rollback].filter((part) => part !== '').join(' ');
			const message =
				accountIds.length > 1 ? `Account ${accountId}: ${messageOf(error)}` : messageOf(error);
			if (error instanceof NodeApiError) {
				throw new NodeApiError(this.getNode(), { message } as JsonObject, {
					message,
					description,
					httpCode: error.httpCode ?? undefined,
				});
			}
			throw new NodeOperationError(this.getNode(), message, { description });
		}
		state.accounts[accountId] = { webhookUrl: desired.webhookUrl, previous };
		changed.push(accountId);
		saveState(this, state);
	}
	return true;
}

/**
 * Restores the accounts changed so far (newest first), after a failed write. Returns a sentence
 * for the error description. n8n 2.40 does not save the static data of a failed activation, so an
 * account whose restore fails is named there with the settings it had before, to put back by hand.
 */
async function rollBack(
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

/**
 * Puts back the remembered notification settings of every account that still points at this
 * webhook; accounts someone re-pointed meanwhile are left alone. Clears the static data.
 */
export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) return true;
	const webhookUrl = webhookUrlOf(this);
	const state = loadState(this);
	// Accounts this node registered, plus the listed ones (in case static data was lost).
	const accountIds = [
		...new Set([
			...Object.keys(state.accounts),
			...parseAccountIds(String(this.getNodeParameter('accountIds', '') ?? '')).valid,
		]),
	];
	if (accountIds.length === 0) return true;
	// Our token is only sent back where the previous registration was this node's own.
	const needsOurToken = Object.values(state.accounts).some((entry) => entry.previous?.tokenIsOurs === true);
	const ourToken = needsOurToken ? (await desiredAuthOf(this)).token : null;

	const failed: string[] = [];
	for (const accountId of accountIds) {
		const entry = state.accounts[accountId];
		const ourUrls = entry ? [...new Set([webhookUrl, entry.webhookUrl])] : [webhookUrl];
		try {
			await restoreAccount(this, accountId, entry?.previous, ourUrls, ourToken);
			delete state.accounts[accountId];
		} catch (error) {
			failed.push(`${accountId}: ${messageOf(error)}`);
		}
	}
	saveState(this, state);
	if (failed.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Could not put back the notification settings of ${failed.length === 1 ? 'one account' : `${failed.length} accounts`}`,
			{
				description: `${failed.join('; ')}. They still point at this webhook; the next deactivation tries again, or change them in the Reconbanker dashboard.`,
			},
		);
	}
	return true;
}

export { deleteWebhook as delete };
