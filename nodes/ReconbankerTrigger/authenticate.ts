/**
 * Decides whether an incoming notification is genuine: the Authorization header (Bearer or Api-Key
 * token) and, when a signing secret is set, X-Signature-256 over "<timestamp>.<raw body>" within
 * the timestamp tolerance. Pure; all comparisons are constant-time (see shared/signature).
 *
 * The reason returned is for tests and n8n's debug log only: the caller answers every refusal
 * with the same 401 body, so a stranger cannot tell a wrong token from a bad signature.
 */
import { headerValues, type RequestHeaders } from '../shared/header-value';
import { checkAuthorizationHeader, verifyNotificationSignature } from '../shared/signature';
import type { NotificationAuth } from './notification-auth';

export interface IncomingRequest {
	/** The request's headers as Node gives them (`headersDistinct` / `rawHeaders` see repeated headers). */
	headers: RequestHeaders;
	rawBody: Buffer | string;
	nowSeconds: number;
}

/** Returns null when the request is authentic, else a short reason (never containing a secret). */
export function rejectionReason(request: IncomingRequest, auth: NotificationAuth): string | null {
	if (auth.authType !== 'none') {
		const scheme = auth.authType === 'bearer' ? 'Bearer' : 'Api-Key';
		const sent = headerValues(request.headers, 'authorization');
		if (sent.length === 0) return 'missing Authorization header';
		// Two copies: no telling which one Reconbanker meant (Node's `headers` would show only the first).
		if (sent.length > 1) return 'Authorization header sent more than once';
		// Compared as received: Reconbanker writes exactly "<scheme> <token>" (Node already drops
		// the spaces and tabs around a header value).
		if (!checkAuthorizationHeader(sent[0], { scheme, token: auth.token })) return 'wrong token';
	}
	if (auth.signingSecret) {
		const verdict = verifyNotificationSignature({
			secret: auth.signingSecret,
			timestampHeader: headerValues(request.headers, 'x-webhook-timestamp'),
			signatureHeader: headerValues(request.headers, 'x-signature-256'),
			rawBody: request.rawBody,
			nowSeconds: request.nowSeconds,
			toleranceSeconds: auth.toleranceSeconds,
		});
		if (!verdict.ok) return `signature check failed (${verdict.reason})`;
	}
	return null;
}
