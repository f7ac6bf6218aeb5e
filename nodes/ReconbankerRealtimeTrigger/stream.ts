/**
 * One connection to the realtime stream with the WebSocket built into Node (a global from Node 22;
 * n8n 2.x runs on Node 24): no runtime dependency. The client answers the server's pings by itself
 * and this code never sends a frame (the server closes on any client data frame).
 */
import { sleep } from 'n8n-workflow';

import { REALTIME_SUBPROTOCOL } from '../transport/realtime-api';

export interface StreamEnd {
	/** The close code (1006 when the connection broke without one); null when it never opened. */
	code: number | null;
	reason: string;
	opened: boolean;
}

export interface StreamConnection {
	/** Resolves when the socket is open; rejects when it could not be opened. */
	opened: Promise<void>;
	/** Resolves once, when the connection is over (whatever happened). */
	ended: Promise<StreamEnd>;
	/** Closes (1000) and waits for the close handshake, at most `timeoutMs`. Never rejects. */
	close(timeoutMs?: number): Promise<void>;
}

/** Whether this Node has a built-in WebSocket client. */
export function hasWebSocket(): boolean {
	return typeof WebSocket === 'function';
}

export function connectStream(url: string, ticket: string, onText: (text: string) => void): StreamConnection {
	const socket = new WebSocket(url, [REALTIME_SUBPROTOCOL, ticket]);
	let isOpen = false;
	let over = false;
	let resolveOpened!: () => void;
	let rejectOpened!: (error: Error) => void;
	let resolveEnded!: (end: StreamEnd) => void;
	const opened = new Promise<void>((resolve, reject) => {
		resolveOpened = resolve;
		rejectOpened = reject;
	});
	// Awaited by the caller only when it gets that far; never an unhandled rejection.
	opened.catch(() => undefined);
	const ended = new Promise<StreamEnd>((resolve) => {
		resolveEnded = resolve;
	});

	const finish = (code: number | null, reason: string) => {
		if (over) return;
		over = true;
		if (!isOpen) {
			rejectOpened(new Error('The realtime stream did not open (ticket refused, origin refused, or no connection)'));
		}
		resolveEnded({ code: isOpen ? code : null, reason, opened: isOpen });
		if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close();
	};

	socket.onopen = () => {
		isOpen = true;
		resolveOpened();
	};
	socket.onmessage = (event) => {
		if (!over && typeof event.data === 'string') onText(event.data);
	};
	// Before the socket is open an error ends the attempt (some Node 20 clients never send a close
	// then); once open, the close event that follows every error says how it ended.
	socket.onerror = () => {
		if (!isOpen) finish(null, 'connection failed');
	};
	socket.onclose = (event) => finish(event.code, event.reason);

	return {
		opened,
		ended,
		async close(timeoutMs = 3000) {
			if (over) return;
			if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close(1000);
			const waited = new AbortController();
			await Promise.race([ended, sleep(timeoutMs, waited.signal).catch(() => undefined)]);
			waited.abort(); // no timer left behind
			finish(null, 'closed by n8n');
		},
	};
}
