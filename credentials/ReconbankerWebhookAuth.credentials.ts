import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * How the Reconbanker Trigger recognises genuine notifications. Kept in a credential so the token
 * and signing secret are stored encrypted and never travel inside shared workflow JSON.
 *
 * No credential test, on purpose: there is nothing to connect to (notifications come in), and
 * n8n's editor shows "Connection tested successfully" for any passing test, which would claim a
 * connection that never happened. The settings are checked where they matter instead: activating
 * the trigger fails with the reason (too short a token, no token and no signing secret, …).
 */
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- nothing to connect to; see above
export class ReconbankerWebhookAuth implements ICredentialType {
	name = 'reconbankerWebhookAuth';

	displayName = 'Reconbanker Notification Auth';

	icon = { light: 'file:../icons/reconbanker.svg', dark: 'file:../icons/reconbanker.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-notification-auth';

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
				'A long random value (16+ characters). Put the same value in the account\'s Notification settings as the notification auth token. Spaces and line breaks around it are ignored, as Reconbanker ignores them.',
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
