import type { INodeProperties } from 'n8n-workflow';

export const realtimeTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'No public URL needed: n8n connects to Reconbanker itself, so this works behind a firewall. Nothing to set in the accounts. <a href="https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-realtime-trigger" target="_blank">More</a>',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{
				name: 'Assistance Required',
				value: 'assistance_required',
				description: 'A login waits for a code, received one, gave up, or its session needs attention or recovered',
			},
			{ name: 'Connection Failed', value: 'connection_failed', description: 'Connection failed or recovered' },
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
			{ name: 'New Code Request', value: 'newRequest', description: 'A login asks for a code' },
			{ name: 'Automatic Resend', value: 'resend', description: 'The bank re-sent the code for the same request' },
			{
				name: 'Code Received',
				value: 'fulfilled',
				description: 'The login received a code (not yet whether the bank accepted it)',
			},
			{
				name: 'Request Cancelled',
				value: 'cancelled',
				description: 'The login ended while it was waiting for a code',
			},
			{
				name: 'Session Needs Attention',
				value: 'needsAttention',
				description: 'The login gave up (timeout, logged out, login failed …)',
			},
			{ name: 'Session Recovered', value: 'recovered' },
		],
		default: ['newRequest', 'resend'],
		description: 'Which assistance events start the workflow',
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
		description: 'The stream carries every account of the dashboard user; events of other accounts are ignored',
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
		displayName: 'Catch Up After Reconnecting',
		name: 'catchUp',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the status of the watched accounts after every (re)connect and start the workflow for new code requests that opened while disconnected (needs a Reconbanker API credential with status:read)',
	},
	{
		displayName:
			'With "All Accounts", catch-up can only read the accounts this trigger has seen an event for since it started. List the account IDs so that a request opened during a disconnection is never missed.',
		name: 'catchUpAllNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { catchUp: [true], accountScope: ['all'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { catchUp: [true] } },
		options: [
			{
				displayName: 'Fire for Requests Already Pending',
				name: 'fireForAlreadyPending',
				type: 'boolean',
				default: true,
				description:
					'Whether a request that is already pending when the trigger starts fires too. Turn off to only fire for requests that open afterwards.',
			},
		],
	},
];
