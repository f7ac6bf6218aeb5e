import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CodeDescriptor } from '../../../../shared/descriptor';
import { extractCode } from '../../../../shared/extract';
import { getAccountStatus } from '../../../../transport/external-api';
import { accountIdProperty, checkInput, forOperation, readAccountId } from '../common';
import type { Operation } from '../types';

const show = (property: INodeProperties) => forOperation('code', 'extractFromText', property);
const fromAccount = { show: { descriptorSource: ['pendingRequest'] } };
const fromParameters = { show: { descriptorSource: ['manual'] } };

const properties: INodeProperties[] = [
	show({
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.Body }} (SMS), {{ $json.html }} (email) or a chat reply',
		description: 'The SMS, email (plain text or HTML) or chat message that contains the code',
	}),
	show({
		displayName: 'Expected Code',
		name: 'descriptorSource',
		type: 'options',
		options: [
			{
				name: 'From the Pending Request',
				value: 'pendingRequest',
				description: "Read the account's pending request for the code's length and type",
			},
			{ name: 'Set Here', value: 'manual', description: 'Give the length and type yourself' },
			{ name: 'Any 4–8 Digit Code', value: 'none', description: 'No length or type known' },
		],
		default: 'pendingRequest',
		description: 'What the code looks like; the more is known, the fewer false matches',
	}),
	show({ ...accountIdProperty, displayOptions: fromAccount }),
	show({
		displayName: 'Code Length',
		name: 'codeLength',
		type: 'number',
		displayOptions: fromParameters,
		typeOptions: { minValue: 1, maxValue: 32 },
		default: 6,
		description: 'Number of characters in the code',
	}),
	show({
		displayName: 'Code Type',
		name: 'codeType',
		type: 'options',
		displayOptions: fromParameters,
		options: [
			{ name: 'Numeric', value: 'numeric' },
			{ name: 'Alphanumeric', value: 'alphanumeric' },
		],
		default: 'numeric',
	}),
];

export const extractFromTextOperation: Operation = {
	value: 'extractFromText',
	name: 'Extract From Text',
	action: 'Extract a one-time code from text',
	description: 'Find the one code in an SMS, email or chat message; refuses when two different codes are possible',
	properties,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const text = this.getNodeParameter('text', itemIndex) as unknown;
		if (typeof text !== 'string' || text.trim() === '') {
			throw new NodeOperationError(this.getNode(), 'The text to search is empty', {
				itemIndex,
				description: 'Map the message body into the Text field, e.g. {{ $json.Body }}.',
			});
		}
		const source = this.getNodeParameter('descriptorSource', itemIndex) as string;
		let descriptor: CodeDescriptor | null = null;
		let accountId: string | null = null;
		let requestId: string | null = null;
		if (source === 'manual') {
			descriptor = {
				length: this.getNodeParameter('codeLength', itemIndex) as number,
				type: this.getNodeParameter('codeType', itemIndex) as string,
			};
		} else if (source === 'pendingRequest') {
			accountId = readAccountId(this, itemIndex);
			const pending = (await getAccountStatus.call(this, accountId, itemIndex)).pending_assistance;
			if (!pending) {
				throw new NodeOperationError(this.getNode(), `No code request is pending for account ${accountId}`, {
					itemIndex,
					description:
						'Without a pending request the expected length and type are unknown. Choose "Set Here" to give them, or run this when a request is pending.',
				});
			}
			descriptor = pending.descriptor;
			requestId = pending.id;
		}
		const found = checkInput(this, itemIndex, () => extractCode(text, descriptor));
		return {
			items: [
				{
					code: found.code,
					codeLength: found.code.length,
					descriptor: descriptor ? { ...descriptor } : null,
					accountId,
					requestId,
					candidatesConsidered: found.candidatesConsidered,
				},
			],
		};
	},
};
