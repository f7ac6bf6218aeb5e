/**
 * What automatic registration reads from the node's parameters and credentials: which accounts,
 * which events, which auth, and this webhook's URL. Everything is checked here, before any account
 * is read or changed.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../../shared/account-ids';
import { DASHBOARD_CREDENTIAL } from '../../transport/dashboard-login';
import { readNotificationAuth, settingsProblem } from '../notification-auth';
import type { AuthType, DesiredNotification } from './notification-config';

/** The notification event types Reconbanker sends, in its order. `login_failed` is guide-only. */
const SERVER_EVENTS = ['assistance_required', 'connection_failed', 'scrape_failed'];

export function isAutomatic(ctx: IHookFunctions): boolean {
	return ctx.getNodeParameter('registration', 'manual') === 'automatic';
}

/**
 * The account IDs under "Only These Accounts" (`null` when every account is accepted). Any entry
 * that is not a UUID is refused: the trigger would otherwise ignore that account's notifications
 * without a word.
 */
function listedAccountIds(ctx: IHookFunctions): string[] | null {
	if (ctx.getNodeParameter('accountScope', 'all') !== 'list') return null;
	const { valid, invalid } = parseAccountIds(String(ctx.getNodeParameter('accountIds', '') ?? ''));
	if (invalid.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Account IDs must be UUIDs; not valid: ${invalid.map((id) => `"${id}"`).join(', ')}`,
			{
				description:
					'Notifications of accounts that are not listed are ignored, so a mistyped ID would lose its events. Copy the account IDs from the Reconbanker dashboard, e.g. 3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b.',
			},
		);
	}
	return valid;
}

/** Manual registration: only the account list is checked. */
export function checkAccountList(ctx: IHookFunctions): void {
	const listed = listedAccountIds(ctx);
	if (listed !== null && listed.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No account ID listed under "Only These Accounts"', {
			description:
				'With no account listed, every notification would be ignored. List the account IDs (copy them from the Reconbanker dashboard), or set Accounts to "All Accounts".',
		});
	}
}

/** Automatic registration: the accounts whose notification settings are changed. */
export function accountIdsOf(ctx: IHookFunctions): string[] {
	const howTo =
		'Automatic registration changes the notification settings account by account, so set Accounts to "Only These Accounts" and list their IDs (copy them from the Reconbanker dashboard).';
	const listed = listedAccountIds(ctx);
	if (listed === null) {
		throw new NodeOperationError(ctx.getNode(), 'Automatic registration needs a list of account IDs', {
			description: howTo,
		});
	}
	if (listed.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Automatic registration needs at least one account ID', {
			description: howTo,
		});
	}
	return listed;
}

function serverEventsOf(ctx: IHookFunctions): string[] {
	const selected = ctx.getNodeParameter('events', []) as string[];
	const events = SERVER_EVENTS.filter((event) => Array.isArray(selected) && selected.includes(event));
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No event to register: select Assistance Required, Connection Failed or Scrape Failed', {
			description:
				'Reconbanker sends no "login_failed" notifications (the event is only named in its guide), so Login Failed alone would register nothing.',
		});
	}
	return events;
}

/**
 * The node's Notification Auth settings, checked (every mode, every activation): a credential
 * that cannot authenticate anything fails the activation here rather than refusing every
 * notification later. Null when the node's Authentication is "None".
 */
async function checkedNotificationAuth(ctx: IHookFunctions) {
	const auth = await readNotificationAuth(ctx);
	if (auth) {
		const problem = settingsProblem(auth);
		if (problem) {
			throw new NodeOperationError(ctx.getNode(), problem, {
				description: 'Every notification would be refused. Fix the Reconbanker Notification Auth credential and activate the workflow again.',
			});
		}
	}
	return auth;
}

/** Manual registration: the account list and the notification auth. */
export async function checkManualSettings(ctx: IHookFunctions): Promise<void> {
	checkAccountList(ctx);
	await checkedNotificationAuth(ctx);
}

/** What Reconbanker is given: the auth type and the (trimmed) token, or none. */
export async function desiredAuthOf(ctx: IHookFunctions): Promise<{ authType: AuthType; token: string | null }> {
	const auth = await checkedNotificationAuth(ctx);
	if (!auth || auth.authType === 'none') return { authType: null, token: null };
	return { authType: auth.authType === 'apiKey' ? 'api_key' : 'bearer', token: auth.token };
}

/** "Replace Existing Notification Settings" (off by default). */
export function replaceExistingOf(ctx: IHookFunctions): boolean {
	return ctx.getNodeParameter('replaceExisting', false) === true;
}

/** The key of the registered token's fingerprint: the dashboard password (see token-fingerprint.ts). */
export async function fingerprintKeyOf(ctx: IHookFunctions): Promise<string> {
	const credentials = await ctx.getCredentials(DASHBOARD_CREDENTIAL);
	return String(credentials.password ?? '');
}

export function webhookUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this trigger');
	return url;
}

export async function desiredOf(ctx: IHookFunctions): Promise<DesiredNotification> {
	const events = serverEventsOf(ctx);
	const auth = await desiredAuthOf(ctx);
	return { webhookUrl: webhookUrlOf(ctx), events, ...auth };
}
