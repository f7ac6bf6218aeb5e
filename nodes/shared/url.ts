/**
 * URL helpers for the Reconbanker base URL.
 *
 * Users enter one base URL; the external API lives at `<base>/v1/...` and the dashboard API at
 * `<base>/api/...`. Some deployments sit behind a path prefix (`https://host/reconbanker`), so paths
 * are appended to the base's path rather than resolved against the origin.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

const EXAMPLE_BASE_URL = 'https://reconbanker.example.com';

function tryParseUrl(value: string): URL | null {
	return URL.canParse(value) ? new URL(value) : null;
}

/**
 * Validates that `baseUrl` is an absolute http(s) URL and returns it without trailing slashes.
 *
 * - Surrounding whitespace is ignored.
 * - Runs of slashes inside the path are collapsed (`https://host//rb//` → `https://host/rb`).
 * - Any query string or fragment is dropped: the base is only ever a prefix for API paths.
 * - The input value is never echoed in error messages (it could carry credentials).
 *
 * @throws Error with an English message saying what is wrong and what a valid value looks like.
 */
export function normaliseBaseUrl(baseUrl: string): string {
	if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
		throw new Error(`The Reconbanker base URL is empty. Enter an absolute URL such as ${EXAMPLE_BASE_URL}`);
	}
	const trimmed = baseUrl.trim();

	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
		throw new Error(
			`The Reconbanker base URL must be an absolute URL starting with http:// or https://, such as ${EXAMPLE_BASE_URL}`,
		);
	}

	const parsed = tryParseUrl(trimmed);
	if (parsed === null) {
		throw new Error(
			`The Reconbanker base URL is not a valid URL. Enter an absolute URL such as ${EXAMPLE_BASE_URL}`,
		);
	}

	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(
			`The Reconbanker base URL must use http or https (got "${parsed.protocol.slice(0, -1)}"), such as ${EXAMPLE_BASE_URL}`,
		);
	}
	if (parsed.hostname === '') {
		throw new Error(`The Reconbanker base URL has no host name. Enter an absolute URL such as ${EXAMPLE_BASE_URL}`);
	}
	if (parsed.username !== '' || parsed.password !== '') {
		throw new Error(
			'The Reconbanker base URL must not contain a user name or password; the API key goes in the credential instead',
		);
	}

	const path = parsed.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
	return `${parsed.protocol}//${parsed.host}${path}`;
}

/**
 * Joins a base URL (optionally carrying a path prefix) and an API path.
 *
 * `joinUrl('https://host/reconbanker/', '/v1/accounts')` → `https://host/reconbanker/v1/accounts`.
 * The base is normalised with {@link normaliseBaseUrl} (so an invalid base throws). Leading slashes
 * of `path` are ignored and runs of slashes inside it are collapsed; a query string in `path` is kept
 * verbatim. An empty path (or `/`) returns the normalised base.
 */
export function joinUrl(baseUrl: string, path: string): string {
	const base = normaliseBaseUrl(baseUrl);
	const rawPath = (path ?? '').trim();

	const queryIndex = rawPath.search(/[?#]/);
	const pathPart = queryIndex === -1 ? rawPath : rawPath.slice(0, queryIndex);
	const suffix = queryIndex === -1 ? '' : rawPath.slice(queryIndex);

	const cleanPath = pathPart.replace(/\/{2,}/g, '/').replace(/^\//, '');
	if (cleanPath === '') {
		return `${base}${suffix}`;
	}
	return `${base}/${cleanPath}${suffix}`;
}

const UUID_PATTERN =
	/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

/**
 * True when `value` is an RFC 4122 / RFC 9562 shaped UUID: 8-4-4-4-12 hex digits, version nibble 1–8
 * and variant bits `10xx`, or the nil / max UUID. Case-insensitive; surrounding whitespace is NOT
 * accepted (trim first if the value comes from user input).
 */
export function isUuid(value: string): boolean {
	return typeof value === 'string' && UUID_PATTERN.test(value);
}
