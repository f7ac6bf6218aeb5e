'use strict';
/**
 * Jest environment for tests that need a real WHATWG `WebSocket` client (the realtime trigger and
 * the sandbox's stream). n8n 2.x runs on Node 24, where `WebSocket` is a global; jest here runs on
 * Node 20, where it is a global only with `--experimental-websocket`. So:
 *   1. Node's own global `WebSocket` when there is one (Node ≥ 22, or Node 20 started with
 *      `NODE_OPTIONS=--experimental-websocket`);
 *   2. otherwise undici's `WebSocket` — the implementation Node bundles as its global — from
 *      node_modules (undici is installed with n8n-core).
 * The test file opts in with the docblock `@jest-environment ./test/harness/websocket-environment.js`.
 * `globalThis.__WEBSOCKET_SOURCE__` says which one a run used ('node' or 'undici').
 */
const { TestEnvironment } = require('jest-environment-node');

class WebSocketEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		if (typeof this.global.WebSocket === 'function') {
			this.global.__WEBSOCKET_SOURCE__ = 'node';
			return;
		}
		let undici;
		try {
			undici = require('undici');
		} catch {
			throw new Error(
				'No WebSocket client for the realtime tests: run them on Node >= 22, or with NODE_OPTIONS=--experimental-websocket on Node 20, or install undici.',
			);
		}
		this.global.WebSocket = undici.WebSocket;
		this.global.__WEBSOCKET_SOURCE__ = 'undici';
	}
}

module.exports = WebSocketEnvironment;
