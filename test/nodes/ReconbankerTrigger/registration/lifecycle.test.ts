/**
 * Automatic registration of the Reconbanker Trigger's webhook, against the real sandbox over HTTP,
 * through n8n-core's HookContext (test/harness): checkExists → create → delete must change only the
 * notification fields of each account and put back exactly what was there.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { webhookUrlProblem } from '../../../../nodes/transport/webhook-url';
import { runWebhookMethod } from '../../../harness';
import { DashboardTransportFixture } from './fixture-node';
import {
	ACCOUNT_A,
	ACCOUNT_B,
	ACCOUNT_C,
	ACCOUNT_SECRETS,
	EMAIL,
	OUR_TOKEN,
	PASSWORD,
	TEST_WEBHOOK_URL,
	WEBHOOK_URL,
	configWrites,
	configuredAccount,
	credentialTypes,
	dashboardRequests,
	loginCount,
	parametersFor,
	rejection,
	remembered,
	trigger,
	useRegistrationWorld,
	withoutNotification,
} from './world';

const w = useRegistrationWorld();

describe('automatic registration: round trip', () => {
	it('create → checkExists → delete changes only the notification fields and restores them exactly', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		// The trigger's own static data (redelivery keys) lives beside the registration's.
		const staticData: IDataObject = { 'node:Reconbanker Trigger': { seenDeliveries: ['key-1'] } };

		expect((await w.run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(false);
		expect((await w.run('create', [ACCOUNT_A], { staticData })).result).toBe(true);

		const registered = w.sb.getConfig(ACCOUNT_A);
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
		// What was there is remembered as plain JSON, without any secret (the token only as a keyed hash).
		expect(JSON.parse(JSON.stringify(staticData))).toEqual(staticData);
		for (const secret of [OUR_TOKEN, PASSWORD, ...ACCOUNT_SECRETS]) expect(JSON.stringify(staticData)).not.toContain(secret);
		expect(remembered(staticData)).toEqual({
			accounts: {
				[ACCOUNT_A]: {
					webhookUrl: WEBHOOK_URL,
					tokenFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
					previous: {
						endpointUrl: 'https://hooks.example.org/reconbanker',
						authType: null,
						hadToken: false,
						tokenIsOurs: false,
						events: ['scrape_failed'],
						transport: 'api',
						slackChannel: null,
					},
				},
			},
		});

		expect((await w.run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(true);
		expect((await w.run('delete', [ACCOUNT_A], { staticData })).result).toBe(true);

		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
		expect(staticData).toEqual({ 'node:Reconbanker Trigger': { seenDeliveries: ['key-1'] } });
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(false);
	});

	it('registers several accounts at once and puts each one back', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_B,
			config: configuredAccount({
				login_mode: 'simple',
				webhook_auth_token: null,
				bank_password: 'another-bank-password',
				notification_endpoint_url: null,
				notification_events: null,
				notification_transport: null,
			}),
		});
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_C,
			config: configuredAccount({
				notification_endpoint_url: 'https://ops.example.net/alerts',
				notification_events: ['assistance_required', 'connection_failed', 'scrape_failed'],
			}),
		});
		const ids = [ACCOUNT_A, ACCOUNT_B, ACCOUNT_C];
		const before = Object.fromEntries(ids.map((id) => [id, w.sb.getConfig(id)]));
		const staticData: IDataObject = {};
		const webhookAuth = { authType: 'apiKey', token: OUR_TOKEN };

		await w.run('create', ids, { staticData, webhookAuth });
		for (const id of ids) {
			expect(w.sb.getConfig(id)).toMatchObject({
				notification_endpoint_url: WEBHOOK_URL,
				notification_auth_type: 'api_key',
				notification_auth_token: OUR_TOKEN,
				notification_events: ['assistance_required', 'scrape_failed'],
				notification_transport: 'api',
			});
			expect(withoutNotification(w.sb.getConfig(id))).toEqual(withoutNotification(before[id]));
		}
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 0 });

		expect((await w.run('checkExists', ids, { staticData, webhookAuth })).result).toBe(true);
		await w.run('delete', ids, { staticData, webhookAuth });

		for (const id of ids) expect(w.sb.getConfig(id)).toEqual(before[id]);
		expect(remembered(staticData)).toBeUndefined();
		// One dashboard login served the whole life cycle (the JWT is remembered).
		expect(loginCount(w.sb)).toEqual({ password: 1, totp: 0 });
	});

	it('registers the token trimmed, as Reconbanker stores it, and checks it so', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const staticData: IDataObject = {};
		const webhookAuth = { authType: 'bearer', token: `  ${OUR_TOKEN}\n` };
		await w.run('create', [ACCOUNT_A], { staticData, webhookAuth });
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_auth_token).toBe(OUR_TOKEN);
		const put = configWrites(w.sb)[0];
		expect(JSON.parse(put.rawBody).notification_auth_token).toBe(OUR_TOKEN);
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData })).result).toBe(true);
	});

	it('registers without a token when the trigger does not authenticate notifications', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount({ notification_auth_type: 'bearer' }) });
		const parameters = parametersFor([ACCOUNT_A], { authentication: 'none', events: ['connection_failed'] });
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { parameters, webhookAuth: null, staticData });
		expect(w.sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: WEBHOOK_URL,
			notification_auth_type: null,
			notification_auth_token: null,
			notification_events: ['connection_failed'],
		});
		expect((await w.run('checkExists', [ACCOUNT_A], { parameters, webhookAuth: null, staticData })).result).toBe(true);
	});

	it('checkExists is false while any setting differs from what the node registers', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_B, config: configuredAccount() });
		const ids = [ACCOUNT_A, ACCOUNT_B];
		const staticData: IDataObject = {};
		await w.run('create', ids, { staticData });
		expect((await w.run('checkExists', ids, { staticData })).result).toBe(true);

		w.sb.setConfig(ACCOUNT_B, { notification_events: ['assistance_required'] });
		expect((await w.run('checkExists', ids, { staticData })).result).toBe(false);
		w.sb.setConfig(ACCOUNT_B, { notification_events: ['scrape_failed', 'assistance_required'] });
		expect((await w.run('checkExists', ids, { staticData })).result).toBe(true);
		w.sb.setConfig(ACCOUNT_B, { notification_auth_token: null });
		expect((await w.run('checkExists', ids, { staticData })).result).toBe(false);
		w.sb.setConfig(ACCOUNT_B, { notification_auth_token: OUR_TOKEN, notification_transport: 'slack' });
		expect((await w.run('checkExists', ids, { staticData })).result).toBe(false);
	});

	it('notices a token changed in the credential (by its fingerprint) and registers the new one', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData });
		const newToken = 'n8n-notification-token-rotated-77aa';
		const webhookAuth = { authType: 'bearer', token: newToken };

		// Reconbanker shows both tokens as the same mask: only the fingerprint tells them apart.
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData, webhookAuth })).result).toBe(false);
		await w.run('create', [ACCOUNT_A], { staticData, webhookAuth });
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_auth_token).toBe(newToken);
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData, webhookAuth })).result).toBe(true);
		expect(JSON.stringify(staticData)).not.toContain(newToken);

		// What was there before the first registration is still what comes back.
		await w.run('delete', [ACCOUNT_A], { staticData, webhookAuth });
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('keeps what was there before when an active registration is created again', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData });
		// e.g. n8n restarted with another WEBHOOK_URL: checkExists is false, create runs again.
		const movedUrl = 'https://n8n.example.com/moved/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData, webhookUrl: movedUrl })).result).toBe(false);
		await w.run('create', [ACCOUNT_A], { staticData, webhookUrl: movedUrl });
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(movedUrl);
		await w.run('delete', [ACCOUNT_A], { staticData, webhookUrl: movedUrl });
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('listening for a test event while active hands the account back to the production registration', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const production: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData: production });

		// n8n 2.40 builds the test webhook's workflow with EMPTY static data (TestWebhooks.toWorkflow:
		// `staticData: {}`), so the production registration is not visible to it; what the test
		// webhook's create writes there is kept with the registration and handed to its delete.
		const testWebhookData = await w.listenForTestEvent([ACCOUNT_A]);

		// Back at the production URL, with our token: that URL is this node's, so the token was ours.
		expect(w.sb.getConfig(ACCOUNT_A)).toMatchObject({
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
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData: production })).result).toBe(true);

		await w.run('delete', [ACCOUNT_A], { staticData: production });
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});
});

describe('automatic registration: listening for a test event', () => {
	it('remembers the production registration as ours, recognised by its URL, without storing the token', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		await w.run('create', [ACCOUNT_A], { staticData: {} });

		const testWebhookData: IDataObject = {};
		const test = { staticData: testWebhookData, webhookUrl: TEST_WEBHOOK_URL, mode: 'manual' as const };
		await w.run('create', [ACCOUNT_A], test);
		expect(remembered(testWebhookData)).toEqual({
			accounts: {
				[ACCOUNT_A]: {
					webhookUrl: TEST_WEBHOOK_URL,
					tokenFingerprint: expect.any(String),
					previous: {
						endpointUrl: WEBHOOK_URL,
						authType: 'bearer',
						hadToken: true,
						tokenIsOurs: true,
						events: ['assistance_required', 'scrape_failed'],
						transport: 'api',
						slackChannel: null,
					},
				},
			},
		});
		expect(JSON.stringify(testWebhookData)).not.toContain(OUR_TOKEN);

		await w.run('delete', [ACCOUNT_A], test);
		expect(w.sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: WEBHOOK_URL,
			notification_auth_token: OUR_TOKEN,
		});
	});

	it('recognises the production URL on another host than the test URL (WEBHOOK_URL ≠ editor URL)', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const productionUrl = 'https://hooks.example.com/webhook/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
		const testUrl = 'https://n8n.example.com/webhook-test/5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b/notifications';
		const webhookAuth = { authType: 'apiKey', token: OUR_TOKEN };
		const production: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData: production, webhookUrl: productionUrl, webhookAuth });

		await w.listenForTestEvent([ACCOUNT_A], { webhookUrl: testUrl, webhookAuth });
		expect(w.sb.getConfig(ACCOUNT_A)).toMatchObject({
			notification_endpoint_url: productionUrl,
			notification_auth_type: 'api_key',
			notification_auth_token: OUR_TOKEN,
		});

		await w.run('delete', [ACCOUNT_A], { staticData: production, webhookUrl: productionUrl, webhookAuth });
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('keeps the original settings when n8n restarts during a test listen (the test URL is left behind)', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const production: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData: production });
		// The test listen points the account at the test URL; the restart means its delete never runs.
		await w.run('create', [ACCOUNT_A], { staticData: {}, webhookUrl: TEST_WEBHOOK_URL, mode: 'manual' });
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(TEST_WEBHOOK_URL);

		// n8n starts again: production finds the test URL, not its own, and registers anew.
		expect((await w.run('checkExists', [ACCOUNT_A], { staticData: production })).result).toBe(false);
		await w.run('create', [ACCOUNT_A], { staticData: production });
		await w.run('delete', [ACCOUNT_A], { staticData: production });

		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('hands several accounts back to the production registration', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_B, config: configuredAccount({ notification_endpoint_url: null }) });
		const ids = [ACCOUNT_A, ACCOUNT_B];
		const before = Object.fromEntries(ids.map((id) => [id, w.sb.getConfig(id)]));
		const production: IDataObject = {};
		await w.run('create', ids, { staticData: production });

		await w.listenForTestEvent(ids);
		for (const id of ids) {
			expect(w.sb.getConfig(id)).toMatchObject({ notification_endpoint_url: WEBHOOK_URL, notification_auth_token: OUR_TOKEN });
		}
		expect((await w.run('checkExists', ids, { staticData: production })).result).toBe(true);

		await w.run('delete', ids, { staticData: production });
		for (const id of ids) expect(w.sb.getConfig(id)).toEqual(before[id]);
	});

	it('without a production registration, hands the account back to its own endpoint', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		await w.listenForTestEvent([ACCOUNT_A]);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
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
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const error = await rejection(w.run('create', [ACCOUNT_A], { webhookUrl }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain("n8n's webhook URL is not publicly reachable");
		expect(error.description).toContain('WEBHOOK_URL');
		expect(dashboardRequests(w.sb)).toHaveLength(0);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it("maps Reconbanker's own refusal of a private URL (HTTP 400) to the same advice", async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const webhookUrl = 'http://10.0.0.5:5678/webhook/fixture';
		const error = await rejection(
			runWebhookMethod(new DashboardTransportFixture(), 'create', {
				parameters: { accountId: ACCOUNT_A },
				credentials: { reconbankerDashboardApi: { baseUrl: w.sb.baseUrl, email: EMAIL, password: PASSWORD } },
				credentialTypes,
				webhookUrl,
			}),
		);
		expect(configWrites(w.sb).map((entry) => entry.status)).toEqual([400]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain("n8n's webhook URL is not publicly reachable");
		expect(error.message).toContain(webhookUrl);
		expect(error.description).toContain('WEBHOOK_URL');
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
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
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		// B's stored config is something the server itself will not save again.
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_B, config: configuredAccount({ login_mode: 'legacy' }) });
		const beforeA = w.sb.getConfig(ACCOUNT_A);
		const beforeB = w.sb.getConfig(ACCOUNT_B);
		const staticData: IDataObject = {};

		const error = await rejection(w.run('create', [ACCOUNT_A, ACCOUNT_B], { staticData }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain(`Account ${ACCOUNT_B}`);
		expect(error.message).toContain('login_mode');
		expect(error.description).toContain(`${ACCOUNT_A} were changed before the failure and have been put back`);
		const text = `${error.message} ${error.description}`;
		for (const secret of [OUR_TOKEN, PASSWORD, ...ACCOUNT_SECRETS]) expect(text).not.toContain(secret);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(beforeA);
		expect(w.sb.getConfig(ACCOUNT_B)).toEqual(beforeB);
		expect(remembered(staticData)).toBeUndefined();

		// n8n runs delete after a failed activation: nothing is registered any more, so no request at all.
		const requests = w.sb.log.length;
		expect((await w.run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData })).result).toBe(true);
		expect(w.sb.log.length).toBe(requests);
	});

	it('reports a failed rollback in the error and keeps it for the next deactivation', async () => {
		// A's previous endpoint is a private URL, which the server will refuse to restore.
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_A,
			config: configuredAccount({ notification_endpoint_url: 'http://10.1.2.3/legacy-hook' }),
		});
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_B, config: configuredAccount({ login_mode: 'legacy' }) });
		const beforeA = w.sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};

		const error = await rejection(w.run('create', [ACCOUNT_A, ACCOUNT_B], { staticData }));
		expect(error.message).toContain(`Account ${ACCOUNT_B}`);
		expect(error.description).toContain(`Putting back the notification settings of ${ACCOUNT_A}`);
		expect(error.description).toContain('failed too');
		expect(w.sb.getConfig(ACCOUNT_A)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		expect(Object.keys(remembered(staticData)?.accounts as IDataObject)).toEqual([ACCOUNT_A]);

		// n8n deactivates after a failed activation: the restore is tried again and its failure thrown —
		// for A only, the account this workflow did change.
		const deleteError = await rejection(w.run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData }));
		expect(deleteError).toBeInstanceOf(NodeOperationError);
		expect(deleteError.message).toBe('Could not put back the notification settings of one account this workflow registered');
		expect(deleteError.description).toContain(ACCOUNT_A);
		expect(deleteError.description).not.toContain(ACCOUNT_B);

		w.sb.updateOptions({ allowPrivateNotificationUrls: true });
		expect((await w.run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData })).result).toBe(true);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(beforeA);
		expect(remembered(staticData)).toBeUndefined();
	});

	it('delete leaves an account alone that someone re-pointed meanwhile', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_B, config: configuredAccount() });
		const beforeB = w.sb.getConfig(ACCOUNT_B);
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A, ACCOUNT_B], { staticData });

		w.sb.setConfig(ACCOUNT_A, { notification_endpoint_url: 'https://someone-else.example.net/hook' });
		const repointed = w.sb.getConfig(ACCOUNT_A);
		const writesBefore = configWrites(w.sb).length;

		expect((await w.run('delete', [ACCOUNT_A, ACCOUNT_B], { staticData })).result).toBe(true);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(repointed);
		expect(w.sb.getConfig(ACCOUNT_B)).toEqual(beforeB);
		expect(configWrites(w.sb).length - writesBefore).toBe(1);
		expect(remembered(staticData)).toBeUndefined();
	});

	it('delete does not log in for accounts it never registered (nothing remembered: no request at all)', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		// Listed, maybe even pointing here, but not registered by this workflow's static data.
		w.sb.setConfig(ACCOUNT_A, { notification_endpoint_url: WEBHOOK_URL });
		const before = w.sb.getConfig(ACCOUNT_A);
		expect((await w.run('delete', [ACCOUNT_A], { staticData: {} })).result).toBe(true);
		expect(w.sb.log).toHaveLength(0);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
		// …even when the dashboard credential would be refused: no "could not put back" for settings never changed.
		expect((await w.run('delete', [ACCOUNT_A], { staticData: {}, dashboard: { password: 'wrong-password-1' } })).result).toBe(true);
		expect(loginCount(w.sb)).toEqual({ password: 0, totp: 0 });
	});

	it('refuses an account that was never configured, before changing any account', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_B, config: null });
		const beforeA = w.sb.getConfig(ACCOUNT_A);

		expect((await w.run('checkExists', [ACCOUNT_A, ACCOUNT_B])).result).toBe(false);
		const error = await rejection(w.run('create', [ACCOUNT_A, ACCOUNT_B]));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Account ${ACCOUNT_B} is not configured in Reconbanker yet (no Webhook URL)`);
		expect(error.description).toContain('No account was changed');
		expect(configWrites(w.sb)).toHaveLength(0);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(beforeA);
		expect(w.sb.getConfig(ACCOUNT_B)).toBeNull();

		// Deactivating then finds nothing of ours: it changes nothing.
		expect((await w.run('delete', [ACCOUNT_A, ACCOUNT_B])).result).toBe(true);
		expect(configWrites(w.sb)).toHaveLength(0);
	});
});

describe('automatic registration: parameters', () => {
	it('does nothing with manual registration', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const parameters = parametersFor([ACCOUNT_A], { registration: 'manual' });
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await w.run(method, [ACCOUNT_A], { parameters })).result).toBe(true);
		}
		expect(w.sb.log).toHaveLength(0);
	});

	it.each([
		[{ accountScope: 'all' }, 'Automatic registration needs a list of account IDs'],
		[{ accountIds: ' , \n' }, 'Automatic registration needs at least one account ID'],
		[{ accountIds: `${ACCOUNT_A}, acct-42` }, 'Account IDs must be UUIDs; not valid: "acct-42"'],
		[{ events: ['login_failed'] }, 'No event to register: select Assistance Required, Connection Failed or Scrape Failed'],
	])('refuses %p', async (overrides, message) => {
		const error = await rejection(w.run('create', [ACCOUNT_A], { parameters: parametersFor([ACCOUNT_A], overrides) }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(w.sb.log).toHaveLength(0);
	});

	it.each(['checkExists', 'create'] as const)('refuses invalid account IDs in %s, before any request', async (method) => {
		const parameters = parametersFor([ACCOUNT_A, 'acct-42', '3f2b8c1e']);
		const error = await rejection(w.run(method, [], { parameters }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Account IDs must be UUIDs; not valid: "acct-42", "3f2b8c1e"');
		expect(w.sb.log).toHaveLength(0);
	});

	it.each([
		[{ authType: 'bearer', token: '' }, /token .* must be at least 16 characters/],
		[{ authType: 'apiKey', token: '   short-token   ' }, /token .* must be at least 16 characters/],
		[{ authType: 'none', token: '', signingSecret: '' }, /no token and no signing secret/],
	])('refuses a Notification Auth credential that cannot work (%p), before any request', async (webhookAuth, message) => {
		for (const method of ['checkExists', 'create'] as const) {
			const error = await rejection(w.run(method, [ACCOUNT_A], { webhookAuth }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(message);
		}
		expect(w.sb.log).toHaveLength(0);
	});
});

describe('manual registration: checked on activation', () => {
	/** Manual registration needs no dashboard credential: only the Notification Auth one is given. */
	async function runManual(
		method: 'checkExists' | 'create' | 'delete',
		overrides: INodeParameters,
		mode?: 'manual',
		webhookAuth: Record<string, unknown> = { authType: 'bearer', token: OUR_TOKEN },
	) {
		return await runWebhookMethod(trigger, method, {
			parameters: { registration: 'manual', accountScope: 'list', events: ['assistance_required'], ...overrides },
			credentials: { reconbankerWebhookAuth: webhookAuth as never },
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
		expect(w.sb.log).toHaveLength(0);
	});

	it.each(['checkExists', 'create'] as const)('%s refuses an empty list', async (method) => {
		const error = await rejection(runManual(method, { accountIds: ' ,\n ' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No account ID listed under "Only These Accounts"');
		expect(error.description).toContain('every notification would be ignored');
	});

	it.each(['checkExists', 'create'] as const)('%s refuses a Notification Auth credential that would refuse every notification', async (method) => {
		const error = await rejection(runManual(method, { accountScope: 'all' }, undefined, { authType: 'bearer', token: 'too-short' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/at least 16 characters/);
		expect(error.description).toContain('Every notification would be refused');
		expect(error.message).not.toContain('too-short');
	});

	it('accepts a valid list (any case, any separator) and stays a no-op', async () => {
		const accountIds = `${ACCOUNT_A.toUpperCase()};${ACCOUNT_B}\n\n${ACCOUNT_C}, ${ACCOUNT_A}`;
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await runManual(method, { accountIds })).result).toBe(true);
		}
		expect(w.sb.log).toHaveLength(0);
	});

	it('does not check the hidden list when every account is accepted', async () => {
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await runManual(method, { accountScope: 'all', accountIds: 'left over, not-an-id' })).result).toBe(true);
		}
	});

	it('deactivation after a refused activation still succeeds', async () => {
		expect((await runManual('delete', { accountIds: 'acct-42' })).result).toBe(true);
		expect(w.sb.log).toHaveLength(0);
	});
});
