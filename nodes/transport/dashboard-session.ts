/**
 * What this n8n process remembers of Reconbanker dashboard logins, so that a login is tried at most
 * once however often n8n asks for it. The "Reconbanker Dashboard" credential's `preAuthentication`
 * goes through here.
 *
 * Why: Reconbanker allows 5 login tries per 15 minutes per IP, every try counting, and refuses a
 * 2FA code already used in its 30-second step. n8n 2.40 retries a failed activation up to 5 times
 * within ~15 s (and runs the deactivation after each failed try), asks for a login whenever the
 * credential holds no session token (a credential test never stores the one it got), and a
 * credential test right before publishing has just used this step's 2FA code. Without memory, one
 * wrong password became 10 refused logins in 17 s.
 *
 *  - sessions: the JWT of a login, until shortly before its `exp`; handed out again instead of
 *    logging in — except when n8n passes that very token back (Reconbanker just refused it with a
 *    401: then it is dropped and one fresh login runs);
 *  - refusals: a login Reconbanker refused (wrong password or 2FA code, rate limit) is not tried
 *    again with the same email, password and 2FA secret until its hold runs out
 *    (DashboardLoginError.holdMs); the same error is thrown, saying so. Changing the credential
 *    allows a new try at once;
 *  - logins in flight: concurrent calls share one login;
 *  - 2FA steps: the 30-second step whose code was last sent for a dashboard user; a login in the
 *    same step waits for the next one (n8n-workflow `sleep`, at most ~30 s) instead of being
 *    refused.
 *
 * Keys are HMACs under a random per-process key, so no credential value is kept in clear beside a
 * JWT; nothing here is logged or persisted. The memory is per process (lost on restart, not shared
 * between n8n instances), which is all the retry storm needs.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { sleep } from 'n8n-workflow';

import { normaliseBaseUrl } from '../shared/url';
import { DashboardLoginError, loginToDashboard, type DashboardLoginInput, type HttpRequestFunction } from './dashboard-login';

const MEMORY_KEY = randomBytes(32);
const TOTP_STEP_MS = 30_000;
/** A JWT is not handed out in its last minute. */
const EXPIRY_MARGIN_MS = 60_000;
/** When a JWT has no readable `exp`: a short life (Reconbanker's default is 12 hours). */
const UNKNOWN_EXPIRY_MS = 60 * 60 * 1000;
/** Entries kept per map; the oldest is dropped beyond. */
const MAX_ENTRIES = 500;

interface Session {
	token: string;
	expiresAtMs: number;
}

interface Refusal {
	message: string;
	atMs: number;
	untilMs: number;
}

const sessions = new Map<string, Session>();
const refusals = new Map<string, Refusal>();
const loginsInFlight = new Map<string, Promise<string>>();
const lastTotpStep = new Map<string, number>();

function remember<V>(map: Map<string, V>, key: string, value: V): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > MAX_ENTRIES) {
		const oldest = map.keys().next().value;
		if (oldest !== undefined) map.delete(oldest);
	}
}

function keyOf(parts: unknown[]): string {
	return createHmac('sha256', MEMORY_KEY).update(JSON.stringify(parts)).digest('hex');
}

function baseUrlKey(baseUrl: unknown): string {
	try {
		return normaliseBaseUrl(String(baseUrl ?? ''));
	} catch {
		return String(baseUrl ?? '');
	}
}

/** One login: the server, the user and everything the login sends. */
function loginKey(input: DashboardLoginInput): string {
	return keyOf([
		'login',
		baseUrlKey(input.baseUrl),
		String(input.email ?? '').trim().toLowerCase(),
		String(input.password ?? ''),
		String(input.totpSecret ?? '').replace(/\s+/g, '').toUpperCase(),
	]);
}

/** One dashboard user's 2FA codes (Reconbanker refuses each step's code after its first use). */
function totpUserKey(input: DashboardLoginInput): string {
	return keyOf(['totp', baseUrlKey(input.baseUrl), String(input.email ?? '').trim().toLowerCase()]);
}

/** When the JWT expires (its `exp` claim), in ms. */
function expiryOf(token: string, nowMs: number): number {
	try {
		const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
		if (typeof claims.exp === 'number' && Number.isFinite(claims.exp)) return claims.exp * 1000;
	} catch {
		// not a JWT we can read: fall through
	}
	return nowMs + UNKNOWN_EXPIRY_MS;
}

function utcTime(ms: number): string {
	return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** The unix time to compute a 2FA code for, after waiting out a step whose code was already sent. */
async function unusedTotpTime(userKey: string): Promise<number> {
	let now = Date.now();
	const used = lastTotpStep.get(userKey);
	if (used !== undefined && used >= Math.floor(now / TOTP_STEP_MS)) {
		const wait = Math.min((used + 1) * TOTP_STEP_MS - now + 250, TOTP_STEP_MS + 250);
		await sleep(wait);
		now = Date.now();
	}
	remember(lastTotpStep, userKey, Math.floor(now / TOTP_STEP_MS));
	return Math.floor(now / 1000);
}

/** Remembers a refused login (see DashboardLoginError.holdMs); returns the error unchanged. */
function noteRefusal(key: string, error: unknown): unknown {
	if (error instanceof DashboardLoginError && error.holdMs > 0) {
		const now = Date.now();
		remember(refusals, key, { message: error.message, atMs: now, untilMs: now + error.holdMs });
	}
	return error;
}

/**
 * A dashboard JWT for these credentials: a remembered one, or one from a single login.
 *
 * @param currentToken the session token n8n holds (and is calling us about); a remembered token
 *   equal to it was just refused by Reconbanker and is not handed out again.
 * @throws DashboardLoginError (the remembered refusal, or the login's own error)
 */
export async function dashboardSessionToken(
	httpRequest: HttpRequestFunction,
	input: DashboardLoginInput,
	currentToken?: unknown,
): Promise<string> {
	const key = loginKey(input);
	const session = sessions.get(key);
	if (session) {
		if (session.token !== currentToken && session.expiresAtMs - EXPIRY_MARGIN_MS > Date.now()) return session.token;
		sessions.delete(key);
	}

	const refusal = refusals.get(key);
	if (refusal && refusal.untilMs > Date.now()) {
		throw new DashboardLoginError(
			`${refusal.message} (Reconbanker gave this answer at ${utcTime(refusal.atMs)}; n8n does not try the same login again before ${utcTime(refusal.untilMs)}, so that failing activations do not use up Reconbanker's 5 logins per 15 minutes. Change the credential to try again at once.)`,
		);
	}

	const pending = loginsInFlight.get(key);
	if (pending) return await pending;

	const login = (async () => {
		try {
			const token = await loginToDashboard(httpRequest, input, async () => await unusedTotpTime(totpUserKey(input)));
			refusals.delete(key);
			remember(sessions, key, { token, expiresAtMs: expiryOf(token, Date.now()) });
			return token;
		} catch (error) {
			throw noteRefusal(key, error);
		}
	})();
	loginsInFlight.set(key, login);
	try {
		return await login;
	} finally {
		loginsInFlight.delete(key);
	}
}

/** Forgets everything (for tests: a new sandbox may reuse a port, so an old refusal would match). */
export function forgetDashboardSessions(): void {
	sessions.clear();
	refusals.clear();
	loginsInFlight.clear();
	lastTotpStep.clear();
}
