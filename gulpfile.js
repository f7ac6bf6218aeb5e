// Build: compile TypeScript into dist/, then copy what n8n loads beside the compiled
// files (node icons and codex JSON), keeping their folder layout.
const { src, dest, series } = require('gulp');
const { rmSync } = require('node:fs');
const { execFileSync } = require('node:child_process');

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
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
