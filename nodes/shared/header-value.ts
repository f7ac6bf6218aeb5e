/** A header value as Node / n8n hand it over. */
export type HeaderValue = string | string[] | undefined | null;

/**
 * The one value of a request header. Absent (or an empty list) → undefined; sent more than once →
 * null, because with two copies there is no telling which one the sender meant. The value itself
 * is returned as sent (callers that tolerate surrounding spaces trim it themselves).
 */
export function soleHeaderValue(value: HeaderValue): string | undefined | null {
	if (Array.isArray(value)) {
		if (value.length > 1) return null;
		return value[0] ?? undefined;
	}
	return value ?? undefined;
}

/** The parts of a Node `IncomingMessage` (what n8n hands a webhook) that carry headers. */
export interface RequestHeaders {
	headers?: Record<string, HeaderValue>;
	/** Node ≥ 18.3: every header as a list of all the values sent. */
	headersDistinct?: Record<string, string[] | undefined>;
	/** Names and values alternating, exactly as received. */
	rawHeaders?: string[];
}

/**
 * Every value sent for header `name` (lower case), in order; [] when absent.
 *
 * Why not `headers[name]`: Node keeps only the FIRST copy of some headers there (`Authorization`,
 * `Content-Type`, …) and joins others with ", ", so a second `Authorization` header is invisible
 * in `headers`. `headersDistinct` (or, before it, `rawHeaders`) still has every copy.
 */
export function headerValues(request: RequestHeaders, name: string): string[] {
	const distinct = request.headersDistinct?.[name];
	if (Array.isArray(distinct)) return [...distinct];
	if (request.headersDistinct && typeof request.headersDistinct === 'object') return [];
	if (Array.isArray(request.rawHeaders)) {
		const values: string[] = [];
		for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
			if (request.rawHeaders[i].toLowerCase() === name) values.push(request.rawHeaders[i + 1]);
		}
		return values;
	}
	const value = request.headers?.[name];
	if (Array.isArray(value)) return [...value];
	return typeof value === 'string' ? [value] : [];
}

/**
 * Strips HTTP optional white space (space and horizontal tab, RFC 9110 "OWS") from both ends —
 * and nothing else. `String.prototype.trim()` also strips a no-break space (U+00A0, which Node
 * decodes from a single 0xA0 byte) and other Unicode spaces, so `trim()` would accept
 * "sha256=<hex><0xA0>" as a valid signature header.
 */
export function trimHttpWhitespace(value: string): string {
	return value.replace(/^[ \t]+|[ \t]+$/g, '');
}
