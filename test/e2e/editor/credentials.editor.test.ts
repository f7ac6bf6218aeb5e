/**
 * Each credential type of the package, opened in the editor (Credentials → Create credential): its
 * fields, and for the types with a test, n8n's test-on-save against a real sandbox — the success
 * banner for good data, and a clear failure message for a wrong key / password / address.
 */
import { e2e, startTestSandbox, type SandboxHandle } from '../harness/context';
import type { CredentialTypeEntry } from '../harness/n8n-types';
import { closeBrowser, openEditor, type EditorSession } from './browser';
import {
	closeCredentialModal,
	credentialFields,
	fillCredentialField,
	newCredential,
	saveAndReadTest,
	saveWithoutTest,
} from './editor-pages';
import { packageCredentialTypes } from './package-nodes';

const { api } = e2e();

interface CredentialWalk {
	/** a type without a test: saving it must not claim a tested connection */
	noTest?: { fill: () => Record<string, string> };
	/** fields the form must show (by name) */
	fields: string[];
	/** good data (tested: success), or null for a type without a test */
	good: (() => Record<string, string>) | null;
	/** changes that must fail the test, each with what the message must say */
	bad: Array<{ what: string; change: () => Record<string, string>; message: RegExp }>;
	screenshot?: string;
}

let sandbox: SandboxHandle;
let apiKey: string;
const dashboardLogin = { email: 'editor-walk@example.com', password: 'Editor-walk-dashboard-1' };

// Every credential type of the package needs an entry here: a new type fails the walk until it has one.
const WALKS: Record<string, CredentialWalk> = {
	reconbankerApi: {
		fields: ['baseUrl', 'apiKey'],
		good: () => ({ baseUrl: sandbox.baseUrl, apiKey }),
		bad: [
			{
				what: 'an unknown API key',
				change: () => ({ apiKey: `rbk_00000000_${'0'.repeat(64)}` }),
				message: /API key/i,
			},
			{
				// Says what happened, not a bare "ECONNREFUSED".
				what: 'a Base URL where nothing answers',
				change: () => ({ baseUrl: 'http://127.0.0.1:9' }),
				message: /^(?!ECONNREFUSED$).*Could not reach Reconbanker/is,
			},
		],
		screenshot: 'credential-test',
	},
	reconbankerDashboardApi: {
		fields: ['baseUrl', 'email', 'password'],
		good: () => ({ baseUrl: sandbox.baseUrl, ...dashboardLogin }),
		bad: [{ what: 'a wrong password', change: () => ({ password: 'not-the-password-1' }), message: /password/i }],
	},
	reconbankerWebhookAuth: {
		fields: ['token'],
		good: null,
		bad: [],
		// It contacts nothing (notifications come in): no "Connection tested successfully".
		noTest: { fill: () => ({ token: 'whk_editor_walk_token_0123456789abcdef' }) },
	},
};

let session: EditorSession;
let types: CredentialTypeEntry[];
let before: Set<string>;

const listCredentials = async () =>
	(await api.get<{ data: Array<{ id: string; type: string }> }>('/credentials?limit=250')).data;

beforeAll(async () => {
	types = await packageCredentialTypes();
	before = new Set((await listCredentials()).map((c) => c.id));
	sandbox = await startTestSandbox();
	const user = sandbox.createUser(dashboardLogin);
	sandbox.createAccount({ userId: user.id });
	apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: null }).key;
	session = await openEditor({ theme: 'light' });
});

afterAll(async () => {
	await session?.close();
	await closeBrowser();
	// What the walk saved in the shared n8n (files run one at a time: every new one is ours).
	for (const credential of await listCredentials().catch(() => [])) {
		if (!before?.has(credential.id) && credential.type in WALKS) await api.delete(`/credentials/${credential.id}`).catch(() => undefined);
	}
});

test('every credential type of the package has a walk', () => {
	expect(types.map((t) => t.name).sort()).toEqual(Object.keys(WALKS).sort());
});

describe.each(Object.keys(WALKS))('credential %s in the editor', (typeName) => {
	const walk = WALKS[typeName];

	test('shows its fields; Test passes for good data and fails clearly for bad data', async () => {
		const type = types.find((t) => t.name === typeName);
		if (!type) throw new Error(`n8n has no credential type ${typeName}`);
		const { page } = session;
		await newCredential(session, type.displayName);
		const fields = await credentialFields(page, walk.fields);
		expect(fields).toEqual(expect.arrayContaining(walk.fields));

		if (walk.good) {
			session.step(`${typeName}: test with good data`);
			for (const [name, value] of Object.entries(walk.good())) await fillCredentialField(page, name, value);
			const result = await saveAndReadTest(page);
			expect(result).toEqual({ ok: true });
			if (walk.screenshot) await session.screenshot(walk.screenshot);

			for (const bad of walk.bad) {
				session.step(`${typeName}: test with ${bad.what}`);
				for (const [name, value] of Object.entries(bad.change())) await fillCredentialField(page, name, value);
				const failed = await saveAndReadTest(page);
				expect(failed.ok).toBe(false);
				if (!failed.ok) {
					expect(failed.message).toMatch(bad.message);
					// Secrets never appear in the message.
					expect(failed.message).not.toContain(apiKey);
					expect(failed.message).not.toContain(dashboardLogin.password);
				}
			}
		}
		if (walk.noTest) {
			session.step(`${typeName}: save without a test`);
			for (const [name, value] of Object.entries(walk.noTest.fill())) await fillCredentialField(page, name, value);
			expect(await saveWithoutTest(page)).toEqual({ testRequested: false, claimsSuccess: false });
		}
		await closeCredentialModal(page);
		session.expectNoPackageErrors();
	});
});
