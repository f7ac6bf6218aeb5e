/**
 * Whose endpoint an account's notification URL is, seen from this trigger node:
 *
 *  - `ours`: one of this node's own webhook URLs — production or test. n8n builds them as
 *    `<base>/<endpoint>/<webhookId>/<path>` (n8n-core HookContext.getNodeWebhookUrl →
 *    NodeHelpers.getNodeWebhookUrl), with the endpoint `webhook` (base WEBHOOK_URL) or
 *    `webhook-test` (base: the editor URL, which may be another host). n8n only gives the current
 *    mode's URL, so the other one is recognised by its path: this node's webhookId (a UUID n8n
 *    gives each webhook node) and webhook path, after `/webhook/` or `/webhook-test/` (or the
 *    current URL's endpoint, if n8n's endpoints are renamed).
 *  - `thisN8n`: another webhook (or form) URL of this same n8n — same origin and base path as the
 *    current URL — so almost certainly another workflow's trigger.
 *  - `foreign`: anything else; `none`: no URL.
 *
 * Pure (no n8n imports): the webhookId comes from the node.
 */

/** The last path segment of n8n's production and test webhook URLs (n8n's defaults). */
const WEBHOOK_ENDPOINTS = ['webhook', 'webhook-test'];
/** Every path segment under which n8n serves workflows (webhooks, waiting executions, forms). */
const N8N_ENDPOINTS = [...WEBHOOK_ENDPOINTS, 'webhook-waiting', 'form', 'form-test', 'form-waiting'];

export type EndpointOwner = 'none' | 'ours' | 'thisN8n' | 'foreign';

function parseHttpUrl(url: string): URL | null {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return null;
	}
	return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
}

/** Where the current URL's webhookId sits: the part before it (`<base>/<endpoint>`) and after it. */
function splitAtWebhookId(currentUrl: string, webhookId: string | undefined) {
	if (typeof webhookId !== 'string' || webhookId === '') return null;
	const marker = `/${webhookId}/`;
	const at = currentUrl.indexOf(marker);
	if (at < 0) return null;
	return { before: currentUrl.slice(0, at), path: currentUrl.slice(at + marker.length) };
}

/** `url` is one of this node's webhook URLs (production or test). */
export function isOwnWebhookUrl(webhookId: string | undefined, url: string | null, currentUrl: string): boolean {
	if (url === null) return false;
	if (url === currentUrl) return true;
	// The current URL was not built from the webhookId (not n8n's usual form): exact match only.
	const split = splitAtWebhookId(currentUrl, webhookId);
	if (!split) return false;
	const currentEndpoint = split.before.split('/').pop() ?? '';
	const endpoints = new Set([...WEBHOOK_ENDPOINTS, currentEndpoint].filter((endpoint) => endpoint !== ''));
	const parsed = parseHttpUrl(url);
	if (!parsed) return false;
	if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') return false;
	return [...endpoints].some((endpoint) => parsed.pathname.endsWith(`/${endpoint}/${webhookId}/${split.path}`));
}

/** `url` is served by the same n8n as `currentUrl` (same origin and base path), under one of its workflow endpoints. */
function isSameN8nUrl(webhookId: string | undefined, url: string, currentUrl: string): boolean {
	const split = splitAtWebhookId(currentUrl, webhookId);
	const current = split ? parseHttpUrl(split.before) : null;
	const other = parseHttpUrl(url);
	if (!split || !current || !other || current.origin !== other.origin) return false;
	const segments = current.pathname.split('/');
	const currentEndpoint = segments.pop() ?? '';
	const basePath = segments.join('/');
	return [...new Set([...N8N_ENDPOINTS, currentEndpoint])]
		.filter((endpoint) => endpoint !== '')
		.some((endpoint) => other.pathname.startsWith(`${basePath}/${endpoint}/`));
}

/**
 * Who `url` belongs to. `ourUrls` are this node's URLs: the current one first, then any it
 * registered before (e.g. under a WEBHOOK_URL that changed since).
 */
export function endpointOwner(webhookId: string | undefined, url: string | null | undefined, ourUrls: string[]): EndpointOwner {
	if (url === null || url === undefined || url === '') return 'none';
	if (ourUrls.some((ours) => isOwnWebhookUrl(webhookId, url, ours))) return 'ours';
	if (ourUrls.some((ours) => isSameN8nUrl(webhookId, url, ours))) return 'thisN8n';
	return 'foreign';
}
