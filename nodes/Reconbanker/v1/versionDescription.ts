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

/** "resource:operation" → the operation's name, for the canvas subtitle. */
function operationWords(): Record<string, string> {
	const words: Record<string, string> = {};
	for (const [resource, operations] of [
		['account', accountOperations],
		['code', codeOperations],
	] as const) {
		for (const { value, name } of operations) words[`${resource}:${value}`] = name;
	}
	return words;
}

/** The node's description in version 1 (the base description holds what every version shares). */
export function versionDescription(baseDescription: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...baseDescription,
		version: 1,
		// The operation in words ("Submit", "Get Status"), not its internal value.
		subtitle: `={{ (${JSON.stringify(operationWords())})[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`,
		defaults: { name: 'Reconbanker' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'reconbankerApi',
				required: true,
				testedBy: 'reconbankerApiConnection',
				// Extract From Text with the expected code set by hand (or any code) calls no API.
				displayOptions: { hide: { descriptorSource: ['manual', 'none'] } },
			},
		],
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
