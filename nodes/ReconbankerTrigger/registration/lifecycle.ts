/**
 * Automatic registration of the Reconbanker Trigger's webhook: the `webhookMethods.default`
 * lifecycle (`checkExists` / `create` / `delete`) that points the listed accounts' notification
 * settings at this webhook on activation and puts back what was there on deactivation.
 *
 * Every write changes only the notification fields (notification-config.ts); what was there before
 * is remembered in the node's static data (state.ts). Accounts that belong to another endpoint are
 * refused before the first write (takeover.ts).
 *
 * The notification token cannot be put back. The dashboard only ever returns it masked, and after
 * our PUT the stored token is OUR webhook token, so sending the mask on restore would keep our
 * token and hand it to the previous endpoint with every notification. Restoring therefore sends
 * `null` (no token) — the previous endpoint gets its URL, auth type, events and transport back but
 * must have its token re-entered in the dashboard — except when the previous endpoint was this
 * node's own webhook (typically: listening for a test event while the workflow is active, which
 * must hand the account back to the production registration): that token was ours, so it is sent
 * again. "This node's own webhook" is decided from the URL (endpoint-owner.ts), because n8n gives
 * a test webhook EMPTY static data (n8n 2.40 TestWebhooks.toWorkflow: `staticData: {}`), so the
 * production registration's remembered state is not visible to it.
 *
 * Failing cheaply: n8n 2.40 retries a failed activation up to 5 times (1, 2, 4, 8 s apart) and runs
 * `delete` after each failed try. So `delete` touches only accounts this node registered (none after
 * a failed activation: no login at all), and the dashboard login itself is remembered
 * (transport/dashboard-session.ts): one login, or one refused login, serves every try.
 *
 * Manual registration changes nothing, but its checkExists/create still check the account list and
 * the notification auth, so that a mistake fails the activation instead of silently dropping or
 * refusing notifications.
 *
 * The signing secret is a Reconbanker server setting, not part of an account's configuration, so
 * registration cannot set it.
 */
import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getAccountConfig, putAccountConfig, type DashboardAccountConfig } from '../../transport/dashboard-api';
import { notPublicWebhookUrlText, webhookUrlProblem } from '../../transport/webhook-url';
import { endpointOwner } from './endpoint-owner';
import {
	matchesDesired,
	registrationFields,
	restoreAccount,
	withNotification,
	type DesiredNotification,
} from './notification-config';
import {
	accountIdsOf,
	checkManualSettings,
	desiredAuthOf,
	desiredOf,
	fingerprintKeyOf,
	isAutomatic,
	replaceExistingOf,
	webhookUrlOf,
} from './settings';
import { messageOf, rollBack } from './rollback';
import { loadState, previousFor, saveState, type RegistrationState } from './state';
import { takeoverRefusal, takeoverRefusalText, type TakeoverRefusal } from './takeover';
import { tokenFingerprint } from './token-fingerprint';

function descriptionOf(error: unknown): string {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' ? description : '';
}

/**
 * True when every listed account sends its notifications to this webhook as this node registered
 * them, with the token the credential holds now (compared by fingerprint: the token itself is
 * masked). With manual registration: true once the settings check out (nothing to register).
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		await checkManualSettings(this);
		return true;
	}
	const accountIds = accountIdsOf(this);
	const desired = await desiredOf(this);
	const state = loadState(this);
	const fingerprint = tokenFingerprint(desired.token, await fingerprintKeyOf(this));
	for (const accountId of accountIds) {
		const registered = state.accounts[accountId];
		// Not registered by this node as far as it knows (or with another token): register (again).
		if (!registered || registered.webhookUrl !== desired.webhookUrl || registered.tokenFingerprint !== fingerprint) {
			return false;
		}
		const config = await getAccountConfig.call(this, accountId);
		if (!matchesDesired(config, desired)) return false;
	}
	return true;
}

/** Every account that must not be pointed here, with why (see takeover.ts). */
function refusalsOf(
	ctx: IHookFunctions,
	accountIds: string[],
	configs: DashboardAccountConfig[],
	state: RegistrationState,
	desired: DesiredNotification,
): TakeoverRefusal[] {
	const webhookId = ctx.getNode().webhookId;
	const replaceExisting = replaceExistingOf(ctx);
	const refusals: TakeoverRefusal[] = [];
	for (const [i, accountId] of accountIds.entries()) {
		const ourUrls = [desired.webhookUrl, ...(state.accounts[accountId] ? [state.accounts[accountId].webhookUrl] : [])];
		const owner = endpointOwner(webhookId, configs[i].notification_endpoint_url, ourUrls);
		const refusal = takeoverRefusal(accountId, configs[i], owner, replaceExisting);
		if (refusal) refusals.push(refusal);
	}
	return refusals;
}

/**
 * Points every listed account at this webhook. All configurations are read and checked before the
 * first write; if a write fails, the accounts already changed are restored before the error is
 * thrown (and a failed restore is named in its description).
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		await checkManualSettings(this);
		return true;
	}
	const accountIds = accountIdsOf(this);
	const desired = await desiredOf(this);

	const problem = webhookUrlProblem(desired.webhookUrl);
	if (problem) {
		const text = notPublicWebhookUrlText(desired.webhookUrl, problem);
		throw new NodeOperationError(this.getNode(), text.message, { description: text.description });
	}

	const read: Array<DashboardAccountConfig | null> = [];
	for (const accountId of accountIds) read.push(await getAccountConfig.call(this, accountId));

	const unconfigured = accountIds.filter((_, i) => !read[i]?.webhook_url);
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
	const configs = read as DashboardAccountConfig[];

	const state = loadState(this);
	const refusals = refusalsOf(this, accountIds, configs, state, desired);
	if (refusals.length > 0) {
		const text = takeoverRefusalText(refusals);
		throw new NodeOperationError(this.getNode(), text.message, { description: text.description });
	}

	const fingerprint = tokenFingerprint(desired.token, await fingerprintKeyOf(this));
	const changed: string[] = [];
	for (const [i, accountId] of accountIds.entries()) {
		const previous = previousFor(this, configs[i], state.accounts[accountId], desired.webhookUrl);
		try {
			await putAccountConfig.call(
				this,
				accountId,
				withNotification(configs[i], registrationFields(desired)),
				desired.webhookUrl,
			);
		} catch (error) {
			const rollback = await rollBack(this, changed, state, desired);
			saveState(this, state);
			const description = [descriptionOf(error), rollback].filter((part) => part !== '').join(' ');
			const message = accountIds.length > 1 ? `Account ${accountId}: ${messageOf(error)}` : messageOf(error);
			if (error instanceof NodeApiError) {
				throw new NodeApiError(this.getNode(), { message } as JsonObject, {
					message,
					description,
					httpCode: error.httpCode ?? undefined,
				});
			}
			throw new NodeOperationError(this.getNode(), message, { description });
		}
		state.accounts[accountId] = { webhookUrl: desired.webhookUrl, tokenFingerprint: fingerprint, previous };
		changed.push(accountId);
		saveState(this, state);
	}
	return true;
}

/**
 * Puts back the remembered notification settings of every account this node registered that still
 * points at this webhook; accounts someone re-pointed meanwhile are left alone. Accounts it never
 * registered are not touched — with none, no request is made at all (no dashboard login).
 */
export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) return true;
	const state = loadState(this);
	const accountIds = Object.keys(state.accounts);
	if (accountIds.length === 0) return true;
	const webhookUrl = webhookUrlOf(this);
	// Our token is only sent back where the previous registration was this node's own.
	const needsOurToken = Object.values(state.accounts).some((entry) => entry.previous?.tokenIsOurs === true);
	const ourToken = needsOurToken ? (await desiredAuthOf(this)).token : null;

	const failed: string[] = [];
	for (const accountId of accountIds) {
		const entry = state.accounts[accountId];
		try {
			await restoreAccount(this, accountId, entry.previous, [...new Set([webhookUrl, entry.webhookUrl])], ourToken);
			delete state.accounts[accountId];
		} catch (error) {
			failed.push(`${accountId}: ${messageOf(error)}`);
		}
	}
	saveState(this, state);
	if (failed.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Could not put back the notification settings of ${failed.length === 1 ? 'one account' : `${failed.length} accounts`} this workflow registered`,
			{
				description: `${failed.join('; ')}. They still point at this webhook; the next deactivation tries again, or change them in the Reconbanker dashboard.`,
			},
		);
	}
	return true;
}

export { deleteWebhook as delete };
