/**
 * The "Reconbanker API" credential test, run the way n8n's CredentialsTester runs it: the function
 * the nodes name with `testedBy` (test/harness `testCredential` with the node types, n8n-core
 * CredentialTestContext), against the sandbox over real HTTP.
 *
 * It probes the status of an account no key can own: 401 means the key is bad; 403/404 mean the key
 * was accepted — so it must pass for any valid key, whatever its scopes or account allow-list.
 */
import { ReconbankerApi } from '../../credentials/ReconbankerApi.credentials';
import { Reconbanker } from '../../nodes/Reconbanker/Reconbanker.node';
import { ReconbankerStatusTrigger } from '../../nodes/ReconbankerStatusTrigger/ReconbankerStatusTrigger.node';
import { testCredential } from '../harness';
import { startSandbox } from '../sandbox';
import { closedPortUrl, startCannedServer, useWorld } from '../nodes/Reconbanker/helpers';

const OK = { status: 'OK', message: 'Connection successful!' };
const PROBE_PATH = '/v1/accounts/00000000-0000-4000-8000-000000000000/status';

const world = useWorld();

function key(scopes: string[], accountIds: string[] | null = null): { id: string; key: string } {
	return world.sb.createApiKey({ userId: world.userId, scopes, accountIds });
}

const check = (apiKey: string, baseUrl = world.sb.baseUrl) =>
	testCredential(new ReconbankerApi(), { baseUrl, apiKey }, { nodeTypes: [new Reconbanker()] });

describe('Reconbanker API credential test: valid keys pass', () => {
	it('a key with both scopes → OK, with one GET of the probe account and the Api-Key header', async () => {
		const { key: apiKey } = key(['otp:write', 'status:read']);

		await expect(check(apiKey)).resolves.toEqual(OK);

		expect(world.sb.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([`GET ${PROBE_PATH} 404`]);
		expect(world.sb.log[0].headers.authorization).toBe(`Api-Key ${apiKey}`);
	});

	it('a key with only otp:write (the probe answers 403) → OK', async () => {
		await expect(check(key(['otp:write']).key)).resolves.toEqual(OK);
		expect(world.sb.log.map((entry) => entry.status)).toEqual([403]);
	});

	it('a key with only status:read → OK', async () => {
		await expect(check(key(['status:read']).key)).resolves.toEqual(OK);
	});

	it('a key limited to a short account allow-list (the probe answers 403) → OK', async () => {
		await expect(check(key(['otp:write', 'status:read'], [world.accountId]).key)).resolves.toEqual(OK);
		expect(world.sb.log.map((entry) => entry.status)).toEqual([403]);
	});

	it('a base URL with a path prefix and trailing slashes → OK, path joined once', async () => {
		const prefixed = await startSandbox({ port: 0, host: '127.0.0.1', pathPrefix: '/reconbanker' });
		try {
			const user = prefixed.createUser({ email: 'p@example.com', password: 'pw' });
			const { key: apiKey } = prefixed.createApiKey({ userId: user.id, scopes: ['otp:write'], accountIds: null });

			await expect(check(apiKey, `${prefixed.baseUrl}//`)).resolves.toEqual(OK);

			expect(prefixed.log.map((entry) => entry.path)).toEqual([`/reconbanker${PROBE_PATH}`]);
		} finally {
			await prefixed.close();
		}
	});
});

describe('Reconbanker API credential test: bad keys and addresses fail with a clear message', () => {
	it('a revoked key → Error with our "rejected the API key" message, key not echoed', async () => {
		const created = key(['otp:write', 'status:read']);
		world.sb.revokeApiKey(created.id);

		const result = await check(created.key);

		expect(result).toEqual({
			status: 'Error',
			message:
				'Reconbanker rejected the API key: it is malformed, unknown or revoked. Create a new key in the Reconbanker dashboard.',
		});
		expect(JSON.stringify(result)).not.toContain(created.key);
	});

	it.each([
		['malformed', 'rbk_12345678_tooshort'],
		['not a Reconbanker key at all', 'sk-live-0123456789abcdef'],
		['well-formed but unknown', `rbk_deadbeef_${'0'.repeat(64)}`],
	])('a %s key → Error', async (_label, apiKey) => {
		const result = await check(apiKey);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Reconbanker rejected the API key: it is malformed, unknown or revoked/);
	});

	it('an empty key → Error saying no key was received', async () => {
		const result = await check('');

		expect(result).toEqual({
			status: 'Error',
			message: 'Reconbanker received no API key. Paste the key (rbk_…) into the API Key field.',
		});
		expect(world.sb.log[0].headers.authorization ?? '').toBe('');
	});

	it('a wrong base URL path (HTML 404) → Error "did not answer like a Reconbanker server"', async () => {
		const result = await check(key(['status:read']).key, `${world.sb.baseUrl}/wrong-prefix`);

		expect(result).toEqual({
			status: 'Error',
			message:
				'The Base URL did not answer like a Reconbanker server. Check the address and any path prefix (the node adds /v1/… itself).',
		});
		expect(world.sb.log.map((entry) => `${entry.path} ${entry.status}`)).toEqual([`/wrong-prefix${PROBE_PATH} 404`]);
	});

	it('another JSON service answering 200 → Error "did not answer like a Reconbanker server"', async () => {
		const server = await startCannedServer(() => ({
			status: 200,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ ok: true }),
		}));
		try {
			const result = await check(key(['status:read']).key, server.baseUrl);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not answer like a Reconbanker server/);
		} finally {
			await server.close();
		}
	});

	it('a server error (500 INTERNAL_ERROR) → Error saying the key could not be checked', async () => {
		const server = await startCannedServer(() => ({
			status: 500,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } }),
		}));
		try {
			const result = await check(key(['status:read']).key, server.baseUrl);
			expect(result).toEqual({
				status: 'Error',
				message: 'Reconbanker answered with an internal error, so the key could not be checked. Try again later.',
			});
		} finally {
			await server.close();
		}
	});

	it('an unreachable host (closed port) → "could not reach <host>: connection refused", not a bare ECONNREFUSED', async () => {
		const apiKey = key(['status:read']).key;
		const url = await closedPortUrl();

		const result = await check(apiKey, url);

		expect(result).toEqual({
			status: 'Error',
			message: `Could not reach Reconbanker at ${new URL(url).host}: the connection was refused. Check the Base URL and that n8n can reach that server.`,
		});
		expect(JSON.stringify(result)).not.toContain(apiKey);
	});

	it('a redirect → Error, not followed (the key goes nowhere else)', async () => {
		const server = await startCannedServer(() => ({ status: 302, headers: { Location: 'https://elsewhere.example.com/x' }, body: '' }));
		try {
			const result = await check(key(['status:read']).key, server.baseUrl);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Reconbanker answered with a redirect \(HTTP 302\); it was not followed/);
		} finally {
			await server.close();
		}
	});

	it('the Status Trigger offers the same test (n8n picks any node that names the credential)', async () => {
		const url = await closedPortUrl();
		const result = await testCredential(
			new ReconbankerApi(),
			{ baseUrl: url, apiKey: key(['status:read']).key },
			{ nodeTypes: [new ReconbankerStatusTrigger()] },
		);
		expect(result.message).toMatch(/^Could not reach Reconbanker at .*: the connection was refused/);
	});
});
