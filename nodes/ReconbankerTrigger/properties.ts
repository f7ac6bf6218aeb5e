import type { INodeProperties } from 'n8n-workflow';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Notification Auth Credential',
				value: 'webhookAuth',
				description: 'Check the token and/or signature Reconbanker sends',
			},
			{ name: 'None', value: 'none', description: 'Accept any caller (not recommended)' },
		],
		default: 'webhookAuth',
	},
	{
		displayName:
			'Without authentication anyone who learns this URL can start the workflow, and with it submit codes to your bank logins. Use a token or a signing secret.',
		name: 'noAuthWarning',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{
				name: 'Assistance Required',
				value: 'assistance_required',
				description: 'A login waits for a code, or its session needs attention or recovered',
			},
			{ name: 'Connection Failed', value: 'connection_failed', description: 'Connection failed or recovered' },
			{ name: 'Login Failed', value: 'login_failed', description: "Named in Reconbanker's guide; not sent by current servers" },
			{ name: 'Scrape Failed', value: 'scrape_failed', description: 'Statement scraping failed or recovered' },
		],
		default: ['assistance_required'],
		required: true,
	},
	{
		displayName: 'Assistance Statuses',
		name: 'assistanceStatuses',
		type: 'multiOptions',
		displayOptions: { show: { events: ['assistance_required'] } },
		options: [
			{ name: 'New Code Request', value: 'newRequest', description: 'A login asks for a code (assistance.requested)' },
			{ name: 'Automatic Resend', value: 'resend', description: 'The bank re-sent the code for the same request' },
			{
				name: 'Session Needs Attention',
				value: 'needsAttention',
				description: 'The login gave up (timeout, logged out, login failed …)',
			},
			{ name: 'Session Recovered', value: 'recovered' },
		],
		default: ['newRequest', 'resend'],
		description: 'Which assistance_required notifications start the workflow',
	},
	{
		displayName: 'Accounts',
		name: 'accountScope',
		type: 'options',
		options: [
			{ name: 'All Accounts', value: 'all' },
			{ name: 'Only These Accounts', value: 'list' },
		],
		default: 'all',
		description: 'Notifications for other accounts are acknowledged and ignored',
	},
	{
		displayName: 'Account IDs',
		name: 'accountIds',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { accountScope: ['list'] } },
		placeholder: 'e.g. 3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b, 9a8b7c6d-…',
		description: 'Account UUIDs, separated by commas, spaces or new lines',
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		options: [
			{
				name: 'Manual',
				value: 'manual',
				description: "You enter this webhook's production URL in each account's Notification settings",
			},
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					'On activation, point the listed accounts at this webhook (needs a Reconbanker Dashboard credential); restore them on deactivation',
			},
		],
		default: 'manual',
	},
	{
		displayName:
			'In the Reconbanker dashboard, open each account\'s Notification settings and set: Endpoint URL = this node\'s Production URL (above, under Webhook URLs); Transport = API (JSON); Events = the events selected here; Auth type = Bearer or Api-Key as in the credential, with the credential\'s token. Publish the workflow so the production URL answers. The URL must be reachable from Reconbanker (it refuses private addresses).',
		name: 'manualSetupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName: 'Replace Existing Notification Settings',
		name: 'replaceExisting',
		type: 'boolean',
		default: false,
		displayOptions: { show: { registration: ['automatic'] } },
		description:
			'Whether to take over an account whose notifications go to a Slack or chat webhook, or to another endpoint that has a token. Their token cannot be put back on deactivation (Reconbanker never shows it), so it must be re-entered in the dashboard afterwards. An endpoint of another workflow of this n8n is never taken over.',
	},
	{
		displayName:
			'Automatic registration needs "Only These Accounts" with the account IDs, and n8n\'s public webhook address (its WEBHOOK_URL setting) reachable from Reconbanker.',
		name: 'automaticSetupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['automatic'] } },
	},
	{
		displayName: "Duplicate deliveries are dropped: Reconbanker redelivers until it sees a 2xx and has no event ID, so each notification is keyed on account, type, status, request ID, attempts (or resend) and occurred-at; the last 500 keys are kept in n8n's memory (and in the workflow's static data where n8n saves it). After an n8n restart one redelivery can get through; Submit's pending-request and Required Request ID checks stop it from sending a code twice.",
		name: 'dedupeNotice',
		type: 'notice',
		default: '',
	},
];
