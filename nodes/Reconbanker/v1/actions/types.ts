import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What one operation made of one input item. */
export interface OperationResult {
	/** Output items (json only: the router pairs them with the input item). */
	items: IDataObject[];
	/**
	 * True when a code went out to Reconbanker (a 202): from then on nothing may fail the run, or a
	 * re-run would send it again. Only operations that declare `spendsAttempt` set it.
	 */
	codeSent?: boolean;
}

/** One operation: its parameters beside its logic. The router adds pairedItem and continueOnFail. */
export interface Operation {
	value: string;
	name: string;
	action: string;
	description: string;
	/**
	 * The operation can spend one of the bank's attempts (and one of Reconbanker's 5 submissions per
	 * 10 minutes). The router then refuses n8n's Retry On Fail and keeps a run that sent a code from failing.
	 */
	spendsAttempt?: boolean;
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}
