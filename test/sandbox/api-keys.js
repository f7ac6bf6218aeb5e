// @ts-check
'use strict';

const crypto = require('node:crypto');

const KEY_RE = /^rbk_([0-9a-f]{8})_([0-9a-f]{64})$/;
const SCOPES = ['otp:write', 'status:read'];

/** A fresh key: `rbk_<8 lowercase hex>_<64 lowercase hex>`. */
function generateApiKey() {
  return `rbk_${crypto.randomBytes(4).toString('hex')}_${crypto.randomBytes(32).toString('hex')}`;
}

/** @param {string} key */
function hashApiKey(key) {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/**
 * What a request presented as its API key.
 *
 * Decision (the contract only says "no key at all → UNAUTHORIZED; malformed, unknown or revoked →
 * INVALID_API_KEY; Bearer never accepted"): a credential that was *presented* but is not a usable
 * API key is INVALID_API_KEY; UNAUTHORIZED only when nothing was presented. Concretely:
 * - `Authorization: Api-Key <key>` (exact, case-sensitive prefix) wins;
 * - otherwise a non-empty `X-Api-Key: <key>`;
 * - otherwise an `Authorization` header with any other scheme (`Bearer …`, `api-key …`, `ApiKey …`,
 *   a bare key) → INVALID_API_KEY — the client sent a credential, just not an API key;
 * - no `Authorization` and no (or an empty) `X-Api-Key` → UNAUTHORIZED.
 * A key present in the right place but not matching the format is INVALID_API_KEY (malformed).
 *
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {{ kind: 'none' } | { kind: 'wrong-scheme' } | { kind: 'key', key: string }}
 */
function extractApiKey(headers) {
  const auth = typeof headers.authorization === 'string' ? headers.authorization : undefined;
  if (auth !== undefined && auth.startsWith('Api-Key ')) return { kind: 'key', key: auth.slice(8).trim() };
  const xKey = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'].trim() : '';
  if (xKey !== '') return { kind: 'key', key: xKey };
  if (auth !== undefined && auth.trim() !== '') return { kind: 'wrong-scheme' };
  return { kind: 'none' };
}

/**
 * Shows a key without revealing it: `rbk_<prefix>_…` (the 8-hex prefix is an identifier, not secret).
 * @param {string} value
 */
function redactKey(value) {
  const m = /^(rbk_[0-9a-f]{8}_)/.exec(value);
  return m ? `${m[1]}[redacted]` : '[redacted]';
}

module.exports = { KEY_RE, SCOPES, generateApiKey, hashApiKey, extractApiKey, redactKey };
