/**
 * Test fixture: a webhook trigger whose `create` writes the notification URL straight through the
 * dashboard transport, without the registration's own reachability pre-check — so a test can see
 * how the transport reports Reconbanker's own refusal (its SSRF guard's 400) of a private URL.
 */
import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookResponseData } from 'n8n-workflow';

import { getAccountConfig, putAccountConfig } from '../../../../nodes/transport/dashboard-api';

export class DashboardTransportFixture implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dashboard Transport Fixture',
		name: 'dashboardTransportFixture',
		group: ['trigger'],
		version: 1,
		description: 'Writes the webhook URL into an account configuration without pre-checks',
		defaults: { name: 'Dashboard Transport Fixture' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'reconbankerDashboardApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'fixture' }],
		properties: [{ displayName: 'Account ID', name: 'accountId', type: 'string', default: '' }],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const accountId = this.getNodeParameter('accountId') as string;
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const config = await getAccountConfig.call(this, accountId);
				await putAccountConfig.call(
					this,
					accountId,
					{ ...config, notification_endpoint_url: webhookUrl, notification_transport: 'api' },
					webhookUrl,
				);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(): Promise<IWebhookResponseData> {
		return {};
	}
}
