/**
 * What the registration tests share: a sandbox with one dashboard user, the trigger's webhook
 * methods run through n8n-core's HookContext (test/harness), and helpers to read what happened.
 * Not a test file.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { ReconbankerDashboardApi } from '../../../../credentials/ReconbankerDashboardApi.credentials';
import { ReconbankerWebhookAuth } from '../../../../credentials/ReconbankerWebhookAuth.credentials';
import { ReconbankerTrigger } from '../../../../nodes/ReconbankerTrigger/ReconbankerTrigger.node';
import { forgetDashboardSessions } from '../../../../nodes/transport/dashboard-session';
import { runWebhookMethod } from '../../../harness';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox';

export const EMAIL = 'owner@example.com';
export const PASSWORD = 'correct horse battery staple';
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const OUR_TOKEN = 'n8n-notification-token-0f3c9a7e51d2b846';
export const WEBHOOK_ID = '5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b';
export const WEBHOOK_URL = `https://n8n.example.com/webhook/${WEBHOOK_ID}/notifications`;
export const TEST_WEBHOOK_URL = `https://n8n.example.com/webhook-test/${WEBHOOK_ID}/notifications`;

export const ACCOUNT_A = '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b';
export const ACCOUNT_B = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const ACCOUNT_C = 'c0ffee00-1234-4abc-9def-0123456789ab';

export const trigger = new ReconbankerTrigger();
export const credentialTypes = [new ReconbankerDashboardApi(), new ReconbankerWebhookAuth()];

/** A fully configured account (the contract's fields), every secret set, notifications going to another service without a token. */
export function configuredAccount(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		pending_orders_endpoint: 'https://erp.example.com/reconbanker/pending',
		webhook_url: 'https://erp.example.com/reconbanker/statements',
		retry_limit: 4,
		polling_method: 'POST',
		polling_body: { since: 'yesterday' },
		auth_type: 'bearer',
		auth_token: 'orders-token-original-0123',
		webhook_auth_type: 'bearer',
		webhook_auth_token: 'whsec_statements_original_0123',
		notify_on_expired: true,
		webhook_extra_fields: { tenant: 'acme' },
		silent_ingestion: false,
		session_type: 'persistent',
		login_mode: 'assisted',
		notification_endpoint_url: 'https://hooks.example.org/reconbanker',
		notification_auth_type: null,
		notification_auth_token: null,
		notification_events: ['scrape_failed'],
		notification_transport: 'api',
		notification_slack_channel: null,
		bank_username: 'jdoe-bank',
		bank_password: 'bank-password-original-!',
		...overrides,
	};
}

/** The secrets of configuredAccount(), which no message or static data may contain. */
export const ACCOUNT_SECRETS = ['orders-token-original-0123', 'whsec_statements_original_0123', 'bank-password-original-!'];

export const NOTIFICATION_FIELDS = [
	'notification_endpoint_url',
	'notification_auth_type',
	'notification_auth_token',
	'notification_events',
	'notification_transport',
] as const;

export function withoutNotification(config: Record<string, unknown> | null): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...(config ?? {}) };
	for (const field of NOTIFICATION_FIELDS) delete copy[field];
	return copy;
}

/** The registration's part of the node's static data (n8n keeps node static data under `node:<name>`). */
export function remembered(staticData: IDataObject): IDataObject | undefined {
	return (staticData['node:Reconbanker Trigger'] as IDataObject | undefined)?.registration as IDataObject | undefined;
}

export function loginCount(sb: Sandbox): { password: number; totp: number } {
	return {
		password: sb.log.filter((entry) => entry.path.endsWith('/api/auth/login')).length,
		totp: sb.log.filter((entry) => entry.path.endsWith('/api/auth/login/totp')).length,
	};
}

export function configWrites(sb: Sandbox) {
	return sb.log.filter((entry) => entry.method === 'PUT' && entry.path.includes('/config'));
}

export function dashboardRequests(sb: Sandbox) {
	return sb.log.filter((entry) => entry.path.includes('/api/'));
}

export interface RunOptions {
	parameters?: INodeParameters;
	dashboard?: ICredentialDataDecryptedObject;
	webhookAuth?: ICredentialDataDecryptedObject | null;
	staticData?: IDataObject;
	webhookUrl?: string;
	mode?: 'trigger' | 'manual';
}

export function parametersFor(accountIds: string[], overrides: INodeParameters = {}): INodeParameters {
	return {
		registration: 'automatic',
		accountScope: 'list',
		accountIds: accountIds.join(',\n'),
		events: ['assistance_required', 'login_failed', 'scrape_failed'],
		authentication: 'webhookAuth',
		...overrides,
	};
}

export async function rejection(promise: Promise<unknown>): Promise<Error & { description?: string | null }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string | null };
	}
	throw new Error('expected the call to fail');
}

export interface RegistrationWorld {
	sb: Sandbox;
	userId: string;
	/** Runs one webhook method of the trigger against the sandbox. */
	run(method: 'checkExists' | 'create' | 'delete', accountIds: string[], options?: RunOptions): Promise<{ result: boolean | undefined; staticData: IDataObject }>;
	/**
	 * "Listen for test event" as n8n 2.40.7 runs it (cli/dist/webhooks/test-webhooks.js): the test
	 * webhook's workflow starts with empty static data (`toWorkflow` → `staticData: {}`), `create`
	 * runs in mode `manual` at the test URL, the static data it wrote is stored with the test
	 * registration (`cacheableWebhook.staticData`) and put back on the workflow for the test
	 * webhook's `delete`. Returns that static data.
	 */
	listenForTestEvent(accountIds: string[], options?: RunOptions): Promise<IDataObject>;
	/** Replaces the sandbox (e.g. with other options); the user is created again. */
	restart(options?: Partial<SandboxOptions>): Promise<void>;
}

/**
 * Registers beforeEach/afterEach hooks giving every test a fresh sandbox (SSRF guard on, a login
 * limit high enough not to matter unless a test sets its own) and a clean dashboard-login memory.
 */
export function useRegistrationWorld(): RegistrationWorld {
	const world = {} as RegistrationWorld;

	async function open(options: Partial<SandboxOptions> = {}) {
		world.sb = await startSandbox({
			loginRateLimit: { limit: 1000, windowMs: 15 * 60 * 1000 },
			allowPrivateNotificationUrls: false,
			...options,
		});
		world.userId = world.sb.createUser({ email: EMAIL, password: PASSWORD }).id;
	}

	world.run = async (method, accountIds, options = {}) => {
		const credentials: Record<string, ICredentialDataDecryptedObject> = {
			reconbankerDashboardApi: { baseUrl: world.sb.baseUrl, email: EMAIL, password: PASSWORD, ...options.dashboard },
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
	};

	world.listenForTestEvent = async (accountIds, options = {}) => {
		const testWebhookUrl = options.webhookUrl ?? TEST_WEBHOOK_URL;
		const staticData: IDataObject = {};
		const test: RunOptions = { ...options, staticData, webhookUrl: testWebhookUrl, mode: 'manual' };
		expect((await world.run('checkExists', accountIds, test)).result).toBe(false);
		await world.run('create', accountIds, test);
		for (const id of accountIds) expect(world.sb.getConfig(id)?.notification_endpoint_url).toBe(testWebhookUrl);
		await world.run('delete', accountIds, test);
		return staticData;
	};

	world.restart = async (options) => {
		await world.sb.close();
		forgetDashboardSessions();
		await open(options);
	};

	beforeEach(async () => {
		// A new sandbox may reuse a port, so a login remembered for an old one could match.
		forgetDashboardSessions();
		await open();
	});
	afterEach(async () => {
		await world.sb.close();
	});
	return world;
}
