import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from './properties';
import * as registration from './registration/lifecycle';
import { receiveNotification } from './webhook';

/** Event values in words, for the subtitle under the node on the canvas. */
const EVENT_WORDS: Record<string, string> = {
	assistance_required: 'Assistance required',
	connection_failed: 'Connection failed',
	scrape_failed: 'Scrape failed',
	login_failed: 'Login failed',
};

export class ReconbankerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Trigger',
		name: 'reconbankerTrigger',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ $parameter["events"].map((event) => (${JSON.stringify(EVENT_WORDS)})[event] ?? event).join(", ") }}`,
		// n8n's nodes panel lists this trigger and the Reconbanker action node as one "Reconbanker"
		// entry and shows this description for it, whether a trigger or an action is being added.
		description: 'Type bank one-time codes for Reconbanker logins: start on a code request, read status, submit codes',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-trigger',
		defaults: { name: 'Reconbanker Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'reconbankerWebhookAuth',
				required: true,
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

	webhookMethods = {
		// Automatic registration changes the accounts' notification settings; manual registration only
		// checks the node's settings (account list, notification auth) so a mistake fails activation.
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
		return await receiveNotification.call(this);
	}
}
