/**
 * A stream ticket for every (re)connect, logging in to the dashboard only when needed.
 *
 * The dashboard JWT is kept in this n8n process, per credential (Base URL, email and a hash of the
 * password and 2FA secret), shared by every realtime trigger using it; the first one comes from the
 * credential's stored session token when n8n has one (other nodes' logins), else from a login. A new
 * login happens only when there is no JWT or Reconbanker refused it (401), and only within a
 * process-wide budget per Reconbanker address (nodes/shared/login-budget: at most 4 of the server's 5
 * tries per 15 minutes, never two logins in one TOTP step). Concurrent triggers wait for one login.
 * Logins and tickets are made by hand, not through n8n's credential `authenticate` (see
 * transport/realtime-api for why). JWTs are compared only as hashes and never logged.
 */
import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, ITriggerFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { loginRules, loginWaitMs, recordLogin } from '../shared/login-budget';
import { normaliseBaseUrl } from '../shared/url';
import { DASHBOARD_CREDENTIAL_LABEL, findLoginError, loginToDashboard } from '../transport/dashboard-login';
import { requestRealtimeTicket } from '../transport/realtime-api';

export type TicketOutcome =
	| { kind: 'ticket'; ticket: string }
	/** Try again after `afterMs` (login budget or server rate limit), or with the normal backoff. */
	| { kind: 'retry'; error: NodeApiError | NodeOperationError; afterMs?: number }
	/** Needs the user: wrong credentials, no realtime stream at this address, … */
	| { kind: 'fatal'; error: NodeApiError | NodeOperationError };

interface CredentialSession {
	jwt: string | null;
	/** Hashes of JWTs Reconbanker refused (so a stale stored token is not tried again). */
	refused: string[];
	login: Promise<string> | null;
}

const MAX_ENTRIES = 100;
const MAX_REFUSED = 20;
/** Login tries (ms) per Reconbanker address: the server's limit is per client IP. */
const triesByAddress = new Map<string, number[]>();
const sessions = new Map<string, CredentialSession>();

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

function bounded<V>(map: Map<string, V>, key: string, create: () => V): V {
	let value = map.get(key);
	if (value === undefined) {
		value = create();
		map.set(key, value);
		if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
	}
	return value;
}

/**
 * Returns a ticket, or why not. At most one login per call; a JWT refused right after a login is
 * fatal. Rejects only when `abortSignal` fired.
 */
export async function obtainTicket(
	ctx: ITriggerFunctions,
	credentials: ICredentialDataDecryptedObject,
	abortSignal: AbortSignal,
): Promise<TicketOutcome> {
	const node = ctx.getNode();
	let baseUrl: string;
	try {
		baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	} catch (error) {
		return { kind: 'fatal', error: new NodeOperationError(node, `${(error as Error).message} (${DASHBOARD_CREDENTIAL_LABEL})`) };
	}
	const email = String(credentials.email ?? '').trim().toLowerCase();
	const totpSecret = String(credentials.totpSecret ?? '').trim();
	const session = bounded(sessions, JSON.stringify([baseUrl, email, hash(`${String(credentials.password ?? '')}\n${totpSecret}`)]), () => ({
		jwt: null,
		refused: [],
		login: null,
	}));
	const tries = bounded(triesByAddress, new URL(baseUrl).origin, () => []);

	for (let round = 0; round < 2; round++) {
		const stored = String(credentials.sessionToken ?? '');
		let jwt = session.jwt ?? (stored !== '' && !session.refused.includes(hash(stored)) ? stored : null);
		let loggedIn = false;
		if (jwt === null) {
			if (!session.login) {
				const rules = loginRules(totpSecret !== '');
				const waitMs = loginWaitMs(tries, Date.now(), rules);
				if (waitMs > 0) return loginDeferred(ctx, waitMs);
				recordLogin(tries, Date.now(), rules);
				session.login = loginToDashboard(async (options) => await ctx.helpers.httpRequest({ ...options, abortSignal }), {
					baseUrl: credentials.baseUrl,
					email: credentials.email,
					password: credentials.password,
					totpSecret: credentials.totpSecret,
				});
				loggedIn = true;
			}
			const login = session.login;
			try {
				jwt = await login;
				session.jwt = jwt;
			} catch (error) {
				if (abortSignal.aborted) throw new NodeOperationError(node, 'The realtime trigger stopped');
				const message = findLoginError(error)?.message ?? 'n8n could not log in to the Reconbanker dashboard';
				return {
					kind: 'fatal',
					error: new NodeApiError(node, { message } as JsonObject, {
						message,
						description: 'n8n could not log in to the Reconbanker dashboard to open the realtime stream.',
					}),
				};
			} finally {
				if (session.login === login) session.login = null;
			}
		}

		const answer = await requestRealtimeTicket(ctx, baseUrl, jwt, abortSignal);
		if (abortSignal.aborted) throw new NodeOperationError(node, 'The realtime trigger stopped');
		switch (answer.kind) {
			case 'ticket':
				return answer;
			case 'failed':
				return answer.retryable
					? { kind: 'retry', error: answer.error, afterMs: answer.retryAfterMs }
					: { kind: 'fatal', error: answer.error };
			case 'session_rejected':
				if (session.jwt === jwt) session.jwt = null;
				session.refused.push(hash(jwt));
				if (session.refused.length > MAX_REFUSED) session.refused.shift();
				if (loggedIn) {
					return {
						kind: 'fatal',
						error: new NodeOperationError(
							node,
							'Reconbanker did not accept the dashboard session for the realtime stream, even right after logging in',
							{
								description: `Check that the Base URL of the ${DASHBOARD_CREDENTIAL_LABEL} points at one Reconbanker server (the login and the stream must reach the same one).`,
							},
						),
					};
				}
		}
	}
	// The second round always has a fresh login (or returned): one more refusal is reported as such.
	return { kind: 'fatal', error: new NodeOperationError(node, 'Reconbanker kept refusing the dashboard session for the realtime stream') };
}

function loginDeferred(ctx: ITriggerFunctions, waitMs: number): TicketOutcome {
	return {
		kind: 'retry',
		afterMs: waitMs,
		error: new NodeOperationError(ctx.getNode(), `Waiting ${Math.ceil(waitMs / 1000)} s before logging in to the Reconbanker dashboard again`, {
			description:
				'Reconbanker allows 5 dashboard login tries per 15 minutes per IP address and each two-factor code once; the realtime trigger spends at most 4 tries per 15 minutes and one login per 30-second code step, so people and other nodes can still log in.',
		}),
	};
}
