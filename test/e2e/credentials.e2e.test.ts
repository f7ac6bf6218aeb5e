/**
 * The Reconbanker API credential's test, run by the real n8n through its public API
 * (POST /api/v1/credentials/{id}/test) against the sandbox: a valid key passes, a wrong or revoked key
 * fails with the credential's own clear message, and so does a Base URL that is not Reconbanker.
 */
import path from 'node:path';

import { createCredential, e2e, REPO_ROOT, startTestSandbox, testStoredCredential, type SandboxHandle } from './harness/context';

const { api } = e2e();

/** The messages the credential's test rules give, read from the built class (wording may change). */
function ruleMessage(errorCode: string | undefined): string {
	const { ReconbankerApi } = require(path.join(REPO_ROOT, 'dist', 'credentials', 'ReconbankerApi.credentials.js'));
	const rules: Array<{ properties: { key: string; value: unknown; message: string } }> = new ReconbankerApi().test.rules;
	const rule = rules.find((r) => r.properties.key === 'error.code' && r.properties.value === errorCode);
	if (!rule) throw new Error(`ReconbankerApi has no test rule for error.code ${String(errorCode)}`);
	return rule.properties.message;
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
		expect(result).toEqual({ status: 'Error', message: ruleMessage('INVALID_API_KEY') });
	});

	test('a revoked key fails with the clear message', async () => {
		const result = await testCredential({ baseUrl: sandbox.baseUrl, apiKey: revokedKey });
		expect(result).toEqual({ status: 'Error', message: ruleMessage('INVALID_API_KEY') });
	});

	test('a Base URL that is not Reconbanker fails with the clear message', async () => {
		// Outside /v1 the sandbox answers like the real server's Express: an HTML 404.
		const result = await testCredential({ baseUrl: `${sandbox.baseUrl}/not-reconbanker`, apiKey: validKey });
		expect(result).toEqual({ status: 'Error', message: ruleMessage(undefined) });
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
