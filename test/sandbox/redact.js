// @ts-check
'use strict';

const { redactKey } = require('./api-keys');

/**
 * Redaction for the control API: it never returns API keys, tokens, passwords or secrets
 * (the one exception is the plaintext key in a creation/seed response).
 */

const SECRET_BODY_FIELDS = new Set([
  'password',
  'token',
  'challengeToken',
  'key',
  'webhook_secret',
  'bank_password',
  'notification_auth_token',
  'totpSecret',
  'signingSecret',
]);

/** @param {string} value */
function redactAuthorization(value) {
  const space = value.indexOf(' ');
  if (space < 0) return '[redacted]';
  const scheme = value.slice(0, space);
  const cred = value.slice(space + 1).trim();
  return `${scheme} ${scheme === 'Api-Key' ? redactKey(cred) : '[redacted]'}`;
}

/**
 * @param {Record<string, unknown>} headers
 * @returns {Record<string, unknown>}
 */
function redactHeaders(headers) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (typeof value === 'string' && lower === 'authorization') out[name] = redactAuthorization(value);
    else if (typeof value === 'string' && lower === 'x-api-key') out[name] = redactKey(value.trim());
    else if (lower === 'cookie' || lower === 'set-cookie') out[name] = '[redacted]';
    else out[name] = value;
  }
  return out;
}

/**
 * @param {unknown} value
 * @returns {unknown}
 */
function redactJson(value) {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_BODY_FIELDS.has(k) && v !== null && v !== '' && v !== '__secret_present__' ? '[redacted]' : redactJson(v);
    }
    return out;
  }
  return value;
}

/**
 * A raw request body with secret JSON fields replaced; non-JSON bodies are returned as they are,
 * except that anything looking like an API key is cut down to its prefix.
 * @param {string} raw
 */
function redactRawBody(raw) {
  try {
    return JSON.stringify(redactJson(JSON.parse(raw)));
  } catch {
    return raw.replace(/rbk_([0-9a-f]{8})_[0-9a-f]{64}/g, 'rbk_$1_[redacted]');
  }
}

module.exports = { redactHeaders, redactJson, redactRawBody };
