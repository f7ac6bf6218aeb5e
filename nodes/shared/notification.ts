/**
 * Reconbanker notification bodies: types, parsing/normalisation and duplicate detection.
 *
 * Body: `{"account_id","type","status","data","occurred_at"}` — no event id. `data` depends on the
 * status (see the API contract); the user guide and the real server disagree on the
 * `assistance.requested` payload, so both shapes are accepted.
 */
import type { CodeDescriptor } from './descriptor';

/** Notification types named by the contract. Other strings are passed through unchanged. */
export type ReconbankerNotificationType =
	| 'assistance_required'
	| 'connection_failed'
	| 'scrape_failed'
	| 'login_failed';

/** Statuses named by the contract. Other strings are passed through unchanged. */
export type ReconbankerNotificationStatus =
	| 'assistance.requested'
	| 'session.needs_attention'
	| 'session.recovered'
	| 'connection.failed'
	| 'connection.recovered'
	| 'scrape.failed'
	| 'scrape.recovered';

export interface ReconbankerNotification {
	accountId: string;
	/** One of {@link ReconbankerNotificationType}, or whatever string the server sent. */
	type: string;
	/** One of {@link ReconbankerNotificationStatus}, or whatever string the server sent; '' when absent. */
	status: string;
	/** `data.requestId` of assistance notifications. */
	requestId: string | null;
	/** `data.descriptor` of `assistance.requested`. */
	descriptor: CodeDescriptor | null;
	/** `data.attempts` (re-opens of one request); null on resends and in the guide's shape. */
	attempts: number | null;
	/** `data.resent === true`: an automatic SMS resend for the same request. */
	resent: boolean;
	/** `data.reason` of `session.needs_attention` (`auth_timeout`, `logged_out`, `login_failed: …`). */
	reason: string | null;
	/** `data.category` of `connection.failed` / `scrape.failed`. */
	category: string | null;
	/** `occurred_at` as sent (an ISO timestamp string). */
	occurredAt: string | null;
	/** `data.userId` when the server includes it. */
	userId: string | null;
	/** The original `data` object (`{}` or null kept as sent; non-objects become null). */
	data: Record<string, unknown> | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

/**
 * `data.descriptor` with only its known fields: `length` (a number, or text such as "6"), `type`,
 * `purpose`; null unless it is an object.
 */
function descriptorOf(value: unknown): CodeDescriptor | null {
	if (!isPlainObject(value)) return null;
	const descriptor: CodeDescriptor = {};
	// Text lengths ("6") pass through as sent: the descriptor helpers read them (shared/descriptor).
	if (typeof value.length === 'number' || typeof value.length === 'string') descriptor.length = value.length as number;
	if (typeof value.type === 'string') descriptor.type = value.type;
	if (typeof value.purpose === 'string') descriptor.purpose = value.purpose;
	return descriptor;
}

/**
 * Validates and normalises a notification body (already JSON-parsed).
 *
 * Accepted `data` shapes: the server's `{accountId, userId, descriptor, requestId, attempts}`, its
 * resend `{…, requestId, resent: true}` (no attempts), the guide's `{descriptor}` only,
 * `{reason}`, `{category}`, `{}` and null. Unknown fields are ignored; fields of the wrong type
 * normalise to null (or false for `resent`) instead of failing the delivery.
 *
 * @throws Error when the body is not a JSON object, or `account_id` / `type` is not a non-empty string.
 */
export function parseNotification(body: unknown): ReconbankerNotification {
	if (!isPlainObject(body)) {
		const got =
			body === null || body === undefined
				? String(body)
				: Array.isArray(body)
					? 'an array'
					: `a ${typeof body}`;
		throw new Error(`The Reconbanker notification body must be a JSON object, but got ${got}`);
	}
	const accountId = body.account_id;
	if (typeof accountId !== 'string' || accountId === '') {
		throw new Error('The Reconbanker notification has no "account_id" string; this is not a Reconbanker notification');
	}
	const type = body.type;
	if (typeof type !== 'string' || type === '') {
		throw new Error('The Reconbanker notification has no "type" string; this is not a Reconbanker notification');
	}

	const data = isPlainObject(body.data) ? body.data : null;
	const attempts = data?.attempts;
	const requestId = data ? (stringOrNull(data.requestId) ?? stringOrNull(data.request_id)) : null;
	const userId = data ? (stringOrNull(data.userId) ?? stringOrNull(data.user_id)) : null;

	return {
		accountId,
		type,
		status: typeof body.status === 'string' ? body.status : '',
		requestId,
		descriptor: data ? descriptorOf(data.descriptor) : null,
		attempts: typeof attempts === 'number' && Number.isFinite(attempts) ? attempts : null,
		resent: data?.resent === true,
		reason: data ? stringOrNull(data.reason) : null,
		category: data ? stringOrNull(data.category) : null,
		occurredAt: stringOrNull(body.occurred_at),
		userId,
		data,
	};
}

/**
 * The largest notification body the trigger accepts. A real one is well under 1 KiB; anything much
 * bigger is not a Reconbanker notification, and n8n would keep it whole in the execution.
 */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

/** The `data` fields the contract names, and their JSON type. */
const KNOWN_DATA_FIELDS: Record<string, 'string' | 'number' | 'boolean'> = {
	accountId: 'string',
	userId: 'string',
	requestId: 'string',
	attempts: 'number',
	resent: 'boolean',
	reason: 'string',
	category: 'string',
};

function pick(source: Record<string, unknown>, fields: Record<string, string>): Record<string, unknown> {
	const picked: Record<string, unknown> = {};
	for (const [name, type] of Object.entries(fields)) {
		if (typeof source[name] === type) picked[name] = source[name];
	}
	return picked;
}

/**
 * The notification body reduced to the fields the contract names, each only with the type it names
 * (so no nesting beyond `data.descriptor`, whatever was sent): what the trigger outputs as `payload`.
 * Other fields are dropped, so a huge or deeply nested body never ends up in n8n's execution data.
 * `data: null` and `data: {}` stay as sent.
 */
export function knownPayload(body: Record<string, unknown>): Record<string, unknown> {
	const payload: Record<string, unknown> = {};
	for (const name of ['account_id', 'type', 'status', 'occurred_at']) {
		if (typeof body[name] === 'string') payload[name] = body[name];
	}
	if (isPlainObject(body.data)) {
		const data = pick(body.data, KNOWN_DATA_FIELDS);
		const descriptor = descriptorOf(body.data.descriptor);
		if (descriptor) data.descriptor = descriptor;
		payload.data = data;
	} else {
		payload.data = null;
	}
	return payload;
}

/**
 * A key identifying one notification *event* across redeliveries.
 *
 * Why these fields: the body carries no event id, and the server redelivers a failed notification
 * (non-2xx, > 15 s, redirect) about every 60 s, forever, repeating the exact same body. So two
 * deliveries of one event agree on every field, while distinct events differ in at least one of:
 * the account, type and status; the assistance request id; the attempt number (a re-opened request)
 * or the resend marker (an automatic SMS resend keeps the request id and drops attempts); and the
 * occurrence time. The key is a JSON array, so no field value can be confused with a separator.
 *
 * Limitation: a body without `occurred_at` and without a request id (the guide's minimal shape)
 * cannot be told apart from a later event with the same account/type/status.
 */
export function notificationDedupeKey(n: ReconbankerNotification): string {
	let attemptPart: string;
	if (n.resent) {
		attemptPart = n.attempts === null ? 'resent' : `resent:${n.attempts}`;
	} else {
		attemptPart = n.attempts === null ? '' : String(n.attempts);
	}
	return JSON.stringify([n.accountId, n.type, n.status, n.requestId ?? '', attemptPart, n.occurredAt ?? '']);
}

export const DEFAULT_DEDUPE_MAX_ENTRIES = 500;

/**
 * Bounded memory of delivery keys, kept as a plain JSON array of strings (it lives in n8n workflow
 * static data) and mutated in place, oldest first.
 *
 * Returns true when `key` was already remembered (the list is left unchanged: a duplicate does not
 * refresh its position). Otherwise appends `key`, drops the oldest entries beyond `maxEntries`, and
 * returns false.
 *
 * @throws Error when `maxEntries` is not a positive whole number.
 */
export function rememberDelivery(seen: string[], key: string, maxEntries = DEFAULT_DEDUPE_MAX_ENTRIES): boolean {
	if (!Number.isInteger(maxEntries) || maxEntries < 1) {
		throw new Error('The duplicate-delivery memory size must be a positive whole number');
	}
	if (seen.includes(key)) {
		return true;
	}
	seen.push(key);
	if (seen.length > maxEntries) {
		seen.splice(0, seen.length - maxEntries);
	}
	return false;
}
