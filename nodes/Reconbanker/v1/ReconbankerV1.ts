import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { reconbankerApiConnectionTest } from '../../transport/api-credential-test';
import { router } from './actions/router';
import { versionDescription } from './versionDescription';

/** Version 1 of the Reconbanker node: its parameters and defaults stay as they are for saved workflows. */
export class ReconbankerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = versionDescription(baseDescription);
	}

	methods = {
		// Says "could not reach <host>: …" instead of n8n's bare error code (see api-credential-test.ts).
		credentialTest: { reconbankerApiConnection: reconbankerApiConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
