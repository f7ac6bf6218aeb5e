/**
 * The status reader the Status Trigger/Watch use (one credential read per check, the credential's
 * header added by the node): it must send exactly what n8n's `httpRequestWithAuthentication` sends
 * with the Reconbanker API credential, and keep the key out of errors. Real sandbox over HTTP; the
 * reader runs inside a real n8n-core PollContext (Status Trigger, "Fetch Test Event").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Reconbanker } from '../../../nodes/Reconbanker/Reconbanker.node';
import { ReconbankerStatusTrigger } from '../../../nodes/ReconbankerStatusTrigger/ReconbankerStatusTrigger.node';
import { apiKeyHeader } from '../../../nodes/transport/external-api';
import { runNode, runPoll } from '../../harness';
import { startSandbox, type Sandbox } from '../../sandbox';

let sb: Sandbox;
let userId: string;
let accountId: string;
let key: string;

beforeAll(async () => {
	sb = await startSandbox({ pathPrefix: '/rb' });
	userId = sb.createUser({ email: 'reader@example.com', password: 'pw-reader-1' }).id;
	accountId = sb.createAccount({ userId }).id;
	key = sb.createApiKey({ userId, scopes: ['status:read'] }).key;
});

afterAll(async () => {
	await sb.close();
});

/** One status read through the reader ("Fetch Test Event" of the Status Trigger). */
function readThroughReader(apiKey: string, baseUrl = sb.baseUrl) {
	return runPoll(new ReconbankerStatusTrigger(), {
		parameters: { accountIds: accountId, fireOn: ['code_requested'], options: {} },
		credentials: { reconbankerApi: { baseUrl, apiKey } },
		mode: 'manual',
	});
}

/** The same read through n8n's httpRequestWithAuthentication (the action node's Get Status). */
function readThroughN8nAuth(apiKey: string) {
	return runNode(new Reconbanker(), {
		parameters: { resource: 'account', operation: 'getStatus', accountId },
		credentials: { reconbankerApi: { baseUrl: sb.baseUrl, apiKey } },
		continueOnFail: true,
	});
}

const lastHeaders = () => sb.log[sb.log.length - 1].headers;

describe('the Authorization header', () => {
	it.each([
		['a plain key', () => key],
		['a key with spaces and a new line around it', () => `  ${key}\n`],
		['a blank key', () => '   '],
		['an empty key', () => ''],
	])('is what the credential sends for %s', async (_label, apiKeyOf) => {
		const apiKey = apiKeyOf();
		await readThroughN8nAuth(apiKey);
		const viaN8n = lastHeaders().authorization;
		await readThroughReader(apiKey).catch(() => undefined);
		const viaReader = lastHeaders().authorization;
		expect(viaReader).toBe(viaN8n);
		expect(viaReader).toBe(apiKeyHeader({ apiKey }).Authorization);
	});

	it('apiKeyHeader: a trimmed key, and no header at all without a key', () => {
		expect(apiKeyHeader({ apiKey: ' rbk_x ' })).toEqual({ Authorization: 'Api-Key rbk_x' });
		expect(apiKeyHeader({ apiKey: '' })).toEqual({});
		expect(apiKeyHeader({ apiKey: '  ' })).toEqual({});
		expect(apiKeyHeader({})).toEqual({});
	});
});

describe('requests and errors', () => {
	it('joins the Base URL with its path prefix and reads the status', async () => {
		const opened = sb.openRequest(accountId);
		const { result } = await readThroughReader(key, `${sb.baseUrl}/`);
		expect(sb.log[sb.log.length - 1].path).toBe(`/rb/v1/accounts/${accountId}/status`);
		expect(result?.[0].map((item) => item.json.requestId)).toEqual([opened.id]);
	});

	it('a bad Base URL fails before any request, without echoing it', async () => {
		const before = sb.log.length;
		const error = await readThroughReader(key, 'ftp://user:secret@host').then(
			() => undefined,
			(e: unknown) => e as Error,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toContain('must use http or https');
		expect(JSON.stringify(error)).not.toContain('secret');
		expect(sb.log.length).toBe(before);
	});

	it('an HTTP error becomes our NodeApiError, without the key', async () => {
		const error = await readThroughReader(`rbk_00000000_${'0'.repeat(64)}`).then(
			() => undefined,
			(e: unknown) => e as NodeApiError,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.httpCode).toBe('401');
		expect(JSON.stringify({ ...error, message: error?.message, stack: error?.stack })).not.toContain('0'.repeat(64));
	});

	it('no answer (connection refused) becomes our NodeApiError, without the key or the raw request', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await readThroughReader(key, `http://127.0.0.1:${port}`).then(
			() => undefined,
			(e: unknown) => e as NodeApiError,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toContain(`127.0.0.1:${port}`);
		const everything = JSON.stringify({ ...error, message: error?.message, stack: error?.stack, cause: String(error?.cause) });
		expect(everything).not.toContain(key);
		expect(everything).not.toContain('Api-Key');
	});
});
