/**
 * Reconbanker's realtime stream: one JSON `SystemEvent` per frame,
 * `{"type","userId","accountId","data","occurredAt"}`, where `type` is what a notification calls its
 * `status` (`assistance.requested`, `scrape.failed`, …). The adapter turns a frame into the same
 * {@link ReconbankerNotification} a pushed notification becomes, so both triggers emit the same items.
 *
 * Pure: no n8n imports.
 */
import { parseNotification, type ReconbankerNotification } from './notification';

/** Stream-only statuses (no notification carries them). */
export const STREAM_ONLY_STATUSES = ['assistance.fulfilled', 'assistance.cancelled', 'session.started', 'session.stopped'];

/**
 * The notification `type` (event category) an event belongs to, as in the push trigger's
 * Events filter: assistance and session events → `assistance_required`, `connection.*` →
 * `connection_failed`, `scrape.*` → `scrape_failed`, `login.*` → `login_failed`. Unknown types keep
 * their own name, so no category filter matches them by accident.
 */
export function streamEventCategory(type: string): string {
	if (type.startsWith('assistance.') || type.startsWith('session.')) return 'assistance_required';
	if (type.startsWith('connection.')) return 'connection_failed';
	if (type.startsWith('scrape.')) return 'scrape_failed';
	if (type === 'login_failed' || type.startsWith('login.')) return 'login_failed';
	return type;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a parsed frame and normalises it like a notification body
 * `{account_id, type: <category>, status: <event type>, data, occurred_at}`.
 *
 * @throws Error when the frame is not an object or has no `type` / `accountId` string.
 */
export function parseStreamEvent(frame: unknown): ReconbankerNotification {
	if (!isPlainObject(frame)) throw new Error('A realtime stream frame must be a JSON object');
	const { type, accountId } = frame;
	if (typeof type !== 'string' || type === '') throw new Error('The realtime stream frame has no "type" string');
	if (typeof accountId !== 'string' || accountId === '') {
		throw new Error('The realtime stream frame has no "accountId" string');
	}
	const notification = parseNotification({
		account_id: accountId,
		type: streamEventCategory(type),
		status: type,
		data: frame.data,
		occurred_at: frame.occurredAt,
	});
	// The frame carries the user at its top level too (data may be {} or null).
	if (notification.userId === null && typeof frame.userId === 'string') notification.userId = frame.userId;
	return notification;
}
