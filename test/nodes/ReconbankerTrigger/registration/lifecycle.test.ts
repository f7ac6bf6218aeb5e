/**
 * Automatic registration of the Reconbanker Trigger's webhook, against the real sandbox over HTTP,
 * through n8n-core's HookContext (test/harness): checkExists → create → delete must change only the
 * notification fields of each account and put back exactly what was there.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ReconbankerDashboardApi } from '../../../../credentials/ReconbankerDashboardApi.credentials';
import { ReconbankerWebhookAuth } from '../../../../credentials/ReconbankerWebhookAuth.credentials';
import { ReconbankerTrigger } from '../../../../nodes/ReconbankerTrigger/ReconbankerTrigger.node';
import { webhookUrlProblem } from '../../../../nodes/transport/webhook-url';
import { totp } from '../../../../nodes/shared/totp';
import { runWebhookMethod, testCredential } from '../../../harness';
import { startSandbox, type AccountConfig, type Sandbox } from '../../../sandbox';
import { DashboardTransportFixture } from './fixture-node';

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery staple';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OUR_TOKEN = 'n8n-notification-token-0f3c9a7e51d2b846';
const WEBHOOK_URL = 'https://n8n.example.com/webhook/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
const TEST_WEBHOOK_URL = 'https://n8n.example.com/webhook-test/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';

const ACCOUNT_A = '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b';
const ACCOUNT_B = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const ACCOUNT_C = 'c0ffee00-1234-4abc-9def-0123456789ab';

const trigger = new ReconbankerTrigger();
const credentialTypes = [new ReconbankerDashboardApi(), new ReconbankerWebhookAuth()];

/** A fully configured account: every secret set, notifications going to another service without a token. */
function configuredAccount(overrides: Partial<AccountConfig> = {}): Partial<AccountConfig> {
	return {
		login_mode: 'assisted',
		persistent_session: true,
		webhook_url: 'https://erp.example.com/reconbanker/statements',
		webhook_secret: 'whsec_statements_original_0123',
		bank_username: 'jdoe-bank',
		bank_password: 'bank-password-original-!',
		schedule_cron: '0 6 * * 1-5',
		notification_endpoint_url: 'https://hooks.example.org/reconbanker',
		notification_auth_type: null,
		notification_auth_token: null,
		notification_events: ['scrape_failed'],
		notification_transport: 'api',
		...overrides,
	};
}

const NOTIFICATION_FIELDS = [
	'notification_endpoint_url',
	'notification_auth_type',
	'notification_auth_token',
	'notification_events',
	'notification_transport',
] as const;

function withoutNotification(config: AccountConfig | null): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...(config ?? {}) };
	for (const field of NOTIFICATION_FIELDS) delete copy[field];
	return copy;
}

/** The registration's part of the node's static data (n8n keeps node static data under `node:<name>`). */
function remembered(staticData: IDataObject): IDataObject | undefined {
	return (staticData['node:Reconbanker Trigger'] as IDataObject | undefined)?.registration as IDataObject | undefined;
}

function loginCount(sb: Sandbox): { password: number; totp: number } {
	return {
		password: sb.log.filter((entry) => entry.path.endsWith('/api/auth/login')).length,
		totp: sb.log.filter((entry) => entry.path.endsWith('/api/auth/login/totp')).length,
	};
}

function configWrites(sb: Sandbox) {
	return sb.log.filter((entry) => entry.method === 'PUT' && entry.path.includes('/config'));
}

let sb: Sandbox;
let userId: string;

beforeEach(async () => {
	sb = await startSandbox({
		// Each harness call starts with an empty session token (n8n would have stored it), so the
		// tests log in more often than n8n does; the login limit has its own test below.
		loginRateLimit: { limit: 1000, windowMs: 15 * 60 * 1000 },
		allowPrivateNotificationUrls: false,
	});
	userId = sb.createUser({ email: EMAIL, password: PASSWORD }).id;
});

afterEach(async () => {
	await sb.close();
});

interface RunOptions {
	parameters?: INodeParameters;
	dashboard?: ICredentialDataDecryptedObject;
	webhookAuth?: ICredentialDataDecryptedObject | null;
	staticData?: IDataObject;
	webhookUrl?: string;
	mode?: 'trigger' | 'manual';
}

function parametersFor(accountIds: string[], overrides: INodeParameters = {}): INodeParameters {
	return {
		registration: 'automatic',
		accountScope: 'list',
		accountIds: accountIds.join(',\n'),
		events: ['assistance_required', 'login_failed', 'scrape_failed'],
		authentication: 'webhookAuth',
		...overrides,
	};
}

async function run(method: 'checkExists' | 'create' | 'delete', accountIds: string[], options: RunOptions = {}) {
	const credentials: Record<string, ICredentialDataDecryptedObject> = {
		reconbankerDashboardApi: { baseUrl: sb.baseUrl, email: EMAIL, password: PASSWORD, ...options.dashboard },
	};
	if (options.webhookAuth !== null) {
		credentials.reconbankerWebhookAuth = options.webhookAuth ?? {
			authType: 'bearer',
			token: OUR_TOKEN,
			signingSecret: '',
			timestampToleranceSeconds: 300,
		};
	}
	return await runWebhookMethod(trigger, method, {
		parameters: options.parameters ?? parametersFor(accountIds),
		credentials,
		credentialTypes,
		staticData: options.staticData,
		webhookUrl: options.webhookUrl ?? WEBHOOK_URL,
		mode: options.mode,
	});
}

/**
 * "Listen for test event" as n8n 2.40.7 runs it (cli/dist/webhooks/test-webhooks.js): the test
 * webhook's workflow starts with empty static data (`toWorkflow` → `staticData: {}`), `create` runs
 * in mode `manual` at the test URL, the static data it wrote is stored with the test registration
 * (`cacheableWebhook.staticData`) and put back on the workflow for the test webhook's `delete`.
 * Returns that static data.
 */
async function listenForTestEvent(accountIds: string[], options: RunOptions = {}): Promise<IDataObject> {
	const testWebhookUrl = options.webhookUrl ?? TEST_WEBHOOK_URL;
	const staticData: IDataObject = {};
	const test: RunOptions = { ...options, staticData, webhookUrl: testWebhookUrl, mode: 'manual' };
	expect((await run('checkExists', accountIds, test)).result).toBe(false);
	await run('create', accountIds, test);
	for (const id of accountIds) expect(sb.getConfig(id)?.notification_endpoint_url).toBe(testWebhookUrl);
	await run('delete', accountIds, test);
	return staticData;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { description?: string | null }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string | null };
	}
	throw new Error('expected the call to fail');
}

describe('automatic registration: round trip', () => {
	it('create → checkExists → delete changes only the notification fields and restores them exactly', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		// The trigger's own static data (redelivery keys) lives beside the registration's.
		const staticData: IDataObject = { 'node:Reconbanker Trigger': { seenDeliveries: ['key-1'] } };

		expect((await run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(false);
		expect((await run('create', [ACCOUNT_A], { staticData })).result).toBe(true);

		const registered = sb.getConfig(ACCOUNT_A);
		expect(registered).toMatchObject({
			notification_endpoint_url: WEBHOOK_URL,
			notification_auth_type: 'bearer',
			notification_auth_token: OUR_TOKEN,
			// login_failed is no server event type: left out
			notification_events: ['assistance_required', 'scrape_failed'],
			notification_transport: 'api',
		});
		// Every other field, secrets included, exactly as before.
		expect(withoutNotification(registered)).toEqual(withoutNotification(before));
		// What was there is remembered as plain JSON, without any secret.
		expect(JSON.parse(JSON.stringify(staticData))).toEqual(staticData);
		expect(JSON.stringify(staticData)).not.toContain(OUR_TOKEN);
		expect(remembered(staticData)).toEqual({
			accounts: {
				[ACCOUNT_A]: {
					webhookUrl: WEBHOOK_URL,
					previous: {
						endpointUrl: 'https://hooks.example.org/reconbanker',
						authType: null,
						hadToken: false,
						tokenIsOurs: false,
						events: ['scrape_failed'],
						transport: 'api',
					},
				},
			},
		});

		expect((await run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(true);
		expect((await run('delete', [ACCOUNT_A], { staticData })).result).toBe(true);

		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
		expect(staticData).toEqual({ 'node:Reconbanker Trigger': { seenDeliveries: ['key-1'] } });
		expect((await run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(false);
	});

	it('registers several accounts at once and puts each one back', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		sb.createAccount({
			userId,
			id: ACCOUNT_B,
			config: configuredAccount({
				login_mode: 'simple',
				webhook_secret: null,
				bank_password: 'another-bank-password',
				notification_endpoint_url: null,
				notification_events: [],
				notification_transport: 'slack',
			}),
		});
		sb.createAccount({
			userId,
			id: ACCOUNT_C,
			config: configuredAccount({
				notification_endpoint_url: 'https://ops.example.net/alerts',
				notification_auth_type: 'api_key',
				notification_auth_token: 'their-own-token-xyz',
				notification_events: ['assistance_required', 'connection_failed', 'scrape_failed'],
			}),
		});
		const ids = [ACCOUNT_A, ACCOUNT_B, ACCOUNT_C];
		const before = Object.fromEntries(ids.map((id) => [id, sb.getConfig(id)]));
		const staticData: IDataObject = {};

		await run('create', ids, { staticData, webhookAuth: { authType: 'apiKey', token: OUR_TOKEN } });
		for (const id of ids) {
			expect(sb.getConfig(id)).toMatchObject({
				notification_endpoint_url: WEBHOOK_URL,
				notification_auth_type: 'api_key',
				notification_auth_token: OUR_TOKEN,
				notification_events: ['assistance_required', 'scrape_failed'],
				notification_transport: 'api',
			});
			expect(withoutNotification(sb.getConfig(id))).toEqual(withoutNotification(before[id]));
		}
		// One dashboard login for the whole activation: n8n keeps the JWT in the credential.
		expect(loginCount(sb)).toEqual({ password: 1, totp: 0 });

		const webhookAuth = { authType: 'apiKey', token: OUR_TOKEN };
		expect((await run('checkExists', ids, { staticData, webhookAuth })).result).toBe(true);
		await run('delete', ids, { staticData, webhookAuth });

		expect(sb.getConfig(ACCOUNT_A)).toEqual(before[ACCOUNT_A]);
		expect(sb.getConfig(ACCOUNT_B)).toEqual(before[ACCOUNT_B]);
		// C had its own token: it cannot be read back (masked) and sending the mask would keep OUR
		// token, so the endpoint, auth type, events and transport come back without a token.
		expect(sb.getConfig(ACCOUNT_C)).toEqual({ ...before[ACCOUNT_C], notification_auth_token: null });
		expect(remembered(staticData)).toBeUndefined();
	});

	it('registers without a token when the trigger does not authenticate notifications', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount({ notification_auth_type: 'bearer' }) });
		const parameters = parametersFor([ACCOUNT_A], { authentication: 'none', events: ['connection_failed'] });
		await run('create', [ACCOUNT_A], { parameters, webhookAuth: null });
		expect(sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: WEBHOOK_URL,
			notification_auth_type: null,
			notification_auth_token: null,
			notification_events: ['connection_failed'],
		});
		expect((await run('checkExists', [ACCOUNT_A], { parameters, webhookAuth: null })).result).toBe(true);
	});

	it('checkExists is false while any setting differs from what the node registers', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		sb.createAccount({ userId, id: ACCOUNT_B, config: configuredAccount() });
		const ids = [ACCOUNT_A, ACCOUNT_B];
		await run('create', ids);
		expect((await run('checkExists', ids)).result).toBe(true);

		sb.setConfig(ACCOUNT_B, { notification_events: ['assistance_required'] });
		expect((await run('checkExists', ids)).result).toBe(false);
		sb.setConfig(ACCOUNT_B, { notification_events: ['scrape_failed', 'assistance_required'] });
		expect((await run('checkExists', ids)).result).toBe(true);
		sb.setConfig(ACCOUNT_B, { notification_auth_token: null });
		expect((await run('checkExists', ids)).result).toBe(false);
		sb.setConfig(ACCOUNT_B, { notification_auth_token: OUR_TOKEN, notification_transport: 'slack' });
		expect((await run('checkExists', ids)).result).toBe(false);
	});

	it('keeps what was there before when an active registration is created again', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};
		await run('create', [ACCOUNT_A], { staticData });
		// e.g. n8n restarted with another WEBHOOK_URL: checkExists is false, create runs again.
		const movedUrl = 'https://n8n.example.com/moved/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
		await run('create', [ACCOUNT_A], { staticData, webhookUrl: movedUrl });
		expect(sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(movedUrl);
		await run('delete', [ACCOUNT_A], { staticData, webhookUrl: movedUrl });
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('listening for a test event while active hands the account back to the production registration', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const production: IDataObject = {};
		await run('create', [ACCOUNT_A], { staticData: production });

		// n8n 2.40 builds the test webhook's workflow with EMPTY static data (TestWebhooks.toWorkflow:
		// `staticData: {}`), so the production registration is not visible to it; what the test
		// webhook's create writes there is kept with the registration and handed to its delete.
		const testWebhookData = await listenForTestEvent([ACCOUNT_A]);

		// Back at the production URL, with our token: that URL is this node's, so the token was ours.
		expect(sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: WEBHOOK_URL,
			notification_auth_type: 'bearer',
			notification_auth_token: OUR_TOKEN,
			notification_events: ['assistance_required', 'scrape_failed'],
			notification_transport: 'api',
		});
		expect(remembered(testWebhookData)).toBeUndefined();
		expect(remembered(production)).toEqual({
			accounts: { [ACCOUNT_A]: expect.objectContaining({ webhookUrl: WEBHOOK_URL }) },
		});
		expect((await run('checkExists', [ACCOUNT_A], { staticData: production })).result).toBe(true);

		await run('delete', [ACCOUNT_A], { staticData: production });
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});
});

describe('automatic registration: listening for a test event', () => {
	const OTHER_WEBHOOK_ID = '0b7e4c2a-9f1d-4c3b-8e5a-6d7f8a9b0c1d';

	it('remembers the production registration as ours, recognised by its URL, without storing the token', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		await run('create', [ACCOUNT_A], { staticData: {} });

		const testWebhookData: IDataObject = {};
		const test: RunOptions = { staticData: testWebhookData, webhookUrl: TEST_WEBHOOK_URL, mode: 'manual' };
		await run('create', [ACCOUNT_A], test);
		expect(remembered(testWebhookData)).toEqual({
			accounts: {
				[ACCOUNT_A]: {
					webhookUrl: TEST_WEBHOOK_URL,
					previous: {
						endpointUrl: WEBHOOK_URL,
						authType: 'bearer',
						hadToken: true,
						tokenIsOurs: true,
						events: ['assistance_required', 'scrape_failed'],
						transport: 'api',
					},
				},
			},
		});
		expect(JSON.stringify(testWebhookData)).not.toContain(OUR_TOKEN);

		await run('delete', [ACCOUNT_A], test);
		expect(sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: WEBHOOK_URL,
			notification_auth_token: OUR_TOKEN,
		});
	});

	it('recognises the production URL on another host than the test URL (WEBHOOK_URL ≠ editor URL)', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const productionUrl = 'https://hooks.example.com/webhook/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
		const testUrl = 'https://n8n.example.com/webhook-test/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
		const webhookAuth = { authType: 'apiKey', token: OUR_TOKEN };
		const production: IDataObject = {};
		await run('create', [ACCOUNT_A], { staticData: production, webhookUrl: productionUrl, webhookAuth });

		await listenForTestEvent([ACCOUNT_A], { webhookUrl: testUrl, webhookAuth });
		expect(sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: productionUrl,
			notification_auth_type: 'api_key',
			notification_auth_token: OUR_TOKEN,
		});

		await run('delete', [ACCOUNT_A], { staticData: production, webhookUrl: productionUrl, webhookAuth });
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('keeps the original settings when n8n restarts during a test listen (the test URL is left behind)', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const production: IDataObject = {};
		await run('create', [ACCOUNT_A], { staticData: production });
		// The test listen points the account at the test URL; the restart means its delete never runs.
		await run('create', [ACCOUNT_A], { staticData: {}, webhookUrl: TEST_WEBHOOK_URL, mode: 'manual' });
		expect(sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(TEST_WEBHOOK_URL);

		// n8n starts again: production finds the test URL, not its own, and registers anew.
		expect((await run('checkExists', [ACCOUNT_A], { staticData: production })).result).toBe(false);
		await run('create', [ACCOUNT_A], { staticData: production });
		await run('delete', [ACCOUNT_A], { staticData: production });

		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('hands several accounts back to the production registration', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		sb.createAccount({ userId, id: ACCOUNT_B, config: configuredAccount({ notification_endpoint_url: null }) });
		const ids = [ACCOUNT_A, ACCOUNT_B];
		const before = Object.fromEntries(ids.map((id) => [id, sb.getConfig(id)]));
		const production: IDataObject = {};
		await run('create', ids, { staticData: production });

		await listenForTestEvent(ids);
		for (const id of ids) {
			expect(sb.getConfig(id)).toMatchObject({ notification_endpoint_url: WEBHOOK_URL, notification_auth_token: OUR_TOKEN });
		}
		expect((await run('checkExists', ids, { staticData: production })).result).toBe(true);

		await run('delete', ids, { staticData: production });
		for (const id of ids) expect(sb.getConfig(id)).toEqual(before[id]);
	});

	it('without a production registration, hands the account back to its own endpoint', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		await listenForTestEvent([ACCOUNT_A]);
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it.each([
		['another node of this n8n', `https://n8n.example.com/webhook/${OTHER_WEBHOOK_ID}/notifications`],
		['another endpoint of n8n', 'https://n8n.example.com/webhook-waiting/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications'],
		['a longer id', 'https://n8n.example.com/webhook/x5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications'],
		['another path', 'https://n8n.example.com/webhook/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications/more'],
		['a query string', 'https://n8n.example.com/webhook/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications?to=x'],
	])('does not take the token of %s for ours', async (_, endpoint) => {
		sb.createAccount({
			userId,
			id: ACCOUNT_A,
			config: configuredAccount({
				notification_endpoint_url: endpoint,
				notification_auth_type: 'bearer',
				notification_auth_token: 'their-own-token-xyz',
			}),
		});
		const before = sb.getConfig(ACCOUNT_A);
		const testWebhookData = await listenForTestEvent([ACCOUNT_A]);
		// Their token cannot be read back (masked) and must not become ours: restored without a token.
		expect(sb.getConfig(ACCOUNT_A)).toEqual({ ...before, notification_auth_token: null });
		expect(remembered(testWebhookData)).toBeUndefined();
	});
});

describe('automatic registration: dashboard login', () => {
	it('logs in with two-factor authentication, computing the TOTP code itself', async () => {
		const twoFaUser = sb.createUser({ email: 'twofa@example.com', password: PASSWORD, totpSecret: TOTP_SECRET });
		sb.createAccount({ userId: twoFaUser.id, id: ACCOUNT_A, config: configuredAccount() });
		const dashboard = { email: 'twofa@example.com', totpSecret: TOTP_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ') };

		await run('create', [ACCOUNT_A], { dashboard });
		expect(sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(loginCount(sb)).toEqual({ password: 1, totp: 1 });
		const totpRequest = sb.log.find((entry) => entry.path.endsWith('/api/auth/login/totp'));
		expect(JSON.parse(totpRequest!.rawBody).code).toMatch(/^\d{6}$/);
	});

	it('says that a 2FA secret is needed when the user has 2FA and none is set', async () => {
		const twoFaUser = sb.createUser({ email: 'twofa@example.com', password: PASSWORD, totpSecret: TOTP_SECRET });
		sb.createAccount({ userId: twoFaUser.id, id: ACCOUNT_A, config: configuredAccount() });

		const error = await rejection(run('create', [ACCOUNT_A], { dashboard: { email: 'twofa@example.com' } }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/two-factor authentication on.*2FA Secret/);
		expect(configWrites(sb)).toHaveLength(0);
	});

	it('reports a wrong password clearly, tries the login once, and never shows the password', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const wrong = 'not-the-password-123';

		const error = await rejection(run('create', [ACCOUNT_A], { dashboard: { password: wrong } }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/refused the email or password/);
		expect(`${error.message} ${error.description}`).not.toContain(wrong);
		expect(loginCount(sb)).toEqual({ password: 1, totp: 0 });
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('logs in again once when the stored session has expired', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		await run('create', [ACCOUNT_A], { dashboard: { sessionToken: 'expired.or.revoked.jwt' } });
		expect(sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(loginCount(sb)).toEqual({ password: 1, totp: 0 });
		// The first request went out with the stale token and got a 401, then n8n logged in.
		expect(sb.log.filter((entry) => entry.status === 401)).toHaveLength(1);
	});

	it('does not loop when the session expired and the password is now wrong', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const error = await rejection(
			run('checkExists', [ACCOUNT_A], { dashboard: { sessionToken: 'stale.jwt.value', password: 'changed!' } }),
		);
		expect(error.message).toMatch(/refused the email or password/);
		expect(loginCount(sb)).toEqual({ password: 1, totp: 0 });
	});

	it('reports the login rate limit with the seconds to wait and does not retry', async () => {
		await sb.close();
		sb = await startSandbox({ loginRateLimit: { limit: 1, windowMs: 15 * 60 * 1000 } });
		userId = sb.createUser({ email: EMAIL, password: PASSWORD }).id;
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });

		await run('checkExists', [ACCOUNT_A]);
		const error = await rejection(run('create', [ACCOUNT_A]));
		expect(error.message).toMatch(/Too many dashboard logins.*Try again in \d+ seconds/);
		expect(loginCount(sb)).toEqual({ password: 2, totp: 0 });
	});

	it('reports an unknown account without changing the others', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const error = await rejection(run('create', [ACCOUNT_A, ACCOUNT_B]));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Account not found: account ${ACCOUNT_B}`);
		expect(configWrites(sb)).toHaveLength(0);
	});
});

describe('automatic registration: webhook URL not reachable from Reconbanker', () => {
	it.each([
		'http://localhost:5678/webhook/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications',
		'http://127.0.0.1:5678/webhook/x/notifications',
		'http://192.168.1.20:5678/webhook/x/notifications',
		'http://[::1]:5678/webhook/x/notifications',
		'http://n8n:5678/webhook/x/notifications',
	])('refuses %s before touching any account, naming WEBHOOK_URL', async (webhookUrl) => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const error = await rejection(run('create', [ACCOUNT_A], { webhookUrl }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain("n8n's webhook URL is not publicly reachable");
		expect(error.description).toContain('WEBHOOK_URL');
		expect(configWrites(sb)).toHaveLength(0);
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('maps Reconbanker\'s own refusal of a private URL (HTTP 400) to the same advice', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		const webhookUrl = 'http://10.0.0.5:5678/webhook/fixture';
		const error = await rejection(
			runWebhookMethod(new DashboardTransportFixture(), 'create', {
				parameters: { accountId: ACCOUNT_A },
				credentials: { reconbankerDashboardApi: { baseUrl: sb.baseUrl, email: EMAIL, password: PASSWORD } },
				credentialTypes,
				webhookUrl,
			}),
		);
		expect(configWrites(sb).map((entry) => entry.status)).toEqual([400]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain("n8n's webhook URL is not publicly reachable");
		expect(error.message).toContain(webhookUrl);
		expect(error.description).toContain('WEBHOOK_URL');
		expect(sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('webhookUrlProblem accepts public addresses only', () => {
		expect(webhookUrlProblem(WEBHOOK_URL)).toBeNull();
		expect(webhookUrlProblem('http://203.0.113.7/webhook/x')).toBeNull();
		expect(webhookUrlProblem('https://[2001:db8::1]/webhook/x')).toBeNull();
		for (const url of [
			'http://app.localhost/x',
			'http://0.0.0.0:5678/x',
			'http://169.254.169.254/x',
			'http://172.20.0.3/x',
			'http://100.64.1.1/x',
			'http://[fd00::1]/x',
			'http://[fe80::1]/x',
			'http://[::ffff:127.0.0.1]/x',
			'http://n8n.local/x',
			'http://n8n.internal:5678/x',
			'ftp://example.com/x',
			'not a url',
		]) {
			expect([url, webhookUrlProblem(url)]).toEqual([url, expect.any(String)]);
		}
	});
});

describe('automatic registration: partial failure and deactivation', () => {
	it('rolls back the accounts already changed when a later one fails, then throws', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		// B's stored config is something the server itself will not save again.
		sb.createAccount({ userId, id: ACCOUNT_B, config: configuredAccount({ login_mode: 'legacy' as 'simple' }) });
		const beforeA = sb.getConfig(ACCOUNT_A);
		const beforeB = sb.getConfig(ACCOUNT_B);
		const staticData: IDataObject = {};

		const error = await rejection(run('create', [ACCOUNT_A, ACCOUNT_B], { staticData }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain(`Account ${ACCOUNT_B}`);
		expect(error.message).toContain('login_mode');
		expect(error.description).toContain(`${ACCOUNT_A} were changed before the failure and have been put back`);
		const text = `${error.message} ${error.description}`;
		for (const secret of [OUR_TOKEN, PASSWORD, 'whsec_statements_original_0123', 'bank-password-original-!']) {
			expect(text).not.toContain(secret);
		}
		expect(sb.getConfig(ACCOUNT_A)).toEqual(beforeA);
		expect(sb.getConfig(ACCOUNT_B)).toEqual(beforeB);
		expect(remembered(staticData)).toBeUndefined();
	});

	it('reports a failed rollback in the error and keeps it for the next deactivation', async () => {
		// A's previous endpoint is a private URL, which the server will refuse to restore.
		sb.createAccount({
			userId,
			id: ACCOUNT_A,
			config: configuredAccount({ notification_endpoint_url: 'http://10.1.2.3/legacy-hook' }),
		});
		sb.createAccount({ userId, id: ACCOUNT_B, config: configuredAccount({ login_mode: 'legacy' as 'simple' }) });
		const beforeA = sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};

		const error = await rejection(run('create', [ACCOUNT_A, ACCOUNT_B], { staticData }));
		expect(error.message).toContain(`Account ${ACCOUNT_B}`);
		expect(error.description).toContain(`Putting back the notification settings of ${ACCOUNT_A}`);
		expect(error.description).toContain('failed too');
		expect(sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(Object.keys(remembered(staticData)?.accounts as IDataObject)).toEqual([ACCOUNT_A]);

		// n8n deactivates after a failed activation: the restore is tried again and its failure thrown.
		const deleteError = await rejection(run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData }));
		expect(deleteError).toBeInstanceOf(NodeOperationError);
		expect(deleteError.message).toBe('Could not put back the notification settings of one account');
		expect(deleteError.description).toContain(ACCOUNT_A);

		sb.updateOptions({ allowPrivateNotificationUrls: true });
		expect((await run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData })).result).toBe(true);
		expect(sb.getConfig(ACCOUNT_A)).toEqual(beforeA);
		expect(remembered(staticData)).toBeUndefined();
	});

	it('delete leaves an account alone that someone re-pointed meanwhile', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		sb.createAccount({ userId, id: ACCOUNT_B, config: configuredAccount() });
		const beforeB = sb.getConfig(ACCOUNT_B);
		const staticData: IDataObject = {};
		await run('create', [ACCOUNT_A, ACCOUNT_B], { staticData });

		sb.setConfig(ACCOUNT_A, { notification_endpoint_url: 'https://someone-else.example.net/hook' });
		const repointed = sb.getConfig(ACCOUNT_A);
		const writesBefore = configWrites(sb).length;

		expect((await run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData })).result).toBe(true);
		expect(sb.getConfig(ACCOUNT_A)).toEqual(repointed);
		expect(sb.getConfig(ACCOUNT_B)).toEqual(beforeB);
		expect(configWrites(sb).length - writesBefore).toBe(1);
		expect(remembered(staticData)).toBeUndefined();
	});

	it('delete clears notifications that still point here when nothing was remembered', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = sb.getConfig(ACCOUNT_A);
		await run('create', [ACCOUNT_A]);
		// Static data lost: the account still points at a webhook that is going away.
		await run('delete', [ACCOUNT_A], { staticData: {} });
		expect(sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: null,
			notification_auth_type: null,
			notification_auth_token: null,
			notification_events: [],
		});
		expect(withoutNotification(sb.getConfig(ACCOUNT_A))).toEqual(withoutNotification(before));
	});

	it('refuses an account that was never configured, before changing any account', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		sb.createAccount({ userId, id: ACCOUNT_B, config: null });
		const beforeA = sb.getConfig(ACCOUNT_A);

		expect((await run('checkExists', [ACCOUNT_A, ACCOUNT_B])).result).toBe(false);
		const error = await rejection(run('create', [ACCOUNT_A, ACCOUNT_B]));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Account ${ACCOUNT_B} is not configured in Reconbanker yet (no Webhook URL)`);
		expect(error.description).toContain('No account was changed');
		expect(configWrites(sb)).toHaveLength(0);
		expect(sb.getConfig(ACCOUNT_A)).toEqual(beforeA);
		expect(sb.getConfig(ACCOUNT_B)).toBeNull();

		// Deactivating then finds nothing of ours: it changes nothing.
		expect((await run('delete', [ACCOUNT_A, ACCOUNT_B])).result).toBe(true);
		expect(configWrites(sb)).toHaveLength(0);
	});
});

describe('automatic registration: parameters', () => {
	it('does nothing with manual registration', async () => {
		sb.createAccount({ userId, id: ACCOUNT_A, config: configuredAccount() });
		const parameters = parametersFor([ACCOUNT_A], { registration: 'manual' });
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await run(method, [ACCOUNT_A], { parameters })).result).toBe(true);
		}
		expect(sb.log).toHaveLength(0);
	});

	it.each([
		[{ accountScope: 'all' }, 'Automatic registration needs a list of account IDs'],
		[{ accountIds: ' , \n' }, 'Automatic registration needs at least one account ID'],
		[{ accountIds: `${ACCOUNT_A}, acct-42` }, 'Account IDs must be UUIDs; not valid: "acct-42"'],
		[{ events: ['login_failed'] }, 'No event to register: select Assistance Required, Connection Failed or Scrape Failed'],
	])('refuses %p', async (overrides, message) => {
		const error = await rejection(run('create', [ACCOUNT_A], { parameters: parametersFor([ACCOUNT_A], overrides) }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(sb.log).toHaveLength(0);
	});

	it.each(['checkExists', 'create'] as const)('refuses invalid account IDs in %s, before any request', async (method) => {
		const parameters = parametersFor([ACCOUNT_A, 'acct-42', '3f2b8c1e']);
		const error = await rejection(run(method, [], { parameters }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Account IDs must be UUIDs; not valid: "acct-42", "3f2b8c1e"');
		expect(sb.log).toHaveLength(0);
	});

	it('refuses a Bearer notification credential without a token', async () => {
		const error = await rejection(run('create', [ACCOUNT_A], { webhookAuth: { authType: 'bearer', token: '' } }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Notification Auth credential has no token');
	});
});

describe('manual registration: account IDs', () => {
	/** Manual registration needs no credential at all: none is given. */
	async function runManual(method: 'checkExists' | 'create' | 'delete', overrides: INodeParameters, mode?: 'manual') {
		return await runWebhookMethod(trigger, method, {
			parameters: { registration: 'manual', accountScope: 'list', events: ['assistance_required'], ...overrides },
			credentials: {},
			credentialTypes,
			webhookUrl: mode === 'manual' ? TEST_WEBHOOK_URL : WEBHOOK_URL,
			mode,
		});
	}

	it.each([
		['checkExists', undefined],
		['create', undefined],
		['checkExists', 'manual'],
	] as const)('%s (mode %s) refuses a list with invalid entries, naming each of them', async (method, mode) => {
		const accountIds = `${ACCOUNT_A}, acct-42\n${ACCOUNT_B.slice(0, 8)}; ${ACCOUNT_C.toUpperCase()}`;
		const error = await rejection(runManual(method, { accountIds }, mode));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Account IDs must be UUIDs; not valid: "acct-42", "${ACCOUNT_B.slice(0, 8)}"`);
		expect(error.description).toContain('ignored');
		expect(sb.log).toHaveLength(0);
	});

	it.each(['checkExists', 'create'] as const)('%s refuses an empty list', async (method) => {
		const error = await rejection(runManual(method, { accountIds: ' ,\n ' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No account ID listed under "Only These Accounts"');
		expect(error.description).toContain('every notification would be ignored');
	});

	it('accepts a valid list (any case, any separator) and stays a no-op', async () => {
		const accountIds = `${ACCOUNT_A.toUpperCase()};${ACCOUNT_B}\n\n${ACCOUNT_C}, ${ACCOUNT_A}`;
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await runManual(method, { accountIds })).result).toBe(true);
		}
		expect(sb.log).toHaveLength(0);
	});

	it('does not check the hidden list when every account is accepted', async () => {
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await runManual(method, { accountScope: 'all', accountIds: 'left over, not-an-id' })).result).toBe(true);
		}
	});

	it('deactivation after a refused activation still succeeds', async () => {
		expect((await runManual('delete', { accountIds: 'acct-42' })).result).toBe(true);
		expect(sb.log).toHaveLength(0);
	});
});

describe('Reconbanker Dashboard credential test', () => {
	const dashboard = new ReconbankerDashboardApi();

	/** The credential test for a 2FA user whose authenticator holds TOTP_SECRET, with `totpSecret` entered. */
	async function testTwoFactorLogin(totpSecret: string) {
		sb.createUser({ email: 'twofa@example.com', password: PASSWORD, totpSecret: TOTP_SECRET });
		const credentials = { baseUrl: sb.baseUrl, email: 'twofa@example.com', password: PASSWORD, totpSecret };
		return await testCredential(dashboard, credentials);
	}

	it('passes with the right email and password', async () => {
		const result = await testCredential(dashboard, { baseUrl: `${sb.baseUrl}/`, email: EMAIL, password: PASSWORD });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(loginCount(sb)).toEqual({ password: 1, totp: 0 });
	});

	it('runs the full 2FA login', async () => {
		const result = await testTwoFactorLogin(TOTP_SECRET);
		expect(result.status).toBe('OK');
		expect(loginCount(sb)).toEqual({ password: 1, totp: 1 });
	});

	it('logs in afresh even with a stored session token', async () => {
		const result = await testCredential(dashboard, {
			baseUrl: sb.baseUrl,
			email: EMAIL,
			password: 'wrong-password',
			sessionToken: 'some.stored.jwt',
		});
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Reconbanker refused the email or password/),
		});
		expect(result.message).not.toContain('wrong-password');
		expect(loginCount(sb)).toEqual({ password: 1, totp: 0 });
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
		const wrongBase = await testCredential(dashboard, {
			baseUrl: `${sb.baseUrl}/not-reconbanker`,
			email: EMAIL,
			password: PASSWORD,
		});
		expect(wrongBase.message).toMatch(/did not answer like a Reconbanker server/);

		const unreachable = await testCredential(dashboard, {
			baseUrl: 'http://127.0.0.1:1',
			email: EMAIL,
			password: PASSWORD,
		});
		expect(unreachable.message).toMatch(/^Could not reach Reconbanker at 127\.0\.0\.1:1: the connection was refused/);
	});
});
