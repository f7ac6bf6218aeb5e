/**
 * An account's configuration on Reconbanker's dashboard API (`GET`/`PUT <base>/api/accounts/:id/config`),
 * for the Reconbanker Trigger's automatic webhook registration. Authenticated by the
 * "Reconbanker Dashboard" credential (./dashboard-login), which n8n adds as
 * `Authorization: Bearer <jwt>` through `httpRequestWithAuthentication`.
 *
 * Every HTTP status except 401 is answered to us as a response
 * (`ignoreHttpStatusErrors: { ignore: true, except: [401] }`), so we map it ourselves; a 401 is
 * thrown on purpose, because that is what makes n8n log in again (once) and resend — the only
 * retry there is.
 */
import type { IDataObject, IHookFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeIssues, envelopeIssues, readEnvelope, retryAfterSeconds } from '../shared/api-error';
import { DASHBOARD_CREDENTIAL, DASHBOARD_CREDENTIAL_LABEL, findLoginError } from './dashboard-login';
import { isSuccess, sendAuthenticated, toNodeApiError, type FullResponse } from './http';
import { notPublicWebhookUrlText } from './webhook-url';

/** What the dashboard API returns instead of a stored secret; sent back on PUT, it keeps the secret. */
export const SECRET_MASK = '__secret_present__';

/** An account's configuration as `GET /api/accounts/:id/config` returns it (secrets masked). */
export interface DashboardAccountConfig extends IDataObject {
	webhook_url?: string | null;
	notification_endpoint_url?: string | null;
	notification_auth_type?: 'bearer' | 'api_key' | null;
	notification_auth_token?: string | null;
	notification_events?: string[] | null;
	notification_transport?: 'api' | 'slack' | 'chat_webhook' | null;
	notification_slack_channel?: string | null;
}

interface ConfigRequest {
	method: IHttpRequestMethods;
	accountId: string;
	body?: IDataObject;
	/** Our PUT carries this webhook URL: a 400 on it means the SSRF guard refused it. */
	webhookUrl?: string;
}

function sessionRejectedText(): { message: string; description: string } {
	return {
		message: 'Reconbanker did not accept the dashboard session (HTTP 401), even after logging in again',
		description: `Open the ${DASHBOARD_CREDENTIAL_LABEL}, check Email, Password and 2FA Secret and save it (its test logs in afresh). Nothing was changed.`,
	};
}

/** Maps a non-2xx answer of a config call to our message. */
function classifyConfigFailure(
	response: FullResponse,
	request: ConfigRequest,
): { text: { message: string; description: string }; errorCode: string } {
	const { statusCode } = response;
	const envelope = readEnvelope(response.body);
	const account = `account ${request.accountId}`;
	const what = request.method === 'GET' ? 'read the notification settings of' : 'save the notification settings of';
	if (!envelope) {
		return {
			errorCode: 'NON_JSON_RESPONSE',
			text: {
				message: `Reconbanker answered HTTP ${statusCode} with a non-JSON body when n8n tried to ${what} ${account}`,
				description:
					statusCode >= 500
						? 'The server or a proxy in front of it failed. Try again later; nothing was retried automatically.'
						: `Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL}: it should be the address the dashboard API lives under (…/api is added by the node), including any path prefix.`,
			},
		};
	}
	const code = envelope.code ?? 'UNKNOWN_ERROR';
	if (statusCode === 401) return { errorCode: code, text: sessionRejectedText() };
	if (statusCode === 404) {
		return {
			errorCode: 'ACCOUNT_NOT_FOUND',
			text: {
				message: `Account not found: ${account}`,
				description: `No account with this ID belongs to the dashboard user of the ${DASHBOARD_CREDENTIAL_LABEL}. Check the Account IDs (copy them from the Reconbanker dashboard) and that the credential logs in as the accounts' owner.`,
			},
		};
	}
	if (statusCode === 400) {
		const issues = envelopeIssues(envelope);
		const endpointIssue = issues.find((issue) => issue.path === 'notification_endpoint_url');
		if (endpointIssue && request.webhookUrl !== undefined) {
			return {
				errorCode: 'WEBHOOK_URL_NOT_PUBLIC',
				text: notPublicWebhookUrlText(request.webhookUrl, `Reconbanker said: ${endpointIssue.message}`),
			};
		}
		if (issues.some((issue) => issue.path === 'webhook_url')) {
			return {
				errorCode: code,
				text: {
					message: `${account} has no Webhook URL set in Reconbanker, so its settings cannot be saved`,
					description:
						'Reconbanker only saves an account configuration that has a Webhook URL (where it sends statements). Configure the account in the Reconbanker dashboard first, then activate the workflow again.',
				},
			};
		}
		return {
			errorCode: code,
			text: {
				message: `Reconbanker refused the notification settings for ${account} as invalid${issues.length ? `: ${describeIssues(envelope)}` : ''}`,
				description: 'Nothing was retried automatically.',
			},
		};
	}
	if (statusCode === 429) {
		const seconds = retryAfterSeconds(response.headers);
		return {
			errorCode: code,
			text: {
				message: `Reconbanker rate-limited the dashboard API while n8n tried to ${what} ${account}`,
				description: `${seconds === undefined ? 'Wait a few minutes' : `Try again in ${seconds} seconds`}. Nothing was retried automatically.`,
			},
		};
	}
	return {
		errorCode: code,
		text: {
			message:
				statusCode >= 500
					? `Reconbanker had an internal error (HTTP ${statusCode}) when n8n tried to ${what} ${account}`
					: `Reconbanker refused to let n8n ${what} ${account} (HTTP ${statusCode}, ${code})`,
			description: `${envelope.message ? `The server said: ${envelope.message}. ` : ''}Nothing was retried automatically.`,
		},
	};
}

async function configRequest<T>(this: IHookFunctions, request: ConfigRequest): Promise<T> {
	const response = await sendAuthenticated(this, {
		credentialType: DASHBOARD_CREDENTIAL,
		credentialLabel: DASHBOARD_CREDENTIAL_LABEL,
		method: request.method,
		path: `/api/accounts/${encodeURIComponent(request.accountId)}/config`,
		body: request.body,
		// Every status comes back as a response, except 401: n8n answers a thrown 401 by logging in
		// again (preAuthentication) and resending once — how an expired JWT gets renewed.
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
		unreachableDescription: `Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} and that n8n can reach it. Nothing was retried automatically.`,
		explainThrown: (error) => {
			const loginError = findLoginError(error);
			if (loginError) {
				return new NodeApiError(this.getNode(), { message: loginError.message } as JsonObject, {
					message: loginError.message,
					description: 'n8n could not log in to the Reconbanker dashboard, so no account was changed by this call.',
				});
			}
			const status = (error as { cause?: { response?: { status?: unknown } } }).cause?.response?.status;
			if (status === 401) {
				return toNodeApiError(this, { ...sessionRejectedText(), httpCode: '401', errorCode: 'UNAUTHORIZED' });
			}
			return undefined;
		},
	});

	if (isSuccess(response.statusCode)) return response.body as T;
	const { text, errorCode } = classifyConfigFailure(response, request);
	throw toNodeApiError(this, { ...text, httpCode: String(response.statusCode), errorCode });
}

/** Reads an account's configuration; `null` when the account was never configured. */
export async function getAccountConfig(
	this: IHookFunctions,
	accountId: string,
): Promise<DashboardAccountConfig | null> {
	const body = await configRequest.call<IHookFunctions, [ConfigRequest], Promise<unknown>>(this, {
		method: 'GET',
		accountId,
	});
	if (body === null || body === undefined || body === '') return null;
	if (typeof body !== 'object' || Array.isArray(body)) {
		throw new NodeApiError(this.getNode(), { message: 'Unexpected account configuration' } as JsonObject, {
			message: `Reconbanker returned something other than an account configuration for account ${accountId}`,
			description: `Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL}.`,
		});
	}
	return body as DashboardAccountConfig;
}

/**
 * Replaces an account's configuration (`PUT` is a full replace: send every field, secrets as
 * the mask to keep them). `webhookUrl` names the notification URL being set, so that a refusal
 * of it is reported as an unreachable n8n webhook URL.
 */
export async function putAccountConfig(
	this: IHookFunctions,
	accountId: string,
	config: DashboardAccountConfig,
	webhookUrl?: string,
): Promise<DashboardAccountConfig | null> {
	return await configRequest.call<IHookFunctions, [ConfigRequest], Promise<DashboardAccountConfig | null>>(this, {
		method: 'PUT',
		accountId,
		body: config,
		webhookUrl,
	});
}
