/**
 * The one place that talks to Reconbanker's external API (`<base>/v1`): builds URLs from the
 * credential's base URL, lets n8n add the API key (credential `authenticate`), and maps every
 * failure to a NodeApiError whose message says what happened and what to do.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { classifyApiError, classifyNetworkError, type ApiScope, type ClassifiedApiError } from '../shared/api-error';
import type { AccountStatus } from '../shared/status';
import { isUuid, joinUrl, normaliseBaseUrl } from '../shared/url';

export const API_CREDENTIAL = 'reconbankerApi';
const REQUEST_TIMEOUT_MS = 30_000;

export type ReconbankerFunctions = IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions;

interface ExternalRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	scope: ApiScope;
	accountId: string;
	itemIndex?: number;
	isSubmit?: boolean;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function toNodeApiError(
	ctx: ReconbankerFunctions,
	classified: ClassifiedApiError,
	itemIndex: number | undefined,
): NodeApiError {
	const { message, description, httpCode } = classified;
	const error = new NodeApiError(
		ctx.getNode(),
		{ message, description, errorCode: classified.errorCode } as JsonObject,
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

async function baseUrlOf(ctx: ReconbankerFunctions, itemIndex: number | undefined): Promise<string> {
	const credentials = await ctx.getCredentials(API_CREDENTIAL, itemIndex);
	try {
		return normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
}

function networkErrorCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown } | undefined)?.code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

/** Sends one request; never retries (a retried OTP submit would spend another bank attempt). */
export async function externalApiRequest<T>(this: ReconbankerFunctions, request: ExternalRequest): Promise<T> {
	const { itemIndex } = request;
	const baseUrl = await baseUrlOf(this, itemIndex);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: joinUrl(baseUrl, request.path),
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.body) options.body = request.body;

	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			API_CREDENTIAL,
			options,
		)) as FullResponse;
	} catch (error) {
		// Only our own text reaches the error: the raw error carries the request headers (the key).
		const classified = classifyNetworkError(networkErrorCode(error), new URL(baseUrl).host);
		if (request.isSubmit) {
			classified.description =
				'The code may or may not have reached Reconbanker. Check the account status before submitting again; nothing was retried automatically.';
		}
		throw toNodeApiError(this, classified, itemIndex);
	}

	if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
	throw toNodeApiError(
		this,
		classifyApiError(response, {
			requiredScope: request.scope,
			accountId: request.accountId,
			isSubmit: request.isSubmit,
		}),
		itemIndex,
	);
}

/** Rejects a non-UUID account id before any request: the API would answer 400 (and, for submits, spend an attempt). */
export function assertAccountId(ctx: ReconbankerFunctions, accountId: string, itemIndex?: number): string {
	const trimmed = accountId.trim();
	if (!isUuid(trimmed)) {
		throw new NodeOperationError(ctx.getNode(), `The Account ID "${trimmed}" is not a UUID`, {
			itemIndex,
			description: 'Copy the account ID from the Reconbanker dashboard, e.g. 3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b.',
		});
	}
	return trimmed;
}

export async function getAccountStatus(
	this: ReconbankerFunctions,
	accountId: string,
	itemIndex?: number,
): Promise<AccountStatus> {
	return await externalApiRequest.call<ReconbankerFunctions, [ExternalRequest], Promise<AccountStatus>>(this, {
		method: 'GET',
		path: `/v1/accounts/${encodeURIComponent(accountId)}/status`,
		scope: 'status:read',
		accountId,
		itemIndex,
	});
}

/** One POST of one code. Callers validate first; this never retries. */
export async function submitCode(
	this: ReconbankerFunctions,
	accountId: string,
	code: string,
	itemIndex?: number,
): Promise<{ submitted: boolean }> {
	return await externalApiRequest.call<ReconbankerFunctions, [ExternalRequest], Promise<{ submitted: boolean }>>(
		this,
		{
			method: 'POST',
			path: `/v1/accounts/${encodeURIComponent(accountId)}/otp`,
			body: { code },
			scope: 'otp:write',
			accountId,
			itemIndex,
			isSubmit: true,
		},
	);
}
