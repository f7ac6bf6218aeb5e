'use strict';
/**
 * Build and pack this package, then install the tarball into an n8n user folder the way n8n's own
 * community-node installer does, so n8n loads it at start exactly as it would for a user.
 *
 * What n8n 2.40.7 does (CommunityPackagesService.downloadPackage, read from its shipped
 * dist/modules/community-packages/community-packages.service.js):
 *   1. mkdir <userFolder>/.n8n/nodes/node_modules/<name>
 *   2. `npm pack <name>@<version> --quiet` in <userFolder>/.n8n/nodes (here: our own `npm pack`)
 *   3. `tar -xzf <tarball> -C <that folder> --strip-components=1`
 *   4. drop devDependencies, peerDependencies and optionalDependencies from its package.json
 *   5. `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *       --ignore-scripts=true --package-lock=false` inside the package folder
 *   6. set dependencies[<name>] = <version> in <userFolder>/.n8n/nodes/package.json
 * At start n8n loads every `n8n-nodes-*` folder in .n8n/nodes/node_modules (scanDirectoryForPackages);
 * node types are then `<package name>.<node name>`.
 *
 * The install is skipped when the same tarball (by sha256) is already installed.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MARKER = '.reconbanker-tarball.json';

function log(message) {
	process.stderr.write(`[package] ${message}\n`);
}

/** The environment for nested npm calls, without the calling `npm run`'s own settings. */
function cleanNpmEnv() {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (/^npm_(config_|package_|lifecycle_)/i.test(key) && !/^npm_config_(cache|registry|userconfig)$/i.test(key)) {
			delete env[key];
		}
	}
	delete env.NODE_ENV;
	return env;
}

function sh(command, args, options) {
	try {
		return execFileSync(command, args, {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			maxBuffer: 64 * 1024 * 1024,
			env: cleanNpmEnv(),
			...options,
		});
	} catch (error) {
		throw new Error(
			`${command} ${args.join(' ')} failed (cwd ${options.cwd}):\n${error.stdout || ''}${error.stderr || error.message}`,
		);
	}
}

/** `npm run build` in the repo. */
function buildPackage({ repoRoot = REPO_ROOT } = {}) {
	const started = Date.now();
	log('npm run build');
	sh('npm', ['run', 'build', '--silent'], { cwd: repoRoot });
	log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * `npm pack` into a fresh temp folder. Resolves the tarball's path, sha256, name, version and files.
 */
function packPackage({ repoRoot = REPO_ROOT, destination } = {}) {
	const dir = destination || fs.mkdtempSync(path.join(os.tmpdir(), 'reconbanker-pack-'));
	fs.mkdirSync(dir, { recursive: true });
	const out = sh('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot });
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	const tarball = path.join(dir, info.filename);
	const sha256 = crypto.createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
	log(`packed ${info.filename} (${info.entryCount} files, ${Math.round(info.size / 1024)} kB)`);
	return { tarball, dir, sha256, name: info.name, version: info.version, files: info.files.map((f) => f.path) };
}

/** <userFolder>/.n8n/nodes: where n8n keeps community packages. */
function nodesDirOf(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes');
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * Installs a packed tarball into <userFolder>/.n8n/nodes as n8n's installer does.
 * Skips the work when the same tarball is already installed (unless force). Do it before `n8n start`.
 * @returns {{ installed: boolean, packageDir: string, nodesDir: string, name: string, version: string }}
 */
function installTarball({ userFolder, tarball, sha256, name, version, force = false }) {
	const nodesDir = nodesDirOf(userFolder);
	const packageDir = path.join(nodesDir, 'node_modules', ...name.split('/'));
	const markerFile = path.join(packageDir, MARKER);
	const marker = readJson(markerFile);
	if (!force && marker && marker.sha256 === sha256 && fs.existsSync(path.join(packageDir, 'package.json'))) {
		log(`${name}@${version} is already installed in ${nodesDir} (same tarball)`);
		return { installed: false, packageDir, nodesDir, name, version };
	}
	const started = Date.now();
	fs.mkdirSync(nodesDir, { recursive: true });
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	const manifest = readJson(nodesPackageJson) || { name: 'installed-nodes', private: true, dependencies: {} };
	manifest.dependencies = manifest.dependencies || {};

	// 1 + 3: a clean package folder, the tarball extracted into it.
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	sh('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: nodesDir });
	// 4: what n8n strips before installing the package's own dependencies.
	const pkgJsonFile = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkgJson } = JSON.parse(
		fs.readFileSync(pkgJsonFile, 'utf8'),
	);
	fs.writeFileSync(pkgJsonFile, JSON.stringify(pkgJson, null, 2), 'utf8');
	// 5: the package's runtime dependencies (none, by design), with n8n's flags.
	sh(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir },
	);
	// 6: the nodes folder's manifest names the package.
	manifest.dependencies[name] = pkgJson.version;
	fs.writeFileSync(nodesPackageJson, JSON.stringify(manifest, null, 2), 'utf8');
	fs.writeFileSync(markerFile, JSON.stringify({ sha256, version: pkgJson.version, installedAt: new Date().toISOString() }, null, 2));
	log(`installed ${name}@${pkgJson.version} into ${packageDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { installed: true, packageDir, nodesDir, name, version: pkgJson.version };
}

/**
 * Build (unless build: false), pack, and install into the user folder. Cleans up the tarball.
 */
function buildPackAndInstall({ userFolder, build = true, force = false, repoRoot = REPO_ROOT }) {
	if (build) buildPackage({ repoRoot });
	const packed = packPackage({ repoRoot });
	try {
		return { ...installTarball({ userFolder, force, ...packed }), sha256: packed.sha256, files: packed.files };
	} finally {
		fs.rmSync(packed.dir, { recursive: true, force: true });
	}
}

/** The package's "n8n" block (credentials and nodes as dist paths), read at run time. */
function readN8nBlock(repoRoot = REPO_ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	return { name: pkg.name, version: pkg.version, n8n: pkg.n8n || {} };
}

module.exports = { buildPackage, packPackage, installTarball, buildPackAndInstall, nodesDirOf, readN8nBlock, REPO_ROOT };

if (require.main === module) {
	// node scripts/lib/package-tarball.js <userFolder> [--no-build] [--force]
	const userFolder = process.argv[2];
	if (!userFolder) {
		process.stderr.write('usage: node scripts/lib/package-tarball.js <userFolder> [--no-build] [--force]\n');
		process.exit(2);
	}
	try {
		const result = buildPackAndInstall({
			userFolder: path.resolve(userFolder),
			build: !process.argv.includes('--no-build'),
			force: process.argv.includes('--force'),
		});
		const { files, ...summary } = result;
		process.stdout.write(`${JSON.stringify({ ...summary, fileCount: files.length }, null, 2)}\n`);
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}
}
