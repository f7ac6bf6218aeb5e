/**
 * Every row of the contract's error table (and the failures around it: HTML pages, unreachable
 * hosts, reset connections, bad parameters) surfaces as an n8n error whose message says what
 * happened and what to do — and never carries the API key. Real HTTP against the sandbox; a tiny
 * canned server only for answers the sandbox never gives through the node (a 400, a proxy's 502,
 * a dropped connection).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import {
	UNKNOWN_ACCOUNT,
	closedPortUrl,
	everythingIn,
	expectNoSecret,
	otpPosts,
	run,
	runError,
	startCannedServer,
	statusReads,
	submitParameters,
	v1Requests,
	useWorld,
} from './helpers';

const world = useWorld();

const getStatus = (accountId: string): INodeParameters => ({ resource: 'account', operation: 'getStatus', accountId });
const submitUnchecked = (accountId: string, code = '123456'): INodeParameters =>
	submitParameters(accountId, code, { checkPendingRequest: false });

/** A key of the world's user with the given scopes and allow-list. */
function keyWith(scopes: string[], accountIds: string[] | null = null): string {
	return world.sb.createApiKey({ userId: world.userId, scopes, accountIds }).key;
}

function withKey(apiKey: string) {
	return { credentials: world.credentials({ apiKey }) };
}

describe('401 UNAUTHORIZED: no key', () => {
	it.each([
		['empty', ''],
		['only spaces', '   '],
	])('an %s API Key field sends no key and says so', async (_label, apiKey) => {
		const accountId = world.newAccount();

		const error = await runError(world, getStatus(accountId), withKey(apiKey));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Reconbanker received no API key');
		expect(error.description).toMatch(/paste the key \(it starts with rbk_\) into the API Key field/);
		expect(error.httpCode).toBe('401');
		const requests = v1Requests(world.sb, accountId);
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.authorization ?? '').toBe('');
		expect(requests[0].status).toBe(401);
	});

	it('Submit with no key stops at the status check: 0 POSTs', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(world, submitParameters(accountId, '123456'), withKey(''));

		expect(error.message).toBe('Reconbanker received no API key');
		expect(otpPosts(world.sb)).toHaveLength(0);
		expect(world.sb.submissions(accountId)).toEqual([]);
	});
});

describe('401 INVALID_API_KEY: malformed, unknown or revoked key', () => {
	const malformed = 'rbk_not-a-real-key';
	const unknown = `rbk_0badc0de_${'ab'.repeat(32)}`;

	it.each([
		['malformed', () => malformed],
		['unknown', () => unknown],
		[
			'revoked',
			() => {
				const created = world.sb.createApiKey({ userId: world.userId, scopes: ['otp:write', 'status:read'] });
				world.sb.revokeApiKey(created.id);
				return created.key;
			},
		],
	])('a %s key → NodeApiError telling to create a new key, key not echoed', async (_label, makeKey) => {
		const apiKey = makeKey();
		const accountId = world.newAccount();

		const error = await runError(world, getStatus(accountId), withKey(apiKey));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The Reconbanker API key is malformed, unknown or revoked');
		expect(error.description).toMatch(/Create a new API key in the Reconbanker dashboard/);
		expect(error.httpCode).toBe('401');
		expect(v1Requests(world.sb, accountId)[0].headers.authorization).toBe(`Api-Key ${apiKey}`);
		expectNoSecret(error, apiKey);
	});

	it('Submit with a revoked key: 0 POSTs with the checks on, exactly 1 (refused) with them off', async () => {
		const created = world.sb.createApiKey({ userId: world.userId, scopes: ['otp:write', 'status:read'] });
		world.sb.revokeApiKey(created.id);
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		await runError(world, submitParameters(accountId, '123456'), withKey(created.key));
		expect(otpPosts(world.sb)).toHaveLength(0);

		const error = await runError(world, submitUnchecked(accountId), withKey(created.key));
		expect(error.message).toBe('The Reconbanker API key is malformed, unknown or revoked');
		expect(otpPosts(world.sb).map((entry) => entry.status)).toEqual([401]);
		expect(world.sb.getStatus(accountId).pending_assistance).not.toBeNull();
		expectNoSecret(error, created.key);
	});
});

describe('403 FORBIDDEN', () => {
	it('Get Status with a key lacking status:read names the scope and the allow-list', async () => {
		const apiKey = keyWith(['otp:write']);
		const accountId = world.newAccount();

		const error = await runError(world, getStatus(accountId), withKey(apiKey));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(`The API key is not allowed to do this for account ${accountId}`);
		expect(error.description).toMatch(/needs the scope status:read/);
		expect(error.description).toMatch(/account allow-list/);
		expect(error.description).not.toMatch(/otp:write/);
		expectNoSecret(error, apiKey);
	});

	it('Submit with a key lacking otp:write names otp:write: one refused POST, the request keeps waiting', async () => {
		const apiKey = keyWith(['status:read']);
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(world, submitParameters(accountId, '123456'), withKey(apiKey));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('403');
		expect(error.description).toMatch(/needs the scope otp:write/);
		expect(error.description).toMatch(/account allow-list/);
		expect(otpPosts(world.sb).map((entry) => entry.status)).toEqual([403]);
		expect(world.sb.getStatus(accountId).pending_assistance?.id).toBe(id);
		expectNoSecret(error, apiKey);
	});

	it('Submit with an otp:write-only key: the default status check needs status:read (0 POSTs); checks off submits once', async () => {
		const apiKey = keyWith(['otp:write']);
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(world, submitParameters(accountId, '123456'), withKey(apiKey));
		expect(error.description).toMatch(/needs the scope status:read/);
		expect(otpPosts(world.sb)).toHaveLength(0);

		const output = await run(world, submitUnchecked(accountId), withKey(apiKey));
		expect(output[0].json).toMatchObject({ submitted: true, requestId: null });
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '123456', status: 202 }]);
	});

	it('an account outside the key allow-list → 403 naming the account and the allow-list', async () => {
		const allowed = world.newAccount();
		const other = world.newAccount();
		const apiKey = keyWith(['otp:write', 'status:read'], [allowed]);

		const error = await runError(world, getStatus(other), withKey(apiKey));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('403');
		expect(error.message).toContain(other);
		expect(error.description).toMatch(/limited to certain accounts \(its account allow-list\).*account .* is on that list/);
		// The same key works for the account on its list.
		const output = await run(world, getStatus(allowed), withKey(apiKey));
		expect(output[0].json.accountId).toBe(allowed);
		expectNoSecret(error, apiKey);
	});
});

describe('404 NOT_FOUND: account not found vs nothing pending', () => {
	it('Get Status for an unknown account → "Account not found"', async () => {
		const error = await runError(world, getStatus(UNKNOWN_ACCOUNT));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(`Account not found: account ${UNKNOWN_ACCOUNT}`);
		expect(error.description).toMatch(/Check the Account ID/);
		expect(`${error.message} ${error.description}`).not.toMatch(/pending/i);
	});

	it("another user's account is not found either", async () => {
		const stranger = world.sb.createUser({ email: 'stranger@example.com', password: 'pw' });
		const theirs = world.sb.createAccount({ userId: stranger.id }).id;

		const error = await runError(world, getStatus(theirs));

		expect(error.message).toBe(`Account not found: account ${theirs}`);
	});

	it('Submit (checks off) to an unknown account → "Account not found", one POST', async () => {
		const error = await runError(world, submitUnchecked(UNKNOWN_ACCOUNT));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Account not found: account ${UNKNOWN_ACCOUNT}`);
		expect(otpPosts(world.sb).map((entry) => entry.status)).toEqual([404]);
	});

	it('Submit (checks off) with nothing pending → "no code request pending", and that it still counted', async () => {
		const accountId = world.newAccount();

		const error = await runError(world, submitUnchecked(accountId));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(`No code request is pending for account ${accountId}`);
		expect(error.description).toMatch(/still counts toward the limit of 5 code submissions per 10 minutes/);
		expect(otpPosts(world.sb).map((entry) => entry.status)).toEqual([404]);
		expect(world.sb.submissions(accountId)).toMatchObject([{ code: '123456', status: 404 }]);
	});
});

describe('429 RATE_LIMITED', () => {
	it('after 5 counted submissions the 6th says when the limit resets and that nothing was retried; exactly 6 POSTs', async () => {
		const accountId = world.newAccount();

		// Five submissions with nothing pending: each is a 404 that spends the budget.
		const spent = await run(world, submitUnchecked('={{ $json.account }}'), {
			items: Array.from({ length: 5 }, () => ({ json: { account: accountId } })),
			continueOnFail: true,
		});
		expect(spent.map((item) => item.json.error)).toEqual(
			Array(5).fill(`No code request is pending for account ${accountId}`),
		);

		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		const error = await runError(world, submitParameters(accountId, '123456'));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe(
			`Rate limit reached for account ${accountId}: Reconbanker accepts 5 code submissions per 10 minutes per account`,
		);
		const match = /^Try again in (\d+) seconds\. Nothing was retried automatically/.exec(String(error.description));
		expect(match).not.toBeNull();
		const seconds = Number(match?.[1]);
		expect(seconds).toBeGreaterThan(590);
		expect(seconds).toBeLessThanOrEqual(600);

		// Exactly six POSTs reached the server (5 × 404, 1 × 429), and no retry follows later.
		const statuses = () => otpPosts(world.sb, accountId).map((entry) => entry.status);
		expect(statuses()).toEqual([404, 404, 404, 404, 404, 429]);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(statuses()).toHaveLength(6);
		// The code never reached the login.
		expect(world.sb.getStatus(accountId).pending_assistance).not.toBeNull();
		expect(world.sb.submissions(accountId).filter((s) => s.status === 202)).toEqual([]);
	});
});

describe('400 VALIDATION_ERROR (canned: the node validates first, so the sandbox never sees one)', () => {
	it('lists the issues and reminds that a submit still counted', async () => {
		const server = await startCannedServer(() => ({
			status: 400,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				error: {
					code: 'VALIDATION_ERROR',
					message: 'Invalid body',
					details: { issues: [{ path: 'code', message: 'Expected string, received number', code: 'invalid_type' }] },
				},
			}),
		}));
		try {
			const accountId = world.newAccount();
			const error = await runError(world, submitUnchecked(accountId), {
				credentials: world.credentials({ baseUrl: server.baseUrl }),
			});

			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.httpCode).toBe('400');
			expect(error.message).toBe('Reconbanker refused the request as invalid: code: Expected string, received number');
			expect(error.description).toMatch(/still counts toward the limit/);
			expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/accounts/${accountId}/otp`]);
		} finally {
			await server.close();
		}
	});
});

describe('5xx', () => {
	/** Makes the sandbox fail internally for one account (its own code answers the 500 envelope). */
	function breakAccount(accountId: string): void {
		const account = world.sb.store.accounts.get(accountId) as object;
		Object.defineProperty(account, 'pending', {
			configurable: true,
			get() {
				throw new Error('database connection lost');
			},
		});
	}

	it('Get Status: a 500 INTERNAL_ERROR is readable and not retried', async () => {
		const accountId = world.newAccount();
		breakAccount(accountId);

		const error = await runError(world, getStatus(accountId));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('500');
		expect(error.message).toBe('Reconbanker had an internal error (HTTP 500)');
		expect(error.description).toBe('The server said: Internal server error. Nothing was retried automatically.');
		expect(statusReads(world.sb, accountId).map((entry) => entry.status)).toEqual([500]);
	});

	it('Submit (checks off): a 500 after the POST is readable and the POST is not repeated', async () => {
		const accountId = world.newAccount();
		breakAccount(accountId);

		const error = await runError(world, submitUnchecked(accountId));

		expect(error.message).toBe('Reconbanker had an internal error (HTTP 500)');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(otpPosts(world.sb, accountId).map((entry) => entry.status)).toEqual([500]);
	});

	it("a proxy's HTML 502 is readable", async () => {
		const server = await startCannedServer(() => ({
			status: 502,
			headers: { 'Content-Type': 'text/html' },
			body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
		}));
		try {
			const error = await runError(world, getStatus(world.accountId), {
				credentials: world.credentials({ baseUrl: server.baseUrl }),
			});

			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.httpCode).toBe('502');
			expect(error.message).toBe('Reconbanker answered HTTP 502 with a non-JSON body');
			expect(error.description).toMatch(/server or a proxy in front of it failed.*nothing was retried/);
			expect(everythingIn(error)).not.toContain('<html>');
			expect(server.requests).toHaveLength(1);
		} finally {
			await server.close();
		}
	});
});

describe('wrong base URL, unreachable host, dropped connection', () => {
	it('a wrong path prefix gets the HTML 404 page → "no such API route", check the Base URL', async () => {
		const error = await runError(world, getStatus(world.accountId), {
			credentials: world.credentials({ baseUrl: `${world.sb.baseUrl}/reconbanker/` }),
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('Reconbanker has no such API route (HTTP 404 with a non-JSON page)');
		expect(error.description).toMatch(/Check the Base URL .*path prefix/);
		expect(world.sb.log.map((entry) => `${entry.path} ${entry.status}`)).toEqual([
			`/reconbanker/v1/accounts/${world.accountId}/status 404`,
		]);
		expectNoSecret(error, world.key);
	});

	it('a closed port → "could not reach … connection was refused"', async () => {
		const baseUrl = await closedPortUrl();

		const error = await runError(world, getStatus(world.accountId), { credentials: world.credentials({ baseUrl }) });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Could not reach Reconbanker at ${new URL(baseUrl).host}: the connection was refused`);
		expect(error.description).toMatch(/Check the Base URL .* n8n can reach that server/);
		expect(error.httpCode).toBeNull();
		expectNoSecret(error, world.key);
	});

	it('a closed port on Submit says the code may or may not have arrived and nothing was retried', async () => {
		const baseUrl = await closedPortUrl();

		const error = await runError(world, submitUnchecked(world.accountId), { credentials: world.credentials({ baseUrl }) });

		expect(error.message).toMatch(/^Could not reach Reconbanker at .*: the connection was refused$/);
		expect(error.description).toBe(
			'The code may or may not have reached Reconbanker. Check the account status before submitting again; nothing was retried automatically.',
		);
		expectNoSecret(error, world.key);
	});

	it('a connection dropped without an answer → "connection was reset", one request, not retried', async () => {
		const server = await startCannedServer(() => 'reset');
		try {
			const error = await runError(world, submitUnchecked(world.accountId), {
				credentials: world.credentials({ baseUrl: server.baseUrl }),
			});

			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe(`Could not reach Reconbanker at ${new URL(server.baseUrl).host}: the connection was reset`);
			expect(error.description).toMatch(/may or may not have reached Reconbanker/);
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(server.requests).toHaveLength(1);
			expect(server.requests[0].headers.authorization).toBe(`Api-Key ${world.key}`);
			expectNoSecret(error, world.key);
		} finally {
			await server.close();
		}
	});

	it('a host name that does not resolve → "could not be resolved"', async () => {
		const error = await runError(world, getStatus(world.accountId), {
			credentials: world.credentials({ baseUrl: 'http://reconbanker.invalid' }),
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Could not reach Reconbanker at reconbanker.invalid: the host name could not be resolved');
		expectNoSecret(error, world.key);
	});

	// A real request timeout is not exercised: the node's timeout is a fixed 30 s (REQUEST_TIMEOUT_MS).
});

describe('bad parameters are NodeOperationErrors raised before any request', () => {
	it.each([
		['Get Status', { resource: 'account', operation: 'getStatus' }],
		['Wait for Code Request', { resource: 'account', operation: 'waitForCodeRequest', timeoutSeconds: 1 }],
		['Submit', { resource: 'code', operation: 'submit', code: '123456' }],
		['Submit (checks off)', { resource: 'code', operation: 'submit', code: '123456', checkPendingRequest: false }],
		['Extract From Text', { resource: 'code', operation: 'extractFromText', text: 'code 123456', descriptorSource: 'pendingRequest' }],
	])('%s with a non-UUID account id', async (_label, parameters) => {
		const error = await runError(world, { ...parameters, accountId: 'account-42' } as INodeParameters);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Account ID "account-42" is not a UUID');
		expect(error.description).toMatch(/Copy the account ID from the Reconbanker dashboard/);
		expect(world.sb.log).toHaveLength(0);
	});

	it.each([
		['not a URL', 'reconbanker.example.com', /must be an absolute URL starting with http/],
		['another scheme', 'ftp://reconbanker.example.com', /must use http or https/],
		['credentials in the URL', 'https://admin:hunter2-secret@reconbanker.example.com', /must not contain a user name or password/],
	])('a bad Base URL (%s) → a clear error without echoing it', async (_label, baseUrl, message) => {
		const error = await runError(world, getStatus(world.accountId), { credentials: world.credentials({ baseUrl }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(`${error.message} ${String(error.description ?? '')}`).not.toContain('hunter2-secret');
		expect(world.sb.log).toHaveLength(0);
	});
});

describe('continueOnFail', () => {
	it('failing items become error items with their pairedItem; the others succeed', async () => {
		const notAllowed = world.newAccount();
		const ok = world.newAccount();
		const { id } = world.sb.openRequest(ok, { length: 6, type: 'numeric' });

		const output = await run(world, getStatus('={{ $json.account }}'), {
			items: [
				{ json: { account: ok } },
				{ json: { account: 'not-a-uuid' } },
				{ json: { account: UNKNOWN_ACCOUNT } },
				{ json: { account: notAllowed } },
				{ json: { account: ok } },
			],
			continueOnFail: true,
			credentials: world.credentials({ apiKey: keyWith(['status:read'], [ok, UNKNOWN_ACCOUNT]) }),
		});

		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output[0].json).toMatchObject({ accountId: ok, requestId: id });
		expect(output[1].json).toEqual({
			error: 'The Account ID "not-a-uuid" is not a UUID',
			details: expect.stringMatching(/Copy the account ID/),
		});
		expect(output[2].json).toEqual({
			error: `Account not found: account ${UNKNOWN_ACCOUNT}`,
			details: expect.stringMatching(/Check the Account ID/),
		});
		expect(output[3].json).toEqual({
			error: `The API key is not allowed to do this for account ${notAllowed}`,
			details: expect.stringMatching(/status:read.*allow-list/),
		});
		expect(output[4].json).toMatchObject({ accountId: ok, requestId: id });
		// The non-UUID item never went out; every other item did, once.
		expect(statusReads(world.sb).length).toBe(4);
	});

	it('without it, the first failing item stops the run with its itemIndex', async () => {
		const ok = world.newAccount();

		const error = await runError(world, getStatus('={{ $json.account }}'), {
			items: [{ json: { account: ok } }, { json: { account: UNKNOWN_ACCOUNT } }, { json: { account: ok } }],
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(1);
		expect(statusReads(world.sb).map((entry) => entry.path)).toEqual([
			`/v1/accounts/${ok}/status`,
			`/v1/accounts/${UNKNOWN_ACCOUNT}/status`,
		]);
	});
});

describe('no secret anywhere', () => {
	it('the API key appears in no error (message, description, cause, context) and no error item', async () => {
		const apiKey = keyWith(['otp:write']);
		const revoked = world.sb.createApiKey({ userId: world.userId, scopes: ['status:read'] });
		world.sb.revokeApiKey(revoked.id);
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });
		const closed = await closedPortUrl();

		const failures: unknown[] = [
			await runError(world, getStatus(accountId), withKey(apiKey)), // 403
			await runError(world, submitUnchecked(UNKNOWN_ACCOUNT), withKey(apiKey)), // 404
			await runError(world, getStatus(accountId), { credentials: world.credentials({ baseUrl: closed, apiKey }) }),
			await runError(world, getStatus(accountId), {
				credentials: world.credentials({ baseUrl: `${world.sb.baseUrl}/x`, apiKey }),
			}),
		];
		for (const failure of failures) expectNoSecret(failure, apiKey);
		expectNoSecret(await runError(world, getStatus(accountId), withKey(revoked.key)), revoked.key);

		const items = await run(world, submitParameters('={{ $json.account }}', '123456'), {
			items: [{ json: { account: accountId } }, { json: { account: UNKNOWN_ACCOUNT } }],
			continueOnFail: true,
			credentials: world.credentials({ apiKey }),
		});
		expect(items).toHaveLength(2);
		expectNoSecret(items, apiKey);
	});
});

describe('redirects are never followed (they would carry the key and the code elsewhere)', () => {
	it('a 307 from the Base URL is an error; the other origin receives nothing', async () => {
		const elsewhere = await startCannedServer(() => ({ status: 202, body: '{"submitted":true}' }));
		const redirecting = await startCannedServer((req) => ({
			status: 307,
			headers: { Location: `${elsewhere.baseUrl}${req.url ?? '/'}?token=abc` },
			body: '',
		}));
		try {
			const accountId = world.newAccount();
			const error = await runError(world, submitUnchecked(accountId), {
				credentials: world.credentials({ baseUrl: redirecting.baseUrl }),
			});

			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe(
				`Reconbanker answered with a redirect (HTTP 307) to ${elsewhere.baseUrl}/v1/accounts/${accountId}/otp`,
			);
			expect(error.description).toMatch(/not followed/);
			expect(redirecting.requests).toHaveLength(1);
			expect(elsewhere.requests).toHaveLength(0);
		} finally {
			await redirecting.close();
			await elsewhere.close();
		}
	});
});
