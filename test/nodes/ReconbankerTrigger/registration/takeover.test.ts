/**
 * What automatic registration refuses to take over, and what "Replace Existing Notification
 * Settings" allows — against the real sandbox (which validates Slack and chat-webhook transports
 * like the real server), through n8n-core's HookContext.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	ACCOUNT_A,
	ACCOUNT_B,
	WEBHOOK_ID,
	WEBHOOK_URL,
	configWrites,
	configuredAccount,
	parametersFor,
	rejection,
	remembered,
	useRegistrationWorld,
	withoutNotification,
} from './world';

const w = useRegistrationWorld();
const OTHER_WEBHOOK_ID = '0b7e4c2a-9f1d-4c3b-8e5a-6d7f8a9b0c1d';
const replace = (accountIds: string[]) => parametersFor(accountIds, { replaceExisting: true });

describe('automatic registration never takes over another workflow of this n8n', () => {
	it.each([
		['another trigger node', `https://n8n.example.com/webhook/${OTHER_WEBHOOK_ID}/notifications`],
		["another workflow's test URL", `https://n8n.example.com/webhook-test/${OTHER_WEBHOOK_ID}/reconbanker`],
		['a waiting execution', `https://n8n.example.com/webhook-waiting/${WEBHOOK_ID}/notifications`],
		['a form', 'https://n8n.example.com/form/some-form'],
		['a longer id', `https://n8n.example.com/webhook/x${WEBHOOK_ID}/notifications`],
		['another path', `https://n8n.example.com/webhook/${WEBHOOK_ID}/notifications/more`],
		['a query string', `https://n8n.example.com/webhook/${WEBHOOK_ID}/notifications?to=x`],
	])('refuses an account that notifies %s, even with Replace on, naming it; nothing is written', async (_label, endpoint) => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount({ notification_endpoint_url: endpoint }) });
		const before = w.sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};
		for (const parameters of [parametersFor([ACCOUNT_A]), replace([ACCOUNT_A])]) {
			const error = await rejection(w.run('create', [ACCOUNT_A], { parameters, staticData }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toContain(`account ${ACCOUNT_A}: its notifications already go to another workflow of this n8n (${endpoint})`);
			expect(error.message).toContain('No account was changed');
			expect(error.description).toContain('deactivate the other workflow first');
		}
		expect(configWrites(w.sb)).toHaveLength(0);
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
		expect(remembered(staticData)).toBeUndefined();
	});

	it('recognises this n8n under a path prefix, and does not mistake another host for it', async () => {
		const prefixed = `https://example.com/n8n/webhook/${WEBHOOK_ID}/notifications`;
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_A,
			config: configuredAccount({ notification_endpoint_url: `https://example.com/n8n/webhook/${OTHER_WEBHOOK_ID}/notifications` }),
		});
		const error = await rejection(w.run('create', [ACCOUNT_A], { webhookUrl: prefixed }));
		expect(error.message).toContain('another workflow of this n8n');

		// The same path on another host, without a token: a foreign endpoint, which can be put back.
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_B,
			config: configuredAccount({ notification_endpoint_url: `https://old-n8n.example.org/webhook/${OTHER_WEBHOOK_ID}/notifications` }),
		});
		const before = w.sb.getConfig(ACCOUNT_B);
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_B], { staticData });
		expect(w.sb.getConfig(ACCOUNT_B)?.notification_endpoint_url).toBe(WEBHOOK_URL);
		await w.run('delete', [ACCOUNT_B], { staticData });
		expect(w.sb.getConfig(ACCOUNT_B)).toEqual(before);
	});

	it('checks every account before the first write and names each refused one', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_B,
			config: configuredAccount({
				notification_transport: 'slack',
				notification_endpoint_url: null,
				notification_slack_channel: '#bank-alerts',
				notification_auth_token: 'xoxb-their-slack-token',
			}),
		});
		const error = await rejection(w.run('create', [ACCOUNT_A, ACCOUNT_B]));
		expect(error.message).toContain(`account ${ACCOUNT_B}: its notifications go to Slack channel #bank-alerts`);
		expect(error.message).not.toContain(`account ${ACCOUNT_A}`);
		expect(error.message).not.toContain('xoxb-their-slack-token');
		expect(configWrites(w.sb)).toHaveLength(0);
	});
});

describe('"Replace Existing Notification Settings"', () => {
	it('is needed for a Slack transport; with it the Slack settings come back on deactivation, without events (the token is gone)', async () => {
		const slack = configuredAccount({
			notification_transport: 'slack',
			notification_endpoint_url: null,
			notification_auth_type: null,
			notification_slack_channel: '#bank-alerts',
			notification_auth_token: 'xoxb-their-slack-token',
			notification_events: ['assistance_required', 'connection_failed'],
		});
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: slack });
		const before = w.sb.getConfig(ACCOUNT_A);

		const error = await rejection(w.run('create', [ACCOUNT_A]));
		expect(error.message).toContain('its notifications go to Slack channel #bank-alerts');
		expect(error.description).toContain('Replace Existing Notification Settings');
		expect(error.description).toContain('cannot put it back');
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);

		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { parameters: replace([ACCOUNT_A]), staticData });
		expect(w.sb.getConfig(ACCOUNT_A)).toMatchObject({ notification_transport: 'api', notification_endpoint_url: WEBHOOK_URL });

		await w.run('delete', [ACCOUNT_A], { parameters: replace([ACCOUNT_A]), staticData });
		// Reconbanker refuses Slack with events but no token, and the token cannot be read back:
		// everything else of the Slack settings is back; events and token are for the user to re-enter.
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual({ ...before, notification_auth_token: null, notification_events: [] });
		expect(remembered(staticData)).toBeUndefined();
	});

	it('is needed for a chat webhook; with it the chat webhook comes back exactly (it has no token)', async () => {
		const chat = configuredAccount({
			notification_transport: 'chat_webhook',
			notification_endpoint_url: 'https://chat.example.com/hooks/abc',
			notification_auth_type: null,
			notification_auth_token: null,
			notification_events: ['connection_failed'],
		});
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: chat });
		const before = w.sb.getConfig(ACCOUNT_A);

		const error = await rejection(w.run('create', [ACCOUNT_A]));
		expect(error.message).toContain('its notifications go to a chat webhook (https://chat.example.com/hooks/abc)');
		expect(configWrites(w.sb)).toHaveLength(0);

		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { parameters: replace([ACCOUNT_A]), staticData });
		await w.run('delete', [ACCOUNT_A], { parameters: replace([ACCOUNT_A]), staticData });
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});

	it('is needed for another endpoint that has a token; with it that endpoint comes back without the token', async () => {
		w.sb.createAccount({
			userId: w.userId,
			id: ACCOUNT_A,
			config: configuredAccount({
				notification_endpoint_url: 'https://ops.example.net/alerts',
				notification_auth_type: 'api_key',
				notification_auth_token: 'their-own-token-xyz',
			}),
		});
		const before = w.sb.getConfig(ACCOUNT_A);
		const error = await rejection(w.run('create', [ACCOUNT_A]));
		expect(error.message).toContain('its notifications go to https://ops.example.net/alerts with a token');
		expect(error.message).not.toContain('their-own-token-xyz');

		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { parameters: replace([ACCOUNT_A]), staticData });
		expect(withoutNotification(w.sb.getConfig(ACCOUNT_A))).toEqual(withoutNotification(before));
		await w.run('delete', [ACCOUNT_A], { parameters: replace([ACCOUNT_A]), staticData });
		// Sending the mask back would keep OUR token for their endpoint: it comes back with none.
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual({ ...before, notification_auth_token: null });
	});

	it('is not needed for another endpoint without a token, which comes back exactly', async () => {
		w.sb.createAccount({ userId: w.userId, id: ACCOUNT_A, config: configuredAccount() });
		const before = w.sb.getConfig(ACCOUNT_A);
		const staticData: IDataObject = {};
		await w.run('create', [ACCOUNT_A], { staticData });
		await w.run('delete', [ACCOUNT_A], { staticData });
		expect(w.sb.getConfig(ACCOUNT_A)).toEqual(before);
	});
});
