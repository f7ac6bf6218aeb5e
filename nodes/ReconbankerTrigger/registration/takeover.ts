/**
 * Which accounts automatic registration may point at this webhook. Checked for every listed account
 * before the first write, so a refusal changes nothing.
 *
 *  - An endpoint of another workflow of this n8n: never (that workflow would silently stop
 *    receiving its notifications; deactivating it first puts the settings back).
 *  - A Slack or chat-webhook transport, or another endpoint that has a token: only with "Replace
 *    Existing Notification Settings" — Reconbanker masks the stored token, so it could not be put
 *    back on deactivation.
 *  - No endpoint, this node's own endpoint, or another endpoint without a token: yes (all of it can
 *    be put back).
 */
import type { DashboardAccountConfig } from '../../transport/dashboard-api';
import type { EndpointOwner } from './endpoint-owner';
import { hasStoredToken } from './notification-config';

export interface TakeoverRefusal {
	accountId: string;
	/** Says what the account does now, without any secret. */
	reason: string;
	/** Whether "Replace Existing Notification Settings" would allow it. */
	replaceable: boolean;
}

export function takeoverRefusal(
	accountId: string,
	config: DashboardAccountConfig,
	owner: EndpointOwner,
	replaceExisting: boolean,
): TakeoverRefusal | null {
	const endpoint = config.notification_endpoint_url ?? '';
	if (owner === 'thisN8n') {
		return {
			accountId,
			reason: `its notifications already go to another workflow of this n8n (${endpoint})`,
			replaceable: false,
		};
	}
	if (replaceExisting) return null;
	const transport = config.notification_transport;
	if (transport === 'slack') {
		const channel = config.notification_slack_channel ? ` channel ${config.notification_slack_channel}` : '';
		return { accountId, reason: `its notifications go to Slack${channel}`, replaceable: true };
	}
	if (transport === 'chat_webhook') {
		return { accountId, reason: `its notifications go to a chat webhook (${endpoint})`, replaceable: true };
	}
	if (owner === 'foreign' && hasStoredToken(config)) {
		return { accountId, reason: `its notifications go to ${endpoint} with a token`, replaceable: true };
	}
	return null;
}

/** One activation error text for every refused account. */
export function takeoverRefusalText(refusals: TakeoverRefusal[]): { message: string; description: string } {
	const which = refusals.map((r) => `account ${r.accountId}: ${r.reason}`).join('; ');
	const message = `Automatic registration refused to take over ${refusals.length === 1 ? 'an account' : `${refusals.length} accounts`} — ${which}. No account was changed.`;
	const advice: string[] = [];
	if (refusals.some((r) => !r.replaceable)) {
		advice.push(
			'An account can send its notifications to one endpoint only: deactivate the other workflow first (it puts its settings back), or clear the endpoint in the Reconbanker dashboard.',
		);
	}
	if (refusals.some((r) => r.replaceable)) {
		advice.push(
			'To take over Slack, chat-webhook or token-protected endpoints, turn on "Replace Existing Notification Settings". Reconbanker never shows a stored token, so on deactivation n8n cannot put it back: re-enter it in the dashboard then.',
		);
	}
	return { message, description: advice.join(' ') };
}
