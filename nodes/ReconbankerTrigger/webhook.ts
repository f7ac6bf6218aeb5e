/**
 * One incoming notification: authenticate → size → parse → filter → drop duplicates → one item.
 *
 * Answers: every refused notification gets the same 401 body (a stranger learns nothing about
 * which check failed; the reason goes to n8n's debug log); a body over 64 KiB gets 413 (after
 * authentication, so strangers only ever see the 401); a malformed body 400; anything ignored or
 * duplicate an empty 200, which Reconbanker takes as delivered.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseAccountIds } from '../shared/account-ids';
import type { RequestHeaders } from '../shared/header-value';
import {
	MAX_NOTIFICATION_BYTES,
	knownPayload,
	notificationDedupeKey,
	parseNotification,
	rememberDelivery,
	type ReconbankerNotification,
} from '../shared/notification';
import { rejectionReason } from './authenticate';
import { deliveryScope, rememberDeliveryInProcess } from './delivery-memory';
import { ignoredBecause, type AssistanceChoice } from './filters';
import { readNotificationAuth, settingsProblem } from './notification-auth';

/** The one body every refused notification gets. */
export const REFUSED_BODY = { error: { code: 'UNAUTHORIZED', message: 'Notification refused' } };

/** The normalised item a workflow works with, plus the known fields of the body (never any header). */
function outputOf(notification: ReconbankerNotification, body: Record<string, unknown>): IDataObject {
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
		payload: knownPayload(body) as IDataObject,
	};
}

/** The exact bytes received (n8n keeps them as `rawBody`), or the parsed body serialised again. */
function rawBodyOf(request: { rawBody?: unknown; body?: unknown }): Buffer {
	if (Buffer.isBuffer(request.rawBody) && request.rawBody.length > 0) return request.rawBody;
	if (Buffer.isBuffer(request.body)) return request.body;
	if (typeof request.body === 'string') return Buffer.from(request.body, 'utf8');
	return Buffer.from(JSON.stringify(request.body ?? null), 'utf8');
}

export async function receiveNotification(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
	const answer = (status: number, body: IDataObject): IWebhookResponseData => {
		response.status(status).json(body);
		return { noWebhookResponse: true };
	};
	const rawBody = rawBodyOf(request as { rawBody?: unknown; body?: unknown });

	const auth = await readNotificationAuth(this);
	if (auth) {
		const problem = settingsProblem(auth);
		if (problem) {
			this.logger.warn(`Reconbanker Trigger refused a notification: ${problem}`);
			return answer(401, REFUSED_BODY);
		}
		const reason = rejectionReason(
			{ headers: request as RequestHeaders, rawBody, nowSeconds: Math.floor(Date.now() / 1000) },
			auth,
		);
		if (reason) {
			this.logger.debug(`Reconbanker Trigger refused a notification: ${reason}`);
			return answer(401, REFUSED_BODY);
		}
	}

	if (rawBody.length > MAX_NOTIFICATION_BYTES) {
		return answer(413, {
			error: {
				code: 'PAYLOAD_TOO_LARGE',
				message: `A Reconbanker notification is at most ${MAX_NOTIFICATION_BYTES / 1024} KiB; this body has ${rawBody.length} bytes`,
			},
		});
	}

	let body: Record<string, unknown>;
	let notification: ReconbankerNotification;
	try {
		const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
		notification = parseNotification(parsed);
		body = parsed as Record<string, unknown>;
	} catch (error) {
		const detail = error instanceof SyntaxError || error instanceof RangeError ? 'the body is not valid JSON' : (error as Error).message;
		return answer(400, { error: { code: 'VALIDATION_ERROR', message: `Malformed notification: ${detail}` } });
	}

	const scope = this.getNodeParameter('accountScope', 'all') as string;
	const ignored = ignoredBecause(notification, {
		events: this.getNodeParameter('events', []) as string[],
		assistanceStatuses: this.getNodeParameter('assistanceStatuses', []) as AssistanceChoice[],
		accountIds: scope === 'list' ? parseAccountIds(this.getNodeParameter('accountIds', '') as string).valid : null,
	});
	if (ignored) return { webhookResponse: { received: true, ignored } };

	// Remembered in both the static data and this process (see delivery-memory.ts: n8n 2.40 does
	// not save a static-data change made by a webhook call that starts an execution).
	const key = notificationDedupeKey(notification);
	const staticData = this.getWorkflowStaticData('node');
	if (!Array.isArray(staticData.seenDeliveries)) staticData.seenDeliveries = [];
	const node = this.getNode();
	const memoryScope = deliveryScope(this.getWorkflow().id, node.id || node.name, this.getMode());
	const seenInProcess = rememberDeliveryInProcess(memoryScope, key);
	const seenStored = rememberDelivery(staticData.seenDeliveries as string[], key);
	if (seenInProcess || seenStored) {
		return { webhookResponse: { received: true, ignored: 'duplicate delivery' } };
	}

	return { workflowData: [this.helpers.returnJsonArray([outputOf(notification, body)])] };
}
