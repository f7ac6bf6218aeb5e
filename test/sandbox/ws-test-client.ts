// A raw RFC 6455 client for the realtime sandbox tests (not a test file itself): it can do what a
// well-behaved WebSocket cannot — skip pongs, send unmasked or oversized frames, stop reading.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const frames = require('./ws-frames') as {
	OPCODES: Record<'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong', number>;
	acceptValue(key: string): string;
	encodeFrame(opcode: number, payload: Buffer, opts?: { fin?: boolean; mask?: Buffer | null; rsv?: number }): Buffer;
	closePayload(code: number, reason?: string): Buffer;
	FrameDecoder: new (opts: { maxPayload: number }) => {
		push(chunk: Buffer): Array<{ opcode: number; payload: Buffer } | { error: string }>;
	};
	readClose(payload: Buffer): { code: number; reason: string };
};
export const { OPCODES, acceptValue, encodeFrame, closePayload } = frames;

export interface UpgradeOptions {
	/** Sec-WebSocket-Protocol entries; default none */
	protocols?: string[];
	origin?: string;
	headers?: Record<string, string>;
	key?: string;
}

export type UpgradeResult =
	| { kind: 'open'; socket: RawSocket; headers: http.IncomingHttpHeaders; key: string }
	| { kind: 'refused'; status: number; headers: http.IncomingHttpHeaders; body: string }
	| { kind: 'dropped'; error: string };

/** Opens `ws://…` at a URL (given as http://…) and reports what the server did. */
export function upgrade(url: string, options: UpgradeOptions = {}): Promise<UpgradeResult> {
	const key = options.key ?? randomBytes(16).toString('base64');
	const headers: Record<string, string> = {
		Connection: 'Upgrade',
		Upgrade: 'websocket',
		'Sec-WebSocket-Version': '13',
		'Sec-WebSocket-Key': key,
		...(options.protocols ? { 'Sec-WebSocket-Protocol': options.protocols.join(', ') } : {}),
		...(options.origin ? { Origin: options.origin } : {}),
		...(options.headers ?? {}),
	};
	return new Promise((resolve) => {
		const req = http.request(url, { headers, agent: false });
		req.on('upgrade', (res, socket, head) => {
			resolve({ kind: 'open', socket: new RawSocket(socket, head), headers: res.headers, key });
		});
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ kind: 'refused', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
			);
		});
		req.on('error', (error) => resolve({ kind: 'dropped', error: error.message }));
		req.end();
	});
}

export interface Received {
	opcode: number;
	payload: Buffer;
}

/** The client end of an open stream. Frames are recorded; pings are answered unless `autoPong` is off. */
export class RawSocket {
	readonly received: Received[] = [];
	autoPong = true;
	/** The server's close frame, or null when the TCP connection ended without one. */
	readonly closed: Promise<{ code: number; reason: string } | null>;
	private closeFrame: { code: number; reason: string } | null = null;
	private readonly decoder = new frames.FrameDecoder({ maxPayload: 64 * 1024 * 1024 });
	private waiters: Array<() => void> = [];
	ended = false;

	constructor(
		readonly socket: Duplex,
		head: Buffer,
	) {
		this.closed = new Promise((resolve) => {
			socket.on('close', () => {
				this.ended = true;
				this.notify();
				resolve(this.closeFrame);
			});
		});
		socket.on('error', () => undefined);
		socket.on('data', (chunk: Buffer) => this.onData(chunk));
		if (head.length) this.onData(head);
	}

	private onData(chunk: Buffer) {
		for (const frame of this.decoder.push(chunk)) {
			if ('error' in frame) throw new Error(`test client: ${frame.error}`);
			this.received.push(frame);
			if (frame.opcode === OPCODES.ping && this.autoPong) this.send(OPCODES.pong, frame.payload);
			if (frame.opcode === OPCODES.close) this.closeFrame = frames.readClose(frame.payload);
		}
		this.notify();
	}

	private notify() {
		const waiters = this.waiters;
		this.waiters = [];
		for (const w of waiters) w();
	}

	/** The JSON events received so far (text frames). */
	events(): Array<Record<string, any>> {
		return this.received.filter((f) => f.opcode === OPCODES.text).map((f) => JSON.parse(f.payload.toString('utf8')));
	}

	/** Resolves once `predicate` holds (checked on every frame), or rejects after `timeoutMs`. */
	until<T>(predicate: () => T, timeoutMs = 3000, what = 'condition'): Promise<NonNullable<T>> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
			const check = () => {
				const value = predicate();
				if (value) {
					clearTimeout(timer);
					resolve(value as NonNullable<T>);
				} else if (this.ended) {
					clearTimeout(timer);
					reject(new Error(`connection ended while waiting for ${what}`));
				} else this.waiters.push(check);
			};
			check();
		});
	}

	/** Sends a frame; masked with a random key unless `mask: null`. */
	send(opcode: number, payload: Buffer, opts: { mask?: Buffer | null; fin?: boolean; rsv?: number } = {}) {
		const mask = opts.mask === undefined ? randomBytes(4) : opts.mask;
		if (!this.socket.destroyed) this.socket.write(encodeFrame(opcode, payload, { ...opts, mask }));
	}

	destroy() {
		this.socket.destroy();
	}
}
