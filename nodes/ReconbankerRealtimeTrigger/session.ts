/**
 * A stream ticket for every (re)connect, logging in to the dashboard only when needed.
 *
 * The JWT is the "Reconbanker Dashboard" credential's session token, which n8n stores (encrypted)
 * after its `preAuthentication` login and shares with every node using the credential. A ticket is
 * asked for with the stored token; only when there is none, or Reconbanker refused it (401), is the
 * request sent with an empty token, which makes n8n log in first. Logins are spent under a
 * process-wide budget per Reconbanker address (nodes/shared/login-budget: at most 4 of the server's
 * 5 tries per 15 minutes, never two logins in one TOTP step), shared by every realtime trigger in
 * this n8n process, so reconnects, restarts of the trigger and several workflows never storm the
 * login. Tokens are remembered only as short hashes.
 */
import { createHash } from 'node:crypto';

import type { ITriggerFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { loginRules, loginWaitMs, recordLogin } from '../shared/login-budget';
import { normaliseBaseUrl } from '../shared/url';
import { DASHBOARD_CREDENTIAL, DASHBOARD_CREDENTIAL_LABEL } from '../transport/dashboard-login';
import { requestRealtimeTicket } from '../transport/realtime-api';

export type TicketOutcome =
	| { kind: 'ticket'; ticket: string }
	/** Try again after `afterMs` (login budget or server rate limit), or with the normal backoff. */
	| { kind: 'retry'; error: NodeApiError | NodeOperationError; afterMs?: number }
	/** Needs the user: wrong credentials, no realtime stream at this address, … */
	| { kind: 'fatal'; error: NodeApiError | NodeOperationError };

interface AddressState {
	/** Login tries spent (ms timestamps). */
	tries: number[];
	/** Hashes of session tokens Reconbanker refused. */
	rejected: string[];
}

const MAX_REJECTED = 20;
const MAX_ADDRESSES = 100;
const addresses = new Map<string, AddressState>();

function stateFor(baseUrl: unknown): AddressState {
	let key: string;
	try {
		key = new URL(normaliseBaseUrl(String(baseUrl ?? ''))).origin;
	} catch {
		key = '';
	}
	let state = addresses.get(key);
	if (!state) {
		state = { tries: [], rejected: [] };
		addresses.set(key, state);
		if (addresses.size > MAX_ADDRESSES) addresses.delete(addresses.keys().next().value as string);
	}
	return state;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);

function rememberRejected(state: AddressState, token: string): void {
	if (token === '') return;
	const hash = tokenHash(token);
	if (!state.rejected.includes(hash)) state.rejected.push(hash);
	if (state.rejected.length > MAX_REJECTED) state.rejected.shift();
}

/**
 * One ticket. At most one login per call (a refused stored token is followed by one login; a
 * session refused right after a login is fatal). Rejects only when `abortSignal` fired.
 */
export async function obtainTicket(ctx: ITriggerFunctions, abortSignal: AbortSignal): Promise<TicketOutcome> {
	const node = ctx.getNode();
	for (let round = 0; round < 2; round++) {
		const credentials = { ...(await ctx.getCredentials(DASHBOARD_CREDENTIAL)) };
		const state = stateFor(credentials.baseUrl);
		const stored = String(credentials.sessionToken ?? '');
		const mustLogIn = stored === '' || state.rejected.includes(tokenHash(stored));
		if (mustLogIn) {
			const rules = loginRules(String(credentials.totpSecret ?? '').trim() !== '');
			const waitMs = loginWaitMs(state.tries, Date.now(), rules);
			if (waitMs > 0) {
				return {
					kind: 'retry',
					afterMs: waitMs,
					error: new NodeOperationError(
						node,
						`Waiting ${Math.ceil(waitMs / 1000)} s before logging in to the Reconbanker dashboard again`,
						{
							description:
								'Reconbanker allows 5 dashboard login tries per 15 minutes per IP address and each two-factor code once; the realtime trigger spends at most 4 tries per 15 minutes and one login per 30-second code step, so people and other nodes can still log in.',
						},
					),
				};
			}
			recordLogin(state.tries, Date.now(), rules);
		}
		credentials.sessionToken = mustLogIn ? '' : stored;
		const answer = await requestRealtimeTicket(ctx, credentials, abortSignal);
		switch (answer.kind) {
			case 'ticket':
				return answer;
			case 'login_failed':
				return { kind: 'fatal', error: answer.error };
			case 'failed':
				return answer.retryable
					? { kind: 'retry', error: answer.error, afterMs: answer.retryAfterMs }
					: { kind: 'fatal', error: answer.error };
			case 'session_rejected':
				// After a login n8n wrote the new token into `credentials`: that is the one refused.
				rememberRejected(state, String(credentials.sessionToken ?? ''));
				if (mustLogIn) {
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
	// Unreachable: the second round always logs in and returns.
	return { kind: 'fatal', error: new NodeOperationError(node, 'Could not get a realtime stream ticket') };
}

/** For tests: forget every login and refused token (a fresh n8n process). */
export function resetSessionMemory(): void {
	addresses.clear();
}
