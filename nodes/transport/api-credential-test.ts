/**
 * The "Reconbanker API" credential test, run by n8n for the nodes that name it (`testedBy`).
 *
 * Why a function and not the credential's declarative `test`: with a declarative test, n8n 2.40's
 * CredentialsTester answers a request that got no HTTP answer with the bare error code of the
 * connection ("ECONNREFUSED"); no rule can map it, because rules only see responses. Here the
 * request is sent directly, so an unreachable host reads "Could not reach Reconbanker at
 * <host>: the connection was refused".
 *
 * What it sends: one GET of the status of an account nobody owns, with the key as the nodes send
 * it. A bad key answers 401; a good one 403 (scope or allow-list) or 404 (no such account) — so any
 * valid key passes, whatever its scopes or allow-list. Redirects are not followed (they would carry
 * the key elsewhere). Messages never contain the key.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { PROBE_ACCOUNT_ID } from '../../credentials/base-url';
import { classifyNetworkError, readEnvelope } from '../shared/api-error';
import { joinUrl, normaliseBaseUrl } from '../shared/url';
import { hostOf } from './http';

const TIMEOUT_MS = 15_000;

interface LegacyResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

/** The first error code (ECONNREFUSED, …) in an error or its `cause` chain. */
function errorCodeOf(error: unknown): string | undefined {
	let candidate: unknown = error;
	for (let depth = 0; depth < 4 && candidate; depth++) {
		const code = (candidate as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		candidate = (candidate as { cause?: unknown }).cause;
	}
	return undefined;
}

const NOT_RECONBANKER =
	'The Base URL did not answer like a Reconbanker server. Check the address and any path prefix (the node adds /v1/… itself).';

const fail = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

/** What an answer of the probe says about the key. */
function judge(response: LegacyResponse): INodeCredentialTestResult {
	const { statusCode } = response;
	if (statusCode >= 300 && statusCode < 400) {
		return fail(
			`Reconbanker answered with a redirect (HTTP ${statusCode}); it was not followed, so the key went nowhere else. Enter the final address as the Base URL.`,
		);
	}
	if (statusCode >= 200 && statusCode < 300) {
		// Only a status answer counts: a catch-all page answering 200 to any path is not Reconbanker.
		const body = response.body as { pending_assistance?: unknown } | null;
		return typeof body === 'object' && body !== null && 'pending_assistance' in body
			? { status: 'OK', message: 'Connection successful!' }
			: fail(NOT_RECONBANKER);
	}
	switch (readEnvelope(response.body)?.code) {
		case 'UNAUTHORIZED':
			return fail('Reconbanker received no API key. Paste the key (rbk_…) into the API Key field.');
		case 'INVALID_API_KEY':
			return fail('Reconbanker rejected the API key: it is malformed, unknown or revoked. Create a new key in the Reconbanker dashboard.');
		case 'INTERNAL_ERROR':
			return fail('Reconbanker answered with an internal error, so the key could not be checked. Try again later.');
		case undefined:
			// A JSON error envelope is the only answer Reconbanker gives for the probe account; anything
			// else (an HTML page, another service) means the Base URL does not point at Reconbanker.
			return fail(NOT_RECONBANKER);
		default:
			// FORBIDDEN / NOT_FOUND (and any other refusal about the account): the key itself was accepted.
			return { status: 'OK', message: 'Connection successful!' };
	}
}

export async function reconbankerApiConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let baseUrl: string;
	try {
		baseUrl = normaliseBaseUrl(String(data.baseUrl ?? ''));
	} catch (error) {
		return fail(`${(error as Error).message} (Reconbanker API credential).`);
	}
	const apiKey = String(data.apiKey ?? '').trim();
	let response: LegacyResponse;
	try {
		// A credential test's context offers only this helper (n8n-core CredentialTestContext).
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions -- see above
		response = (await this.helpers.request({
			method: 'GET',
			uri: joinUrl(baseUrl, `/v1/accounts/${PROBE_ACCOUNT_ID}/status`),
			// As the credential's `authenticate` sends it: an empty key sends an empty header.
			headers: { Authorization: apiKey ? `Api-Key ${apiKey}` : '' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
			timeout: TIMEOUT_MS,
		})) as LegacyResponse;
	} catch (error) {
		return fail(`${classifyNetworkError(errorCodeOf(error), hostOf(baseUrl)).message}. Check the Base URL and that n8n can reach that server.`);
	}
	return judge(response);
}
