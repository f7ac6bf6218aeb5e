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
