/**
 * The Base URL field of the Reconbanker API and Reconbanker Dashboard credentials, and the
 * credential-test request both send under it. Not a credential itself: n8n loads only the
 * credentials listed in package.json.
 */
import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/** An account id nobody owns: probing it tells a refused login or key (401) from an accepted one. */
export const PROBE_ACCOUNT_ID = '00000000-0000-4000-8000-000000000000';

/** `apiPath` is the part the node adds to the Base URL itself (`/v1` or `/api`). */
export function baseUrlProperty(apiPath: '/v1' | '/api'): INodeProperties {
	return {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://reconbanker.example.com',
		required: true,
		description: `Address of your Reconbanker server, including any path prefix (e.g. https://host/reconbanker). The node adds ${apiPath}/… itself.`,
	};
}

/** One GET of `url` under the Base URL; every status comes back as a response, for the test's rules to judge. */
export function probeRequest(url: string): ICredentialTestRequest['request'] {
	return {
		baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "") }}',
		url,
		method: 'GET',
		ignoreHttpStatusErrors: true,
		json: true,
		// Never send the key on to wherever a redirect points; a redirect fails the test instead.
		disableFollowRedirect: true,
	};
}
