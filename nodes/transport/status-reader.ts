/**
 * Reads the status of many accounts with one read of the Reconbanker API credential: the Status
 * Trigger and Status Watch read hundreds or thousands of statuses per check.
 *
 * Why not `httpRequestWithAuthentication` per request (as ./external-api does for single calls): in
 * n8n 2.40 every such call reads the credential again — a database query, a decryption, and its
 * expressions resolved in a freshly created expression isolate (trigger and poll contexts have no
 * run data to reuse one) — then evaluates the credential's header expression. CPU-profiled in the
 * pinned n8n: ~0.25 s of n8n's CPU per account (scripts/bench/status-poll.js). Here the credential is
 * read once per check and the request carries the header the credential's `authenticate` would add.
 *
 * Secrets: the API key lives only in this closure's header; errors are built from our own text, the
 * status and the server's error code (never from the raw request error, which holds the headers).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classifyApiError } from '../shared/api-error';
import { joinUrl, normaliseBaseUrl } from '../shared/url';
import { API_CREDENTIAL, apiKeyHeader } from './external-api';
import {
	isSuccess,
	networkFailure,
	requestOptions,
	toNodeApiError,
	type FullResponse,
	type TransportContext,
} from './http';

export interface StatusReader {
	/** The credential's Base URL, normalised (no trailing slash). */
	readonly baseUrl: string;
	/**
	 * `GET /v1/accounts/:id/status`: the body of a 2xx answer; otherwise a NodeApiError whose
	 * message says what happened and what to do. `abortSignal` cancels the request.
	 */
	read(accountId: string, abortSignal?: AbortSignal): Promise<unknown>;
}

/** Reads the `reconbankerApi` credential once and returns a reader that reuses it. */
export async function openStatusReader(ctx: TransportContext): Promise<StatusReader> {
	const credentials = await ctx.getCredentials(API_CREDENTIAL);
	let baseUrl: string;
	try {
		baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
	// The same header every other request of the package carries (one place decides it).
	const headers = apiKeyHeader(credentials);

	return {
		baseUrl,
		read: async (accountId, abortSignal) => {
			const url = joinUrl(baseUrl, `/v1/accounts/${encodeURIComponent(accountId)}/status`);
			const options: IHttpRequestOptions = requestOptions('GET', url, undefined, true);
			options.headers = { ...headers };
			if (abortSignal) options.abortSignal = abortSignal;
			let response: FullResponse;
			try {
				response = (await ctx.helpers.httpRequest(options)) as FullResponse;
			} catch (error) {
				throw toNodeApiError(ctx, networkFailure(error, baseUrl));
			}
			if (isSuccess(response.statusCode)) return response.body;
			throw toNodeApiError(ctx, classifyApiError(response, { requiredScope: 'status:read', accountId }));
		},
	};
}
