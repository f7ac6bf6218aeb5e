/**
 * The realtime trigger's requests: the stream ticket (`POST <base>/api/realtime/ticket`, dashboard
 * JWT), the socket's URL (`ws(s)://<host>[<prefix>]/realtime`, beside `/api`) and the status reads of
 * its catch-up (`GET <base>/v1/accounts/:id/status`, API key).
 *
 * Why not `httpRequestWithAuthentication` like the other transports: a trigger makes these requests
 * long after its activation (every reconnect), and n8n 2.40 evaluates a credential's `authenticate`
 * expressions (`=Bearer {{$credentials.sessionToken}}`) in an expression isolate that it holds only
 * while it activates the workflow. Later calls fail with "No bridge acquired for this context. Call
 * acquire() first." (seen in the real n8n 2.40.7). So these requests carry the header themselves,
 * built from the credential data the caller read, exactly as the credentials' `authenticate` would.
 * Error texts are our own (never the JWT, ticket, key or password); nothing here retries.
 */
import type { IHttpRequestOptions, ITriggerFunctions } from 'n8n-workflow';

import { classifyApiError, readEnvelope, retryAfterSeconds } from '../shared/api-error';
import type { AccountStatus } from '../shared/status';
import { joinUrl } from '../shared/url';
import { DASHBOARD_CREDENTIAL_LABEL } from './dashboard-login';
import { hostOf, isSuccess, networkFailure, requestOptions, toNodeApiError, type FullResponse } from './http';

import type { NodeApiError } from 'n8n-workflow';

export const REALTIME_SUBPROTOCOL = 'realtime.v1';

export type TicketAnswer =
	| { kind: 'ticket'; ticket: string }
	/** 401: the dashboard session (JWT) sent is not accepted. */
	| { kind: 'session_rejected' }
	| { kind: 'failed'; error: NodeApiError; retryable: boolean; retryAfterMs?: number };

/** `ws(s)://host[/prefix]/realtime` for a (normalised) Base URL. */
export function realtimeStreamUrl(baseUrl: string): string {
	return joinUrl(baseUrl, '/realtime').replace(/^http/i, 'ws');
}

/** One request; a request that got no answer throws a NodeApiError with our text (or the abort). */
async function send(
	ctx: ITriggerFunctions,
	options: IHttpRequestOptions,
	baseUrl: string,
	abortSignal: AbortSignal,
	unreachableDescription: string,
): Promise<FullResponse> {
	try {
		return (await ctx.helpers.httpRequest({ ...options, abortSignal })) as FullResponse;
	} catch (error) {
		const failure = networkFailure(error, baseUrl);
		failure.description = abortSignal.aborted ? 'The trigger was stopped.' : unreachableDescription;
		throw toNodeApiError(ctx, failure);
	}
}

function ticketFailure(ctx: ITriggerFunctions, response: FullResponse, baseUrl: string): TicketAnswer {
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

/** Asks for a ticket with a dashboard JWT. A request that got no answer is a retryable failure. */
export async function requestRealtimeTicket(
	ctx: ITriggerFunctions,
	baseUrl: string,
	jwt: string,
	abortSignal: AbortSignal,
): Promise<TicketAnswer> {
	const options = requestOptions('POST', joinUrl(baseUrl, '/api/realtime/ticket'), undefined, true);
	options.headers = { Authorization: `Bearer ${jwt}` };
	let response: FullResponse;
	try {
		response = await send(
			ctx,
			options,
			baseUrl,
			abortSignal,
			`Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} and that n8n can reach it. The trigger tries again with a growing delay.`,
		);
	} catch (error) {
		return { kind: 'failed', retryable: true, error: error as NodeApiError };
	}
	if (response.statusCode === 200) {
		const ticket = (response.body as { ticket?: unknown } | null)?.ticket;
		if (typeof ticket === 'string' && ticket !== '') return { kind: 'ticket', ticket };
		return ticketFailure(ctx, { ...response, body: null }, baseUrl);
	}
	if (response.statusCode === 401) return { kind: 'session_rejected' };
	return ticketFailure(ctx, response, baseUrl);
}

/**
 * One account's status with an API key (`Authorization: Api-Key <key>`, as the Reconbanker API
 * credential sends it). Failures are the external API's NodeApiErrors (which scope, which account).
 */
export async function readAccountStatus(
	ctx: ITriggerFunctions,
	api: { baseUrl: string; apiKey: string },
	accountId: string,
	abortSignal: AbortSignal,
): Promise<AccountStatus> {
	const options = requestOptions('GET', joinUrl(api.baseUrl, `/v1/accounts/${encodeURIComponent(accountId)}/status`), undefined, true);
	const key = api.apiKey.trim();
	// An empty key sends no header: the server then answers "no key" (UNAUTHORIZED).
	if (key !== '') options.headers = { Authorization: `Api-Key ${key}` };
	const response = await send(
		ctx,
		options,
		api.baseUrl,
		abortSignal,
		'Check the Base URL of the Reconbanker API credential and that n8n can reach it.',
	);
	if (isSuccess(response.statusCode)) return response.body as AccountStatus;
	throw toNodeApiError(ctx, classifyApiError(response, { requiredScope: 'status:read', accountId }));
}
