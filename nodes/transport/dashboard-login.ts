/**
 * The Reconbanker dashboard login (email + password, then the TOTP step when 2FA is on), run by
 * the "Reconbanker Dashboard" credential's `preAuthentication`; n8n keeps the JWT in the
 * credential's hidden, expirable `sessionToken` field (encrypted, never in workflow JSON).
 *
 * Logins are never retried: Reconbanker allows 5 login tries per 15 minutes per IP, and a loop
 * would lock n8n out. Errors carry only our own text: never the raw request error (it holds the
 * password or TOTP code), never a credential value.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { describeIssues, readEnvelope, retryAfterSeconds } from '../shared/api-error';
import { decodeBase32, totp } from '../shared/totp';
import { joinUrl, normaliseBaseUrl } from '../shared/url';
import { hostOf, isSuccess, networkFailure, requestOptions, type FullResponse } from './http';

export const DASHBOARD_CREDENTIAL = 'reconbankerDashboardApi';

/** How messages name the dashboard credential. */
export const DASHBOARD_CREDENTIAL_LABEL = 'Reconbanker Dashboard credential';

const LOGIN_LIMIT_TEXT = 'Reconbanker allows 5 dashboard login tries per 15 minutes per IP address';

export interface DashboardLoginInput {
	baseUrl: unknown;
	email: unknown;
	password: unknown;
	/** Base32 secret of the account's authenticator app; empty when 2FA is off. */
	totpSecret?: unknown;
}

/** `this.helpers.httpRequest` of whatever context logs in (credential preAuthentication). */
export type HttpRequestFunction = (options: IHttpRequestOptions) => Promise<unknown>;

const LOGIN_ERROR_NAME = 'ReconbankerDashboardLoginError';

/**
 * A failed dashboard login. The message is complete on its own (n8n's credential test shows
 * only the message). Deliberately no `status`/`code`/`response` property: n8n would take a
 * 401 status as "token expired" and call the login again, spending another try.
 */
export class DashboardLoginError extends Error {
	/**
	 * How long the same login must not be tried again (ms; 0: no hold): Reconbanker refused it, and
	 * the same email, password and 2FA secret would only be refused again — spending another of
	 * its 5 logins per 15 minutes (see dashboard-session.ts).
	 */
	readonly holdMs: number;

	constructor(message: string, holdMs = 0) {
		super(message);
		this.name = LOGIN_ERROR_NAME;
		this.holdMs = holdMs;
	}
}

/** Refused email or password: worth another try only after the login window has moved on. */
const HOLD_REFUSED_PASSWORD_MS = 15 * 60 * 1000;
/** Refused 2FA code: a wrong secret or clock, or a code someone else used in this step — hold briefly. */
const HOLD_REFUSED_TOTP_MS = 2 * 60 * 1000;
/** Any other answer that is not a session (server error, not Reconbanker): long enough to cover n8n's activation retries. */
const HOLD_OTHER_ANSWER_MS = 60 * 1000;

/** Finds a {@link DashboardLoginError} in an error or its `cause` chain (n8n wraps it in a NodeApiError). */
export function findLoginError(error: unknown): DashboardLoginError | undefined {
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
				: `The Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} did not answer like a Reconbanker server (HTTP ${statusCode} from …/api/auth/login). Enter the address the dashboard lives under, including any path prefix.`,
			HOLD_OTHER_ANSWER_MS,
		);
	}
	if (statusCode === 429) {
		const seconds = retryAfterSeconds(response.headers);
		const wait = seconds === undefined ? 'Wait up to 15 minutes' : `Try again in ${seconds} seconds`;
		return new DashboardLoginError(
			`Too many dashboard logins: ${LOGIN_LIMIT_TEXT}. ${wait}. n8n did not retry, so no further try was spent.`,
			seconds === undefined ? HOLD_REFUSED_PASSWORD_MS : seconds * 1000,
		);
	}
	if (statusCode === 401) {
		return step === 'password'
			? new DashboardLoginError(
					`Reconbanker refused the email or password. Check the Email and Password of the ${DASHBOARD_CREDENTIAL_LABEL} (the login you use for the Reconbanker dashboard).`,
					HOLD_REFUSED_PASSWORD_MS,
				)
			: new DashboardLoginError(
					`Reconbanker refused the two-factor code n8n computed from the 2FA Secret. Check that the 2FA Secret is the Base32 secret of this dashboard user's authenticator and that the n8n server's clock is correct; Reconbanker also refuses a code already used in its 30-second step (e.g. by a dashboard login a moment ago).`,
					HOLD_REFUSED_TOTP_MS,
				);
	}
	if (statusCode === 400) {
		const issues = describeIssues(envelope);
		return new DashboardLoginError(
			`Reconbanker refused the dashboard login as invalid${issues ? ` (${issues})` : ''}. Check the Email and Password of the ${DASHBOARD_CREDENTIAL_LABEL}.`,
			HOLD_REFUSED_PASSWORD_MS,
		);
	}
	return new DashboardLoginError(
		statusCode >= 500
			? `Reconbanker had an internal error during the dashboard login (HTTP ${statusCode}). Try again later; n8n did not retry.`
			: `Reconbanker refused the dashboard login (HTTP ${statusCode}${envelope.code ? `, ${envelope.code}` : ''}).`,
		HOLD_OTHER_ANSWER_MS,
	);
}

async function postLogin(
	httpRequest: HttpRequestFunction,
	baseUrl: string,
	path: string,
	body: IDataObject,
): Promise<FullResponse> {
	// The login runs in n8n's preAuthentication, which has no node to attach a NodeApiError to:
	// failures become a DashboardLoginError with only our own text (the raw error holds the
	// request body: password or code).
	let failure: unknown;
	try {
		const response = (await httpRequest(requestOptions('POST', joinUrl(baseUrl, path), body, true))) as
			| FullResponse
			| undefined;
		if (response !== undefined) return response;
	} catch (error) {
		failure = error;
	}
	throw new DashboardLoginError(
		`${networkFailure(failure, baseUrl).message}. Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} and that n8n can reach it; n8n did not retry the login.`,
	);
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
export async function loginToDashboard(
	httpRequest: HttpRequestFunction,
	input: DashboardLoginInput,
	/** When to compute the 2FA code for (unix seconds); resolves once a code of that step may be sent. */
	totpTime: () => Promise<number> = async () => Math.floor(Date.now() / 1000),
): Promise<string> {
	const base = attempt(() => normaliseBaseUrl(String(input.baseUrl ?? '')));
	if (!base.ok) throw new DashboardLoginError(`${base.message} (${DASHBOARD_CREDENTIAL_LABEL}).`);
	const baseUrl = base.value;
	const email = String(input.email ?? '').trim();
	const password = String(input.password ?? '');
	const totpSecret = String(input.totpSecret ?? '').trim();
	if (email === '' || password === '') {
		throw new DashboardLoginError(
			`Enter the Email and Password of your Reconbanker dashboard user in the ${DASHBOARD_CREDENTIAL_LABEL}.`,
		);
	}

	// A 2FA secret that is not Base32 fails before any login try is spent (messages never hold it).
	if (totpSecret !== '') {
		const secret = attempt(() => decodeBase32(totpSecret));
		if (!secret.ok) throw new DashboardLoginError(`${secret.message} (2FA Secret of the ${DASHBOARD_CREDENTIAL_LABEL}).`);
	}

	const first = await postLogin(httpRequest, baseUrl, '/api/auth/login', { email, password });
	if (!isSuccess(first.statusCode)) throw loginFailure('password', first, baseUrl);

	const direct = tokenOf(first.body);
	if (direct) return direct;

	const challenge = first.body as { requiresTotp?: unknown; challengeToken?: unknown } | null;
	if (challenge?.requiresTotp !== true || typeof challenge.challengeToken !== 'string') {
		throw new DashboardLoginError(
			`The Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} did not answer the login like a Reconbanker server (no token in the answer). Check the address and any path prefix.`,
			HOLD_OTHER_ANSWER_MS,
		);
	}
	if (totpSecret === '') {
		throw new DashboardLoginError(
			`This Reconbanker dashboard user has two-factor authentication on. Paste the Base32 2FA secret (the one shown when 2FA was set up) into the 2FA Secret field of the ${DASHBOARD_CREDENTIAL_LABEL}; n8n then computes the codes itself.`,
			// The password step was spent; only a changed credential can succeed.
			HOLD_REFUSED_PASSWORD_MS,
		);
	}
	// The TOTP helper's messages never contain the secret.
	const timeSeconds = await totpTime();
	const code = attempt(() => totp(totpSecret, { timeSeconds }));
	if (!code.ok) throw new DashboardLoginError(`${code.message} (2FA Secret of the ${DASHBOARD_CREDENTIAL_LABEL}).`);

	const second = await postLogin(httpRequest, baseUrl, '/api/auth/login/totp', {
		challengeToken: challenge.challengeToken,
		code: code.value,
	});
	if (!isSuccess(second.statusCode)) throw loginFailure('totp', second, baseUrl);
	const token = tokenOf(second.body);
	if (!token) {
		throw new DashboardLoginError(
			`Reconbanker accepted the two-factor code but returned no session token. Check the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL}.`,
			HOLD_OTHER_ANSWER_MS,
		);
	}
	return token;
}
