// Build: compile TypeScript into dist/, then copy what n8n loads beside the compiled
// files (node icons and codex JSON), keeping their folder layout.
//
// The tarball carries only what n8n and index.js users need: the compiled code without comments
// (tsconfig.json), type declarations for the pure helpers index.js exports, with their doc comments
// (tsconfig.declarations.json), the icons and codex files. No declarations of internal files, no
// source maps.
const { src, dest, series } = require('gulp');
const { rmSync } = require('node:fs');
const { execFileSync } = require('node:child_process');

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

function tsc(project) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { stdio: 'inherit' });
}

function compile(done) {
	tsc('tsconfig.json');
	tsc('tsconfig.declarations.json');
	done();
}

function copyAssets() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = series(clean, compile, copyAssets);
exports.default = exports.build;
