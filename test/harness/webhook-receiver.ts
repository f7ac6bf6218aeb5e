/**
 * A real `node:http` server standing in for n8n's webhook endpoint, so a sandbox (or any
 * HTTP client) can POST real notifications into a trigger node:
 *
 *   const receiver = await startWebhookReceiver((request) =>
 *     runWebhook(new MyTrigger(), { parameters, credentials, staticData, request }),
 *   );
 *   // give receiver.url (or webhookUrlFor(...)) to the service, let it call us, then:
 *   await receiver.close();
 *
 * Like n8n it keeps the exact received bytes (`rawBody`, for signature checks) and parses
 * the body by content type (JSON, urlencoded, text). It answers with whatever the handler
 * returns (`responseStatus`/`responseBody`, i.e. what n8n would answer), or with n8n's
 * generic 500 when the handler throws. Any path is accepted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WebhookRequestInput } from './fake-http';

export interface WebhookReceiverResponse {
	responseStatus: number;
	responseBody: unknown;
	responseHeaders?: Record<string, string | string[]>;
}

export type WebhookReceiverHandler = (request: WebhookRequestInput) => Promise<WebhookReceiverResponse>;

export interface ReceivedRequest {
	request: WebhookRequestInput;
	response?: WebhookReceiverResponse;
	error?: unknown;
}

export interface WebhookReceiver {
	/** `http://127.0.0.1:<port>` — every path under it is handled. */
	url: string;
	port: number;
	/** Every request received so far, with what was answered (or the handler's error). */
	received: ReceivedRequest[];
	close(): Promise<void>;
}

function parseBody(raw: Buffer, contentType: string): unknown {
	if (raw.length === 0) return {};
	const text = raw.toString('utf8');
	if (/[/+]json/i.test(contentType)) return JSON.parse(text);
	if (/application\/x-www-form-urlencoded/i.test(contentType)) {
		const body: Record<string, string | string[]> = {};
		for (const [key, value] of new URLSearchParams(text)) {
			const existing = body[key];
			body[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
		}
		return body;
	}
	if (/^text\//i.test(contentType)) return text;
	// Unknown types: n8n leaves the body empty and keeps the bytes in rawBody.
	return {};
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

export async function startWebhookReceiver(handler: WebhookReceiverHandler): Promise<WebhookReceiver> {
	const received: ReceivedRequest[] = [];

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://receiver.local');
		const query: Record<string, string | string[]> = {};
		for (const [key, value] of url.searchParams) {
			const existing = query[key];
			query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
		}

		let body: unknown;
		try {
			body = parseBody(rawBody, String(req.headers['content-type'] ?? ''));
		} catch {
			sendJson(res, 400, { code: 400, message: 'Failed to parse request body' });
			return;
		}

		const request: WebhookRequestInput = {
			method: req.method ?? 'GET',
			headers: req.headers,
			rawHeaders: req.rawHeaders,
			body,
			rawBody,
			query,
			path: url.pathname,
		};
		const entry: ReceivedRequest = { request };
		received.push(entry);

		try {
			const response = await handler(request);
			entry.response = response;
			const headers: Record<string, string | string[]> = { ...(response.responseHeaders ?? {}) };
			const { responseBody } = response;
			let payload: string | Buffer | undefined;
			if (responseBody === undefined || responseBody === null) {
				payload = undefined;
			} else if (Buffer.isBuffer(responseBody)) {
				payload = responseBody;
			} else if (typeof responseBody === 'string') {
				payload = responseBody;
				headers['content-type'] ??= 'text/plain; charset=utf-8';
			} else {
				payload = JSON.stringify(responseBody);
				headers['content-type'] ??= 'application/json; charset=utf-8';
			}
			res.writeHead(response.responseStatus, headers);
			res.end(payload);
		} catch (error) {
			entry.error = error;
			// What n8n answers when the trigger's webhook() throws.
			sendJson(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) sendJson(res, 500, { code: 0, message: String(error) });
			else res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		received,
		close: async () =>
			await new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
