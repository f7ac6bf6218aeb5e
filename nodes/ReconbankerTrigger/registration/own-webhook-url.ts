import type { IHookFunctions } from 'n8n-workflow';

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
export function isOwnWebhookUrl(ctx: IHookFunctions, url: string | null, currentUrl: string): boolean {
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
