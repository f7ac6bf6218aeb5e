// @ts-check
'use strict';

/**
 * Error envelope helpers. Every JSON error the sandbox answers has the shape
 * `{"error":{"code","message","details"?}}`, like the real Reconbanker server.
 */

/** @typedef {{ path: string, message: string, code: string }} Issue */

class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Record<string, unknown>} [details]
   * @param {Record<string, string>} [headers]
   */
  constructor(status, code, message, details, headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers || {};
  }
}

/**
 * @param {string} path dotted path ('' for the root)
 * @param {string} message
 * @param {string} code zod-style issue code (invalid_type, too_small, invalid_string, custom, ...)
 * @returns {Issue}
 */
function issue(path, message, code) {
  return { path, message, code };
}

/**
 * @param {'params' | 'body'} where
 * @param {Issue[]} issues
 */
function validationError(where, issues) {
  return new HttpError(400, 'VALIDATION_ERROR', where === 'params' ? 'Invalid params' : 'Invalid body', {
    issues,
  });
}

/** @param {string} message */
const unauthorized = (message) => new HttpError(401, 'UNAUTHORIZED', message);
/** @param {string} message */
const invalidApiKey = (message) => new HttpError(401, 'INVALID_API_KEY', message);
/** @param {string} message */
const forbidden = (message) => new HttpError(403, 'FORBIDDEN', message);
/** @param {string} [message] */
const notFound = (message = 'Account not found') => new HttpError(404, 'NOT_FOUND', message);
const internalError = () => new HttpError(500, 'INTERNAL_ERROR', 'Internal server error');

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers) {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(headers || {}),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Sends an HttpError as the JSON envelope; anything else becomes a 500 INTERNAL_ERROR.
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} err
 * @param {Record<string, string>} [extraHeaders]
 */
function sendError(res, err, extraHeaders) {
  const e = err instanceof HttpError ? err : internalError();
  /** @type {{ code: string, message: string, details?: Record<string, unknown> }} */
  const body = { code: e.code, message: e.message };
  if (e.details !== undefined) body.details = e.details;
  sendJson(res, e.status, { error: body }, { ...(extraHeaders || {}), ...e.headers });
}

/**
 * The HTML 404 an Express app answers for a route it does not know (the real server does this
 * for unknown `/v1/...` paths, so clients must cope with a non-JSON error body).
 * @param {import('node:http').ServerResponse} res
 * @param {string} method
 * @param {string} path
 */
function sendHtml404(res, method, path) {
  if (res.headersSent) return;
  const escaped = path.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html =
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n' +
    `</head>\n<body>\n<pre>Cannot ${method} ${escaped}</pre>\n</body>\n</html>\n`;
  res.writeHead(404, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': String(Buffer.byteLength(html)),
  });
  res.end(html);
}

module.exports = {
  HttpError,
  issue,
  validationError,
  unauthorized,
  invalidApiKey,
  forbidden,
  notFound,
  internalError,
  sendJson,
  sendError,
  sendHtml404,
};
