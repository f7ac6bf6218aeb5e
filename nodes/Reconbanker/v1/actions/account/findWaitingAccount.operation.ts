import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../../../../shared/account-ids';
import { normaliseCode } from '../../../../shared/code';
import { decideWaitingAccount } from '../../../../shared/waiting-account';
import { invalidAccountIdError } from '../../../../transport/external-api';
import { checkInput, forOperation } from '../common';
import type { Operation, OperationResult } from '../types';
import { answer, type WhenNoneWaiting } from './findWaitingAccount/answers';
import { readAccounts } from './findWaitingAccount/read-accounts';

const show = (property: INodeProperties) => forOperation('account', 'findWaitingAccount', property);

const DEFAULT_MAX_CONCURRENCY = 5;
const MAX_CONCURRENCY = 20;

const properties: INodeProperties[] = [
	show({
		displayName: 'Account IDs',
		name: 'accountIds',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: '3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b, 9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d',
		description:
			"The accounts the code may be for, separated by commas, spaces or new lines, or an expression giving a list. Reconbanker's API does not tell which accounts an API key may read, so list them here.",
	}),
	show({
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.code }}',
		description:
			'Optional: the one-time code the bank sent. Only accounts whose pending request it fits (length and type) count, and it is passed on as code for Submit. Empty: every waiting account counts. Never invent or guess one.',
	}),
	show({
		displayName: 'If None Is Waiting',
		name: 'whenNoneWaiting',
		type: 'options',
		options: [
			{ name: 'Fail', value: 'error', description: 'Stop with an error' },
			{ name: 'Output Nothing', value: 'nothing', description: 'Output no item: the workflow stops here quietly' },
			{
				name: 'Output Not Found',
				value: 'notFound',
				description: 'Output {found: false, reason} and go on',
			},
		],
		default: 'error',
		description:
			'What to do when no account waits for a code (or none whose request the code fits). Several waiting accounts always fail: the node never picks one.',
	}),
	show({
		displayName: 'Options',
		name: 'findOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Unreadable Accounts',
				name: 'ignoreUnreadable',
				type: 'boolean',
				default: false,
				description:
					'Whether to decide among the accounts that could be read when some cannot (for example, not on the API key\'s account allow-list). Off: an unreadable account might be the waiting one, so the node fails.',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: DEFAULT_MAX_CONCURRENCY,
				description: 'How many account statuses are read at the same time',
			},
		],
	}),
];

interface FindOptions {
	ignoreUnreadable?: boolean;
	maxConcurrency?: number;
}

function readAccountIdList(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const { valid, invalid } = parseAccountIds(ctx.getNodeParameter('accountIds', itemIndex, ''));
	if (invalid.length > 0) throw invalidAccountIdError(ctx, invalid[0], itemIndex);
	if (valid.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No account IDs given', {
			itemIndex,
			description:
				"List the accounts the code may be for in \"Account IDs\". Reconbanker's API does not tell which accounts an API key may read, so the node cannot find them itself.",
		});
	}
	return valid;
}

/** The code cleaned up as Submit does, or null when none was given; a malformed code fails before any read. */
function readCode(ctx: IExecuteFunctions, itemIndex: number): { raw: unknown; code: string | null } {
	const raw = ctx.getNodeParameter('code', itemIndex, '') as unknown;
	if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { raw: null, code: null };
	return { raw, code: checkInput(ctx, itemIndex, () => normaliseCode(raw)) };
}

export const findWaitingAccountOperation: Operation = {
	value: 'findWaitingAccount',
	name: 'Find Waiting Account',
	action: 'Find the one account waiting for a code',
	description:
		'Read several accounts and output the one whose login waits for a code (that fits the given code); refuses when several wait',
	properties,
	async execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
		const accountIds = readAccountIdList(this, itemIndex);
		const { raw, code } = readCode(this, itemIndex);
		const whenNoneWaiting = this.getNodeParameter('whenNoneWaiting', itemIndex, 'error') as WhenNoneWaiting;
		const options = (this.getNodeParameter('findOptions', itemIndex, {}) ?? {}) as IDataObject & FindOptions;
		const maxConcurrency = Math.min(Number(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY), MAX_CONCURRENCY);

		const readings = await readAccounts(this, accountIds, maxConcurrency, itemIndex);
		const decision = decideWaitingAccount(readings, { code: raw, ignoreUnreadable: options.ignoreUnreadable === true });
		return answer(this, decision, { itemIndex, accountCount: accountIds.length, code, whenNoneWaiting });
	},
};
