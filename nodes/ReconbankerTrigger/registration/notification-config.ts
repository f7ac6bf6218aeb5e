/**
 * The notification fields of a Reconbanker account configuration, and the read → change →
 * write-back that changes only them. `PUT /api/accounts/:id/config` replaces the whole
 * configuration, so every write keeps everything else exactly as read (masked secrets as the
 * mask, which keeps them).
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import {
	SECRET_MASK,
	getAccountConfig,
	putAccountConfig,
	type DashboardAccountConfig,
} from '../../transport/dashboard-api';

export type AuthType = 'bearer' | 'api_key' | null;

/** An account's notification settings before this node changed them (plain JSON, no secrets). */
export interface RememberedNotification extends IDataObject {
	endpointUrl: string | null;
	authType: AuthType;
	/** A token was stored; its value cannot be read back. */
	hadToken: boolean;
	/** The token was the one this node registers (so it can be sent again). */
	tokenIsOurs: boolean;
	/** As read: null and [] are both kept as such. */
	events: string[] | null;
	/** As read (null when the account never chose one). */
	transport: string | null;
	/** Slack channel, as read (absent in state written by older versions). */
	slackChannel?: string | null;
}

/** How this node wants an account to send its notifications. */
export interface DesiredNotification {
	webhookUrl: string;
	authType: AuthType;
	token: string | null;
	events: string[];
}

function sameEvents(a: unknown, b: string[]): boolean {
	if (!Array.isArray(a)) return b.length === 0;
	const left = new Set(a.map(String));
	return left.size === b.length && b.every((event) => left.has(event));
}

/** The account currently sends notifications exactly as this node would register them. */
export function matchesDesired(config: DashboardAccountConfig | null, desired: DesiredNotification): boolean {
	if (!config) return false;
	return (
		config.notification_endpoint_url === desired.webhookUrl &&
		(config.notification_transport ?? 'api') === 'api' &&
		(config.notification_auth_type ?? null) === desired.authType &&
		// The token itself is masked; at least its presence must match.
		(config.notification_auth_token === SECRET_MASK) === (desired.token !== null) &&
		sameEvents(config.notification_events, desired.events)
	);
}

/** A token is stored (the dashboard shows it as the mask). */
export function hasStoredToken(config: DashboardAccountConfig): boolean {
	return typeof config.notification_auth_token === 'string' && config.notification_auth_token !== '';
}

export function snapshot(config: DashboardAccountConfig, tokenIsOurs = false): RememberedNotification {
	const hadToken = hasStoredToken(config);
	return {
		endpointUrl: config.notification_endpoint_url ?? null,
		authType: config.notification_auth_type ?? null,
		hadToken,
		tokenIsOurs: hadToken && tokenIsOurs,
		events: Array.isArray(config.notification_events) ? config.notification_events.map(String) : null,
		transport: config.notification_transport ?? null,
		slackChannel: config.notification_slack_channel ?? null,
	};
}

/** "No notifications": what to go back to when the account already pointed here and nothing else is known. */
export function cleared(config: DashboardAccountConfig): RememberedNotification {
	return {
		endpointUrl: null,
		authType: null,
		hadToken: false,
		tokenIsOurs: false,
		events: null,
		transport: config.notification_transport ?? null,
		slackChannel: config.notification_slack_channel ?? null,
	};
}

export function withNotification(config: DashboardAccountConfig, fields: DashboardAccountConfig): DashboardAccountConfig {
	// Every other field exactly as read; masked secrets stay the mask, which keeps them.
	return { ...config, ...fields };
}

export function registrationFields(desired: DesiredNotification): DashboardAccountConfig {
	return {
		notification_endpoint_url: desired.webhookUrl,
		notification_auth_type: desired.authType,
		notification_auth_token: desired.token,
		notification_events: [...desired.events],
		notification_transport: 'api',
	};
}

function restoreFields(previous: RememberedNotification, ourToken: string | null): DashboardAccountConfig {
	// Never the mask: after our PUT the stored token is ours, and the previous endpoint must not
	// receive it (see lifecycle.ts). Only a token that was ours anyway is sent again.
	const token = previous.tokenIsOurs ? ourToken : null;
	const fields: DashboardAccountConfig = {
		notification_endpoint_url: previous.endpointUrl,
		notification_auth_type: previous.authType,
		notification_auth_token: token,
		notification_events: previous.events === null ? null : [...previous.events],
		notification_transport: previous.transport as DashboardAccountConfig['notification_transport'],
	};
	if (previous.slackChannel !== undefined) fields.notification_slack_channel = previous.slackChannel;
	// Reconbanker refuses a Slack transport with events but no token, and the replaced Slack token
	// cannot be read back: the Slack settings come back without events, to be completed in the dashboard.
	if (previous.transport === 'slack' && token === null && (previous.events?.length ?? 0) > 0) {
		fields.notification_events = [];
	}
	return fields;
}

export type RestoreOutcome = 'restored' | 'not ours';

/**
 * Puts back the remembered notification settings of one account, only if it still points at
 * one of `ourUrls`. Throws the transport's error on failure.
 */
export async function restoreAccount(
	ctx: IHookFunctions,
	accountId: string,
	remembered: RememberedNotification | undefined,
	ourUrls: string[],
	ourToken: string | null,
): Promise<RestoreOutcome> {
	const config = await getAccountConfig.call(ctx, accountId);
	const endpoint = config?.notification_endpoint_url ?? null;
	if (!config || endpoint === null || !ourUrls.includes(endpoint)) return 'not ours';
	const previous = remembered ?? cleared(config);
	await putAccountConfig.call(ctx, accountId, withNotification(config, restoreFields(previous, ourToken)));
	return 'restored';
}
