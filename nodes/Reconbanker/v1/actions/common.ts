import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { assertAccountId } from '../../../transport/external-api';

/** Shows a property only for the given resource and operation. */
export function forOperation(resource: string, operation: string, property: INodeProperties): INodeProperties {
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	};
}

export const accountIdProperty: INodeProperties = {
	displayName: 'Account ID',
	name: 'accountId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3f2b8c1e-5d4a-4e6f-9b7a-1c2d3e4f5a6b',
	description: 'UUID of the Reconbanker account (from the dashboard, or {{ $json.accountId }} after a Reconbanker trigger)',
};

export function readAccountId(ctx: IExecuteFunctions, itemIndex: number): string {
	return assertAccountId(ctx, String(ctx.getNodeParameter('accountId', itemIndex)), itemIndex);
}

/** Reads a whole-seconds parameter and checks it is within bounds. */
export function readSeconds(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: number,
	bounds: { min: number; max: number },
): number {
	const value = Number(ctx.getNodeParameter(name, itemIndex, fallback));
	if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${name}" must be between ${bounds.min} and ${bounds.max} seconds`,
			{ itemIndex },
		);
	}
	return value;
}

/**
 * Polls `check` every `intervalMs` until it returns a value or `timeoutMs` has passed since the
 * start; returns undefined on timeout. Uses n8n's sleep (nodes may not use timers directly).
 */
export async function pollUntil<T>(
	check: () => Promise<T | undefined>,
	timeoutMs: number,
	intervalMs: number,
): Promise<T | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const result = await check();
		if (result !== undefined) return result;
		const remaining = deadline - Date.now();
		if (remaining <= 0) return undefined;
		await sleep(Math.min(intervalMs, remaining));
	}
}

/**
 * Runs a pure helper and turns its input errors into a NodeOperationError for this item, so bad
 * input fails before any request is sent.
 */
export function checkInput<T>(ctx: IExecuteFunctions, itemIndex: number, run: () => T): T {
	try {
		return run();
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
}
