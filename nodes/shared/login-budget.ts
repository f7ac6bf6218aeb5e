/**
 * When a client may log in to the Reconbanker dashboard again.
 *
 * Reconbanker allows 5 login tries per 15 minutes per IP address (every try counts, and a login
 * with two-factor authentication is two tries: password, then code), and accepts a TOTP code only
 * once: a second login in the same 30-second step is refused. So a long-running client keeps its
 * own record of the tries it spent and:
 *  - spends at most `maxTries` within `windowMs` (fewer than the server's 5, leaving some for the
 *    people and other n8n nodes that log in from the same address);
 *  - with 2FA, never logs in twice within one TOTP step.
 *
 * Pure: no n8n imports, no timers. The history is a plain array of try times (ms), oldest first.
 */
export interface LoginRules {
	maxTries: number;
	windowMs: number;
	/** 30_000 with 2FA (one login per TOTP step); null without. */
	totpStepMs: number | null;
}

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Tries this package may spend per window (Reconbanker allows 5). */
export const LOGIN_MAX_TRIES = 4;
export const TOTP_STEP_MS = 30_000;

export function loginRules(hasTotp: boolean): LoginRules {
	return { maxTries: LOGIN_MAX_TRIES, windowMs: LOGIN_WINDOW_MS, totpStepMs: hasTotp ? TOTP_STEP_MS : null };
}

/** Tries one login costs: 2 with 2FA (password + code), else 1. */
export function triesPerLogin(rules: LoginRules): number {
	return rules.totpStepMs === null ? 1 : 2;
}

function prune(history: number[], now: number, rules: LoginRules): void {
	while (history.length > 0 && history[0] <= now - rules.windowMs) history.shift();
}

/**
 * Milliseconds to wait before the next login may start (0 = now). Drops tries that left the window.
 */
export function loginWaitMs(history: number[], now: number, rules: LoginRules): number {
	prune(history, now, rules);
	let wait = 0;
	const cost = triesPerLogin(rules);
	const excess = history.length + cost - rules.maxTries;
	if (excess > 0) {
		// Wait until enough of the oldest tries have left the window.
		const freedAt = history[Math.min(excess, history.length) - 1] + rules.windowMs;
		wait = Math.max(wait, freedAt - now);
	}
	if (rules.totpStepMs !== null && history.length > 0) {
		const step = rules.totpStepMs;
		const last = history[history.length - 1];
		if (Math.floor(last / step) === Math.floor(now / step)) wait = Math.max(wait, (Math.floor(now / step) + 1) * step - now);
	}
	return Math.max(0, wait);
}

/** Records a login about to start (before it is sent: the server counts it even if it fails). */
export function recordLogin(history: number[], now: number, rules: LoginRules): void {
	prune(history, now, rules);
	for (let i = 0; i < triesPerLogin(rules); i++) history.push(now);
}
