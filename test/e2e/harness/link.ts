/**
 * Reverse proxies between n8n and the sandbox that hold chosen requests back — a slow network or a
 * slow Reconbanker, placed where a test needs it. Use the link's `url` as the API credential's Base
 * URL instead of the sandbox's. Closed when the file ends.
 *
 *   const link = await startGatedLink(sandbox.baseUrl, {
 *   	gate: (method, path) => (isStatusRead(method, path) ? untilSomethingHappened : undefined),
 *   });
 *   const slow = await startSlowLink(sandbox.baseUrl, { delayMs: 3_000, slow: (method, path) => method === 'POST' });
 */
import http from 'node:http';

export interface GatedRequest {
	method: string;
	path: string;
	/** when the link received it (epoch ms) */
	receivedAt: number;
	/** when it went on to the target (epoch ms); null while held */
	forwardedAt: number | null;
}

export interface GatedLink {
	/** http://127.0.0.1:<port>: use it as the Base URL instead of the target's */
	url: string;
	/** every request the link received, in order */
	requests: GatedRequest[];
	/** the requests the gate held back (a promise), in order */
	held: GatedRequest[];
	close(): Promise<void>;
}

/**
 * A reverse proxy to `targetBaseUrl`. For each request, `gate(method, path)` returns a promise to
 * hold it until that promise settles (then it is forwarded), or undefined to forward it at once.
 * The gate decides when the request arrives, before its body is read, in arrival order.
 */
export async function startGatedLink(
	targetBaseUrl: string,
	{ gate }: { gate: (method: string, path: string) => Promise<unknown> | undefined },
): Promise<GatedLink> {
	const target = new URL(targetBaseUrl);
	const requests: GatedRequest[] = [];
	const held: GatedRequest[] = [];
	const server = http.createServer((req, res) => {
		const record: GatedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', receivedAt: Date.now(), forwardedAt: null };
		requests.push(record);
		const hold = gate(record.method, record.path);
		if (hold) held.push(record);
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		const bodyRead = new Promise<void>((resolve) => req.on('end', resolve));
		const forward = () => {
			record.forwardedAt = Date.now();
			const upstream = http.request(
				{ host: target.hostname, port: target.port, method: record.method, path: record.path, headers: { ...req.headers, host: target.host }, agent: false },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', (error) => {
				res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`gated link: ${error.message}`);
			});
			upstream.end(Buffer.concat(chunks));
		};
		void Promise.all([bodyRead, (hold ?? Promise.resolve()).catch(() => undefined)]).then(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const link: GatedLink = {
		url: `http://127.0.0.1:${port}`,
		requests,
		held,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	openLinks.add(link);
	return link;
}

export interface SlowLink {
	/** http://127.0.0.1:<port>: use it as the Base URL instead of the target's */
	url: string;
	/** Requests held back so far (method and path). */
	held: Array<{ method: string; path: string }>;
	close(): Promise<void>;
}

/**
 * A reverse proxy to `targetBaseUrl` that holds back the requests `slow(method, path)` picks for
 * `delayMs` before forwarding them (a slow network or a slow Reconbanker), and forwards everything
 * else at once.
 */
export async function startSlowLink(
	targetBaseUrl: string,
	{ delayMs, slow }: { delayMs: number; slow: (method: string, path: string) => boolean },
): Promise<SlowLink> {
	const link = await startGatedLink(targetBaseUrl, {
		gate: (method, path) => (slow(method, path) ? new Promise((resolve) => setTimeout(resolve, delayMs)) : undefined),
	});
	return { url: link.url, held: link.held, close: link.close };
}

const openLinks = new Set<GatedLink>();
afterAll(async () => {
	await Promise.all([...openLinks].map((link) => link.close()));
	openLinks.clear();
});
