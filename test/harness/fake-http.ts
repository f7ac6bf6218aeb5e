/**
 * Minimal express-like request/response objects for `WebhookContext`.
 *
 * In n8n, a webhook node gets express's `req` (with `body` parsed by n8n's body parser and
 * `rawBody` as a Buffer) and `res`. Nodes that answer the caller themselves (e.g. a 401 for a
 * bad signature) write to `res` and return `{ noWebhookResponse: true }`. `FakeResponse`
 * records what was written so the harness can report it (and `startWebhookReceiver` can send
 * it back over a real socket).
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';

export interface WebhookRequestInput {
	method: string;
	headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>;
	/** Parsed body (what n8n's body parser would have produced). */
	body?: unknown;
	/** The exact bytes received; exposed as `req.rawBody` like in n8n. Defaults to JSON of `body`. */
	rawBody?: Buffer;
	query?: Record<string, string | string[]>;
	params?: Record<string, string>;
	/** Request path (informational), e.g. `/webhook/<id>/path`. */
	path?: string;
	/**
	 * Header names and values exactly as received (Node's `req.rawHeaders`), e.g. with a header sent
	 * twice. Defaults to `headers` flattened. `req.headersDistinct` is built from it, as Node does.
	 */
	rawHeaders?: string[];
}

export interface FakeRequest {
	method: string;
	headers: IncomingHttpHeaders;
	headersDistinct: Record<string, string[]>;
	rawHeaders: string[];
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
	url: string;
	path: string;
}

export function createFakeRequest(input: WebhookRequestInput): FakeRequest {
	// Node's http module lower-cases header names; so does express.
	const headers: IncomingHttpHeaders = {};
	for (const [name, value] of Object.entries(input.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = value;
	}
	const rawBody =
		input.rawBody ??
		(input.body === undefined
			? Buffer.alloc(0)
			: Buffer.from(typeof input.body === 'string' ? input.body : JSON.stringify(input.body)));
	const query = input.query ?? {};
	const path = input.path ?? '/';
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
	}
	const queryString = search.toString();
	const url = queryString ? `${path}?${queryString}` : path;

	const rawHeaders =
		input.rawHeaders ??
		Object.entries(headers).flatMap(([name, value]) =>
			(Array.isArray(value) ? value : [String(value)]).flatMap((v) => [name, v]),
		);
	const headersDistinct: Record<string, string[]> = {};
	for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
		(headersDistinct[rawHeaders[i].toLowerCase()] ??= []).push(rawHeaders[i + 1]);
	}

	const header = (name: string) => headers[name.toLowerCase()];
	return {
		method: input.method.toUpperCase(),
		headers,
		headersDistinct,
		rawHeaders,
		body: input.body ?? {},
		rawBody,
		query,
		params: input.params ?? {},
		url,
		originalUrl: url,
		path,
		header,
		get: header,
		readRawBody: async () => {},
	} as unknown as FakeRequest;
}

/** Records status, headers and body of what the node writes. */
export class FakeResponse extends EventEmitter {
	statusCode = 200;
	statusMessage = '';
	headersSent = false;
	finished = false;
	private readonly headerMap = new Map<string, string | string[]>();
	private readonly chunks: Buffer[] = [];
	/** Set when the body was sent with `json()` (or `send()` of an object). */
	private jsonBody: unknown;
	private hasJsonBody = false;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number): this {
		this.statusCode = code;
		return this.end();
	}

	setHeader(name: string, value: string | number | readonly string[]): this {
		this.headerMap.set(name.toLowerCase(), Array.isArray(value) ? [...value] : String(value));
		return this;
	}

	set(field: string | Record<string, string>, value?: string): this {
		if (typeof field === 'string') return this.setHeader(field, value ?? '');
		for (const [name, v] of Object.entries(field)) this.setHeader(name, v);
		return this;
	}

	header(field: string | Record<string, string>, value?: string): this {
		return this.set(field, value);
	}

	type(contentType: string): this {
		return this.setHeader('content-type', contentType.includes('/') ? contentType : `application/${contentType}`);
	}

	contentType(contentType: string): this {
		return this.type(contentType);
	}

	getHeader(name: string): string | string[] | undefined {
		return this.headerMap.get(name.toLowerCase());
	}

	getHeaders(): Record<string, string | string[]> {
		return Object.fromEntries(this.headerMap);
	}

	removeHeader(name: string): void {
		this.headerMap.delete(name.toLowerCase());
	}

	writeHead(statusCode: number, headers?: Record<string, string | number | string[]>): this {
		this.statusCode = statusCode;
		for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value as string);
		this.headersSent = true;
		return this;
	}

	write(chunk: string | Buffer): boolean {
		this.headersSent = true;
		this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		return true;
	}

	json(body: unknown): this {
		if (!this.getHeader('content-type')) this.setHeader('content-type', 'application/json; charset=utf-8');
		this.jsonBody = body;
		this.hasJsonBody = true;
		return this.end(JSON.stringify(body));
	}

	send(body?: unknown): this {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return this.json(body);
		if (typeof body === 'string' && !this.getHeader('content-type')) {
			this.setHeader('content-type', 'text/html; charset=utf-8');
		}
		return this.end(body as string | Buffer | undefined);
	}

	end(chunk?: string | Buffer | (() => void)): this {
		if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk);
		this.headersSent = true;
		if (!this.finished) {
			this.finished = true;
			this.emit('finish');
			this.emit('close');
		}
		return this;
	}

	get writableEnded(): boolean {
		return this.finished;
	}

	/** True when the node wrote anything (status line, headers or body). */
	get touched(): boolean {
		return this.headersSent;
	}

	/** The body as the client would see it: parsed JSON when JSON was sent, else text. */
	get body(): unknown {
		if (this.hasJsonBody) return this.jsonBody;
		const raw = Buffer.concat(this.chunks);
		if (raw.length === 0) return undefined;
		const contentType = String(this.getHeader('content-type') ?? '');
		if (contentType.includes('json')) {
			try {
				return JSON.parse(raw.toString('utf8'));
			} catch {
				// fall through
			}
		}
		return raw.toString('utf8');
	}

	get rawBody(): Buffer {
		return Buffer.concat(this.chunks);
	}
}
