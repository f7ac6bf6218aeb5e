/**
 * Automatic registration of the Reconbanker Trigger's webhook: the `webhookMethods.default`
 * lifecycle (`checkExists` / `create` / `delete`) that points the listed accounts' notification
 * settings at this webhook on activation and puts back what was there on deactivation.
 *
 * Reconbanker's `PUT /api/accounts/:id/config` replaces the whole configuration, so every write
 * here is read → change only the five notification fields → write everything else back exactly
 * as read (masked secrets as the mask, which keeps them). What was there before is remembered
 * in the node's static data under `registration` (plain JSON, no secrets):
 *
 *   { accounts: { "<account id>": { webhookUrl, previous: { endpointUrl, authType, hadToken,
 *                                                          tokenIsOurs, events, transport } } } }
 *
 * The notification token cannot be put back. The dashboard only ever returns it masked, and after
 * our PUT the stored token is OUR webhook token, so sending the mask on restore would keep our
 * token and hand it to the previous endpoint with every notification. Restoring therefore sends
 * `null` (no token) — the previous endpoint gets its URL, auth type, events and transport back but
 * must have its token re-entered in the dashboard — except when the previous endpoint was this
 * node's own webhook (typically: listening for a test event while the workflow is active, which
 * must hand the account back to the production registration): that token was ours, so it is sent
 * again. "This node's own webhook" is decided from the URL (see isOwnWebhookUrl), because n8n
 * gives a test webhook EMPTY static data (n8n 2.40 TestWebhooks.toWorkflow: `staticData: {}`), so
 * the production registration's remembered state is not visible to it.
 *
 * Manual registration changes nothing, but its checkExists/create still check the account list,
 * so that a mistyped ID fails the activation instead of silently dropping that account's events.
 *
 * The signing secret is a Reconbanker server setting, not part of an account's configuration, so
 * registration cannot set it.
 */
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../shared/account-ids';
import {
	SECRET_MASK,
	getAccountConfig,
	putAccountConfig,
	type DashboardAccountConfig,
} from '../transport/dashboard-api';
import { notPublicWebhookUrlText, webhookUrlProblem } from '../transport/webhook-url';

const WEBHOOK_AUTH_CREDENTIAL = 'reconbankerWebhookAuth';
const STATE_KEY = 'registration';

/** The notification event types Reconbanker sends, in its order. `login_failed` is guide-only. */
const SERVER_EVENTS = ['assistance_required', 'connection_failed', 'scrape_failed'];

type AuthType = 'bearer' | 'api_key' | null;

interface RememberedNotification extends IDataObject {
	endpointUrl: string | null;
	authType: AuthType;
	/** A token was stored; its value cannot be read back. */
	hadToken: boolean;
	/** The token was the one this node registers (so it can be sent again). */
	tokenIsOurs: boolean;
	events: string[];
	transport: string;
}

interface RegisteredAccount extends IDataObject {
	/** The notification URL this node set. */
	webhookUrl: string;
	previous: RememberedNotification;
}

interface RegistrationState extends IDataObject {
	accounts: Record<string, RegisteredAccount>;
}

interface DesiredNotification {
	webhookUrl: string;
	authType: AuthType;
	token: string | null;
	events: string[];
}

// ---------------------------------------------------------------------------------------------
// Parameters and credentials
// ---------------------------------------------------------------------------------------------

function isAutomatic(ctx: IHookFunctions): boolean {
	return ctx.getNodeParameter('registration', 'manual') === 'automatic';
}

/**
 * The account IDs under "Only These Accounts" (`null` when every account is accepted). Any entry
 * that is not a UUID is refused: the trigger would otherwise ignore that account's notifications
 * without a word.
 */
function listedAccountIds(ctx: IHookFunctions): string[] | null {
	if (ctx.getNodeParameter('accountScope', 'all') !== 'list') return null;
	const { valid, invalid } = parseAccountIds(String(ctx.getNodeParameter('accountIds', '') ?? ''));
	if (invalid.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Account IDs must be UUIDs; not valid: ${invalid.map((id) => `"${id}"`).join(', ')}`,
			{
				description:
					'Notifications of accounts that are not listed are ignored, so a mistyped ID would lose its events. Copy the account IDs from the Reconbanker dashboard, e.g. 3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b.',
			},
		);
	}
	return valid;
}

/** Manual registration: only the account list is checked. */
function checkAccountList(ctx: IHookFunctions): void {
	const listed = listedAccountIds(ctx);
	if (listed !== null && listed.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No account ID listed under "Only These Accounts"', {
			description:
				'With no account listed, every notification would be ignored. List the account IDs (copy them from the Reconbanker dashboard), or set Accounts to "All Accounts".',
		});
	}
}

/** Automatic registration: the accounts whose notification settings are changed. */
function accountIdsOf(ctx: IHookFunctions): string[] {
	const howTo =
		'Automatic registration changes the notification settings account by account, so set Accounts to "Only These Accounts" and list their IDs (copy them from the Reconbanker dashboard).';
	const listed = listedAccountIds(ctx);
	if (listed === null) {
		throw new NodeOperationError(ctx.getNode(), 'Automatic registration needs a list of account IDs', {
			description: howTo,
		});
	}
	if (listed.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Automatic registration needs at least one account ID', {
			description: howTo,
		});
	}
	return listed;
}

function serverEventsOf(ctx: IHookFunctions): string[] {
	const selected = ctx.getNodeParameter('events', []) as string[];
	const events = SERVER_EVENTS.filter((event) => Array.isArray(selected) && selected.includes(event));
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No event to register: select Assistance Required, Connection Failed or Scrape Failed', {
			description:
				'Reconbanker sends no "login_failed" notifications (the event is only named in its guide), so Login Failed alone would register nothing.',
		});
	}
	return events;
}

async function desiredAuthOf(ctx: IHookFunctions): Promise<{ authType: AuthType; token: string | null }> {
	if (ctx.getNodeParameter('authentication', 'webhookAuth') !== 'webhookAuth') return { authType: null, token: null };
	const credentials = await ctx.getCredentials(WEBHOOK_AUTH_CREDENTIAL);
	if (credentials.authType === 'none') return { authType: null, token: null };
	const authType: AuthType = credentials.authType === 'apiKey' ? 'api_key' : 'bearer';
	const token = typeof credentials.token === 'string' ? credentials.token : '';
	if (token.trim() === '') {
		throw new NodeOperationError(ctx.getNode(), 'The Notification Auth credential has no token', {
			description: `Its auth type is ${authType === 'api_key' ? 'Api-Key' : 'Bearer'}, so Reconbanker needs a token to send. Enter one in the credential, or set its auth type to None.`,
		});
	}
	return { authType, token };
}

function webhookUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this trigger');
	return url;
}

/** The last path segment of an n8n webhook URL: `webhook` (production) or `webhook-test` by default. */
const WEBHOOK_ENDPOINTS = ['webhook', 'webhook-test'];

/**
 * `url` is one of this node's own webhook URLs — production or test — so a token stored with it
 * is the one this node registers. n8n builds them as `<base>/<endpoint>/<webhookId>/<path>`
 * (n8n-core HookContext.getNodeWebhookUrl → NodeHelpers.getNodeWebhookUrl), with the endpoint
 * `webhook` (base WEBHOOK_URL) or `webhook-test` (base: the editor URL, which may be another host).
 * `getNodeWebhookUrl` only gives the current mode's URL, so the other one is recognised by its
 * path: this node's webhookId (a UUID n8n gives each webhook node) and webhook path, after
 * `/webhook/` or `/webhook-test/` (or the current URL's endpoint, if n8n's endpoints are renamed).
 */
function isOwnWebhookUrl(ctx: IHookFunctions, url: string | null, currentUrl: string): boolean {
	if (url === null) return false;
	if (url === currentUrl) return true;
	const webhookId = ctx.getNode().webhookId;
	if (typeof webhookId !== 'string' || webhookId === '') return false;
	const marker = `/${webhookId}/`;
	const at = currentUrl.indexOf(marker);
	// The current URL was not built from the webhookId (it is not n8n's usual form): exact match only.
	if (at < 0) return false;
	const path = currentUrl.slice(at + marker.length);
	const currentEndpoint = currentUrl.slice(0, at).split('/').pop() ?? '';
	const endpoints = new Set([...WEBHOOK_ENDPOINTS, currentEndpoint].filter((endpoint) => endpoint !== ''));
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
	if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') return false;
	return [...endpoints].some((endpoint) => parsed.pathname.endsWith(`/${endpoint}/${webhookId}/${path}`));
}

async function desiredOf(ctx: IHookFunctions): Promise<DesiredNotification> {
	const events = serverEventsOf(ctx);
	const auth = await desiredAuthOf(ctx);
	return { webhookUrl: webhookUrlOf(ctx), events, ...auth };
}

// ---------------------------------------------------------------------------------------------
// Static data
// ---------------------------------------------------------------------------------------------

function loadState(ctx: IHookFunctions): RegistrationState {
	const stored = ctx.getWorkflowStaticData('node')[STATE_KEY] as RegistrationState | undefined;
	const accounts = stored && typeof stored.accounts === 'object' && stored.accounts !== null ? stored.accounts : {};
	// A plain copy: written back whole by saveState, so n8n sees the change.
	return { accounts: JSON.parse(JSON.stringify(accounts)) as Record<string, RegisteredAccount> };
}

function saveState(ctx: IHookFunctions, state: RegistrationState): void {
	const staticData = ctx.getWorkflowStaticData('node');
	if (Object.keys(state.accounts).length === 0) delete staticData[STATE_KEY];
	else staticData[STATE_KEY] = JSON.parse(JSON.stringify(state)) as IDataObject;
}

// ---------------------------------------------------------------------------------------------
// Config helpers
// ---------------------------------------------------------------------------------------------

function sameEvents(a: unknown, b: string[]): boolean {
	if (!Array.isArray(a)) return b.length === 0;
	const left = new Set(a.map(String));
	return left.size === b.length && b.every((event) => left.has(event));
}

/** The account currently sends notifications exactly as this node would register them. */
function matchesDesired(config: DashboardAccountConfig | null, desired: DesiredNotification): boolean {
	if (!config) return false;
	return (
		config.notification_endpoint_url === desired.webhookUrl &&
		(config.notification_transport ?? 'api') === 'api' &&
		(config.notification_auth_type ?? null) === desired.authType &&
		// The token itself is masked; at least its presence must match.
		(config.notification_auth_token === SECRET_MASK) === (desired.token !== null) &&
		sameEvents(config.notification_events, desired.events)
	);
}

function snapshot(config: DashboardAccountConfig, tokenIsOurs = false): RememberedNotification {
	const hadToken = typeof config.notification_auth_token === 'string' && config.notification_auth_token !== '';
	return {
		endpointUrl: config.notification_endpoint_url ?? null,
		authType: config.notification_auth_type ?? null,
		hadToken,
		tokenIsOurs: hadToken && tokenIsOurs,
		events: Array.isArray(config.notification_events) ? config.notification_events.map(String) : [],
		transport: config.notification_transport ?? 'api',
	};
}

/** "No notifications": what to go back to when the account already pointed here and nothing else is known. */
function cleared(config: DashboardAccountConfig): RememberedNotification {
	return {
		endpointUrl: null,
		authType: null,
		hadToken: false,
		tokenIsOurs: false,
		events: [],
		transport: config.notification_transport ?? 'api',
	};
}

/**
 * What to restore on deactivation for an account about to be pointed at `webhookUrl`.
 *  - It still carries a registration of this node (static data says so): on (re)activation keep
 *    what was remembered then — the user's own settings; while listening for a test event
 *    (activation mode `manual`) go back to that live registration.
 *  - It already points at this webhook with nothing remembered: go back to "no notifications"
 *    rather than leave Reconbanker retrying a URL that stops answering.
 *  - Otherwise: its current settings; when they point at another of this node's own webhook URLs,
 *    with our token. That is how a test webhook (which n8n starts with empty static data) finds
 *    the production registration of the same node and hands the account back to it, token included.
 */
function previousFor(
	ctx: IHookFunctions,
	config: DashboardAccountConfig,
	existing: RegisteredAccount | undefined,
	webhookUrl: string,
): RememberedNotification {
	const endpoint = config.notification_endpoint_url ?? null;
	if (existing && endpoint === existing.webhookUrl) {
		return ctx.getActivationMode() === 'manual' ? snapshot(config, true) : existing.previous;
	}
	if (endpoint === webhookUrl) return cleared(config);
	return snapshot(config, isOwnWebhookUrl(ctx, endpoint, webhookUrl));
}

function withNotification(config: DashboardAccountConfig, fields: DashboardAccountConfig): DashboardAccountConfig {
	// Every other field exactly as read; masked secrets stay the mask, which keeps them.
	return { ...config, ...fields };
}

function registrationFields(desired: DesiredNotification): DashboardAccountConfig {
	return {
		notification_endpoint_url: desired.webhookUrl,
		notification_auth_type: desired.authType,
		notification_auth_token: desired.token,
		notification_events: [...desired.events],
		notification_transport: 'api',
	};
}

function restoreFields(previous: RememberedNotification, ourToken: string | null): DashboardAccountConfig {
	return {
		notification_endpoint_url: previous.endpointUrl,
		notification_auth_type: previous.authType,
		// Never the mask: the stored token is ours now (see the file comment).
		notification_auth_token: previous.tokenIsOurs ? ourToken : null,
		notification_events: [...previous.events],
		notification_transport: previous.transport as DashboardAccountConfig['notification_transport'],
	};
}

type RestoreOutcome = 'restored' | 'not ours';

/**
 * Puts back the remembered notification settings of one account, only if it still points at
 * one of `ourUrls`. Throws the transport's error on failure.
 */
async function restoreAccount(
	ctx: IHookFunctions,
	accountId: string,
	entry: RegisteredAccount | undefined,
	ourUrls: string[],
	ourToken: string | null,
): Promise<RestoreOutcome> {
	const config = await getAccountConfig.call(ctx, accountId);
	const endpoint = config?.notification_endpoint_url ?? null;
	if (!config || endpoint === null || !ourUrls.includes(endpoint)) return 'not ours';
	const previous = entry?.previous ?? cleared(config);
	await putAccountConfig.call(ctx, accountId, withNotification(config, restoreFields(previous, ourToken)));
	return 'restored';
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function descriptionOf(error: unknown): string {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' ? description : '';
}

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------

/**
 * True when every listed account sends its notifications to this webhook as configured. With
 * manual registration: true once the account list checks out (nothing to register).
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		checkAccountList(this);
		return true;
	}
	const accountIds = accountIdsOf(this);
	const desired = await desiredOf(this);
	for (const accountId of accountIds) {
		const config = await getAccountConfig.call(this, accountId);
		if (!matchesDesired(config, desired)) return false;
	}
	return true;
}

/**
 * Points every listed account at this webhook. All configurations are read (and checked) before
 * the first write; if a write fails, the accounts already changed are restored before the error
 * is thrown (and a failed restore is named in its description).
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		checkAccountList(this);
		return true;
	}
	const accountIds = accountIdsOf(this);
	const desired = await desiredOf(this);

	const problem = webhookUrlProblem(desired.webhookUrl);
	if (problem) {
		const text = notPublicWebhookUrlText(desired.webhookUrl, problem);
		throw new NodeOperationError(this.getNode(), text.message, { description: text.description });
	}

	const configs: Array<DashboardAccountConfig | null> = [];
	for (const accountId of accountIds) configs.push(await getAccountConfig.call(this, accountId));

	const unconfigured = accountIds.filter((_, i) => !configs[i]?.webhook_url);
	if (unconfigured.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`${unconfigured.length === 1 ? 'Account' : 'Accounts'} ${unconfigured.join(', ')} ${unconfigured.length === 1 ? 'is' : 'are'} not configured in Reconbanker yet (no Webhook URL)`,
			{
				description:
					"Reconbanker only saves an account configuration that includes the account's Webhook URL (where it sends statements), and n8n cannot make one up. Set the account up in the Reconbanker dashboard first, then activate the workflow again. No account was changed.",
			},
		);
	}

	const state = loadState(this);
	const changed: string[] = [];
	for (const [i, accountId] of accountIds.entries()) {
		const config = configs[i] as DashboardAccountConfig;
		const existing = state.accounts[accountId];
		const previous = previousFor(this, config, existing, desired.webhookUrl);
		try {
			await putAccountConfig.call(
				this,
				accountId,
				withNotification(config, registrationFields(desired)),
				desired.webhookUrl,
			);
		} catch (error) {
			const rollback = await rollBack(this, changed, state, desired);
			saveState(this, state);
			const description = [descriptionOf(error), rollback].filter((part) => part !== '').join(' ');
			const message =
				accountIds.length > 1 ? `Account ${accountId}: ${messageOf(error)}` : messageOf(error);
			if (error instanceof NodeApiError) {
				throw new NodeApiError(this.getNode(), { message } as JsonObject, {
					message,
					description,
					httpCode: error.httpCode ?? undefined,
				});
			}
			throw new NodeOperationError(this.getNode(), message, { description });
		}
		state.accounts[accountId] = { webhookUrl: desired.webhookUrl, previous };
		changed.push(accountId);
		saveState(this, state);
	}
	return true;
}

/**
 * Restores the accounts changed so far (newest first), after a failed write. Returns a sentence
 * for the error description. Accounts whose restore fails stay in static data, so that the
 * deactivation n8n runs after a failed activation tries them again.
 */
async function rollBack(
	ctx: IHookFunctions,
	changed: string[],
	state: RegistrationState,
	desired: DesiredNotification,
): Promise<string> {
	if (changed.length === 0) return 'No account was changed.';
	const restored: string[] = [];
	const failed: string[] = [];
	for (const accountId of [...changed].reverse()) {
		try {
			await restoreAccount(ctx, accountId, state.accounts[accountId], [desired.webhookUrl], desired.token);
			delete state.accounts[accountId];
			restored.push(accountId);
		} catch (error) {
			failed.push(`${accountId} (${messageOf(error)})`);
		}
	}
	const parts: string[] = [];
	if (restored.length > 0) {
		parts.push(`The notification settings of ${restored.join(', ')} were changed before the failure and have been put back.`);
	}
	if (failed.length > 0) {
		parts.push(
			`Putting back the notification settings of ${failed.join('; ')} failed too: they still point at this webhook. Check them in the Reconbanker dashboard.`,
		);
	}
	return parts.join(' ');
}

/**
 * Puts back the remembered notification settings of every account that still points at this
 * webhook; accounts someone re-pointed meanwhile are left alone. Clears the static data.
 */
export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) return true;
	const webhookUrl = webhookUrlOf(this);
	const state = loadState(this);
	// Accounts this node registered, plus the listed ones (in case static data was lost).
	const accountIds = [
		...new Set([
			...Object.keys(state.accounts),
			...parseAccountIds(String(this.getNodeParameter('accountIds', '') ?? '')).valid,
		]),
	];
	if (accountIds.length === 0) return true;
	// Our token is only sent back where the previous registration was this node's own.
	const needsOurToken = Object.values(state.accounts).some((entry) => entry.previous?.tokenIsOurs === true);
	const ourToken = needsOurToken ? (await desiredAuthOf(this)).token : null;

	const failed: string[] = [];
	for (const accountId of accountIds) {
		const entry = state.accounts[accountId];
		const ourUrls = entry ? [...new Set([webhookUrl, entry.webhookUrl])] : [webhookUrl];
		try {
			await restoreAccount(this, accountId, entry, ourUrls, ourToken);
			delete state.accounts[accountId];
		} catch (error) {
			failed.push(`${accountId}: ${messageOf(error)}`);
		}
	}
	saveState(this, state);
	if (failed.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Could not put back the notification settings of ${failed.length === 1 ? 'one account' : `${failed.length} accounts`}`,
			{
				description: `${failed.join('; ')}. They still point at this webhook; the next deactivation tries again, or change them in the Reconbanker dashboard.`,
			},
		);
	}
	return true;
}

export { deleteWebhook as delete };
