import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { dashboardSessionToken } from '../nodes/transport/dashboard-session';
import { PROBE_ACCOUNT_ID, baseUrlProperty, probeRequest } from './base-url';

/**
 * Dashboard login for the Reconbanker Trigger's automatic webhook registration.
 *
 * Why `preAuthentication` (and not a declarative login request as the test): the dashboard
 * login can take two requests (password, then the TOTP code computed from the 2FA secret), and
 * a declarative `test.request` can send only one — it could never check a 2FA login. With
 * `preAuthentication` plus the hidden `expirable` `sessionToken` field, n8n itself runs the full
 * login (both steps, TOTP computed with node:crypto) and stores the JWT encrypted in the
 * credential:
 *  - n8n calls it during every credential test (it recognises the test node) and in a workflow
 *    whenever `sessionToken` is empty or a request came back 401;
 *  - each call goes through dashboard-session.ts, which hands out a JWT it still holds for exactly
 *    these credential values, does not repeat a login Reconbanker refused, and waits for a fresh
 *    2FA step when this step's code was already sent — so neither tests nor n8n's activation
 *    retries spend Reconbanker's login budget (5 tries per 15 minutes per IP). The test below then
 *    proves the JWT works with one read request. A failed login is never retried: the error we
 *    throw has no HTTP status, which is what would make n8n try again.
 * The password, 2FA secret and JWT never appear in a message.
 */
export class ReconbankerDashboardApi implements ICredentialType {
	name = 'reconbankerDashboardApi';

	displayName = 'Reconbanker Dashboard';

	icon = { light: 'file:../icons/reconbanker.svg', dark: 'file:../icons/reconbanker.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-dashboard';

	properties: INodeProperties[] = [
		{
			displayName:
				'Used only by the Reconbanker Trigger\'s automatic registration: n8n logs in to the dashboard to point the accounts\' notification settings at the trigger and to restore them afterwards.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		baseUrlProperty('/api'),
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'Email of the dashboard user that owns the accounts',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: '2FA Secret',
			name: 'totpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only if the dashboard user has two-factor authentication on: the Base32 secret shown when 2FA was set up (the text behind the QR code). n8n computes the 6-digit codes from it.',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const sessionToken = await dashboardSessionToken(
			async (options) => await this.helpers.httpRequest(options),
			{
				baseUrl: credentials.baseUrl,
				email: credentials.email,
				password: credentials.password,
				totpSecret: credentials.totpSecret,
			},
			credentials.sessionToken,
		);
		return { sessionToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.sessionToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		// With a valid session the probe account's config answers 404 (no such account); a thrown
		// 401 would make n8n log in a second time, so statuses are judged by the rules instead.
		request: probeRequest(`/api/accounts/${PROBE_ACCOUNT_ID}/config`),
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'UNAUTHORIZED',
					message:
						'Logged in, but Reconbanker did not accept the session token for the dashboard API. Check that the Base URL points at the same Reconbanker server the login went to.',
				},
			},
		],
	};
}
