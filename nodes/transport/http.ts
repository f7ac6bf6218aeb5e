/**
 * What the transports of both Reconbanker APIs (external `/v1`, dashboard `/api`) share: the Base
 * URL from a credential, the request options, one send with the credential's authentication, and
 * NodeApiErrors that carry only our own text — never the raw request error, which holds the
 * request (API key, JWT, password, body). Nothing here retries.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	ITriggerFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { classifyNetworkError, type ClassifiedApiError } from '../shared/api-error';
import { joinUrl, normaliseBaseUrl } from '../shared/url';

export type TransportContext =
	| IExecuteFunctions
	| IPollFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| ITriggerFunctions;

export interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

const REQUEST_TIMEOUT_MS = 30_000;

export function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

export function hostOf(baseUrl: string): string {
	return new URL(baseUrl).host;
}

/** JSON, the full response, 30 s; which statuses come back as responses is the caller's choice. */
export function requestOptions(
	method: IHttpRequestMethods,
	url: string,
	body: IDataObject | undefined,
	ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors'],
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method,
		url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors,
		timeout: REQUEST_TIMEOUT_MS,
		// A redirect would resend the request (the key, the code, the password) to wherever it
		// points; answer it as an error instead (see classifyApiError).
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (body) options.body = body;
	return options;
}

/** The first error code (ECONNREFUSED, …) in an error or its `cause` chain; n8n wraps the original. */
function networkErrorCode(error: unknown): string | undefined {
	let candidate: unknown = error;
	for (let depth = 0; depth < 4 && candidate; depth++) {
		const code = (candidate as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		candidate = (candidate as { cause?: unknown }).cause;
	}
	return undefined;
}

/** A request that got no HTTP answer, in our words: only its error code is read from the raw error. */
export function networkFailure(error: unknown, baseUrl: string): ClassifiedApiError {
	return classifyNetworkError(networkErrorCode(error), hostOf(baseUrl));
}

export function toNodeApiError(ctx: TransportContext, failure: ClassifiedApiError, itemIndex?: number): NodeApiError {
	const { message, description, httpCode } = failure;
	const error = new NodeApiError(
		ctx.getNode(),
		{ message, description, errorCode: failure.errorCode } as JsonObject,
		{ message, description, httpCode: httpCode || undefined, itemIndex },
	);
	if (!httpCode) {
		// With no HTTP status, NodeApiError takes `errorCode` (e.g. ECONNREFUSED) as the HTTP code and
		// swaps our message for n8n's stock text for it ("The service refused the connection…"). Keep ours.
		error.message = message;
		error.httpCode = null;
	}
	return error;
}

export interface AuthenticatedRequest {
	/** The credential type whose `baseUrl` and authentication the request uses. */
	credentialType: string;
	/** Added to a bad Base URL's message, e.g. "Reconbanker Dashboard credential". */
	credentialLabel?: string;
	method: IHttpRequestMethods;
	/** Appended to the Base URL, e.g. `/v1/accounts/…/status`. */
	path: string;
	body?: IDataObject;
	ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors'];
	itemIndex?: number;
	/** Replaces the stock advice when no answer came. */
	unreachableDescription?: string;
	/** The error to throw for a thrown error that is not a network failure, if it recognises one. */
	explainThrown?: (error: unknown) => Error | undefined;
	/** Headers built from the credential, for a credential type without n8n's `authenticate`. */
	authHeaders?: (credentials: ICredentialDataDecryptedObject) => Record<string, string>;
}

async function readCredential(
	ctx: TransportContext,
	request: AuthenticatedRequest,
): Promise<{ baseUrl: string; credentials: ICredentialDataDecryptedObject }> {
	const { credentialLabel, itemIndex } = request;
	const credentials = await ctx.getCredentials(request.credentialType, itemIndex);
	try {
		return { baseUrl: normaliseBaseUrl(String(credentials.baseUrl ?? '')), credentials };
	} catch (error) {
		const { message } = error as Error;
		throw new NodeOperationError(ctx.getNode(), credentialLabel ? `${message} (${credentialLabel})` : message, {
			itemIndex,
		});
	}
}

/** Sends one request with the credential's authentication and returns the full response. */
export async function sendAuthenticated(ctx: TransportContext, request: AuthenticatedRequest): Promise<FullResponse> {
	const { baseUrl, credentials } = await readCredential(ctx, request);
	const url = joinUrl(baseUrl, request.path);
	const options = requestOptions(request.method, url, request.body, request.ignoreHttpStatusErrors);
	if (request.authHeaders) options.headers = { ...options.headers, ...request.authHeaders(credentials) };
	try {
		return (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			request.credentialType,
			options,
		)) as FullResponse;
	} catch (error) {
		const explained = request.explainThrown?.(error);
		if (explained) throw explained;
		const failure = networkFailure(error, baseUrl);
		if (request.unreachableDescription) failure.description = request.unreachableDescription;
		throw toNodeApiError(ctx, failure, request.itemIndex);
	}
}
