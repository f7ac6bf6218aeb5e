/**
 * Account → Get Status, run through n8n-core's engine against the sandbox over HTTP.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { run, statusReads, useWorld, v1Requests } from './helpers';

const world = useWorld();

const getStatus = (accountId: string) => ({ resource: 'account', operation: 'getStatus', accountId });

describe('Get Status', () => {
	it('outputs the raw status plus camelCase accountId, sessionRunning, hasPendingRequest, requestId, descriptor and attempts', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });
		world.sb.resend(accountId); // same request, attempts 2

		const output = await run(world, getStatus(accountId));

		const descriptor = { length: 6, type: 'numeric', purpose: 'login' };
		expect(output).toEqual([
			{
				json: {
					accountId,
					sessionRunning: true,
					hasPendingRequest: true,
					requestId: id,
					requestType: 'otp',
					descriptor,
					attempts: 2,
				},
				pairedItem: { item: 0 },
			},
		]);
		// One read, with the key in the documented header, and nothing else.
		const requests = v1Requests(world.sb);
		expect(requests).toHaveLength(1);
		expect(requests[0].method).toBe('GET');
		expect(requests[0].path).toBe(`/v1/accounts/${accountId}/status`);
		expect(requests[0].headers.authorization).toBe(`Api-Key ${world.key}`);
		expect(requests[0].status).toBe(200);
	});

	it('reports no pending request with null convenience fields', async () => {
		const accountId = world.newAccount();

		const output = await run(world, getStatus(accountId));

		expect(output.map((item) => item.json)).toEqual([
			{
				accountId,
				sessionRunning: false,
				hasPendingRequest: false,
				requestId: null,
				requestType: null,
				descriptor: null,
				attempts: null,
			},
		]);
	});

	it('reads one status per input item, each paired with its item, accounts from expressions', async () => {
		const first = world.newAccount();
		const second = world.newAccount();
		const { id } = world.sb.openRequest(second, { length: 8, type: 'alphanumeric' });

		const output = await run(world, getStatus('={{ $json.account }}'), {
			items: [{ json: { account: first } }, { json: { account: ` ${second} ` } }],
		});

		expect(output.map((item) => [item.json.accountId, item.json.requestId, item.pairedItem])).toEqual([
			[first, null, { item: 0 }],
			[second, id, { item: 1 }],
		]);
		expect(output[1].json.descriptor).toEqual({ length: 8, type: 'alphanumeric' });
		expect(statusReads(world.sb).map((entry) => entry.path)).toEqual([
			`/v1/accounts/${first}/status`,
			`/v1/accounts/${second}/status`,
		]);
	});

	it('never writes: a status read sends no OTP and does not clear the pending request', async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		await run(world, getStatus(accountId));
		await run(world, getStatus(accountId));

		expect(world.sb.submissions(accountId)).toEqual([]);
		expect(world.sb.getStatus(accountId).pending_assistance?.id).toBe(id);
	});
});

describe('Get Status behind a path prefix', () => {
	let prefixed: Sandbox;
	let accountId: string;
	let key: string;

	beforeAll(async () => {
		prefixed = await startSandbox({ port: 0, host: '127.0.0.1', pathPrefix: '/reconbanker' });
		const user = prefixed.createUser({ email: 'prefix@example.com', password: 'pw' });
		accountId = prefixed.createAccount({ userId: user.id }).id;
		key = prefixed.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null }).key;
	});

	afterAll(async () => {
		await prefixed.close();
	});

	beforeEach(() => {
		prefixed.log.length = 0;
	});

	it.each([
		['as given', ''],
		['with one trailing slash', '/'],
		['with several trailing slashes and spaces', '///  '],
	])('joins <base>/v1/... without doubling or dropping slashes (%s)', async (_label, suffix) => {
		const { id } = prefixed.openRequest(accountId, { length: 6, type: 'numeric' });
		expect(prefixed.baseUrl).toMatch(/\/reconbanker$/);

		const output = await run(world, getStatus(accountId), {
			credentials: { reconbankerApi: { baseUrl: `${prefixed.baseUrl}${suffix}`, apiKey: key } },
		});

		expect(output[0].json.requestId).toBe(id);
		expect(prefixed.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
			`GET /reconbanker/v1/accounts/${accountId}/status 200`,
		]);
	});
});
