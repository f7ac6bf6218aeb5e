/**
 * The Reconbanker API credential's test (the nodes' `testedBy` function), run by the real n8n through
 * its public API (POST /api/v1/credentials/{id}/test) against the sandbox: a valid key passes, a
 * wrong or revoked key fails with a clear message, and so do a Base URL that is not Reconbanker and a
 * host n8n cannot reach ("could not reach <host>: …", not n8n's bare "ECONNREFUSED").
 */
import { createServer } from 'node:net';

import { createCredential, e2e, startTestSandbox, testStoredCredential, type SandboxHandle } from './harness/context';

const { api } = e2e();

const INVALID_KEY = 'Reconbanker rejected the API key: it is malformed, unknown or revoked. Create a new key in the Reconbanker dashboard.';
const NOT_RECONBANKER =
	'The Base URL did not answer like a Reconbanker server. Check the address and any path prefix (the node adds /v1/… itself).';

/** A loopback port nothing listens on (opened, then closed). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

describe('Reconbanker API credential test in n8n', () => {
	let sandbox: SandboxHandle;
	let validKey: string;
	let revokedKey: string;

	beforeAll(async () => {
		sandbox = await startTestSandbox();
		const user = sandbox.createUser({ email: 'cred-test@example.com', password: 'pw-cred-test' });
		sandbox.createAccount({ userId: user.id });
		validKey = sandbox.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null }).key;
		const revoked = sandbox.createApiKey({ userId: user.id, scopes: ['status:read', 'otp:write'], accountIds: null });
		sandbox.revokeApiKey(revoked.id);
		revokedKey = revoked.key;
	});

	afterAll(() => sandbox.close());

	const testCredential = async (data: Record<string, unknown>): Promise<TestResult> => {
		const id = await createCredential(api, 'reconbankerApi', data);
		try {
			return await testStoredCredential(id, 'reconbankerApi', data);
		} finally {
			await api.delete(`/credentials/${id}`);
		}
	};

	test('a valid key passes', async () => {
		const result = await testCredential({ baseUrl: sandbox.baseUrl, apiKey: validKey });
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	test('a well-formed but unknown key fails with the clear message', async () => {
		const unknownKey = `rbk_0123abcd_${'ab'.repeat(32)}`;
		const result = await testCredential({ baseUrl: sandbox.baseUrl, apiKey: unknownKey });
		expect(result).toEqual({ status: 'Error', message: INVALID_KEY });
	});

	test('a revoked key fails with the clear message', async () => {
		const result = await testCredential({ baseUrl: sandbox.baseUrl, apiKey: revokedKey });
		expect(result).toEqual({ status: 'Error', message: INVALID_KEY });
	});

	test('a Base URL that is not Reconbanker fails with the clear message', async () => {
		// Outside /v1 the sandbox answers like the real server's Express: an HTML 404.
		const result = await testCredential({ baseUrl: `${sandbox.baseUrl}/not-reconbanker`, apiKey: validKey });
		expect(result).toEqual({ status: 'Error', message: NOT_RECONBANKER });
	});

	test('an unreachable host fails with "could not reach <host>: the connection was refused"', async () => {
		const port = await closedPort();
		const result = await testCredential({ baseUrl: `http://127.0.0.1:${port}`, apiKey: validKey });
		expect(result).toEqual({
			status: 'Error',
			message: `Could not reach Reconbanker at 127.0.0.1:${port}: the connection was refused. Check the Base URL and that n8n can reach that server.`,
		});
	});

	test('n8n sent the key in a header only, never in a URL or a body', () => {
		const entries = sandbox.log as Array<{ path: string; rawBody: string; headers: Record<string, unknown> }>;
		expect(entries.length).toBeGreaterThan(0);
		for (const entry of entries) {
			expect(entry.path).not.toContain(validKey);
			expect(entry.rawBody).not.toContain(validKey);
		}
		expect(entries.some((e) => e.headers.authorization === `Api-Key ${validKey}`)).toBe(true);
	});
});
