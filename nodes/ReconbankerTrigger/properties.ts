import type { INodeProperties } from 'n8n-workflow';

/** The README, where the notices link for the details. */
const DOCS = 'https://www.npmjs.com/package/n8n-nodes-reconbanker';

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
		// Puts n8n's credential field here, beside the Authentication it belongs to (without it n8n
		// places the field further down, after the other parameters).
		displayName: 'Credential',
		name: 'credentialsSlot',
		type: 'credentials',
		default: '',
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
				description: 'A login waits for a code, or its session needs attention or is back',
			},
			{ name: 'Connection Failed', value: 'connection_failed', description: 'Reconbanker could not reach the bank, or can again' },
			{ name: 'Scrape Failed', value: 'scrape_failed', description: 'Reading statements failed, or works again' },
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
			{ name: 'New Code Request', value: 'newRequest', description: 'A login asks for a code' },
			{ name: 'Automatic Resend', value: 'resend', description: 'The bank re-sent the code for the same request' },
			{
				name: 'Session Needs Attention',
				value: 'needsAttention',
				description: 'The login gave up (timed out, logged out, login failed …)',
			},
			{ name: 'Session Recovered', value: 'recovered', description: 'The login works again' },
		],
		default: ['newRequest', 'resend'],
		description: 'Which kinds of "Assistance Required" start the workflow',
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
		description: 'Notifications for other accounts are answered but start nothing',
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
				description: 'n8n sets up the listed accounts when you publish, and undoes it when you unpublish',
			},
		],
		default: 'manual',
	},
	{
		displayName: `Copy the Production URL (under Webhook URLs) into each account's Notification settings in the Reconbanker dashboard, then publish. <a href="${DOCS}#setting-up-the-notification-endpoint-by-hand-default" target="_blank">How</a>`,
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
		displayName: `Needs "Only These Accounts", a Reconbanker Dashboard credential, and an n8n address Reconbanker can reach. <a href="${DOCS}#automatic-registration" target="_blank">How</a>`,
		name: 'automaticSetupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['automatic'] } },
	},
];
