// @ts-check
'use strict';

/**
 * Entry point of the Reconbanker sandbox: `const { startSandbox } = require('./test/sandbox')`.
 * The implementation lives in sandbox.js; index.d.ts describes this public API for TypeScript.
 */
module.exports = require('./sandbox');
