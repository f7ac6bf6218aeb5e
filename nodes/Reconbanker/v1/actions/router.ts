/**
 * The per-item loop of the Reconbanker node (version 1): finds the operation, runs it for each
 * input item, pairs its output with the item, and applies the attempt rules that hold for every
 * operation that declares `spendsAttempt`.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { accountOperations } from './account';
import { codeOperations } from './code';
import type { Operation } from './types';

export const operationsByResource: Record<string, Operation[]> = {
	account: accountOperations,
	code: codeOperations,
};

function findOperation(ctx: IExecuteFunctions, itemIndex: number): Operation {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operationName = ctx.getNodeParameter('operation', itemIndex) as string;
	const operation = operationsByResource[resource]?.find(({ value }) => value === operationName);
	if (!operation) {
		throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operationName}" for "${resource}"`, { itemIndex });
	}
	if (operation.spendsAttempt && ctx.getNode().retryOnFail) {
		// n8n's Retry On Fail re-runs the whole node, which would send the code again.
		throw new NodeOperationError(ctx.getNode(), 'Turn off "Retry On Fail" in this node\'s settings to submit codes', {
			itemIndex,
			description: "A retry would send the same code again and spend another of the bank's attempts. The code was not sent.",
		});
	}
	return operation;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	let codeSent = false;

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = findOperation(this, itemIndex);
			const result = await operation.execute.call(this, itemIndex);
			if (operation.spendsAttempt && result.codeSent) codeSent = true;
			for (const json of result.items) returnData.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			// Once a code of this run went out, failing the run would hide that (and invite a re-run
			// that sends it again): later failures become error items instead.
			if (!this.continueOnFail() && !codeSent) {
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
