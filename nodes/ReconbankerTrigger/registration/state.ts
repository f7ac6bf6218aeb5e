/**
 * What automatic registration remembers between activation and deactivation, in the node's
 * static data under `registration` (plain JSON, no secrets):
 *
 *   { accounts: { "<account id>": { webhookUrl, tokenFingerprint,
 *                                    previous: { endpointUrl, authType, hadToken, tokenIsOurs,
 *                                                events, transport, slackChannel } } } }
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import type { DashboardAccountConfig } from '../../transport/dashboard-api';
import { cleared, snapshot, type RememberedNotification } from './notification-config';
import { isOwnWebhookUrl } from './endpoint-owner';

const STATE_KEY = 'registration';

export interface RegisteredAccount extends IDataObject {
	/** The notification URL this node set. */
	webhookUrl: string;
	/** Keyed hash of the token this node registered (see token-fingerprint.ts); null: no token. */
	tokenFingerprint?: string | null;
	previous: RememberedNotification;
}

export interface RegistrationState extends IDataObject {
	accounts: Record<string, RegisteredAccount>;
}

export function loadState(ctx: IHookFunctions): RegistrationState {
	const stored = ctx.getWorkflowStaticData('node')[STATE_KEY] as RegistrationState | undefined;
	const accounts = stored && typeof stored.accounts === 'object' && stored.accounts !== null ? stored.accounts : {};
	// A plain copy: written back whole by saveState, so n8n sees the change.
	return { accounts: JSON.parse(JSON.stringify(accounts)) as Record<string, RegisteredAccount> };
}

export function saveState(ctx: IHookFunctions, state: RegistrationState): void {
	const staticData = ctx.getWorkflowStaticData('node');
	if (Object.keys(state.accounts).length === 0) delete staticData[STATE_KEY];
	else staticData[STATE_KEY] = JSON.parse(JSON.stringify(state)) as IDataObject;
}

/**
 * What to restore on deactivation for an account about to be pointed at `webhookUrl`.
 *  - It still carries a registration of this node (static data says so): on (re)activation keep
 *    what was remembered then — the user's own settings; while listening for a test event
 *    (activation mode `manual`) go back to that live registration.
 *  - It already points at this webhook with nothing remembered: go back to "no notifications"
 *    rather than leave Reconbanker retrying a URL that stops answering.
 *  - Otherwise: its current settings; when they point at another of this node's own webhook URLs,
 *    with our token. That is how a test webhook (which n8n starts with empty static data) finds
 *    the production registration of the same node and hands the account back to it, token included.
 */
export function previousFor(
	ctx: IHookFunctions,
	config: DashboardAccountConfig,
	existing: RegisteredAccount | undefined,
	webhookUrl: string,
): RememberedNotification {
	const endpoint = config.notification_endpoint_url ?? null;
	const webhookId = ctx.getNode().webhookId;
	// Our registration, or this node's test URL left behind (e.g. n8n restarted during a test listen).
	if (existing && (endpoint === existing.webhookUrl || isOwnWebhookUrl(webhookId, endpoint, existing.webhookUrl))) {
		return ctx.getActivationMode() === 'manual' ? snapshot(config, true) : existing.previous;
	}
	if (endpoint === webhookUrl) return cleared(config);
	return snapshot(config, isOwnWebhookUrl(webhookId, endpoint, webhookUrl));
}
