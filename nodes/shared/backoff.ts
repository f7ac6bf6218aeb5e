/**
 * Reconnect delays: exponential with "equal jitter" — the n-th retry waits between half and all of
 * min(max, base · 2ⁿ), so many clients dropped at once by a server restart do not come back in
 * lock-step, and none waits less than half its step.
 *
 * Pure: no n8n imports, no timers.
 */
export interface BackoffRules {
	baseMs: number;
	maxMs: number;
}

export const RECONNECT_BACKOFF: BackoffRules = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The delay before retry number `attempt` (0 for the first retry).
 * @param random a number in [0, 1), `Math.random()` by default
 */
export function backoffDelayMs(attempt: number, rules: BackoffRules = RECONNECT_BACKOFF, random: number = Math.random()): number {
	const step = Number.isNaN(attempt) ? 0 : Math.max(0, Math.floor(Math.min(attempt, 30)));
	// Steps beyond 30 change nothing: the cap applies long before.
	const cap = Math.min(rules.maxMs, rules.baseMs * 2 ** step);
	const jitter = Math.min(Math.max(random, 0), 1);
	return Math.round(cap / 2 + (cap / 2) * jitter);
}
