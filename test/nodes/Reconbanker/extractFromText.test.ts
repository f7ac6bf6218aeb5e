/**
 * Code → Extract From Text through the engine: where the descriptor comes from (parameters, the
 * account's pending request over HTTP, none) and how refusals surface. The extraction rules
 * themselves are unit-tested in test/nodes/shared/extract.test.ts.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { run, runError, statusReads, useWorld, v1Requests } from './helpers';

const world = useWorld();

const SMS =
	'BankX: your code is 482 913. Amount $1,250.00 on 12/03/2024. Card ending 4417. Call +1 555 010 9999.';

const extract = (text: string, extra: INodeParameters): INodeParameters => ({
	resource: 'code',
	operation: 'extractFromText',
	text,
	...extra,
});

describe('Extract From Text', () => {
	it('with the descriptor set here: finds the code among distractors and sends no request', async () => {
		const output = await run(world, extract(SMS, { descriptorSource: 'manual', codeLength: 6, codeType: 'numeric' }));

		expect(output).toEqual([
			{
				json: {
					code: '482913',
					codeLength: 6,
					descriptor: { length: 6, type: 'numeric' },
					accountId: null,
					requestId: null,
					candidatesConsidered: 1,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(world.sb.log).toHaveLength(0);
	});

	it.each(['manual', 'none'])('with descriptor source "%s": runs without any Reconbanker API credential', async (descriptorSource) => {
		// The node hides its credential in these modes (no API call), so a user may have none.
		const output = await run(world, extract(SMS, { descriptorSource, codeLength: 6, codeType: 'numeric' }), {
			credentials: {},
		});

		expect(output[0].json).toMatchObject({ code: '482913', accountId: null, requestId: null });
		expect(world.sb.log).toHaveLength(0);
	});

	it("with the descriptor from the account's pending request: reads the status once and outputs requestId", async () => {
		const accountId = world.newAccount();
		const { id } = world.sb.openRequest(accountId, { length: 6, type: 'numeric', purpose: 'login' });

		const output = await run(
			world,
			extract('<p>Código: <b>31</b><b>94</b><b>60</b></p><p>Pedido 2024</p>', {
				descriptorSource: 'pendingRequest',
				accountId,
			}),
		);

		expect(output[0].json).toEqual({
			code: '319460',
			codeLength: 6,
			descriptor: { length: 6, type: 'numeric', purpose: 'login' },
			accountId,
			requestId: id,
			candidatesConsidered: 1,
		});
		expect(v1Requests(world.sb).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			`GET /v1/accounts/${accountId}/status`,
		]);
		// Extracting never submits.
		expect(world.sb.submissions(accountId)).toEqual([]);
	});

	it('the pending descriptor narrows the search: an 8-character request ignores a 6-digit number', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 8, type: 'numeric' });

		const text = 'The old code 552211 has expired. Your new code is 7305 1946.';

		const output = await run(world, extract(text, { descriptorSource: 'pendingRequest', accountId }));

		expect(output[0].json).toMatchObject({ code: '73051946', descriptor: { length: 8, type: 'numeric' } });
		// Without it, both numbers are plausible and the node refuses to guess.
		const error = await runError(world, extract(text, { descriptorSource: 'none' }));
		// 73051946, and the groups 7305 and 1946 on their own (the count is the helper's business).
		expect(error.message).toMatch(/^Found [2-9] different possible codes/);
	});

	it('with no descriptor: any 4–8 digit code, non-ASCII digits folded', async () => {
		const output = await run(world, extract('Tu clave es ٥٢٧١ — válida 5 minutos', { descriptorSource: 'none' }));

		expect(output[0].json).toMatchObject({ code: '5271', descriptor: null, accountId: null, requestId: null });
		expect(world.sb.log).toHaveLength(0);
	});

	it('from the pending request with nothing pending → a clear NodeOperationError after one read', async () => {
		const accountId = world.newAccount();

		const error = await runError(world, extract(SMS, { descriptorSource: 'pendingRequest', accountId }));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`No code request is pending for account ${accountId}`);
		expect(error.description).toMatch(/Set Here/);
		expect(statusReads(world.sb, accountId)).toHaveLength(1);
	});

	it('two plausible codes → refuses, saying how many, without naming them', async () => {
		const error = await runError(world, extract('Use 123456 or 654321 to sign in', { descriptorSource: 'none' }));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Found 2 different possible codes in the message .*so none was used/);
		expect(error.message).not.toMatch(/123456|654321/);
	});

	it('three plausible codes of the asked shape → says 3', async () => {
		const error = await runError(
			world,
			extract('Use 123456 or 654321 or 777888 to sign in', { descriptorSource: 'manual', codeLength: 6, codeType: 'numeric' }),
		);

		expect(error.message).toMatch(/^Found 3 different possible codes/);
	});

	it('no code → a clear NodeOperationError', async () => {
		const error = await runError(world, extract('Hello, your statement is ready.', { descriptorSource: 'none' }));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^No one-time code was found in the message/);
	});

	it('empty text (from an expression) → NodeOperationError before any request', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(world, extract('={{ $json.body }}', { descriptorSource: 'pendingRequest', accountId }), {
			items: [{ json: { body: '   ' } }],
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The text to search is empty');
		expect(world.sb.log).toHaveLength(0);
	});

	it('a bad key while reading the pending request → NodeApiError', async () => {
		const accountId = world.newAccount();
		world.sb.openRequest(accountId, { length: 6, type: 'numeric' });

		const error = await runError(world, extract(SMS, { descriptorSource: 'pendingRequest', accountId }), {
			credentials: world.credentials({ apiKey: `rbk_00000000_${'0'.repeat(64)}` }),
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('401');
	});

	it('items from a message list: one output per item, pairedItem kept, failures as error items', async () => {
		const output = await run(
			world,
			extract('={{ $json.body }}', { descriptorSource: 'manual', codeLength: 6, codeType: 'numeric' }),
			{
				items: [{ json: { body: SMS } }, { json: { body: 'no code here' } }, { json: { body: 'Code: 902-114' } }],
				continueOnFail: true,
			},
		);

		expect(output.map((item) => [item.json.code ?? null, item.pairedItem])).toEqual([
			['482913', { item: 0 }],
			[null, { item: 1 }],
			['902114', { item: 2 }],
		]);
		expect(output[1].json.error).toMatch(/No one-time code was found/);
	});
});
