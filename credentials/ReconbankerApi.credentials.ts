import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { baseUrlProperty } from './base-url';

/**
 * Base URL + API key of Reconbanker's external API (`/v1`), sent as `Authorization: Api-Key <key>`
 * by the transport (nodes/transport/external-api.ts). No `authenticate` here on purpose: with one,
 * n8n adds a "Custom API Call" operation to the node and offers the credential to its HTTP Request
 * node, and Reconbanker's API has nothing the node's own operations do not cover.
 *
 * Tested by the nodes that use it (`testedBy: 'reconbankerApiConnection'`, see
 * nodes/transport/api-credential-test.ts), not by a declarative `test`: n8n reports a declarative
 * test's connection failure as a bare error code ("ECONNREFUSED"), the function test says what
 * happened ("Could not reach Reconbanker at host: the connection was refused").
 */
export class ReconbankerApi implements ICredentialType {
	name = 'reconbankerApi';

	displayName = 'Reconbanker API';

	icon = { light: 'file:../icons/reconbanker.svg', dark: 'file:../icons/reconbanker.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-api';

	properties: INodeProperties[] = [
		baseUrlProperty('/v1'),
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'rbk_…',
			required: true,
			description:
				'Key created in the Reconbanker dashboard. Give it status:read (read status, wait, extract from the pending request) and otp:write (submit codes).',
		},
	];
}
