// @ts-check
'use strict';

const { HttpError, internalError, issue, validationError } = require('./errors');

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 1024 * 1024;

/** @param {unknown} value */
function isUuid(value) {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * Reads the whole request body.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Parses a JSON body the way Express' `express.json()` does, including the real server's quirk:
 * a malformed JSON body is not a 400 but falls through to the generic 500 INTERNAL_ERROR.
 * - a content type that is not JSON leaves the body as `{}` (so validation reports missing fields);
 * - an empty body is `{}`;
 * - strict mode: only an object or array may be the top-level value.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {Buffer} raw
 * @returns {unknown}
 */
function parseJsonBody(headers, raw) {
  if (raw.length > MAX_BODY_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
  const type = String(headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  const isJson = type === 'application/json' || type.endsWith('+json');
  if (!isJson) return {};
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') throw internalError();
  try {
    return JSON.parse(text);
  } catch {
    throw internalError();
  }
}

/**
 * Best-effort parse, for recording what a client sent; never throws.
 * @param {Buffer} raw
 * @returns {unknown}
 */
function tryParseJson(raw) {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Describes a JS value the way zod does in "Expected X, received Y" messages.
 * @param {unknown} value
 */
function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return typeof value;
}

/**
 * Checks that the body is a plain object; returns it.
 * @param {unknown} body
 * @returns {Record<string, unknown>}
 */
function requireObjectBody(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError('body', [issue('', `Expected object, received ${typeName(body)}`, 'invalid_type')]);
  }
  return /** @type {Record<string, unknown>} */ (body);
}

/**
 * Validates a `:accountId`-like path parameter (400 "Invalid params" when not a UUID).
 * @param {string} name
 * @param {string} value
 */
function requireUuidParam(name, value) {
  if (!isUuid(value)) throw validationError('params', [issue(name, 'Invalid uuid', 'invalid_string')]);
  return value.toLowerCase();
}

/**
 * Minimal router: patterns like `/v1/accounts/:accountId/status`. A trailing slash is tolerated,
 * as in Express' default (non-strict) routing.
 * @template H
 */
class Router {
  constructor() {
    /** @type {{ method: string, re: RegExp, names: string[], handler: H }[]} */
    this.routes = [];
  }

  /**
   * @param {string} method
   * @param {string} pattern
   * @param {H} handler
   */
  add(method, pattern, handler) {
    /** @type {string[]} */
    const names = [];
    const source = pattern
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, re: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @returns {{ handler: H, params: Record<string, string> } | null}
   */
  match(method, path) {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(path);
      if (!m) continue;
      /** @type {Record<string, string>} */
      const params = {};
      route.names.forEach((name, i) => {
        let value = m[i + 1];
        try {
          value = decodeURIComponent(value);
        } catch {
          // keep the raw segment, as Express does for undecodable params in practice (it 400s; rare)
        }
        params[name] = value;
      });
      return { handler: route.handler, params };
    }
    return null;
  }
}

module.exports = {
  UUID_RE,
  isUuid,
  readBody,
  parseJsonBody,
  tryParseJson,
  typeName,
  requireObjectBody,
  requireUuidParam,
  Router,
};
