/**
 * A small HTTP proxy for the Status Trigger tests: it sits between the node and the sandbox,
 * holds every request for `delayMs` before forwarding it (so requests overlap measurably), and
 * counts how many are in flight at once. Real sockets on both sides; nothing is mocked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
	/** `http://127.0.0.1:<port>` + the path prefix of the target. */
	baseUrl: string;
	/** Highest number of requests open at the same time since the last reset. */
	maxInFlight: number;
	/** Requests received since the last reset. */
	requests: number;
	/** Paths of those requests, in the order they arrived. */
	paths: string[];
	/** Called as each request arrives (after it was counted). */
	onRequest?: () => void;
	reset(): void;
	close(): Promise<void>;
}

export async function startCountingProxy(targetBaseUrl: string, delayMs: number): Promise<CountingProxy> {
	const target = new URL(targetBaseUrl);
	let inFlight = 0;
	const proxy = {
		baseUrl: '',
		maxInFlight: 0,
		requests: 0,
		paths: [] as string[],
		onRequest: undefined as (() => void) | undefined,
		reset() {
			proxy.maxInFlight = 0;
			proxy.requests = 0;
			proxy.paths = [];
		},
		close: async () => {},
	};

	const server = http.createServer((req, res) => {
		inFlight += 1;
		proxy.requests += 1;
		proxy.maxInFlight = Math.max(proxy.maxInFlight, inFlight);
		proxy.paths.push(req.url ?? '');
		proxy.onRequest?.();
		res.on('close', () => {
			inFlight -= 1;
		});
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			setTimeout(() => {
				const upstream = http.request(
					{
						host: target.hostname,
						port: target.port,
						method: req.method,
						path: req.url,
						headers: { ...req.headers, host: target.host },
					},
					(upstreamRes) => {
						res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
						upstreamRes.pipe(res);
					},
				);
				upstream.on('error', (error) => {
					res.writeHead(502, { 'content-type': 'text/plain' });
					res.end(`proxy error: ${error.message}`);
				});
				upstream.end(Buffer.concat(chunks));
			}, delayMs);
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const prefix = target.pathname.replace(/\/+$/, '');
	proxy.baseUrl = `http://127.0.0.1:${port}${prefix}`;
	proxy.close = () =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return proxy;
}
