import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * How the Reconbanker Trigger recognises genuine notifications. Kept in a credential so the token
 * and signing secret are stored encrypted and never travel inside shared workflow JSON.
 * Tested by the Reconbanker Trigger node (`testedBy`), which checks the settings fit together.
 */
export class ReconbankerWebhookAuth implements ICredentialType {
	name = 'reconbankerWebhookAuth';

	displayName = 'Reconbanker Notification Auth';

	icon = { light: 'file:../icons/reconbanker.svg', dark: 'file:../icons/reconbanker.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth Type',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Bearer Token',
					value: 'bearer',
					description: 'Reconbanker sends Authorization: Bearer <token> (notification auth type "bearer")',
				},
				{
					name: 'Api-Key Token',
					value: 'apiKey',
					description: 'Reconbanker sends Authorization: Api-Key <token> (notification auth type "api_key")',
				},
				{
					name: 'No Token (Signature Only)',
					value: 'none',
					description: 'No Authorization header; rely on the signing secret below',
				},
			],
			default: 'bearer',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['bearer', 'apiKey'] } },
			description:
				'A long random value. Put the same value in the account\'s Notification settings as the notification auth token.',
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The Reconbanker server's notification signing secret: when set, every notification must carry a valid X-Signature-256 over the timestamp and raw body.",
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'timestampToleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 300,
			description:
				'Signed notifications whose X-Webhook-Timestamp is further than this from now (either way) are refused as replays',
		},
	];
}
