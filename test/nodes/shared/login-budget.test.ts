import { LOGIN_WINDOW_MS, loginRules, loginWaitMs, recordLogin } from '../../../nodes/shared/login-budget';

const T0 = 1_700_000_020_000; // 10 s into a 30 s TOTP step

describe('login budget', () => {
	it('allows the first login at once', () => {
		expect(loginWaitMs([], T0, loginRules(false))).toBe(0);
		expect(loginWaitMs([], T0, loginRules(true))).toBe(0);
	});

	it('with 2FA: never two logins in one TOTP step', () => {
		const rules = loginRules(true);
		const history: number[] = [];
		recordLogin(history, T0, rules);
		expect(history).toEqual([T0, T0]); // password + code: two tries
		const stepEnd = Math.ceil(T0 / 30_000) * 30_000;
		expect(loginWaitMs(history, T0 + 1000, rules)).toBe(stepEnd - (T0 + 1000));
		expect(stepEnd - (T0 + 1000)).toBe(19_000);
		expect(loginWaitMs(history, stepEnd, rules)).toBe(0);
	});

	it('with 2FA: 4 tries per 15 minutes are two logins, then wait for the first to leave the window', () => {
		const rules = loginRules(true);
		const history: number[] = [];
		recordLogin(history, T0, rules);
		recordLogin(history, T0 + 60_000, rules);
		const later = T0 + 120_000;
		expect(loginWaitMs(history, later, rules)).toBe(T0 + LOGIN_WINDOW_MS - later);
		expect(loginWaitMs(history, T0 + LOGIN_WINDOW_MS, rules)).toBe(0);
		expect(history).toEqual([T0 + 60_000, T0 + 60_000]); // the oldest pruned
	});

	it('without 2FA: 4 logins per 15 minutes, then wait for the oldest to leave the window', () => {
		const rules = loginRules(false);
		const history: number[] = [];
		for (const at of [T0, T0 + 1000, T0 + 2000, T0 + 3000]) {
			expect(loginWaitMs(history, at, rules)).toBe(0);
			recordLogin(history, at, rules);
		}
		expect(loginWaitMs(history, T0 + 4000, rules)).toBe(LOGIN_WINDOW_MS - 4000);
		expect(loginWaitMs(history, T0 + LOGIN_WINDOW_MS, rules)).toBe(0);
	});

	it('a storm is impossible: over an hour of asking every second, fewer than the server\'s 5 tries per 15 minutes', () => {
		for (const rules of [loginRules(false), loginRules(true)]) {
			const history: number[] = [];
			const tries: number[] = [];
			for (let now = T0; now < T0 + 3_600_000; now += 1000) {
				if (loginWaitMs(history, now, rules) === 0) {
					recordLogin(history, now, rules);
					tries.push(now, ...(rules.totpStepMs ? [now] : []));
				}
			}
			for (const t of tries) {
				expect(tries.filter((u) => u > t - LOGIN_WINDOW_MS && u <= t).length).toBeLessThanOrEqual(4);
			}
		}
	});
});
