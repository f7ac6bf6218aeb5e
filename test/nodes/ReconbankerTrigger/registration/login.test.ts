/**
 * The dashboard login behind automatic registration, against the real sandbox (5 logins per 15
 * minutes per IP, each 2FA step's code accepted once): a failed login fails loudly and cheaply —
 * once per activation, however often n8n retries — and a valid JWT is reused.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ReconbankerDashboardApi } from '../../../../credentials/ReconbankerDashboardApi.credentials';
import { totp } from '../../../../nodes/shared/totp';
import { testCredential } from '../../../harness';
import {
	ACCOUNT_A,
	EMAIL,
	PASSWORD,
	TOTP_SECRET,
	WEBHOOK_URL,
	configWrites,
	configuredAccount,
	dashboardRequests,
	loginCount,
	rejection,
	useRegistrationWorld,
} from './world';

const w = useRegistrationWorld();
const TWO_FA_EMAIL = 'twofa@example.com';

function twoFactorUser() {
	const user = w.sb.createUser({ email: TWO_FA_EMAIL, password: PASSWORD, totpSecret: TOTP_SECRET });
	w.sb.createAccount({ userId: user.id, id: ACCOUNT_A, config: configuredAccount() });
	return { email: TWO_FA_EMAIL, totpSecret: TOTP_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ') };
}

/**
 * What n8n 2.40 does with a failing activation (WebhookTriggerRegistrar.register under
 * retryTriggerActivation): up to 5 tries, each `checkExists` → `create` and, after the failure,
 * `delete` (clearRegisteredWebhook). The waits between tries (1, 2, 4, 8 s) are left out.
 */
async function activateLikeN8n(options: Parameters<typeof w.run>[2] = {}) {
	const staticData: IDataObject = {};
	const messages: string[] = [];
	for (let attempt = 0; attempt < 5; attempt++) {
		const exists = await w.run('checkExists', [ACCOUNT_A], { ...options, staticData });
		expect(exists.result).toBe(false);
		messages.push((await rejection(w.run('create', [ACCOUNT_A], { ...options, staticData }))).message);
		expect((await w.run('delete', [ACCOUNT_A], { ...options, staticData })).result).toBe(true);
	}
	return messages;
}

describe('a failed dashboard login never becomes a retry storm', () => {
	it("a wrong password: n8n's 5 tries and the deactivation after each make ONE login; every try says why", async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const wrong = 'not-the-password-123';
		const messages = await activateLikeN8n({ dashboard: { password: wrong } });

		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 0 });
		expect(messages[0]).toMatch(/^Reconbanker refused the email or password/);
		for (const message of messages.slice(1)) {
			expect(message).toMatch(/^Reconbanker refused the email or password.*n8n does not try the same login again before \d\d:\d\d:\d\d UTC/);
		}
		for (const message of messages) expect(message).not.toContain(wrong);
		expect(configWrites(w.sb)).toHaveLength(0);
	});

	it('a wrong 2FA secret: one password step and one 2FA step for all 5 tries', async () => {
		const dashboard = { ...twoFactorUser(), totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };
		const messages = await activateLikeN8n({ dashboard });
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 1 });
		expect(messages[0]).toMatch(/refused the two-factor code.*clock.*already used/);
	});

	it('changing the credential allows a new login at once', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		await rejection(w.run('create', [ACCOUNT_A], { dashboard: { password: 'typo-in-the-password' } }));
		await w.run('create', [ACCOUNT_A]);
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(loginCount(w.sb)).toEqual({ password: 2, totp: 0 });
	});

	it('the login rate limit is reported with the seconds to wait, and not run into again', async () => {
		await w.restart({ loginRateLimit: { limit: 1, windowMs: 15 * 60 * 1000 } });
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		// Someone else on this IP used the one login there was.
		await fetch(`${w.sb.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
		});

		const first = await rejection(w.run('create', [ACCOUNT_A]));
		expect(first.message).toMatch(/Too many dashboard logins.*Try again in \d+ seconds/);
		const second = await rejection(w.run('create', [ACCOUNT_A]));
		expect(second.message).toMatch(/Too many dashboard logins.*n8n does not try the same login again before/);
		expect(w.sb.log.filter((entry) => entry.path.endsWith('/api/auth/login') && entry.status === 429)).toHaveLength(1);
	});

	it('a server error at login is not repeated by n8n\'s tries either (every login try counts at Reconbanker)', async () => {
		let requests = 0;
		const server = createServer((_req, res) => {
			requests++;
			res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const messages = await activateLikeN8n({ dashboard: { baseUrl } });
			expect(requests).toBe(1);
			expect(messages[0]).toMatch(/^Reconbanker had an internal error during the dashboard login \(HTTP 500\)/);
			expect(messages[4]).toMatch(/n8n does not try the same login again before/);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	it('a 2FA secret that is not Base32 fails before any login try', async () => {
		const dashboard = { ...twoFactorUser(), totpSecret: 'not base32 at all!' };
		const error = await rejection(w.run('create', [ACCOUNT_A], { dashboard }));
		expect(error.message).toMatch(/2FA Secret of the Reconbanker Dashboard credential/);
		expect(error.message).not.toContain('not base32 at all!');
		expect(dashboardRequests(w.sb)).toHaveLength(0);
	});
});

describe('dashboard login: reuse and renewal', () => {
	it('logs in with two-factor authentication, computing the TOTP code itself', async () => {
		const dashboard = twoFactorUser();
		await w.run('create', [ACCOUNT_A], { dashboard });
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 1 });
		const totpRequest = w.sb.log.find((entry) => entry.path.endsWith('/api/auth/login/totp'));
		expect(JSON.parse(totpRequest!.rawBody).code).toMatch(/^\d{6}$/);
	});

	it('reuses a valid JWT: activation, re-activation and deactivation share one login', async () => {
		const dashboard = twoFactorUser();
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { dashboard, staticData });
		expect((await w.run('checkExists', [ACCOUNT_A], { dashboard, staticData })).result).toBe(true);
		await w.run('delete', [ACCOUNT_A], { dashboard, staticData });
		await w.run('create', [ACCOUNT_A], { dashboard, staticData });
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 1 });
	});

	it('says that a 2FA secret is needed when the user has 2FA and none is set', async () => {
		twoFactorUser();
		const error = await rejection(w.run('create', [ACCOUNT_A], { dashboard: { email: TWO_FA_EMAIL } }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/two-factor authentication on.*2FA Secret/);
		expect(configWrites(w.sb)).toHaveLength(0);
	});

	it('reports a wrong password clearly and never shows the password', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const wrong = 'not-the-password-123';
		const error = await rejection(w.run('create', [ACCOUNT_A], { dashboard: { password: wrong } }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/refused the email or password/);
		expect(`${error.message} ${error.description}`).not.toContain(wrong);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('logs in again once when the stored session has expired', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		await w.run('create', [ACCOUNT_A], { dashboard: { sessionToken: 'expired.or.revoked.jwt' } });
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 0 });
		// The first request went out with the stale token and got a 401, then n8n logged in.
		expect(w.sb.log.filter((entry) => entry.status === 401)).toHaveLength(1);
	});

	it('drops a remembered JWT that Reconbanker refuses, and logs in once more', async () => {
		let serverShiftMs = 0;
		const realNow = Date.now;
		await w.restart({ now: () => realNow() + serverShiftMs });
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData });
		// Two hours later for the server: the JWT it issued (1 h) is expired; the memory does not know.
		serverShiftMs = 2 * 60 * 60 * 1000;
		await w.run('delete', [ACCOUNT_A], { staticData });
		expect(loginCount(w.sb)).toEqual({ password: 2, totp: 0 });
		expect(w.sb.log.filter((entry) => entry.status === 401)).toHaveLength(1);
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe('https://hooks.example.org/reconbanker');
	});

	it('does not loop when the session expired and the password is now wrong', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData });
		const error = await rejection(
			w.run('delete', [ACCOUNT_A], { staticData, dashboard: { sessionToken: 'stale.jwt.value', password: 'changed!' } }),
		);
		// This workflow did register the account, so the failed restore is reported, with why.
		expect(error.message).toBe('Could not put back the notification settings of one account this workflow registered');
		expect(error.description).toMatch(/refused the email or password/);
		expect(loginCount(w.sb)).toEqual({ password: 2, totp: 0 });
	});

	it('waits for the next 30-s step when this step\'s 2FA code was already sent, instead of being refused', async () => {
		const realNow = Date.now;
		// Short-lived JWTs, so that the second call must log in again.
		await w.restart({ jwtTtlSeconds: 30, now: () => realNow() });
		const dashboard = twoFactorUser();
		// n8n's clock 2.5 s before the end of a 30-s step (behind the server's by under a step, which
		// Reconbanker's ±1-step window accepts).
		const start = realNow();
		const behind = (((start - 27_500) % 30_000) + 30_000) % 30_000;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() - behind);
		try {
			const staticData: IDataObject = {};
			await w.run('create', [ACCOUNT_A], { dashboard, staticData });
			const beforeSecond = realNow();
			expect((await w.run('checkExists', [ACCOUNT_A], { dashboard, staticData })).result).toBe(true);
			const waited = realNow() - beforeSecond;

			const totpCalls = w.sb.log.filter((entry) => entry.path.endsWith('/api/auth/login/totp'));
			expect(totpCalls.map((entry) => entry.status)).toEqual([200, 200]);
			const [first, second] = totpCalls.map((entry) => JSON.parse(entry.rawBody).code as string);
			expect(second).not.toBe(first);
			expect(waited).toBeGreaterThan(1_000);
			expect(waited).toBeLessThan(10_000);
		} finally {
			clock.mockRestore();
		}
	}, 20_000);
});

describe('Reconbanker Dashboard credential test', () => {
	const dashboard = new ReconbankerDashboardApi();

	/** The credential test for a 2FA user whose authenticator holds TOTP_SECRET, with `totpSecret` entered. */
	async function testTwoFactorLogin(totpSecret: string) {
		w.sb.createUser({ email: TWO_FA_EMAIL, password: PASSWORD, totpSecret: TOTP_SECRET });
		return await testCredential(dashboard, { baseUrl: w.sb.baseUrl, email: TWO_FA_EMAIL, password: PASSWORD, totpSecret });
	}

	it('passes with the right email and password', async () => {
		const result = await testCredential(dashboard, { baseUrl: `${w.sb.baseUrl}/`, email: EMAIL, password: PASSWORD });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 0 });
	});

	it('runs the full 2FA login', async () => {
		const result = await testTwoFactorLogin(TOTP_SECRET);
		expect(result.status).toBe('OK');
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 1 });
	});

	it('an activation right after the test reuses its login (no second use of the 2FA step)', async () => {
		const credentials = twoFactorUser();
		expect((await testCredential(dashboard, { baseUrl: w.sb.baseUrl, email: TWO_FA_EMAIL, password: PASSWORD, totpSecret: TOTP_SECRET })).status).toBe('OK');
		await w.run('create', [ACCOUNT_A], { dashboard: credentials });
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 1 });
	});

	it('logs in afresh even with a stored session token', async () => {
		const result = await testCredential(dashboard, {
			baseUrl: w.sb.baseUrl,
			email: EMAIL,
			password: 'wrong-password',
			sessionToken: 'some.stored.jwt',
		});
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Reconbanker refused the email or password/),
		});
		expect(result.message).not.toContain('wrong-password');
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 0 });
	});

	it('explains a wrong 2FA secret', async () => {
		const wrongSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
		expect(totp(wrongSecret)).not.toBe(totp(TOTP_SECRET));
		const result = await testTwoFactorLogin(wrongSecret);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused the two-factor code.*clock/);
		expect(result.message).not.toContain(wrongSecret);
	});

	it('explains a Base URL that is not Reconbanker and an unreachable server', async () => {
		const wrongBase = await testCredential(dashboard, { baseUrl: `${w.sb.baseUrl}/not-reconbanker`, email: EMAIL, password: PASSWORD });
		expect(wrongBase.message).toMatch(/did not answer like a Reconbanker server/);

		const unreachable = await testCredential(dashboard, { baseUrl: 'http://127.0.0.1:1', email: EMAIL, password: PASSWORD });
		expect(unreachable.message).toMatch(/^Could not reach Reconbanker at 127\.0\.0\.1:1: the connection was refused/);
	});
});
