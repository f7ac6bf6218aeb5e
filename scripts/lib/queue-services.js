'use strict';
/**
 * Throw-away PostgreSQL and Redis for an n8n queue-mode cluster (the e2e queue-mode suite): each in a
 * fresh temp folder, on its own free loopback port, stopped (and its folder removed) by stop().
 *
 *   const pg = await startPostgres({ log });      // { host, port, database, user, password, stop() }
 *   const redis = await startRedis({ log });      // { host, port, stop() }
 *
 * Binaries: Debian's packages `postgresql` (its server binaries live in /usr/lib/postgresql/<major>/bin,
 * not on PATH) and `redis-server`. RECONBANKER_PG_BIN names another postgres bin folder.
 *
 * PostgreSQL refuses to run as root. When this process is root, initdb and postgres run as an
 * unprivileged user instead (RECONBANKER_PG_USER, else `postgres` — created by Debian's package —
 * else `nobody`), spawned with that uid/gid; the data folder is handed to that user. Nothing else
 * of the machine is touched (no system service is started, no unix socket is created).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const { getFreePort } = require('./n8n-instance');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const defaultLog = (line) => process.stderr.write(`[services] ${line}\n`);

/** The newest /usr/lib/postgresql/<major>/bin holding `postgres`, or RECONBANKER_PG_BIN. */
function findPostgresBin() {
	if (process.env.RECONBANKER_PG_BIN) return process.env.RECONBANKER_PG_BIN;
	const base = '/usr/lib/postgresql';
	const majors = fs.existsSync(base)
		? fs
				.readdirSync(base)
				.filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(base, name, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (majors.length === 0) {
		throw new Error(
			'PostgreSQL server binaries not found in /usr/lib/postgresql/<major>/bin. Install Debian\'s package: apt-get install -y postgresql (or set RECONBANKER_PG_BIN).',
		);
	}
	return path.join(base, majors[0], 'bin');
}

/** The uid/gid to run postgres as: undefined when this process is not root. */
function postgresRunAs() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	for (const name of [process.env.RECONBANKER_PG_USER, 'postgres', 'nobody'].filter(Boolean)) {
		try {
			const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
			const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
			if (uid !== 0) return { name, uid, gid };
		} catch {
			// no such user
		}
	}
	throw new Error('Running as root, and no unprivileged user (postgres, nobody) to run PostgreSQL as; set RECONBANKER_PG_USER.');
}

function chownRecursive(dir, uid, gid) {
	fs.chownSync(dir, uid, gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) chownRecursive(full, uid, gid);
		else fs.chownSync(full, uid, gid);
	}
}

function runSync(bin, args, { runAs, env, cwd }) {
	try {
		return execFileSync(bin, args, {
			cwd,
			env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
		});
	} catch (error) {
		throw new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${error.stderr || error.stdout || error.message}`);
	}
}

/** A long-running child in its own process group, its output in logFile; stop() ends the group. */
function spawnService(bin, args, { runAs, env, cwd, logFile, label, stopSignal = 'SIGTERM' }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(bin, args, {
		cwd,
		env,
		detached: true,
		stdio: ['ignore', out, out],
		...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
	});
	fs.closeSync(out);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	const killGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			// gone
		}
	};
	// Never leave a database or a Redis behind when this process exits without stop().
	const onExit = () => killGroup('SIGKILL');
	process.on('exit', onExit);
	let stopping;
	return {
		pid: child.pid,
		get exited() {
			return exited;
		},
		stop(timeoutMs = 15_000) {
			stopping ??= (async () => {
				if (!exited) {
					killGroup(stopSignal);
					const timedOut = await Promise.race([exitPromise.then(() => false), sleep(timeoutMs).then(() => true)]);
					if (timedOut) killGroup('SIGKILL');
				}
				await exitPromise;
				process.removeListener('exit', onExit);
			})();
			return stopping;
		},
		label,
	};
}

function tail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

async function waitUntil(probe, { timeoutMs, what, isDead, logFile }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const dead = isDead();
		if (dead) throw new Error(`${what}: the process exited (code ${dead.code}, signal ${dead.signal})\n${tail(logFile)}`);
		if (await probe().catch(() => false)) return;
		if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs / 1000} s\n${tail(logFile)}`);
		await sleep(200);
	}
}

/**
 * initdb into a fresh temp folder, then `postgres` on a free loopback port (TCP only), a password
 * user `n8n` and a database `n8n`. Resolves { host, port, database, user, password, dir, logFile,
 * runAs, stop() }; stop() shuts it down fast and removes the folder (unless keep).
 */
async function startPostgres({ log = defaultLog, port, keep = false } = {}) {
	const bin = findPostgresBin();
	const runAs = postgresRunAs();
	const started = Date.now();
	// Its own top-level temp folder: a root-only parent would not let the postgres user in.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconbanker-pg-'));
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const password = crypto.randomBytes(18).toString('base64url');
	const pwFile = path.join(dir, 'pw');
	fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	if (runAs) chownRecursive(dir, runAs.uid, runAs.gid);
	const env = { PATH: process.env.PATH || '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC', HOME: dir };

	runSync(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', 'n8n', `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-instructions'],
		{ runAs, env, cwd: dir },
	);
	fs.rmSync(pwFile, { force: true });
	port ??= await getFreePort();
	const service = spawnService(
		path.join(bin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'unix_socket_directories=',
			// A throw-away test database: durability traded for speed.
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		// SIGINT = PostgreSQL's "fast shutdown".
		{ runAs, env, cwd: dir, logFile, label: 'postgres', stopSignal: 'SIGINT' },
	);
	const pgEnv = { ...env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '3' };
	const psql = (args) => runSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-v', 'ON_ERROR_STOP=1', ...args], { env: pgEnv, cwd: dir });
	try {
		await waitUntil(async () => psql(['-d', 'postgres', '-tAc', 'select 1']).trim() === '1', {
			timeoutMs: 60_000,
			what: 'PostgreSQL',
			isDead: () => service.exited,
			logFile,
		});
		psql(['-d', 'postgres', '-c', 'CREATE DATABASE n8n']);
	} catch (error) {
		await service.stop();
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	log(`PostgreSQL (${path.basename(path.dirname(bin))}) on 127.0.0.1:${port}${runAs ? ` as user ${runAs.name}` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		dir,
		logFile,
		runAs: runAs?.name,
		pid: service.pid,
		/** Runs SQL through psql against the n8n database; resolves psql's unaligned output. */
		query: (sql) => psql(['-d', 'n8n', '-tAc', sql]),
		async stop() {
			await service.stop();
			if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** The redis-server binary (Debian's `redis-server`), or RECONBANKER_REDIS_SERVER. */
function findRedisServer() {
	if (process.env.RECONBANKER_REDIS_SERVER) return process.env.RECONBANKER_REDIS_SERVER;
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (fs.existsSync(candidate)) return candidate;
	}
	try {
		return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error("redis-server not found. Install Debian's package: apt-get install -y redis-server (or set RECONBANKER_REDIS_SERVER).");
	}
}

/** Whether a Redis answers PING on host:port (RESP over a plain socket). */
function redisPing(port, host = '127.0.0.1') {
	const net = require('node:net');
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		let answer = '';
		socket.setTimeout(2_000, () => socket.destroy());
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) {
				socket.destroy();
				resolve(answer.startsWith('+PONG'));
			}
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(answer.startsWith('+PONG')));
	});
}

/**
 * redis-server on a free loopback port, nothing saved to disk (`--save ''`, no AOF), its working
 * folder a fresh temp folder. Resolves { host, port, dir, logFile, stop() }.
 */
async function startRedis({ log = defaultLog, port, keep = false } = {}) {
	const bin = findRedisServer();
	const started = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconbanker-redis-'));
	const logFile = path.join(dir, 'redis.log');
	port ??= await getFreePort();
	const service = spawnService(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ env: { PATH: process.env.PATH || '/usr/bin:/bin' }, cwd: dir, logFile, label: 'redis' },
	);
	try {
		await waitUntil(() => redisPing(port), { timeoutMs: 30_000, what: 'Redis', isDead: () => service.exited, logFile });
	} catch (error) {
		await service.stop();
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	log(`Redis on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return {
		host: '127.0.0.1',
		port,
		dir,
		logFile,
		pid: service.pid,
		async stop() {
			await service.stop();
			if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startPostgres, startRedis, findPostgresBin, findRedisServer, postgresRunAs, redisPing };
