/**
 * A forwarding HTTP proxy with a gate, for tests that need one client's requests to wait (a slow
 * network) while something else happens at the server. Not a fake: every request reaches the real
 * sandbox, only later.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GateProxy {
	baseUrl: string;
	/** From now on, requests wait (unanswered) until `open()`. */
	close(): void;
	/** Lets waiting and later requests through. */
	open(): void;
	/** How many requests are waiting at the gate right now. */
	waiting(): number;
	/** How many requests went through the gate and are not answered yet. */
	inFlight(): number;
	stop(): Promise<void>;
}

export async function startGateProxy(targetBaseUrl: string): Promise<GateProxy> {
	const target = new URL(targetBaseUrl);
	let closed = false;
	let inFlight = 0;
	const queue: Array<() => void> = [];

	const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
		inFlight += 1;
		res.on('close', () => {
			inFlight -= 1;
		});
		const upstream = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		upstream.end(body);
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const send = () => forward(req, Buffer.concat(chunks), res);
			if (closed) queue.push(send);
			else send();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		close: () => {
			closed = true;
		},
		open: () => {
			closed = false;
			for (const send of queue.splice(0)) send();
		},
		waiting: () => queue.length,
		inFlight: () => inFlight,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
