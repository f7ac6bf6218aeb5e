import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** One operation: its parameters beside its logic. The router adds pairedItem and continueOnFail. */
export interface Operation {
	value: string;
	name: string;
	action: string;
	description: string;
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData['json'][]>;
}
