#!/usr/bin/env node
'use strict';
/**
 * `npm run docs:screenshots`: runs the editor walk (jest.editor.config.js) with its pictures saved
 * into docs/images/ (fixed viewport, light theme) — the ones the README shows. Extra arguments go to
 * jest (e.g. a single file).
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const jest = require.resolve('jest/bin/jest', { paths: [root] });
const result = spawnSync(process.execPath, [jest, '-c', 'jest.editor.config.js', ...process.argv.slice(2)], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, RECONBANKER_SCREENSHOTS_DIR: 'docs/images' },
});
process.exit(result.status ?? 1);
