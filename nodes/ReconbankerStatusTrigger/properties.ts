import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_MAX_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 20;

/** The Status Trigger's notice: short, with a link to the README for the details. */
export const statusTriggerNotice: INodeProperties = {
	displayName: 'Reads the accounts\' status on the schedule below and starts the workflow once per new code request; unreadable accounts go to "Poll Errors". Every few seconds: the Status Watch Trigger. <a href="https://www.npmjs.com/package/n8n-nodes-reconbanker#status-trigger-polling" target="_blank">More</a>',
	name: 'notice',
	type: 'notice',
	default: '',
};

export const accountIdsProperty: INodeProperties = {
	displayName: 'Account IDs',
	name: 'accountIds',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	placeholder: '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b, 9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d',
	description:
		'The accounts to watch, separated by commas, spaces or new lines. Copy each ID from the Reconbanker dashboard.',
};

export const fireOnProperty: INodeProperties = {
	displayName: 'Fire On',
	name: 'fireOn',
	type: 'multiOptions',
	options: [
		{
			name: 'New Code Request',
			value: 'code_requested',
			description: 'A login waits for a code (fires once per request ID)',
		},
		{
			name: 'Request Cleared',
			value: 'request_cleared',
			description:
				'The pending request went away: a code reached the login, or the login gave up or was replaced by a new request',
		},
		{
			name: 'Resend',
			value: 'code_resent',
			description: 'The bank sent the code again for the same request (its attempts went up)',
		},
	],
	default: ['code_requested'],
	description: 'Which changes of an account\'s pending code request start the workflow',
};

export const checkOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Fire for Requests Already Pending',
			name: 'fireForAlreadyPending',
			type: 'boolean',
			default: true,
			description:
				'Whether a request that is already pending the first time an account is polled fires. Turn off to only fire for requests that open after the workflow was activated.',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_MAX_CONCURRENCY,
			description: 'How many accounts are read at the same time',
		},
	],
};

export const statusTriggerProperties: INodeProperties[] = [
	statusTriggerNotice,
	accountIdsProperty,
	fireOnProperty,
	checkOptionsProperty,
];
