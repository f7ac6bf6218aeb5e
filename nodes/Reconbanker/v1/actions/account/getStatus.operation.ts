import type { IExecuteFunctions } from 'n8n-workflow';

import { getAccountStatus } from '../../../../transport/external-api';
import { statusOutput } from '../../../../shared/status';
import { accountIdProperty, forOperation, readAccountId } from '../common';
import type { Operation } from '../types';

export const getStatusOperation: Operation = {
	value: 'getStatus',
	name: 'Get Status',
	action: 'Get the status of an account',
	description: 'Read whether a login waits for a code, and what kind of code',
	properties: [forOperation('account', 'getStatus', accountIdProperty)],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const accountId = readAccountId(this, itemIndex);
		const status = await getAccountStatus.call(this, accountId, itemIndex);
		return { items: [{ ...statusOutput(status) }] };
	},
};
