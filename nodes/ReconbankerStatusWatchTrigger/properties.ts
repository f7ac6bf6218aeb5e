import type { INodeProperties } from 'n8n-workflow';

import {
	FAILING_ACCOUNTS_NOTICE,
	accountIdsProperty,
	checkOptionsProperty,
	fireOnProperty,
} from '../ReconbankerStatusTrigger/properties';

export const MIN_INTERVAL_SECONDS = 5;
export const DEFAULT_INTERVAL_SECONDS = 10;

export const statusWatchProperties: INodeProperties[] = [
	{
		displayName: `Checks each account's status every few seconds (the API key needs the status:read scope) and fires one item per new code request, like the Reconbanker Status Trigger but without n8n's one-minute limit: a login waits only about two minutes for a code. A check that takes longer than the interval is never overlapped; the next one starts when it ends. A request already pending when the workflow is activated fires too. ${FAILING_ACCOUNTS_NOTICE} If every account fails, n8n records one failed execution (again only when the error changes) and the watch keeps checking. Every check reads every account's status (Reconbanker does not rate-limit status reads).`,
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
