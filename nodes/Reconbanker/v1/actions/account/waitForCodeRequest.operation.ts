import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getAccountStatus } from '../../../../transport/external-api';
import { statusOutput } from '../../../../shared/status';
import { accountIdProperty, forOperation, pollUntil, readAccountId, readSeconds } from '../common';
import type { Operation } from '../types';

const show = (property: Parameters<typeof forOperation>[2]) => forOperation('account', 'waitForCodeRequest', property);

export const waitForCodeRequestOperation: Operation = {
	value: 'waitForCodeRequest',
	name: 'Wait for Code Request',
	action: 'Wait until an account asks for a code',
	description: 'Poll the status until a login waits for a code, then output that request',
	properties: [
		show(accountIdProperty),
		show({
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 300,
			description: 'How long to wait before failing with a timeout error',
		}),
		show({
			displayName: 'Poll Interval (Seconds)',
			name: 'intervalSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: 5,
			description: 'How often to read the status (status reads are not rate-limited)',
		}),
		show({
			displayName: 'Ignore Request ID',
			name: 'ignoreRequestId',
			type: 'string',
			default: '',
			description:
				'Keep waiting while this request is the pending one, e.g. to wait for the request that replaces a rejected code',
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const accountId = readAccountId(this, itemIndex);
		const timeoutSeconds = readSeconds(this, 'timeoutSeconds', itemIndex, 300, { min: 1, max: 3600 });
		const intervalSeconds = readSeconds(this, 'intervalSeconds', itemIndex, 5, { min: 1, max: 300 });
		const ignoreRequestId = String(this.getNodeParameter('ignoreRequestId', itemIndex, '')).trim();
		const startedAt = Date.now();

		const found = await pollUntil(
			async () => {
				const status = await getAccountStatus.call(this, accountId, itemIndex);
				const pending = status.pending_assistance;
				return pending && pending.id !== ignoreRequestId ? status : undefined;
			},
			timeoutSeconds * 1000,
			intervalSeconds * 1000,
		);
		if (!found) {
			throw new NodeOperationError(
				this.getNode(),
				`No code request appeared for account ${accountId} within ${timeoutSeconds} seconds`,
				{
					itemIndex,
					description:
						'The account is not waiting for a code. Check that the account is in assisted login mode and a login is running, or raise the timeout.',
				},
			);
		}
		return {
			items: [{ ...statusOutput(found), waitedSeconds: Math.round((Date.now() - startedAt) / 1000) }],
		};
	},
};
