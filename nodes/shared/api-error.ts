/**
 * Turns a failed Reconbanker response (or a failed connection) into a message that says what
 * happened and what to do. Pure: the transport wraps the result in n8n's NodeApiError.
 *
 * Nothing from the request (API key, code) is ever part of the output: messages are built only
 * from the status, the server's error code/message and our own text.
 */

export type ApiScope = 'status:read' | 'otp:write';

export interface FailedResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export interface ApiErrorContext {
	/** The scope the operation needs, named in 403 messages. */
	requiredScope: ApiScope;
	accountId?: string;
	/** True for the OTP submit call: decides the wording of 404 and 429 (attempt budget). */
	isSubmit?: boolean;
}

export interface ClassifiedApiError {
	/** Reconbanker's `error.code`, or our own label for responses without one. */
	errorCode: string;
	message: string;
	description: string;
	httpCode: string;
	retryAfterSeconds?: number;
}

/** The `error` object of Reconbanker's JSON error answers (`{ "error": { code, message, details } }`). */
export interface ErrorEnvelope {
	code?: string;
	message?: string;
	details?: { issues?: Array<{ path?: unknown; message?: unknown }> };
}

/** A validation issue of an envelope, its path joined with dots (`["events", 0]` → `events.0`). */
export interface EnvelopeIssue {
	path: string;
	message: string;
}

const SUBMIT_LIMIT_TEXT = 'Reconbanker accepts 5 code submissions per 10 minutes per account';

/** The error envelope of a response body (parsed JSON or text); null when the body is not one. */
export function readEnvelope(body: unknown): ErrorEnvelope | null {
	let parsed = body;
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (!trimmed.startsWith('{')) return null;
		try {
			parsed = JSON.parse(trimmed);
		} catch {
			return null;
		}
	}
	if (typeof parsed !== 'object' || parsed === null) return null;
	const error = (parsed as { error?: unknown }).error;
	if (typeof error !== 'object' || error === null) return null;
	return error as ErrorEnvelope;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** Seconds until the submit budget resets, from `Retry-After` or the `RateLimit` header's `reset=`. */
export function retryAfterSeconds(headers: Record<string, unknown> | undefined): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
	const rateLimit = header(headers, 'ratelimit');
	const reset = rateLimit?.match(/reset=(\d+)/);
	return reset ? Number(reset[1]) : undefined;
}

export function envelopeIssues(envelope: ErrorEnvelope): EnvelopeIssue[] {
	const issues = envelope.details?.issues;
	if (!Array.isArray(issues)) return [];
	return issues.map((issue) => ({
		path: Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? ''),
		message: String(issue.message ?? ''),
	}));
}

/** The issues as one line: `path: message; path: message` (empty when there are none). */
export function describeIssues(envelope: ErrorEnvelope): string {
	return envelopeIssues(envelope)
		.map(({ path, message }) => (path ? `${path}: ${message}` : message))
		.join('; ');
}

function accountLabel(context: ApiErrorContext): string {
	return context.accountId ? `account ${context.accountId}` : 'this account';
}

/** Where a redirect points, without any query string (it could carry tokens). */
function redirectTarget(location: string): string {
	return location.split(/[?#]/)[0];
}

/** Classifies an HTTP error response from the external API (`/v1`). */
export function classifyApiError(response: FailedResponse, context: ApiErrorContext): ClassifiedApiError {
	const { statusCode } = response;
	const httpCode = String(statusCode);
	const envelope = readEnvelope(response.body);
	const serverMessage = envelope?.message ?? '';
	const code = envelope?.code ?? (envelope ? 'UNKNOWN_ERROR' : 'NON_JSON_RESPONSE');
	const budgetNote = context.isSubmit
		? ' This attempt still counts toward the limit of 5 code submissions per 10 minutes.'
		: '';

	if (statusCode >= 300 && statusCode < 400) {
		const location = header(response.headers, 'location');
		return {
			errorCode: 'REDIRECT',
			httpCode,
			message: `Reconbanker answered with a redirect (HTTP ${statusCode})${location ? ` to ${redirectTarget(location)}` : ''}`,
			description:
				'The redirect was not followed, so nothing was sent there. Enter the final address as the Base URL in the credential.',
		};
	}

	if (!envelope) {
		return {
			errorCode: code,
			httpCode,
			message:
				statusCode === 404
					? 'Reconbanker has no such API route (HTTP 404 with a non-JSON page)'
					: `Reconbanker answered HTTP ${statusCode} with a non-JSON body`,
			description:
				statusCode >= 500
					? 'The server or a proxy in front of it failed. Try again later; nothing was retried automatically.'
					: 'Check the Base URL in the Reconbanker API credential: it should be the address the external API lives under (…/v1 is added by the node), including any path prefix.',
		};
	}

	switch (code) {
		case 'UNAUTHORIZED':
			return {
				errorCode: code,
				httpCode,
				message: 'Reconbanker received no API key',
				description:
					'Open the Reconbanker API credential and paste the key (it starts with rbk_) into the API Key field.',
			};
		case 'INVALID_API_KEY':
			return {
				errorCode: code,
				httpCode,
				message: 'The Reconbanker API key is malformed, unknown or revoked',
				description:
					'Create a new API key in the Reconbanker dashboard (scopes status:read and otp:write) and update the Reconbanker API credential.',
			};
		case 'FORBIDDEN':
			return {
				errorCode: code,
				httpCode,
				message: `The API key is not allowed to do this for ${accountLabel(context)}`,
				description: `This operation needs the scope ${context.requiredScope}. Check that the key has it and, if the key is limited to certain accounts (its account allow-list), that ${accountLabel(context)} is on that list.`,
			};
		case 'NOT_FOUND':
			if (/pending/i.test(serverMessage)) {
				return {
					errorCode: 'NO_PENDING_REQUEST',
					httpCode,
					message: `No code request is pending for ${accountLabel(context)}`,
					description: `Nothing is waiting for a code, so none was used.${budgetNote}`,
				};
			}
			return {
				errorCode: 'ACCOUNT_NOT_FOUND',
				httpCode,
				message: `Account not found: ${accountLabel(context)}`,
				description:
					'No account with this ID belongs to the owner of the API key. Check the Account ID (copy it from the Reconbanker dashboard).',
			};
		case 'RATE_LIMITED': {
			const seconds = retryAfterSeconds(response.headers);
			const wait = seconds === undefined ? 'Wait a few minutes' : `Try again in ${seconds} seconds`;
			return {
				errorCode: code,
				httpCode,
				retryAfterSeconds: seconds,
				message: `Rate limit reached for ${accountLabel(context)}: ${SUBMIT_LIMIT_TEXT}`,
				description: `${wait}. Nothing was retried automatically, so no further attempt was spent.`,
			};
		}
		case 'VALIDATION_ERROR': {
			const issues = describeIssues(envelope);
			return {
				errorCode: code,
				httpCode,
				message: `Reconbanker refused the request as invalid${issues ? `: ${issues}` : ''}`,
				description: `Check the Account ID (a UUID) and the code (text of 1 to 32 characters).${budgetNote}`,
			};
		}
		default:
			return {
				errorCode: code,
				httpCode,
				message:
					statusCode >= 500
						? `Reconbanker had an internal error (HTTP ${statusCode})`
						: `Reconbanker refused the request (HTTP ${statusCode}, ${code})`,
				description: `${serverMessage ? `The server said: ${serverMessage}. ` : ''}Nothing was retried automatically.`,
			};
	}
}

const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	ECONNRESET: 'the connection was reset',
	ETIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

/** Classifies a request that got no HTTP answer at all (connection error or timeout). */
export function classifyNetworkError(errorCode: string | undefined, host: string): ClassifiedApiError {
	const reason = (errorCode && NETWORK_REASONS[errorCode]) ?? 'the request failed before any answer';
	return {
		errorCode: errorCode ?? 'NETWORK_ERROR',
		httpCode: '',
		message: `Could not reach Reconbanker at ${host}: ${reason}`,
		description:
			'Check the Base URL in the Reconbanker API credential and that n8n can reach that server. Nothing was retried automatically.',
	};
}
