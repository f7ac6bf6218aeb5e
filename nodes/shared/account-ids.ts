import { isUuid } from './url';

/** Splits a list of account ids typed as text (commas, spaces or new lines) into valid UUIDs and the rest. */
export function parseAccountIds(text: string): { valid: string[]; invalid: string[] } {
	const valid: string[] = [];
	const invalid: string[] = [];
	for (const part of String(text ?? '').split(/[\s,;]+/)) {
		if (part === '') continue;
		const id = part.toLowerCase();
		if (!isUuid(id)) invalid.push(part);
		else if (!valid.includes(id)) valid.push(id);
	}
	return { valid, invalid };
}
