// The package's plain-Node entry: the pure helpers (code normalising, validation, extraction,
// signatures, TOTP, URL joining, error classification), usable and testable outside n8n.
// n8n itself loads the nodes and credentials listed in package.json's "n8n" block.
module.exports = require('./dist/nodes/shared');
