import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { accountOperations } from './actions/account';
import { codeOperations } from './actions/code';
import type { Operation } from './actions/types';
import { reconbankerApiConnectionTest } from '../transport/api-credential-test';

const operationsByResource: Record<string, Operation[]> = {
	account: accountOperations,
	code: codeOperations,
};

function operationProperty(resource: string, operations: Operation[], defaultValue: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations.map(({ name, value, action, description }) => ({ name, value, action, description })),
		default: defaultValue,
	};
}

export class Reconbanker implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker',
		name: 'reconbanker',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read a Reconbanker account status and submit bank one-time codes safely',
		defaults: { name: 'Reconbanker' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'reconbankerApi', required: true, testedBy: 'reconbankerApiConnection' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Code', value: 'code' },
				],
				default: 'code',
			},
			operationProperty('account', accountOperations, 'getStatus'),
			operationProperty('code', codeOperations, 'submit'),
			...accountOperations.flatMap((operation) => operation.properties),
			...codeOperations.flatMap((operation) => operation.properties),
		],
	};

	methods = {
		// Says "could not reach <host>: …" instead of n8n's bare error code (see api-credential-test.ts).
		credentialTest: { reconbankerApiConnection: reconbankerApiConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operationName = this.getNodeParameter('operation', itemIndex) as string;
				const operation = operationsByResource[resource]?.find(({ value }) => value === operationName);
				if (!operation) {
					throw new NodeOperationError(this.getNode(), `Unknown operation "${operationName}" for "${resource}"`, {
						itemIndex,
					});
				}
				const results = await operation.execute.call(this, itemIndex);
				for (const json of results) returnData.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				// Once a code of this run went out, failing the run would hide that (and invite a re-run
				// that sends it again): later failures become error items instead.
				const codeWasSent = returnData.some((item) => item.json.submitted === true);
				if (!this.continueOnFail() && !codeWasSent) {
					// API errors keep their HTTP details; anything else becomes an operation error for this item.
					throw error instanceof NodeApiError
						? error
						: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				}
				// Only `error`/`details` keys, so n8n can route the item to an error output when one is used.
				const description = (error as { description?: string }).description;
				returnData.push({
					json: { error: (error as Error).message, ...(description ? { details: description } : {}) },
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [returnData];
	}
}
