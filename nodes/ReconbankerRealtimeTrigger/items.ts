/**
 * The items the trigger emits: exactly the Reconbanker Trigger's item (accountId, type, status,
 * requestId, descriptor, attempts, resent, reason, category, occurredAt, payload), so the same
 * downstream nodes work with either trigger. `payload` is the stream frame as received, or for a
 * request found by catch-up `{ source: 'catch_up', status: <the account status read> }`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ReconbankerNotification } from '../shared/notification';
import type { AccountStatus } from '../shared/status';

export function notificationItem(notification: ReconbankerNotification, payload: unknown): IDataObject {
	return {
		accountId: notification.accountId,
		type: notification.type,
		status: notification.status,
		requestId: notification.requestId,
		descriptor: notification.descriptor as IDataObject | null,
		attempts: notification.attempts,
		resent: notification.resent,
		reason: notification.reason,
		category: notification.category,
		occurredAt: notification.occurredAt,
		payload: payload as IDataObject,
	};
}

/** The `assistance.requested` a pending request read from status stands for (null when none is pending). */
export function catchUpNotification(status: AccountStatus): ReconbankerNotification | null {
	const pending = status.pending_assistance;
	if (!pending || typeof pending.id !== 'string') return null;
	return {
		accountId: status.account_id,
		type: 'assistance_required',
		status: 'assistance.requested',
		requestId: pending.id,
		descriptor: pending.descriptor ?? null,
		attempts: typeof pending.attempts === 'number' ? pending.attempts : null,
		resent: false,
		reason: null,
		category: null,
		// When it opened is not in the status; the item says so with null.
		occurredAt: null,
		userId: null,
		data: null,
	};
}

export function catchUpPayload(status: AccountStatus): IDataObject {
	return { source: 'catch_up', status: status as unknown as IDataObject };
}
