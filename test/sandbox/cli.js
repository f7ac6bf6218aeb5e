#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the Reconbanker sandbox from the command line.
 *
 *   node test/sandbox/cli.js --port 4010 [--host 127.0.0.1] [--path-prefix /reconbanker]
 *        [--seed file.json] [--signing-secret S] [--reject-delay-ms 1000-17000] [--retry-ms 60000]
 *        [--timeout-ms 15000] [--no-private-urls] [--guide-payload]
 *
 * `--reject-delay-ms` is how long the login takes to ask again after a wrong code: N ms, or MIN-MAX
 * for a random delay in that range (default 1000-17000, like the real server).
 *
 * Prints one JSON line to stdout — `{ baseUrl, controlUrl, ...seed result }` (see seed.js) — and runs
 * until SIGINT/SIGTERM, then closes cleanly. Diagnostics go to stderr.
 */

const fs = require('node:fs');
const { startSandbox } = require('./sandbox');

const USAGE =
  'usage: node test/sandbox/cli.js [--port N] [--host H] [--path-prefix P] [--seed file.json] ' +
  '[--signing-secret S] [--reject-delay-ms N|MIN-MAX] [--retry-ms N] [--timeout-ms N] [--no-private-urls] [--guide-payload]';

/**
 * @param {string[]} argv
 */
function parseArgs(argv) {
  /** @type {Record<string, string | boolean>} */
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) args[a.slice(2, eq)] = a.slice(eq + 1);
    else if (['no-private-urls', 'guide-payload', 'help'].includes(a.slice(2))) args[a.slice(2)] = true;
    else {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      args[a.slice(2)] = v;
    }
  }
  return args;
}

/**
 * @param {string | boolean | undefined} v
 * @param {string} name
 */
function num(v, name) {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  /** @type {Partial<import('./sandbox').SandboxOptions>} */
  const opts = {
    port: num(args.port, 'port') ?? 4010,
    host: typeof args.host === 'string' ? args.host : '127.0.0.1',
    pathPrefix: typeof args['path-prefix'] === 'string' ? args['path-prefix'] : '',
    signingSecret: typeof args['signing-secret'] === 'string' ? args['signing-secret'] : null,
    allowPrivateNotificationUrls: !args['no-private-urls'],
    guidePayloadShape: !!args['guide-payload'],
  };
  const reject = args['reject-delay-ms'];
  const range = typeof reject === 'string' ? /^(\d+)-(\d+)$/.exec(reject) : null;
  if (range) opts.rejectionReopenDelayMs = [Number(range[1]), Number(range[2])];
  else {
    const fixed = num(reject, 'reject-delay-ms');
    if (fixed !== undefined) opts.rejectionReopenDelayMs = fixed;
  }
  const retry = num(args['retry-ms'], 'retry-ms');
  if (retry !== undefined) opts.notificationRetryMs = retry;
  const timeout = num(args['timeout-ms'], 'timeout-ms');
  if (timeout !== undefined) opts.notificationTimeoutMs = timeout;

  const seedDoc = typeof args.seed === 'string' ? JSON.parse(fs.readFileSync(args.seed, 'utf8')) : null;

  const sb = await startSandbox(opts);
  let seeded = {};
  try {
    if (seedDoc) seeded = sb.seed(seedDoc);
  } catch (err) {
    await sb.close();
    throw err;
  }
  process.stdout.write(`${JSON.stringify({ baseUrl: sb.baseUrl, controlUrl: `${sb.baseUrl}/__sandbox`, ...seeded })}\n`);

  let stopping = false;
  /** @param {string} signal */
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`reconbanker sandbox: ${signal}, closing\n`);
    sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`reconbanker sandbox: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exit(1);
});
