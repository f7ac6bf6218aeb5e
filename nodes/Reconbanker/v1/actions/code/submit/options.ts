/** Reading Submit's request choice and Attempt Safety options. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface Safety {
	whenAlreadyAnswered: 'output' | 'error';
	oneCodePerRequest: boolean;
	refuseRepeatedCode: boolean;
	/** 0 = off. */
	maxRejectedCodes: number;
	whenNoLiveLogin: 'refuse' | 'send';
}

export function readSafety(ctx: IExecuteFunctions, itemIndex: number): Safety {
	const options = (ctx.getNodeParameter('attemptSafety', itemIndex, {}) ?? {}) as IDataObject;
	const max = options.maxRejectedCodes === undefined ? 2 : Number(options.maxRejectedCodes);
	if (!Number.isInteger(max) || max < 0 || max > 5) {
		throw new NodeOperationError(ctx.getNode(), '"Stop After Rejected Codes" must be a whole number from 0 to 5', {
			itemIndex,
			description: 'Reconbanker allows 5 submissions per 10 minutes per account. The code was not sent.',
		});
	}
	return {
		whenAlreadyAnswered: options.whenAlreadyAnswered === 'error' ? 'error' : 'output',
		oneCodePerRequest: options.oneCodePerRequest !== false,
		refuseRepeatedCode: options.refuseRepeatedCode !== false,
		maxRejectedCodes: max,
		whenNoLiveLogin: options.whenNoLiveLogin === 'send' ? 'send' : 'refuse',
	};
}

/** Whether the node runs as an AI agent's tool: n8n names that variant `<type>Tool`. */
export function isToolCall(ctx: IExecuteFunctions): boolean {
	const type = ctx.getNode().type;
	return (type.split('.').pop() ?? '').endsWith('Tool');
}

export interface RequestChoice {
	/** The request the code is for, or null for "whichever is pending". */
	requestId: string | null;
	source: 'field' | 'input' | 'any';
}

/**
 * The request the code answers: the Request ID field, else the input item's `requestId` (what a
 * Reconbanker trigger, Get Status, Wait for Code Request and Extract From Text output), else any.
 * An AI agent must name the request: it cannot know which request a code it was given is for.
 */
export function readRequestChoice(ctx: IExecuteFunctions, itemIndex: number): RequestChoice {
	const mode = ctx.getNodeParameter('requestToAnswer', itemIndex, 'named') as string;
	// An expression that found no request id (null/undefined) means "not given", not the text "null".
	const named = String(ctx.getNodeParameter('requiredRequestId', itemIndex, '') ?? '').trim();
	if (isToolCall(ctx) && (mode === 'anyPending' || named === '')) {
		throw new NodeOperationError(ctx.getNode(), 'As an AI agent tool, Submit needs the Request ID of the request the code is for', {
			itemIndex,
			description:
				'Read it with Get Status or Wait for Code Request (requestId) and pass it with the code. Never invent or guess a code. The code was not sent.',
		});
	}
	if (mode === 'anyPending') return { requestId: null, source: 'any' };
	if (named) return { requestId: named, source: 'field' };
	const fromInput = ctx.getInputData()[itemIndex]?.json?.requestId;
	if (typeof fromInput === 'string' && fromInput.trim() !== '') return { requestId: fromInput.trim(), source: 'input' };
	return { requestId: null, source: 'any' };
}
