import type { INodeProperties } from 'n8n-workflow';

import {
	accountIdsProperty,
	checkOptionsProperty,
	fireOnProperty,
} from '../ReconbankerStatusTrigger/properties';

export const MIN_INTERVAL_SECONDS = 5;
export const DEFAULT_INTERVAL_SECONDS = 10;

export const statusWatchProperties: INodeProperties[] = [
	{
		displayName:
			'Checks the accounts\' status every few seconds (no one-minute limit) and starts the workflow once per new code request; unreadable accounts go to "Poll Errors". <a href="https://www.npmjs.com/package/n8n-nodes-reconbanker#status-trigger-polling" target="_blank">More</a>',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Check Every (Seconds)',
		name: 'intervalSeconds',
		type: 'number',
		typeOptions: { minValue: MIN_INTERVAL_SECONDS },
		default: DEFAULT_INTERVAL_SECONDS,
		description: `How often every account is checked, in seconds (at least ${MIN_INTERVAL_SECONDS})`,
	},
	accountIdsProperty,
	fireOnProperty,
	checkOptionsProperty,
];
