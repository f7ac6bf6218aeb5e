/**
 * The one place that talks to Reconbanker's external API (`<base>/v1`): it adds the API key
 * (apiKeyHeader), and every failure becomes a NodeApiError whose message says what
 * happened and what to do (HTTP answers: classifyApiError; no answer: ./http).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classifyApiError, type ApiScope } from '../shared/api-error';
import type { AccountStatus } from '../shared/status';
import { isUuid } from '../shared/url';
import { isSuccess, sendAuthenticated, toNodeApiError, type TransportContext } from './http';

export const API_CREDENTIAL = 'reconbankerApi';

interface ExternalRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	scope: ApiScope;
	accountId: string;
	itemIndex?: number;
	isSubmit?: boolean;
}

/**
 * `Authorization: Api-Key <key>`, set here rather than by the credential's `authenticate`: n8n
 * offers a "Custom API Call" operation (through its HTTP Request node) on every node whose credential
 * has one, and Reconbanker's API has nothing beyond what the node's operations do. No key, no header
 * (the server answers "no key was sent").
 */
export function apiKeyHeader(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const key = String(credentials.apiKey ?? '').trim();
	return key ? { Authorization: `Api-Key ${key}` } : {};
}

/** Sends one request; never retries (a retried OTP submit would spend another bank attempt). */
export async function externalApiRequest<T>(this: TransportContext, request: ExternalRequest): Promise<T> {
	const { itemIndex } = request;
	const response = await sendAuthenticated(this, {
		credentialType: API_CREDENTIAL,
		method: request.method,
		path: request.path,
		body: request.body,
		ignoreHttpStatusErrors: true,
		itemIndex,
		authHeaders: apiKeyHeader,
		unreachableDescription: request.isSubmit
			? 'The code may or may not have reached Reconbanker. Check the account status before submitting again; nothing was retried automatically.'
			: undefined,
	});

	if (isSuccess(response.statusCode)) return response.body as T;
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

/** The error for an account id that is not a UUID (named in the message, as typed). */
export function invalidAccountIdError(ctx: TransportContext, accountId: string, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `The Account ID "${accountId}" is not a UUID`, {
		itemIndex,
		description: 'Copy the account ID from the Reconbanker dashboard, e.g. 3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b.',
	});
}

/** Rejects a non-UUID account id before any request: the API would answer 400 (and, for submits, spend an attempt). */
export function assertAccountId(ctx: TransportContext, accountId: string, itemIndex?: number): string {
	const trimmed = accountId.trim();
	if (!isUuid(trimmed)) throw invalidAccountIdError(ctx, trimmed, itemIndex);
	return trimmed;
}

export async function getAccountStatus(
	this: TransportContext,
	accountId: string,
	itemIndex?: number,
): Promise<AccountStatus> {
	return await externalApiRequest.call<TransportContext, [ExternalRequest], Promise<AccountStatus>>(this, {
		method: 'GET',
		path: `/v1/accounts/${encodeURIComponent(accountId)}/status`,
		scope: 'status:read',
		accountId,
		itemIndex,
	});
}

/** One POST of one code. Callers validate first; this never retries. */
export async function submitCode(
	this: TransportContext,
	accountId: string,
	code: string,
	itemIndex?: number,
): Promise<{ submitted: boolean }> {
	return await externalApiRequest.call<TransportContext, [ExternalRequest], Promise<{ submitted: boolean }>>(
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
