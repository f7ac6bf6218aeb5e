import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { PROBE_ACCOUNT_ID, baseUrlProperty, probeRequest } from './base-url';

export class ReconbankerApi implements ICredentialType {
	name = 'reconbankerApi';

	displayName = 'Reconbanker API';

	icon = { light: 'file:../icons/reconbanker.svg', dark: 'file:../icons/reconbanker.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-reconbanker#credentials';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				// An empty key sends an empty header, so the server answers "no key" (UNAUTHORIZED), not "invalid key".
				Authorization: '={{ String($credentials.apiKey || "").trim() ? "Api-Key " + String($credentials.apiKey).trim() : "" }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		// The probe account's status answers 401 for a bad key and 403/404 for a good one, whatever the
		// key's scopes or account allow-list; the rules below pick out the real failures.
		request: probeRequest(`/v1/accounts/${PROBE_ACCOUNT_ID}/status`),
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'UNAUTHORIZED',
					message: 'Reconbanker received no API key. Paste the key (rbk_…) into the API Key field.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'INVALID_API_KEY',
					message:
						'Reconbanker rejected the API key: it is malformed, unknown or revoked. Create a new key in the Reconbanker dashboard.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'INTERNAL_ERROR',
					message: 'Reconbanker answered with an internal error, so the key could not be checked. Try again later.',
				},
			},
			{
				// A JSON error envelope is the only answer Reconbanker gives for the probe account; anything
				// else (an HTML page, another service) means the Base URL does not point at Reconbanker.
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: undefined,
					message:
						'The Base URL did not answer like a Reconbanker server. Check the address and any path prefix (the node adds /v1/… itself).',
				},
			},
		],
	};
}
