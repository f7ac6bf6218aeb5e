'use strict';
/**
 * CPU profiles of a running Node process for the benchmarks: a minimal Chrome DevTools Protocol
 * client over the inspector's WebSocket (Node 22+ has WebSocket built in), and a text summary of a
 * `.cpuprofile` (where the time went: by package, by function itself, by function including callees).
 */

/** Connects to `ws://…` printed by `--inspect`; resolves { startProfile, stopProfile, close }. */
async function connectInspector(url) {
	const socket = new WebSocket(url);
	await new Promise((resolve, reject) => {
		socket.addEventListener('open', resolve, { once: true });
		socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
	});
	let nextId = 0;
	const pending = new Map();
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(String(event.data));
		const waiter = message.id === undefined ? undefined : pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
		else waiter.resolve(message.result);
	});
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = ++nextId;
			pending.set(id, { resolve, reject, method });
			socket.send(JSON.stringify({ id, method, params }));
		});
	await send('Profiler.enable');
	await send('Profiler.setSamplingInterval', { interval: 200 });
	return {
		startProfile: () => send('Profiler.start'),
		stopProfile: async () => (await send('Profiler.stop')).profile,
		close: () => socket.close(),
	};
}

/** `node_modules/@n8n/foo/…` → `@n8n/foo`; `node:…` → `node`; our package → `n8n-nodes-reconbanker`. */
function packageOf(url) {
	if (!url) return '(native / vm)';
	if (url.startsWith('node:')) return 'node';
	const parts = url.split('node_modules/');
	if (parts.length < 2) return url.replace(/^file:\/\//, '');
	const tail = parts[parts.length - 1].split('/');
	return tail[0].startsWith('@') ? `${tail[0]}/${tail[1]}` : tail[0];
}

function labelOf(frame) {
	const file = frame.url ? frame.url.split('/').slice(-2).join('/') : '';
	return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

const top = (map, n) =>
	[...map.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, n)
		.map(([name, us]) => ({ name, ms: Math.round(us / 1000) }));

/**
 * Where a profile's time went. Each sample is charged the time until the next one; `busyMs` leaves
 * out the process's idle time. `inclusive` charges a function for every sample it is on the stack of
 * (callers included), once per sample.
 */
function summariseProfile(profile, n = 20) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children || []) parent.set(child, node.id);
	const self = new Map();
	const inclusive = new Map();
	const packages = new Map();
	let totalUs = 0;
	let idleUs = 0;
	profile.samples.forEach((nodeId, i) => {
		const us = profile.timeDeltas[i + 1] ?? 0;
		totalUs += us;
		const node = byId.get(nodeId);
		const name = node.callFrame.functionName;
		if (name === '(idle)') {
			idleUs += us;
			return;
		}
		const label = labelOf(node.callFrame);
		self.set(label, (self.get(label) || 0) + us);
		const pkg = name.startsWith('(') ? name : packageOf(node.callFrame.url);
		packages.set(pkg, (packages.get(pkg) || 0) + us);
		const seen = new Set();
		for (let id = nodeId; id !== undefined; id = parent.get(id)) {
			const frame = byId.get(id).callFrame;
			if (frame.functionName === '(root)') continue;
			const stackLabel = labelOf(frame);
			if (seen.has(stackLabel)) continue;
			seen.add(stackLabel);
			inclusive.set(stackLabel, (inclusive.get(stackLabel) || 0) + us);
		}
	});
	return {
		totalMs: Math.round(totalUs / 1000),
		busyMs: Math.round((totalUs - idleUs) / 1000),
		byPackage: top(packages, n),
		self: top(self, n),
		inclusive: top(inclusive, n * 2),
	};
}

module.exports = { connectInspector, summariseProfile };
