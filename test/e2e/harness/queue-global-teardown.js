'use strict';
/**
 * Jest globalTeardown of the queue-mode suite: ends every n8n process of the cluster — the ones
 * global setup started and the ones tests started again (their current pids are in pids.json) —
 * then PostgreSQL and Redis, and removes the temp folder. The processes' logs of the last run are
 * copied to $TMPDIR/reconbanker-e2e-queue-last/ (RECONBANKER_E2E_KEEP=1 keeps the whole folder).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** SIGTERM to each process group, SIGKILL to what is left after timeoutMs. */
async function endGroups(pids, timeoutMs = 20_000) {
	for (const pid of pids) {
		try {
			process.kill(-pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	const deadline = Date.now() + timeoutMs;
	while (pids.some(groupAlive) && Date.now() < deadline) await sleep(200);
	for (const pid of pids.filter(groupAlive)) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
}

module.exports = async function queueGlobalTeardown() {
	const state = globalThis.__RECONBANKER_E2E_QUEUE__;
	if (!state) return;
	globalThis.__RECONBANKER_E2E_QUEUE__ = undefined;
	const pidsFile = path.join(state.root, 'pids.json');
	let pids = [];
	try {
		pids = Object.values(JSON.parse(fs.readFileSync(pidsFile, 'utf8'))).filter((pid) => Number.isInteger(pid));
	} catch {
		// setup never wrote it
	}
	await endGroups(pids);
	if (state.cluster) await state.cluster.stop(); // the instances setup started (no-op when gone), PostgreSQL, Redis

	if (process.env.RECONBANKER_E2E_KEEP === '1') {
		process.stderr.write(`[e2e-queue] kept ${state.root}\n`);
		return;
	}
	const lastLogs = path.join(os.tmpdir(), 'reconbanker-e2e-queue-last');
	fs.rmSync(lastLogs, { recursive: true, force: true });
	fs.mkdirSync(lastLogs, { recursive: true });
	for (const file of fs.readdirSync(state.root).filter((name) => name.endsWith('.log'))) {
		fs.copyFileSync(path.join(state.root, file), path.join(lastLogs, file));
	}
	process.stderr.write(`[e2e-queue] cluster stopped; its logs: ${lastLogs}\n`);
	fs.rmSync(state.root, { recursive: true, force: true });
};
