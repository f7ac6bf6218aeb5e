import type { INodeProperties, INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountOperations } from './actions/account';
import { codeOperations } from './actions/code';
import type { Operation } from './actions/types';

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

/** The node's description in version 1 (the base description holds what every version shares). */
export function versionDescription(baseDescription: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...baseDescription,
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
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
}
