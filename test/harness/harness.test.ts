/**
 * Proves the harness: fixture nodes run through n8n-core's contexts against a real local
 * HTTP API (no mocked axios).
 */
import { NodeApiError, VersionedNodeType } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import {
	HARNESS_WEBHOOK_ID,
	registerCredentialTypes,
	runNode,
	runPoll,
	runWebhook,
	runWebhookMethod,
	startWebhookReceiver,
	testCredential,
	webhookUrlFor,
	type RunWebhookResult,
	type WebhookReceiver,
} from './index';
import { FixtureAction } from './fixtures/FixtureAction.node';
import { FixtureApi, FixtureApiBodyRule } from './fixtures/FixtureApi.credentials';
import { FixtureDeclarative } from './fixtures/FixtureDeclarative.node';
import { FixturePollTrigger } from './fixtures/FixturePollTrigger.node';
import { FixtureSessionApi } from './fixtures/FixtureSessionApi.credentials';
import { FixtureWebhookTrigger } from './fixtures/FixtureWebhookTrigger.node';
import { GOOD_KEY, startFixtureApiServer, type FixtureApiServer } from './fixtures/fixture-api-server';

let api: FixtureApiServer;
const credentials = () => ({ fixtureApi: { baseUrl: api.baseUrl, apiKey: GOOD_KEY } });

beforeAll(async () => {
	registerCredentialTypes(new FixtureApi());
	api = await startFixtureApiServer();
});

afterAll(async () => {
	await api.close();
});

beforeEach(() => {
	api.requests.length = 0;
});

describe('runNode (WorkflowExecute → ExecuteContext)', () => {
	it('sends the credential auth header, resolves expressions and returns items with pairedItem', async () => {
		const output = await runNode(new FixtureAction(), {
			parameters: { code: '={{ $json.code }}', note: '=note for {{ $json.code.toUpperCase() }}' },
			credentials: credentials(),
			items: [{ json: { code: 'abc' } }, { json: { code: 'x y' } }],
		});

		expect(output).toEqual([
			[
				{
					json: { code: 'abc', found: true, client: 'harness-default-client', note: 'note for ABC' },
					pairedItem: { item: 0 },
				},
				{
					json: { code: 'x y', found: true, client: 'harness-default-client', note: 'note for X Y' },
					pairedItem: { item: 1 },
				},
			],
		]);
		expect(api.requests.map((r) => r.path)).toEqual(['/items/abc', '/items/x%20y']);
		// IAuthenticateGeneric with `={{$credentials.*}}`, incl. a credential property default.
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
		expect(api.requests[0].headers['x-client']).toBe('harness-default-client');
	});

	it('uses [{ json: {} }] as default input', async () => {
		const output = await runNode(new FixtureAction(), {
			parameters: { code: 'static' },
			credentials: credentials(),
		});
		expect(output[0]).toHaveLength(1);
		expect(output[0][0].json.code).toBe('static');
	});

	it('with continueOnFail returns an error item that keeps its pairedItem', async () => {
		const output = await runNode(new FixtureAction(), {
			parameters: { code: '={{ $json.code }}' },
			credentials: credentials(),
			items: [{ json: { code: 'a' } }, { json: { code: 'unknown' } }, { json: { code: 'b' } }],
			continueOnFail: true,
		});

		expect(output[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0][0].json.code).toBe('a');
		// n8n's NodeApiError message for a 404 from the request helper.
		expect(output[0][1].json.error).toBe('The resource you are requesting could not be found');
		expect(output[0][2].json.code).toBe('b');
	});

	it('surfaces a thrown NodeApiError (original instance) with its message', async () => {
		const run = runNode(new FixtureAction(), {
			parameters: { code: 'unknown' },
			credentials: credentials(),
		});
		await expect(run).rejects.toThrow(NodeApiError);
		await expect(run).rejects.toMatchObject({
			message: 'Fixture API rejected code "unknown"',
			httpCode: '404',
			context: { itemIndex: 0 },
		});
	});

	it('runs a declarative (routing) node through n8n-core RoutingNode', async () => {
		const output = await runNode(new FixtureDeclarative(), {
			parameters: { code: '={{ $json.code }}' },
			credentials: credentials(),
			items: [{ json: { code: 'r1' } }, { json: { code: 'r2' } }],
		});
		expect(output[0].map((item) => item.json.code)).toEqual(['r1', 'r2']);
		expect(output[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${GOOD_KEY}`);

		// Errors thrown inside the engine come back with their n8n error class.
		const failing = runNode(new FixtureDeclarative(), { parameters: { code: 'unknown' }, credentials: credentials() });
		await expect(failing).rejects.toThrow(NodeApiError);
		await expect(failing).rejects.toMatchObject({ httpCode: '404' });
	});

	it('runs a versioned node type at the requested version', async () => {
		const versioned = new VersionedNodeType(
			{ 1: new FixtureAction(), 2: new FixtureAction() },
			{ displayName: 'Fixture Action', name: 'fixtureAction', group: ['transform'], description: '', defaultVersion: 2 },
		);
		const output = await runNode(versioned, { parameters: { code: 'v' }, credentials: credentials(), typeVersion: 1 });
		expect(output[0][0].json.code).toBe('v');
	});

	it('fails like n8n when a required credential is missing', async () => {
		await expect(runNode(new FixtureAction(), { parameters: { code: 'a' } })).rejects.toThrow(
			'Node does not have any credentials set',
		);
	});

	it('fails like n8n when the API rejects the key', async () => {
		await expect(
			runNode(new FixtureAction(), {
				parameters: { code: 'a' },
				credentials: { fixtureApi: { baseUrl: api.baseUrl, apiKey: 'wrong' } },
			}),
		).rejects.toMatchObject({ httpCode: '401' });
	});
});

describe('runWebhook (WebhookContext) through startWebhookReceiver', () => {
	let receiver: WebhookReceiver;
	const results: RunWebhookResult[] = [];
	const staticData: IDataObject = {};

	beforeAll(async () => {
		receiver = await startWebhookReceiver(async (request) => {
			const result = await runWebhook(new FixtureWebhookTrigger(), {
				parameters: { secret: 's3cret' },
				credentials: credentials(),
				staticData,
				request,
			});
			results.push(result);
			return result;
		});
	});

	afterAll(async () => {
		await receiver.close();
	});

	const post = async (body: unknown, headers: Record<string, string>) =>
		await fetch(`${receiver.url}/webhook/${HARNESS_WEBHOOK_ID}/events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
		});

	it('answers 401 itself for a wrong secret header', async () => {
		const response = await post({ id: 1 }, { 'x-fixture-secret': 'nope' });
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ error: 'invalid secret' });
		const result = results.at(-1)!;
		expect(result).toMatchObject({ noWebhookResponse: true, nodeResponded: true, responseStatus: 401 });
		expect(result.workflowData).toBeUndefined();
	});

	it('emits the event and n8n answers "Workflow was started"', async () => {
		const body = { id: 7, text: 'code requested' };
		const response = await post(body, { 'x-fixture-secret': 's3cret' });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ message: 'Workflow was started' });

		const result = results.at(-1)!;
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						id: 7,
						text: 'code requested',
						rawBodyLength: Buffer.byteLength(JSON.stringify(body)),
						webhookUrl: `http://localhost:5678/webhook/${HARNESS_WEBHOOK_ID}/events`,
					},
				},
			],
		]);
		expect(staticData['node:Fixture Webhook Trigger']).toEqual({ seenEventIds: ['7'] });
	});

	it('dedupes through static data that persists between calls', async () => {
		const response = await post({ id: 7, text: 'again' }, { 'x-fixture-secret': 's3cret' });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ duplicate: true });
		expect(results.at(-1)!.workflowData).toBeUndefined();
	});
});

describe('runWebhook without a receiver', () => {
	it('returns the webhookResponse of a duplicate and rejects a wrong method with 404', async () => {
		const staticData: IDataObject = { 'node:Fixture Webhook Trigger': { seenEventIds: ['9'] } };
		const duplicate = await runWebhook(new FixtureWebhookTrigger(), {
			parameters: { secret: 's' },
			credentials: credentials(),
			staticData,
			request: { method: 'POST', headers: { 'X-Fixture-Secret': 's' }, body: { id: 9 } },
		});
		expect(duplicate).toMatchObject({ responseStatus: 200, responseBody: { duplicate: true } });
		expect(duplicate.workflowData).toBeUndefined();

		const wrongMethod = await runWebhook(new FixtureWebhookTrigger(), {
			parameters: { secret: 's' },
			request: { method: 'GET', headers: {} },
		});
		expect(wrongMethod.responseStatus).toBe(404);
	});
});

describe('runWebhookMethod (HookContext)', () => {
	it('create / checkExists / delete round trip keeps the subscription id in static data', async () => {
		const staticData: IDataObject = {};
		const options = {
			parameters: { secret: 's3cret' },
			credentials: credentials(),
			staticData,
			webhookUrl: 'https://n8n.example.com/webhook/abc/events',
		};
		const trigger = new FixtureWebhookTrigger();

		expect((await runWebhookMethod(trigger, 'checkExists', options)).result).toBe(false);
		expect((await runWebhookMethod(trigger, 'create', options)).result).toBe(true);

		const subscriptionId = (staticData['node:Fixture Webhook Trigger'] as IDataObject).subscriptionId as string;
		expect(api.subscriptions.get(subscriptionId)).toEqual({
			url: 'https://n8n.example.com/webhook/abc/events',
			activation: 'activate',
		});
		expect((await runWebhookMethod(trigger, 'checkExists', options)).result).toBe(true);

		expect((await runWebhookMethod(trigger, 'delete', options)).result).toBe(true);
		expect(api.subscriptions.has(subscriptionId)).toBe(false);
		expect(staticData['node:Fixture Webhook Trigger']).toEqual({});
		expect((await runWebhookMethod(trigger, 'checkExists', options)).result).toBe(false);
	});

	it('checkExists forgets a subscription the API no longer knows', async () => {
		const staticData: IDataObject = { 'node:Fixture Webhook Trigger': { subscriptionId: 'sub-gone' } };
		const { result } = await runWebhookMethod(new FixtureWebhookTrigger(), 'checkExists', {
			parameters: { secret: 's' },
			credentials: credentials(),
			staticData,
			webhookUrl: 'http://127.0.0.1:1/x',
		});
		expect(result).toBe(false);
		expect(staticData['node:Fixture Webhook Trigger']).toEqual({});
	});

	it('registers the exact receiver URL n8n would build (webhookUrlFor)', async () => {
		const receiver = await startWebhookReceiver(async () => ({ responseStatus: 204, responseBody: undefined }));
		try {
			const webhookUrl = webhookUrlFor(new FixtureWebhookTrigger(), {
				parameters: { secret: 's' },
				baseUrl: `${receiver.url}/webhook`,
			});
			expect(webhookUrl).toBe(`${receiver.url}/webhook/${HARNESS_WEBHOOK_ID}/events`);
			const staticData: IDataObject = {};
			await runWebhookMethod(new FixtureWebhookTrigger(), 'create', {
				parameters: { secret: 's' },
				credentials: credentials(),
				staticData,
				webhookUrl,
				mode: 'manual',
			});
			const id = (staticData['node:Fixture Webhook Trigger'] as IDataObject).subscriptionId as string;
			expect(api.subscriptions.get(id)).toEqual({ url: webhookUrl, activation: 'manual' });
		} finally {
			await receiver.close();
		}
	});
});

describe('runPoll (PollContext via PollTriggerExecutor)', () => {
	it('keeps a cursor in static data across runs', async () => {
		api.events.push({ id: 1, channel: 'main', text: 'one' }, { id: 2, channel: 'main', text: 'two' });
		api.events.push({ id: 3, channel: 'other', text: 'elsewhere' });
		const staticData: IDataObject = {};
		const options = { parameters: {}, credentials: credentials(), staticData };

		const first = await runPoll(new FixturePollTrigger(), options);
		expect(first.result).toEqual([
			[{ json: { id: 1, channel: 'main', text: 'one' } }, { json: { id: 2, channel: 'main', text: 'two' } }],
		]);
		expect(first.staticData).toBe(staticData);
		expect(staticData['node:Fixture Poll Trigger']).toEqual({ cursor: 2 });

		const second = await runPoll(new FixturePollTrigger(), options);
		expect(second.result).toBeNull();

		api.events.push({ id: 4, channel: 'main', text: 'four' });
		const third = await runPoll(new FixturePollTrigger(), options);
		expect(third.result).toEqual([[{ json: { id: 4, channel: 'main', text: 'four' } }]]);
		expect(staticData['node:Fixture Poll Trigger']).toEqual({ cursor: 4 });
		expect(api.requests.map((r) => r.query.after)).toEqual(['0', '2', '2']);
		expect(api.requests[0].query.budgetMs).toBe(String(5 * 60 * 1000)); // n8n-core's default
	});

	it('runs manual polls ("Fetch test event") and passes a poll budget', async () => {
		api.events.push({ id: 10, channel: 'budget', text: 'ten' });
		const { result } = await runPoll(new FixturePollTrigger(), {
			parameters: { channel: 'budget' },
			credentials: credentials(),
			mode: 'manual',
			pollBudgetMs: 1234,
		});
		expect(result).toEqual([[{ json: { id: 10, channel: 'budget', text: 'ten' } }]]);
		expect(api.requests.at(-1)?.query.budgetMs).toBe('1234');
	});

	it('rethrows poll errors (trigger mode routes them to __emitError)', async () => {
		await expect(
			runPoll(new FixturePollTrigger(), {
				parameters: {},
				credentials: { fixtureApi: { baseUrl: api.baseUrl, apiKey: 'wrong' } },
			}),
		).rejects.toMatchObject({ httpCode: '401' });
	});
});

describe('testCredential (CredentialsTester semantics)', () => {
	it('returns OK for a working key', async () => {
		await expect(testCredential(new FixtureApi(), { baseUrl: api.baseUrl, apiKey: GOOD_KEY })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
	});

	it('returns Error for a rejected key', async () => {
		const result = await testCredential(new FixtureApi(), { baseUrl: api.baseUrl, apiKey: 'wrong' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/401|Unauthorized/);
	});

	it('applies test.rules (responseCode and responseSuccessBody)', async () => {
		await expect(
			testCredential(new FixtureApi(), { baseUrl: api.baseUrl, apiKey: 'forbidden-key' }),
		).resolves.toEqual({ status: 'Error', message: 'This API key is not allowed to use the fixture API' });
		await expect(
			testCredential(new FixtureApiBodyRule(), { baseUrl: api.baseUrl, apiKey: 'suspended-key' }),
		).resolves.toEqual({ status: 'Error', message: 'The account is suspended' });
		await expect(
			testCredential(new FixtureApiBodyRule(), { baseUrl: api.baseUrl, apiKey: GOOD_KEY }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('reports a connection error by its code', async () => {
		const result = await testCredential(new FixtureApi(), { baseUrl: 'http://127.0.0.1:1', apiKey: GOOD_KEY });
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it('runs preAuthentication before authenticating', async () => {
		await expect(
			testCredential(new FixtureSessionApi(), { baseUrl: api.baseUrl, username: 'alice', password: 'secret' }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /session', 'GET /session/check']);
		expect(api.requests[1].headers['x-session']).toMatch(/^session-/);

		const bad = await testCredential(new FixtureSessionApi(), {
			baseUrl: api.baseUrl,
			username: 'alice',
			password: 'wrong',
		});
		expect(bad.status).toBe('Error');
	});
});
