import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parseAccountIds } from '../shared/account-ids';
import {
	notificationDedupeKey,
	parseNotification,
	rememberDelivery,
	type ReconbankerNotification,
} from '../shared/notification';
import {
	WEBHOOK_AUTH_CREDENTIAL,
	rejectionReason,
	settingsProblem,
	type IncomingAuthSettings,
} from './authenticate';
import { deliveryScope, rememberDeliveryInProcess } from './delivery-memory';
import { ignoredBecause, type AssistanceChoice } from './filters';
import { triggerProperties } from './properties';
import * as registration from './registration/lifecycle';

function authSettingsOf(data: IDataObject): IncomingAuthSettings {
	const authType = data.authType === 'apiKey' || data.authType === 'none' ? data.authType : 'bearer';
	return {
		authType,
		token: String(data.token ?? ''),
		signingSecret: String(data.signingSecret ?? ''),
		toleranceSeconds: Number(data.timestampToleranceSeconds ?? 300),
	};
}

/** The normalised item a workflow works with, plus the raw payload (never any header). */
function outputOf(notification: ReconbankerNotification, payload: unknown): IDataObject {
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

function readBody(rawBody: Buffer | undefined, parsedBody: unknown): unknown {
	if (rawBody && rawBody.length > 0) return JSON.parse(rawBody.toString('utf8'));
	if (Buffer.isBuffer(parsedBody)) return JSON.parse(parsedBody.toString('utf8'));
	if (typeof parsedBody === 'string') return JSON.parse(parsedBody);
	return parsedBody;
}

export class ReconbankerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Trigger',
		name: 'reconbankerTrigger',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Reconbanker notifies that a login needs a code (or a login or scrape failed)',
		defaults: { name: 'Reconbanker Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'reconbankerWebhookAuth',
				required: true,
				testedBy: 'reconbankerWebhookAuthSettings',
				displayOptions: { show: { authentication: ['webhookAuth'] } },
			},
			{
				name: 'reconbankerDashboardApi',
				required: true,
				displayOptions: { show: { registration: ['automatic'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Reconbanker only needs a 2xx; without this n8n answers the literal text "firstEntryJson".
				responseData: 'noData',
				path: 'notifications',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: {
			// Nothing to call: the credential checks notifications coming in, so test that its settings fit together.
			async reconbankerWebhookAuthSettings(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = settingsProblem(authSettingsOf(credential.data ?? {}));
				return problem ? { status: 'Error', message: problem } : { status: 'OK', message: 'Settings are usable' };
			},
		},
	};

	webhookMethods = {
		// Automatic registration only; with manual registration these report "exists" and do nothing.
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registration.checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registration.create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await registration.delete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const refuse = (status: number, code: string, message: string): IWebhookResponseData => {
			response.status(status).json({ error: { code, message } });
			return { noWebhookResponse: true };
		};
		const rawBody = (request as { rawBody?: Buffer }).rawBody;

		if (this.getNodeParameter('authentication', 'webhookAuth') === 'webhookAuth') {
			const settings = authSettingsOf(await this.getCredentials(WEBHOOK_AUTH_CREDENTIAL));
			const problem = settingsProblem(settings);
			if (problem) return refuse(401, 'UNAUTHORIZED', `Notification auth is misconfigured in n8n: ${problem}`);
			const reason = rejectionReason(
				{
					headers: request.headers,
					rawBody: rawBody ?? JSON.stringify(request.body ?? null),
					nowSeconds: Math.floor(Date.now() / 1000),
				},
				settings,
			);
			if (reason) return refuse(401, 'UNAUTHORIZED', `Notification refused: ${reason}`);
		}

		let payload: unknown;
		let notification: ReconbankerNotification;
		try {
			payload = readBody(rawBody, request.body);
			notification = parseNotification(payload);
		} catch (error) {
			return refuse(400, 'VALIDATION_ERROR', `Malformed notification: ${(error as Error).message}`);
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

		return { workflowData: [this.helpers.returnJsonArray([outputOf(notification, payload)])] };
	}
}
