/**
 * The one place that talks to Reconbanker's dashboard API (`<base>/api`): the dashboard login
 * (email + password, then the TOTP step when 2FA is on) and an account's configuration
 * (`GET`/`PUT /api/accounts/:id/config`). Used by the automatic webhook registration of the
 * Reconbanker Trigger and by the "Reconbanker Dashboard" credential.
 *
 * How the login fits n8n: the credential's `preAuthentication` calls {@link loginToDashboard}
 * and n8n keeps the JWT in the credential's hidden, expirable `sessionToken` field (encrypted,
 * never in workflow JSON). Requests here go through `httpRequestWithAuthentication`, which adds
 * `Authorization: Bearer <jwt>`. Every HTTP status except 401 is answered to us as a response
 * (`ignoreHttpStatusErrors: { ignore: true, except: [401] }`), so we map it ourselves; a 401 is
 * thrown on purpose, because that is what makes n8n log in again (once) and resend — the only
 * retry there is. Logins themselves are never retried: Reconbanker allows 5 login tries per
 * 15 minutes per IP, and a loop would lock n8n out.
 *
 * Errors carry only our own text: never the raw request error (it holds the request, i.e. the
 * password, TOTP code or JWT), never a credential value.
 */
import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { classifyNetworkError, retryAfterSeconds } from '../shared/api-error';
import { totp } from '../shared/totp';
import { joinUrl, normaliseBaseUrl } from '../shared/url';

export const DASHBOARD_CREDENTIAL = 'reconbankerDashboardApi';

/** What the dashboard API returns instead of a stored secret; sent back on PUT, it keeps the secret. */
export const SECRET_MASK = '__secret_present__';

const REQUEST_TIMEOUT_MS = 30_000;

const LOGIN_LIMIT_TEXT = 'Reconbanker allows 5 dashboard login tries per 15 minutes per IP address';

const CREDENTIAL_NAME = 'Reconbanker Dashboard credential';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** An account's configuration as `GET /api/accounts/:id/config` returns it (secrets masked). */
export interface DashboardAccountConfig extends IDataObject {
	webhook_url?: string | null;
	notification_endpoint_url?: string | null;
	notification_auth_type?: 'bearer' | 'api_key' | null;
	notification_auth_token?: string | null;
	notification_events?: string[];
	notification_transport?: 'api' | 'slack' | 'chat_webhook';
}

export interface DashboardLoginInput {
	baseUrl: unknown;
	email: unknown;
	password: unknown;
	/** Base32 secret of the account's authenticator app; empty when 2FA is off. */
	totpSecret?: unknown;
}

/** `this.helpers.httpRequest` of whatever context logs in (credential preAuthentication). */
export type HttpRequestFunction = (options: IHttpRequestOptions) => Promise<unknown>;

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

interface ErrorEnvelope {
	code?: string;
	message?: string;
	details?: { issues?: Array<{ path?: unknown; message?: unknown }> };
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function readEnvelope(body: unknown): ErrorEnvelope | null {
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

function issuePath(path: unknown): string {
	return Array.isArray(path) ? path.map(String).join('.') : String(path ?? '');
}

function issuesOf(envelope: ErrorEnvelope | null): Array<{ path: string; message: string }> {
	const issues = envelope?.details?.issues;
	if (!Array.isArray(issues)) return [];
	return issues.map((issue) => ({ path: issuePath(issue.path), message: String(issue.message ?? '') }));
}

function describeIssues(envelope: ErrorEnvelope | null): string {
	return issuesOf(envelope)
		.map(({ path, message }) => (path ? `${path}: ${message}` : message))
		.join('; ');
}

function networkErrorCode(error: unknown): string | undefined {
	let candidate: unknown = error;
	for (let depth = 0; depth < 4 && candidate; depth++) {
		const code = (candidate as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		candidate = (candidate as { cause?: unknown }).cause;
	}
	return undefined;
}

function hostOf(baseUrl: string): string {
	return new URL(baseUrl).host;
}

function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

// ---------------------------------------------------------------------------------------------
// Login
// ---------------------------------------------------------------------------------------------

const LOGIN_ERROR_NAME = 'ReconbankerDashboardLoginError';

/**
 * A failed dashboard login. The message is complete on its own (n8n's credential test shows
 * only the message). Deliberately no `status`/`code`/`response` property: n8n would take a
 * 401 status as "token expired" and call the login again, spending another try.
 */
export class DashboardLoginError extends Error {
	constructor(message: string) {
		super(message);
		this.name = LOGIN_ERROR_NAME;
	}
}

/** Finds a {@link DashboardLoginError} in an error or its `cause` chain (n8n wraps it in a NodeApiError). */
function findLoginError(error: unknown): DashboardLoginError | undefined {
	let candidate: unknown = error;
	for (let depth = 0; depth < 4 && candidate; depth++) {
		if ((candidate as { name?: unknown }).name === LOGIN_ERROR_NAME) return candidate as DashboardLoginError;
		candidate = (candidate as { cause?: unknown }).cause;
	}
	return undefined;
}

function loginFailure(step: 'password' | 'totp', response: FullResponse, baseUrl: string): DashboardLoginError {
	const { statusCode } = response;
	const envelope = readEnvelope(response.body);
	if (!envelope) {
		return new DashboardLoginError(
			statusCode >= 500
				? `Reconbanker at ${hostOf(baseUrl)} answered the dashboard login with HTTP ${statusCode}. Try again later; n8n did not retry.`
				: `The Base URL of the ${CREDENTIAL_NAME} did not answer like a Reconbanker server (HTTP ${statusCode} from …/api/auth/login). Enter the address the dashboard lives under, including any path prefix.`,
		);
	}
	if (statusCode === 429) {
		const seconds = retryAfterSeconds(response.headers);
		const wait = seconds === undefined ? 'Wait up to 15 minutes' : `Try again in ${seconds} seconds`;
		return new DashboardLoginError(
			`Too many dashboard logins: ${LOGIN_LIMIT_TEXT}. ${wait}. n8n did not retry, so no further try was spent.`,
		);
	}
	if (statusCode === 401) {
		return new DashboardLoginError(
			step === 'password'
				? `Reconbanker refused the email or password. Check the Email and Password of the ${CREDENTIAL_NAME} (the login you use for the Reconbanker dashboard).`
				: `Reconbanker refused the two-factor code n8n computed from the 2FA Secret. Check that the 2FA Secret is the Base32 secret of this dashboard user's authenticator, and that the n8n server's clock is correct.`,
		);
	}
	if (statusCode === 400) {
		const issues = describeIssues(envelope);
		return new DashboardLoginError(
			`Reconbanker refused the dashboard login as invalid${issues ? ` (${issues})` : ''}. Check the Email and Password of the ${CREDENTIAL_NAME}.`,
		);
	}
	return new DashboardLoginError(
		statusCode >= 500
			? `Reconbanker had an internal error during the dashboard login (HTTP ${statusCode}). Try again later; n8n did not retry.`
			: `Reconbanker refused the dashboard login (HTTP ${statusCode}${envelope.code ? `, ${envelope.code}` : ''}).`,
	);
}

async function postLogin(
	httpRequest: HttpRequestFunction,
	baseUrl: string,
	path: string,
	body: IDataObject,
): Promise<FullResponse> {
	// The login runs in n8n's preAuthentication, which has no node to attach a NodeApiError to:
	// failures become a DashboardLoginError, thrown after the catch with only our own text (the
	// raw error holds the request body: password or code).
	let response: FullResponse | undefined;
	let failureCode: string | undefined;
	try {
		response = (await httpRequest({
			method: 'POST',
			url: joinUrl(baseUrl, path),
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: REQUEST_TIMEOUT_MS,
		})) as FullResponse;
	} catch (error) {
		failureCode = networkErrorCode(error) ?? 'NETWORK_ERROR';
	}
	if (response === undefined || failureCode !== undefined) {
		const classified = classifyNetworkError(failureCode, hostOf(baseUrl));
		throw new DashboardLoginError(
			`${classified.message}. Check the Base URL of the ${CREDENTIAL_NAME} and that n8n can reach it; n8n did not retry the login.`,
		);
	}
	return response;
}

/** Runs a pure helper that throws plain Errors with safe messages; returns its value or its message. */
function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; message: string } {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, message: (error as Error).message };
	}
}

function tokenOf(body: unknown): string | undefined {
	const token = (body as { token?: unknown } | null)?.token;
	return typeof token === 'string' && token !== '' ? token : undefined;
}

/**
 * Logs in to the Reconbanker dashboard and returns the JWT. With 2FA on, computes the TOTP
 * code from the credential's 2FA Secret (RFC 6238, SHA-1, 6 digits, 30 s) and completes the
 * second step. One try per step, never a retry.
 *
 * @throws DashboardLoginError with a message that says what to fix (never a credential value).
 */
export async function loginToDashboard(httpRequest: HttpRequestFunction, input: DashboardLoginInput): Promise<string> {
	const base = attempt(() => normaliseBaseUrl(String(input.baseUrl ?? '')));
	if (!base.ok) throw new DashboardLoginError(`${base.message} (${CREDENTIAL_NAME}).`);
	const baseUrl = base.value;
	const email = String(input.email ?? '').trim();
	const password = String(input.password ?? '');
	const totpSecret = String(input.totpSecret ?? '').trim();
	if (email === '' || password === '') {
		throw new DashboardLoginError(`Enter the Email and Password of your Reconbanker dashboard user in the ${CREDENTIAL_NAME}.`);
	}

	const first = await postLogin(httpRequest, baseUrl, '/api/auth/login', { email, password });
	if (!isSuccess(first.statusCode)) throw loginFailure('password', first, baseUrl);

	const direct = tokenOf(first.body);
	if (direct) return direct;

	const challenge = first.body as { requiresTotp?: unknown; challengeToken?: unknown } | null;
	if (challenge?.requiresTotp !== true || typeof challenge.challengeToken !== 'string') {
		throw new DashboardLoginError(
			`The Base URL of the ${CREDENTIAL_NAME} did not answer the login like a Reconbanker server (no token in the answer). Check the address and any path prefix.`,
		);
	}
	if (totpSecret === '') {
		throw new DashboardLoginError(
			`This Reconbanker dashboard user has two-factor authentication on. Paste the Base32 2FA secret (the one shown when 2FA was set up) into the 2FA Secret field of the ${CREDENTIAL_NAME}; n8n then computes the codes itself.`,
		);
	}
	// The TOTP helper's messages never contain the secret.
	const code = attempt(() => totp(totpSecret));
	if (!code.ok) throw new DashboardLoginError(`${code.message} (2FA Secret of the ${CREDENTIAL_NAME}).`);

	const second = await postLogin(httpRequest, baseUrl, '/api/auth/login/totp', {
		challengeToken: challenge.challengeToken,
		code: code.value,
	});
	if (!isSuccess(second.statusCode)) throw loginFailure('totp', second, baseUrl);
	const token = tokenOf(second.body);
	if (!token) {
		throw new DashboardLoginError(
			`Reconbanker accepted the two-factor code but returned no session token. Check the Base URL of the ${CREDENTIAL_NAME}.`,
		);
	}
	return token;
}

// ---------------------------------------------------------------------------------------------
// Webhook URL reachability (Reconbanker's SSRF guard)
// ---------------------------------------------------------------------------------------------

function parseIpv4(host: string): number[] | null {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return null;
	const parts = match.slice(1).map(Number);
	return parts.every((n) => n <= 255) ? parts : null;
}

function isNonPublicIpv4([a, b]: number[]): boolean {
	return (
		a === 0 || // "this network"
		a === 10 ||
		a === 127 || // loopback
		(a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
		(a === 169 && b === 254) || // link-local
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

function parseIpv6(host: string): number[] | null {
	if (!host.includes(':')) return null;
	let text = host.toLowerCase();
	const dotted = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
	if (dotted) {
		const v4 = parseIpv4(dotted[1]);
		if (!v4) return null;
		text = `${text.slice(0, -dotted[1].length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const groups = (part: string) =>
		part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
	if (fill < 0) return null;
	const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
	return all.length === 8 && !all.some(Number.isNaN) ? all : null;
}

function isNonPublicIpv6(g: number[]): boolean {
	const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
	if (zeroUntil(7) && (g[7] === 0 || g[7] === 1)) return true; // ::, ::1
	if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
	if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
	if (zeroUntil(5) && g[5] === 0xffff) {
		return isNonPublicIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]); // ::ffff:a.b.c.d
	}
	return false;
}

/**
 * Why Reconbanker could not (or would refuse to) deliver notifications to `webhookUrl`, or null
 * when it looks public. Refused: not http(s); `localhost` / `*.localhost`; host names without a
 * dot (container or LAN names) and `.local` / `.internal` / `.lan` / `.home.arpa` names; literal
 * loopback, private, link-local, carrier-grade-NAT, unspecified and unique-local addresses.
 * Pure; no DNS lookups.
 */
export function webhookUrlProblem(webhookUrl: string): string | null {
	if (!URL.canParse(webhookUrl)) return 'it is not a valid URL';
	const url = new URL(webhookUrl);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'it is not an http(s) URL';
	const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return `its host "${host}" is this machine (loopback)`;
	const v4 = parseIpv4(host);
	if (v4) return isNonPublicIpv4(v4) ? `its host ${host} is a loopback, private or link-local address` : null;
	const v6 = parseIpv6(host);
	if (v6) return isNonPublicIpv6(v6) ? `its host ${host} is a loopback, private or link-local address` : null;
	if (!host.includes('.')) return `its host "${host}" is a local name, not a public domain`;
	if (/\.(local|internal|lan|home\.arpa)$/.test(host)) return `its host "${host}" is a local name, not a public domain`;
	return null;
}

/** The message for a webhook URL Reconbanker cannot reach; shared by our pre-check and the server's 400. */
export function notPublicWebhookUrlText(webhookUrl: string, reason?: string): { message: string; description: string } {
	return {
		message: `n8n's webhook URL is not publicly reachable, so Reconbanker cannot send notifications to it: ${webhookUrl}${reason ? ` (${reason})` : ''}`,
		description:
			"Reconbanker refuses notification URLs on loopback or private addresses. Set n8n's WEBHOOK_URL environment variable to the public https address of this n8n (for example https://n8n.example.com/), restart n8n and activate the workflow again — or choose Manual registration and point the account at a public URL yourself.",
	};
}

// ---------------------------------------------------------------------------------------------
// Account configuration
// ---------------------------------------------------------------------------------------------

interface ConfigRequest {
	method: IHttpRequestMethods;
	accountId: string;
	body?: IDataObject;
	/** Our PUT carries this webhook URL: a 400 on it means the SSRF guard refused it. */
	webhookUrl?: string;
}

function toNodeApiError(
	ctx: IHookFunctions,
	text: { message: string; description: string },
	httpCode: string | undefined,
	errorCode: string,
): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: text.message, description: text.description, errorCode } as JsonObject,
		{ message: text.message, description: text.description, httpCode },
	);
}

function sessionRejectedText(): { message: string; description: string } {
	return {
		message: 'Reconbanker did not accept the dashboard session (HTTP 401), even after logging in again',
		description: `Open the ${CREDENTIAL_NAME}, check Email, Password and 2FA Secret and save it (its test logs in afresh). Nothing was changed.`,
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
						: `Check the Base URL of the ${CREDENTIAL_NAME}: it should be the address the dashboard API lives under (…/api is added by the node), including any path prefix.`,
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
				description: `No account with this ID belongs to the dashboard user of the ${CREDENTIAL_NAME}. Check the Account IDs (copy them from the Reconbanker dashboard) and that the credential logs in as the accounts' owner.`,
			},
		};
	}
	if (statusCode === 400) {
		const issues = issuesOf(envelope);
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
	const credentials = await this.getCredentials(DASHBOARD_CREDENTIAL);
	let baseUrl: string;
	try {
		baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `${(error as Error).message} (${CREDENTIAL_NAME})`);
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url: joinUrl(baseUrl, `/api/accounts/${encodeURIComponent(request.accountId)}/config`),
		json: true,
		returnFullResponse: true,
		// Every status comes back as a response, except 401: n8n answers a thrown 401 by logging in
		// again (preAuthentication) and resending once — how an expired JWT gets renewed.
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.body) options.body = request.body;

	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			DASHBOARD_CREDENTIAL,
			options,
		)) as FullResponse;
	} catch (error) {
		// Only our own text reaches the error: the raw one holds the request (JWT, config body).
		const loginError = findLoginError(error);
		if (loginError) {
			throw new NodeApiError(this.getNode(), { message: loginError.message } as JsonObject, {
				message: loginError.message,
				description: 'n8n could not log in to the Reconbanker dashboard, so no account was changed by this call.',
			});
		}
		const status = (error as { cause?: { response?: { status?: unknown } } }).cause?.response?.status;
		if (status === 401) throw toNodeApiError(this, sessionRejectedText(), '401', 'UNAUTHORIZED');
		const classified = classifyNetworkError(networkErrorCode(error), hostOf(baseUrl));
		throw new NodeApiError(this.getNode(), { message: classified.message } as JsonObject, {
			message: classified.message,
			description: `Check the Base URL of the ${CREDENTIAL_NAME} and that n8n can reach it. Nothing was retried automatically.`,
		});
	}

	if (isSuccess(response.statusCode)) return response.body as T;
	const { text, errorCode } = classifyConfigFailure(response, request);
	throw toNodeApiError(this, text, String(response.statusCode), errorCode);
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
			description: `Check the Base URL of the ${CREDENTIAL_NAME}.`,
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
