/**
 * Reconbanker's realtime stream, the HTTP side: the ticket (`POST <base>/api/realtime/ticket`, with
 * the dashboard JWT of the "Reconbanker Dashboard" credential) and the socket's URL
 * (`ws(s)://<host>[<prefix>]/realtime`, beside `/api`).
 *
 * The caller decides when the dashboard login happens: it passes the credential data with the
 * session token to use, or an empty one to make n8n log in (the credential's `preAuthentication`,
 * which n8n then stores). Every status comes back as a response, so a 401 never makes n8n log in on
 * its own: the caller spends logins within Reconbanker's limit (see nodes/shared/login-budget).
 * Answers carry only our own text: never the JWT, the ticket or a password.
 */
import type { ICredentialDataDecryptedObject, ITriggerFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readEnvelope, retryAfterSeconds } from '../shared/api-error';
import { joinUrl, normaliseBaseUrl } from '../shared/url';
import { DASHBOARD_CREDENTIAL, DASHBOARD_CREDENTIAL_LABEL, findLoginError } from './dashboard-login';
import { hostOf, sendAuthenticated, toNodeApiError, type FullResponse } from './http';

export const REALTIME_SUBPROTOCOL = 'realtime.v1';

/** The dashboard login (n8n's preAuthentication) failed; its message says what to fix. */
class DashboardLoginFailed extends NodeApiError {}

export type TicketAnswer =
	| { kind: 'ticket'; ticket: string }
	/** 401: the dashboard session (JWT) sent is not accepted. */
	| { kind: 'session_rejected' }
	/** The dashboard login itself failed (wrong password or 2FA secret, login rate limit, …). */
	| { kind: 'login_failed'; error: NodeApiError }
	| { kind: 'failed'; error: NodeApiError; retryable: boolean; retryAfterMs?: number };

/** `ws(s)://host[/prefix]/realtime` for a Base URL. */
export function realtimeStreamUrl(baseUrl: string): string {
	return joinUrl(baseUrl, '/realtime').replace(/^http/i, 'ws');
}

function failure(ctx: ITriggerFunctions, response: FullResponse, baseUrl: string): TicketAnswer {
	const { statusCode } = response;
	const envelope = readEnvelope(response.body);
	const host = hostOf(baseUrl);
	const httpCode = String(statusCode);
	if (statusCode >= 500 || statusCode === 429) {
		const seconds = statusCode === 429 ? retryAfterSeconds(response.headers) : undefined;
		return {
			kind: 'failed',
			retryable: true,
			retryAfterMs: seconds === undefined ? undefined : seconds * 1000,
			error: toNodeApiError(ctx, {
				message: `Reconbanker at ${host} could not issue a realtime stream ticket (HTTP ${statusCode})`,
				description: 'The trigger tries again with a growing delay.',
				httpCode,
				errorCode: envelope?.code ?? 'TICKET_UNAVAILABLE',
			}),
		};
	}
	if (statusCode === 404 || !envelope) {
		return {
			kind: 'failed',
			retryable: false,
			error: toNodeApiError(ctx, {
				message: `Reconbanker at ${host} did not offer a realtime stream (HTTP ${statusCode} from …/api/realtime/ticket)`,
				description: `Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} (the address the dashboard lives under, with any path prefix). A Reconbanker without the realtime stream needs the Reconbanker Trigger (push) or the Status Trigger instead.`,
				httpCode,
				errorCode: 'NO_REALTIME_STREAM',
			}),
		};
	}
	return {
		kind: 'failed',
		retryable: false,
		error: toNodeApiError(ctx, {
			message: `Reconbanker refused a realtime stream ticket (HTTP ${statusCode}${envelope.code ? `, ${envelope.code}` : ''})`,
			description: envelope.message ? `The server said: ${envelope.message}` : 'Check the dashboard user of the credential.',
			httpCode,
			errorCode: envelope.code ?? 'TICKET_REFUSED',
		}),
	};
}

/**
 * Asks for a ticket with the given credential data (`sessionToken` '' makes n8n log in first).
 * n8n writes the JWT of such a login back into `credentials.sessionToken`.
 * Rejects only when `abortSignal` fired.
 */
export async function requestRealtimeTicket(
	ctx: ITriggerFunctions,
	credentials: ICredentialDataDecryptedObject,
	abortSignal: AbortSignal,
): Promise<TicketAnswer> {
	const reference = ctx.getNode().credentials?.[DASHBOARD_CREDENTIAL];
	let baseUrl: string;
	try {
		baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	} catch (error) {
		const message = `${(error as Error).message} (${DASHBOARD_CREDENTIAL_LABEL})`;
		return { kind: 'failed', retryable: false, error: toNodeApiError(ctx, { message, description: '', httpCode: '', errorCode: 'BAD_BASE_URL' }) };
	}
	let response: FullResponse;
	try {
		response = await sendAuthenticated(ctx, {
			credentialType: DASHBOARD_CREDENTIAL,
			credentialLabel: DASHBOARD_CREDENTIAL_LABEL,
			method: 'POST',
			path: '/api/realtime/ticket',
			ignoreHttpStatusErrors: true,
			abortSignal,
			credentialsDecrypted: {
				id: reference?.id ?? '',
				name: reference?.name ?? DASHBOARD_CREDENTIAL_LABEL,
				type: DASHBOARD_CREDENTIAL,
				data: credentials,
			},
			unreachableDescription: `Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} and that n8n can reach it. The trigger tries again with a growing delay.`,
			explainThrown: (error) => {
				const loginError = findLoginError(error);
				if (!loginError) return undefined;
				return new DashboardLoginFailed(ctx.getNode(), { message: loginError.message } as JsonObject, {
					message: loginError.message,
					description: 'n8n could not log in to the Reconbanker dashboard to open the realtime stream.',
				});
			},
		});
	} catch (error) {
		if (abortSignal.aborted) throw new NodeOperationError(ctx.getNode(), 'The realtime trigger stopped');
		if (error instanceof DashboardLoginFailed) return { kind: 'login_failed', error };
		// Anything else thrown is a request that got no answer (sendAuthenticated's own text).
		return { kind: 'failed', retryable: true, error: error as NodeApiError };
	}
	if (response.statusCode === 200) {
		const ticket = (response.body as { ticket?: unknown } | null)?.ticket;
		if (typeof ticket === 'string' && ticket !== '') return { kind: 'ticket', ticket };
		return failure(ctx, { ...response, body: null }, baseUrl);
	}
	if (response.statusCode === 401) return { kind: 'session_rejected' };
	return failure(ctx, response, baseUrl);
}
