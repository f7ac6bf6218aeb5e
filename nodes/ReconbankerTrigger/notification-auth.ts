/**
 * The one reader of the "Reconbanker Notification Auth" credential: what the webhook checks incoming
 * notifications against and what automatic registration gives Reconbanker. Both must see the same
 * token, so both read it here.
 *
 * Why the token and secret are trimmed (JavaScript `trim()`, all Unicode white space): Reconbanker
 * trims secret values on the configuration PUT, so a pasted token with a stray space or newline is
 * stored — and sent back in `Authorization` — without it. Trimming here, before registering and
 * before comparing, makes both sides hold the same value whatever kind of trim the server uses.
 * (Incoming header values are a different matter: see shared/header-value.ts.)
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * The credential type. The node description's credentials list names it as a string literal on
 * purpose: the community-node lint rule reads that literal.
 */
export const WEBHOOK_AUTH_CREDENTIAL = 'reconbankerWebhookAuth';

export const MIN_TOKEN_LENGTH = 16;

export interface NotificationAuth {
	authType: 'bearer' | 'apiKey' | 'none';
	/** Trimmed; '' with auth type none. */
	token: string;
	/** Trimmed; '' when notifications are not signed. */
	signingSecret: string;
	toleranceSeconds: number;
}

/** The credential's data as settings (pure). */
export function notificationAuthOf(data: IDataObject): NotificationAuth {
	const authType = data.authType === 'apiKey' || data.authType === 'none' ? data.authType : 'bearer';
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const tolerance = Number(data.timestampToleranceSeconds ?? 300);
	return {
		authType,
		token: authType === 'none' ? '' : text(data.token),
		signingSecret: text(data.signingSecret),
		toleranceSeconds: tolerance,
	};
}

/** Why the settings cannot work, or null. Checked on activation and on every notification. */
export function settingsProblem(auth: NotificationAuth): string | null {
	if (auth.authType !== 'none' && auth.token.length < MIN_TOKEN_LENGTH) {
		return `The token of the Reconbanker Notification Auth credential must be at least ${MIN_TOKEN_LENGTH} characters; use a long random value.`;
	}
	if (auth.authType === 'none' && !auth.signingSecret) {
		return 'The Reconbanker Notification Auth credential has no token and no signing secret: with no token, a signing secret is required (or set the node\'s Authentication to "None").';
	}
	if (!Number.isFinite(auth.toleranceSeconds) || auth.toleranceSeconds < 1) {
		return 'The timestamp tolerance of the Reconbanker Notification Auth credential must be at least 1 second.';
	}
	return null;
}

/** The node's settings, or null when its Authentication is "None". */
export async function readNotificationAuth(ctx: IHookFunctions | IWebhookFunctions): Promise<NotificationAuth | null> {
	if (ctx.getNodeParameter('authentication', 'webhookAuth') !== 'webhookAuth') return null;
	return notificationAuthOf(await ctx.getCredentials(WEBHOOK_AUTH_CREDENTIAL));
}
