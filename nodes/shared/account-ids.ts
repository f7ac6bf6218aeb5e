import { isUuid } from './url';

/**
 * Splits an Account IDs parameter into raw tokens: commas, semicolons, spaces and new lines
 * separate them, and an array (from an expression) is accepted too. Tokens are not validated here.
 */
export function splitAccountIds(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((part) => String(part)) : [String(value ?? '')];
	return parts.flatMap((part) => part.split(/[\s,;]+/)).filter((token) => token !== '');
}

/**
 * The account IDs typed in a parameter, checked: `valid` holds the UUIDs in lower case without
 * repeats (the API's ids are lower case), `invalid` every other token as typed, in order, so the
 * caller can name them.
 */
export function parseAccountIds(value: unknown): { valid: string[]; invalid: string[] } {
	const valid: string[] = [];
	const invalid: string[] = [];
	for (const token of splitAccountIds(value)) {
		const id = token.toLowerCase();
		if (!isUuid(id)) invalid.push(token);
		else if (!valid.includes(id)) valid.push(id);
	}
	return { valid, invalid };
}
