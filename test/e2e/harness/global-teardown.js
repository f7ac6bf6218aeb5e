'use strict';
/** Jest globalTeardown: stops the shared n8n (whole process group) and removes its temp folder. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalTeardown() {
	const state = globalThis.__RECONBANKER_E2E__;
	if (!state) return;
	globalThis.__RECONBANKER_E2E__ = undefined;
	if (state.n8n) await state.n8n.stop();
	const logFile = path.join(state.root, 'n8n.log');
	if (process.env.RECONBANKER_E2E_KEEP === '1') {
		process.stderr.write(`[e2e] kept ${state.root} (n8n log: ${logFile})\n`);
		return;
	}
	// Keep the last run's n8n log where it can be read after a failure; drop the rest.
	const lastLog = path.join(os.tmpdir(), 'reconbanker-e2e-last-n8n.log');
	try {
		fs.copyFileSync(logFile, lastLog);
		process.stderr.write(`[e2e] n8n stopped; its log: ${lastLog}\n`);
	} catch {
		// no log written
	}
	fs.rmSync(state.root, { recursive: true, force: true });
};
