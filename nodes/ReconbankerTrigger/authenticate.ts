/**
 * Decides whether an incoming notification is genuine: the Authorization header (Bearer or Api-Key
 * token) and, when a signing secret is set, X-Signature-256 over "<timestamp>.<raw body>" within
 * the timestamp tolerance. Pure; all comparisons are constant-time (see shared/signature).
 */
import { soleHeaderValue } from '../shared/header-value';
import { checkAuthorizationHeader, verifyNotificationSignature } from '../shared/signature';

/**
 * The credential that holds these settings. The node description's credentials list names it as
 * a string literal on purpose: the community-node lint rule reads that literal.
 */
export const WEBHOOK_AUTH_CREDENTIAL = 'reconbankerWebhookAuth';

export interface IncomingAuthSettings {
	authType: 'bearer' | 'apiKey' | 'none';
	token: string;
	signingSecret: string;
	toleranceSeconds: number;
}

export interface IncomingRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer | string;
	nowSeconds: number;
}

/** Returns null when the request is authentic, else a short reason (never containing a secret). */
export function rejectionReason(request: IncomingRequest, settings: IncomingAuthSettings): string | null {
	if (settings.authType !== 'none') {
		const scheme = settings.authType === 'bearer' ? 'Bearer' : 'Api-Key';
		// Compared as sent, untrimmed: Reconbanker writes exactly "<scheme> <token>". Sent twice → refused.
		const header = soleHeaderValue(request.headers.authorization) ?? undefined;
		if (!checkAuthorizationHeader(header, { scheme, token: settings.token })) {
			return header ? 'wrong token' : 'missing Authorization header';
		}
	}
	if (settings.signingSecret) {
		const verdict = verifyNotificationSignature({
			secret: settings.signingSecret,
			timestampHeader: request.headers['x-webhook-timestamp'],
			signatureHeader: request.headers['x-signature-256'],
			rawBody: request.rawBody,
			nowSeconds: request.nowSeconds,
			toleranceSeconds: settings.toleranceSeconds,
		});
		if (!verdict.ok) return `signature check failed (${verdict.reason})`;
	}
	return null;
}

/** Why a credential's settings cannot work, or null. Used by the credential test and at run time. */
export function settingsProblem(settings: IncomingAuthSettings): string | null {
	if (settings.authType !== 'none' && settings.token.trim().length < 16) {
		return 'The token must be at least 16 characters; use a long random value.';
	}
	if (settings.authType === 'none' && !settings.signingSecret) {
		return 'With no token, a signing secret is required; otherwise set the node\'s Authentication to "None".';
	}
	if (!Number.isFinite(settings.toleranceSeconds) || settings.toleranceSeconds < 1) {
		return 'The timestamp tolerance must be at least 1 second.';
	}
	return null;
}
