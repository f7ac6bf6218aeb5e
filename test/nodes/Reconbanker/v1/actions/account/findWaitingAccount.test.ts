/**
 * Account → Find Waiting Account, run through n8n-core's engine against the sandbox over HTTP:
 * one phone number or inbox serving several accounts, the code routed to the one that waits.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startCountingProxy, type CountingProxy } from '../../../../ReconbankerStatusTrigger/status/counting-proxy';
import { expectNoSecret, otpPosts, run, runError, statusReads, UNKNOWN_ACCOUNT, useWorld } from '../../../helpers';

const world = useWorld();

const find = (accountIds: unknown, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'account',
	operation: 'findWaitingAccount',
	accountIds: accountIds as string,
	...extra,
});

const SIX_DIGITS = { length: 6, type: 'numeric' as const, purpose: 'login' };
const EIGHT_CHARACTERS = { length: 8, type: 'alphanumeric' as const };

/**
 * Runs with the code coming from the input item, as after Extract From Text: the node's own
 * parameters (which n8n puts in every error) then hold the expression, so a code found anywhere in
 * an error came from the node's text.
 */
const withCodeFrom = (code: string) => ({ items: [{ json: { code } }] });
const CODE_FROM_ITEM = { code: '={{ $json.code }}' };

/** n8n's item index of an error (NodeOperationError keeps it in its context). */
const itemIndexOf = (error: Error & Record<string, unknown>) => (error.context as { itemIndex?: number })?.itemIndex;

describe('Find Waiting Account', () => {
	it('outputs the one waiting account among several, with its request, in Get Status field names', async () => {
		const idle = world.newAccount();
		const waiting = world.newAccount();
		const alsoIdle = world.newAccount();
		const { id } = world.sb.openRequest(waiting, SIX_DIGITS);
		world.sb.resend(waiting); // attempts 2

		const output = await run(world, find(`${idle}, ${waiting}, ${alsoIdle}`));

		expect(output).toEqual([
			{
				json: {
					found: true,
					accountId: waiting,
					sessionRunning: true,
					hasPendingRequest: true,
					requestId: id,
					requestType: 'otp',
					descriptor: SIX_DIGITS,
					attempts: 2,
					accountsChecked: 3,
					unreadableAccountIds: [],
				},
				pairedItem: { item: 0 },
			},
		]);
		// One read per account, the key in the header, and nothing written.
		expect(statusReads(world.sb).map((entry) => entry.path).sort()).toEqual(
			[idle, waiting, alsoIdle].map((account) => `/v1/accounts/${account}/status`).sort(),
		);
		for (const entry of statusReads(world.sb)) expect(entry.headers.authorization).toBe(`Api-Key ${world.key}`);
		expect(otpPosts(world.sb)).toEqual([]);
		expect(world.sb.getStatus(waiting).pending_assistance?.id).toBe(id);
	});

	it('carries the code (cleaned up as Submit does) on to Submit', async () => {
		const waiting = world.newAccount();
		world.sb.openRequest(waiting, SIX_DIGITS);

		const output = await run(world, find([world.newAccount(), waiting].join('\n'), { code: '={{ $json.code }}' }), {
			items: [{ json: { code: ' 123 456 ' } }],
		});

		expect(output[0].json).toMatchObject({ found: true, accountId: waiting, code: '123456' });
	});

	describe('when no account waits', () => {
		it('fails by default, naming no code and sending nothing', async () => {
			const accounts = [world.newAccount(), world.newAccount()];

			const error = await runError(world, find(accounts.join(','), CODE_FROM_ITEM), withCodeFrom('654321'));

			expect(error.message).toBe('None of the 2 accounts is waiting for a code');
			expect(String(error.description)).toContain('Nothing was submitted');
			expect(itemIndexOf(error)).toBe(0);
			expectNoSecret(error, '654321');
			expect(otpPosts(world.sb)).toEqual([]);
		});

		it('outputs nothing when asked to', async () => {
			const output = await run(world, find(world.newAccount(), { whenNoneWaiting: 'nothing' }));
			expect(output).toEqual([]);
		});

		it('outputs an item with found = false when asked to', async () => {
			const account = world.newAccount();

			const output = await run(world, find(account, { whenNoneWaiting: 'notFound' }));

			expect(output).toEqual([
				{
					json: {
						found: false,
						reason: 'no_pending_request',
						accountId: null,
						requestId: null,
						accountsChecked: 1,
						waitingAccountIds: [],
						unreadableAccountIds: [],
					},
					pairedItem: { item: 0 },
				},
			]);
		});
	});

	it.each([
		['error', undefined],
		['nothing', 'nothing'],
		['notFound', 'notFound'],
	])('refuses two waiting accounts, naming how many and which (If None Is Waiting: %s)', async (_label, mode) => {
		const first = world.newAccount();
		const second = world.newAccount();
		const idle = world.newAccount();
		world.sb.openRequest(first, SIX_DIGITS);
		world.sb.openRequest(second, SIX_DIGITS);

		const error = await runError(
			world,
			find(`${first} ${idle} ${second}`, { ...CODE_FROM_ITEM, ...(mode ? { whenNoneWaiting: mode } : {}) }),
			withCodeFrom('123456'),
		);

		expect(error.message).toBe(`2 accounts are waiting for a code like this one: ${first}, ${second}`);
		expect(String(error.description)).toContain('never picks one');
		expect(itemIndexOf(error)).toBe(0);
		expectNoSecret(error, '123456');
		expect(otpPosts(world.sb)).toEqual([]);
	});

	it('refuses two waiting accounts without a code too, suggesting the code', async () => {
		const first = world.newAccount();
		const second = world.newAccount();
		world.sb.openRequest(first, SIX_DIGITS);
		world.sb.openRequest(second, EIGHT_CHARACTERS);

		const error = await runError(world, find([first, second]));

		expect(error.message).toBe(`2 accounts are waiting for a code: ${first}, ${second}`);
		expect(String(error.description)).toContain('Give the code in "Code"');
	});

	it('narrows two waiting accounts to the one whose request the code fits', async () => {
		const sixDigits = world.newAccount();
		const eightCharacters = world.newAccount();
		const six = world.sb.openRequest(sixDigits, SIX_DIGITS);
		const eight = world.sb.openRequest(eightCharacters, EIGHT_CHARACTERS);
		const ids = `${sixDigits}, ${eightCharacters}`;

		const forSix = await run(world, find(ids, { code: '042917' }));
		const forEight = await run(world, find(ids, { code: 'AB12CD34' }));

		expect(forSix.map((item) => item.json)).toEqual([
			expect.objectContaining({ found: true, accountId: sixDigits, requestId: six.id, code: '042917' }),
		]);
		expect(forEight.map((item) => item.json)).toEqual([
			expect.objectContaining({ found: true, accountId: eightCharacters, requestId: eight.id, code: 'AB12CD34' }),
		]);
	});

	it('fails when the code fits none of the waiting requests, saying what each expects (not the code)', async () => {
		const sixDigits = world.newAccount();
		const eightCharacters = world.newAccount();
		world.sb.openRequest(sixDigits, SIX_DIGITS);
		world.sb.openRequest(eightCharacters, EIGHT_CHARACTERS);
		const ids = [sixDigits, eightCharacters, world.newAccount()];

		const error = await runError(world, find(ids, CODE_FROM_ITEM), withCodeFrom('9876543'));

		expect(error.message).toBe('The code fits none of the 2 waiting requests');
		expect(String(error.description)).toContain(`${sixDigits} waits for a 6-digit numeric code`);
		expect(String(error.description)).toContain(`${eightCharacters} waits for an 8-character alphanumeric code`);
		expect(String(error.description)).toContain('The code has 7 characters');
		expectNoSecret(error, '9876543');

		const output = await run(world, find(ids, { code: '9876543', whenNoneWaiting: 'notFound' }));
		expect(output[0].json).toMatchObject({
			found: false,
			reason: 'code_fits_none',
			waitingAccountIds: [sixDigits, eightCharacters],
			accountsChecked: 3,
		});
	});

	it('refuses a malformed code before reading any account', async () => {
		const error = await runError(world, find(world.newAccount(), { code: '12345#' }));

		expect(error.message).toContain('may contain only letters');
		expect(itemIndexOf(error)).toBe(0);
		expect(statusReads(world.sb)).toEqual([]);
	});

	describe('accounts whose status cannot be read', () => {
		it('refuses, naming the unreadable account: it might be the waiting one', async () => {
			const waiting = world.newAccount();
			world.sb.openRequest(waiting, SIX_DIGITS);

			const error = await runError(world, find([waiting, UNKNOWN_ACCOUNT], CODE_FROM_ITEM), withCodeFrom('123456'));

			expect(error.message).toBe('Could not read the status of 1 of 2 accounts, so which one waits is not certain');
			expect(String(error.description)).toContain(`${UNKNOWN_ACCOUNT}: `);
			expect(String(error.description)).toContain('Ignore Unreadable Accounts');
			expect(itemIndexOf(error)).toBe(0);
			expectNoSecret(error, world.key);
			expectNoSecret(error, '123456');
		});

		it('decides among the readable ones when told to ignore unreadable accounts, and lists them', async () => {
			const waiting = world.newAccount();
			const { id } = world.sb.openRequest(waiting, SIX_DIGITS);

			const output = await run(world, find([UNKNOWN_ACCOUNT, waiting], { findOptions: { ignoreUnreadable: true } }));

			expect(output[0].json).toMatchObject({
				found: true,
				accountId: waiting,
				requestId: id,
				accountsChecked: 2,
				unreadableAccountIds: [UNKNOWN_ACCOUNT],
			});
		});

		it('still refuses two waiting accounts when one more is unreadable and ignored', async () => {
			const first = world.newAccount();
			const second = world.newAccount();
			world.sb.openRequest(first, SIX_DIGITS);
			world.sb.openRequest(second, SIX_DIGITS);

			const error = await runError(
				world,
				find([first, UNKNOWN_ACCOUNT, second], { findOptions: { ignoreUnreadable: true } }),
			);

			expect(error.message).toBe(`2 accounts are waiting for a code: ${first}, ${second}`);
		});

		it('with no account readable at all, fails with the cause itself (e.g. a revoked key), ignore or not', async () => {
			const accounts = [world.newAccount(), world.newAccount()];
			const { id: keyId, key } = world.sb.createApiKey({ userId: world.userId, scopes: ['status:read'] });
			world.sb.revokeApiKey(keyId);

			for (const findOptions of [{}, { ignoreUnreadable: true }]) {
				const error = await runError(world, find(accounts, { findOptions }), {
					credentials: world.credentials({ apiKey: key }),
				});
				expect(error.httpCode).toBe('401');
				expect(itemIndexOf(error)).toBe(0);
				expectNoSecret(error, key);
			}
		});
	});

	describe('an API key limited to certain accounts', () => {
		it('reads only what the key allows: an account outside its allow-list is unreadable, so the answer is refused', async () => {
			const allowed = world.newAccount();
			const outside = world.newAccount();
			world.sb.openRequest(allowed, SIX_DIGITS);
			world.sb.openRequest(outside, SIX_DIGITS);
			const { key } = world.sb.createApiKey({ userId: world.userId, scopes: ['status:read'], accountIds: [allowed] });
			const credentials = world.credentials({ apiKey: key });

			const error = await runError(world, find([allowed, outside]), { credentials });
			expect(error.message).toBe('Could not read the status of 1 of 2 accounts, so which one waits is not certain');
			expect(String(error.description)).toContain(`${outside}: The API key is not allowed`);
			expectNoSecret(error, key);

			// Only the user can say the account outside the allow-list does not matter.
			const output = await run(world, find([allowed, outside], { findOptions: { ignoreUnreadable: true } }), {
				credentials,
			});
			expect(output[0].json).toMatchObject({ found: true, accountId: allowed, unreadableAccountIds: [outside] });
		});

		it('needs the list: the API does not tell which accounts a key may read', async () => {
			const { key } = world.sb.createApiKey({
				userId: world.userId,
				scopes: ['status:read'],
				accountIds: [world.newAccount()],
			});

			const error = await runError(world, find('  '), { credentials: world.credentials({ apiKey: key }) });

			expect(error.message).toBe('No account IDs given');
			expect(String(error.description)).toContain('does not tell which accounts an API key may read');
			expect(statusReads(world.sb)).toEqual([]);
		});
	});

	describe('the account list', () => {
		it('takes commas, semicolons, spaces and new lines, upper case and repeats, each account read once', async () => {
			const first = world.newAccount();
			const second = world.newAccount();
			const { id } = world.sb.openRequest(second, SIX_DIGITS);

			const output = await run(world, find(`${first.toUpperCase()},\n ${second};${first}\n\n`));

			expect(output[0].json).toMatchObject({ accountId: second, requestId: id, accountsChecked: 2 });
			expect(statusReads(world.sb)).toHaveLength(2);
		});

		it('takes a list from an expression', async () => {
			const first = world.newAccount();
			const second = world.newAccount();
			const { id } = world.sb.openRequest(first, SIX_DIGITS);

			const output = await run(world, find('={{ $json.accounts }}'), {
				items: [{ json: { accounts: [first, second] } }],
			});

			expect(output[0].json).toMatchObject({ accountId: first, requestId: id, accountsChecked: 2 });
		});

		it('names a token that is not an account ID, before reading anything', async () => {
			const error = await runError(world, find(`${world.newAccount()}, not-an-id`));

			expect(error.message).toBe('The Account ID "not-an-id" is not a UUID');
			expect(itemIndexOf(error)).toBe(0);
			expect(statusReads(world.sb)).toEqual([]);
		});
	});

	it('with Continue On Fail, each item gets its answer or its error, paired with it', async () => {
		const lone = world.newAccount();
		const { id } = world.sb.openRequest(lone, SIX_DIGITS);
		const first = world.newAccount();
		const second = world.newAccount();
		world.sb.openRequest(first, SIX_DIGITS);
		world.sb.openRequest(second, SIX_DIGITS);
		const idle = world.newAccount();

		const output = await run(world, find('={{ $json.accounts }}', { code: '={{ $json.code }}' }), {
			continueOnFail: true,
			items: [
				{ json: { accounts: `${lone} ${idle}`, code: '111111' } },
				{ json: { accounts: [first, second], code: '222222' } },
				{ json: { accounts: idle, code: '333333' } },
			],
		});

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ found: true, accountId: lone, requestId: id, code: '111111' });
		expect(output[1].json).toEqual({
			error: `2 accounts are waiting for a code like this one: ${first}, ${second}`,
			details: expect.stringContaining('Nothing was submitted'),
		});
		expect(output[2].json).toEqual({
			error: 'The account is not waiting for a code',
			details: expect.stringContaining('Nothing was submitted'),
		});
		expect(JSON.stringify(output.slice(1))).not.toMatch(/222222|333333/);
	});
});

describe('Find Waiting Account over many accounts', () => {
	let proxy: CountingProxy;

	beforeAll(async () => {
		proxy = await startCountingProxy(world.sb.baseUrl, 10);
	});

	afterAll(async () => {
		await proxy.close();
	});

	it('reads 200 accounts with at most 5 requests in flight (or Max Concurrent Requests) and finds the one waiting', async () => {
		const accounts = Array.from({ length: 200 }, () => world.newAccount());
		const waiting = accounts[137];
		const { id } = world.sb.openRequest(waiting, SIX_DIGITS);
		const credentials = world.credentials({ baseUrl: proxy.baseUrl });

		proxy.reset();
		const output = await run(world, find(accounts.join('\n'), { code: '123456' }), { credentials });
		expect(output[0].json).toMatchObject({ found: true, accountId: waiting, requestId: id, accountsChecked: 200 });
		expect(proxy.requests).toBe(200);
		expect(proxy.maxInFlight).toBe(5);

		proxy.reset();
		await run(world, find(accounts.join(','), { findOptions: { maxConcurrency: 12 } }), { credentials });
		expect(proxy.requests).toBe(200);
		expect(proxy.maxInFlight).toBe(12);
	});
});
