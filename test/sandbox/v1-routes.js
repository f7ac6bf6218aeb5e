// @ts-check
'use strict';

const { KEY_RE, extractApiKey } = require('./api-keys');
const {
  HttpError,
  forbidden,
  invalidApiKey,
  issue,
  notFound,
  sendError,
  sendJson,
  unauthorized,
  validationError,
} = require('./errors');
const { Router, parseJsonBody, requireObjectBody, requireUuidParam, tryParseJson, typeName } = require('./http-util');

/**
 * @typedef {import('./sandbox').Context} Context
 * @typedef {(ctx: Context, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *   params: Record<string, string>, raw: Buffer) => void} Handler
 */

/**
 * 401 checks. See api-keys.js `extractApiKey` for how a wrong scheme (e.g. Bearer) is classified.
 * @param {Context} ctx
 * @param {import('node:http').IncomingMessage} req
 */
function authenticate(ctx, req) {
  const found = extractApiKey(req.headers);
  if (found.kind === 'none') throw unauthorized('Missing API key');
  if (found.kind === 'wrong-scheme') throw invalidApiKey('Invalid API key');
  if (!KEY_RE.test(found.key)) throw invalidApiKey('Invalid API key');
  const key = ctx.store.findApiKey(found.key); // unknown and revoked keys are both "not found"
  if (!key) throw invalidApiKey('Invalid API key');
  return key;
}

/**
 * 403 checks: scope, then the key's account allow-list (before anything else about the account).
 * @param {import('./state').ApiKey} key
 * @param {string} scope
 * @param {string} accountParam
 */
function authorize(key, scope, accountParam) {
  if (!key.scopes.includes(scope)) throw forbidden(`API key lacks the required scope: ${scope}`);
  if (key.accountIds !== null && !key.accountIds.includes(accountParam.toLowerCase())) {
    throw forbidden('API key is not allowed to access this account');
  }
}

/**
 * The account, if it exists and belongs to the key's user; otherwise 404 Account not found.
 * @param {Context} ctx
 * @param {string} accountId lower-cased UUID
 * @param {string} userId
 */
function ownedAccount(ctx, accountId, userId) {
  const account = ctx.store.accounts.get(accountId);
  if (!account || account.userId !== userId) throw notFound('Account not found');
  return account;
}

/**
 * @param {import('./state').Account} account
 */
function statusOf(account) {
  const p = account.pending;
  return {
    account_id: account.id,
    session_running: account.sessionRunning,
    pending_assistance: p
      ? { id: p.id, type: 'otp', descriptor: { ...p.descriptor }, attempts: p.attempts }
      : null,
  };
}

/** @type {Handler} */
function getStatus(ctx, req, res, params) {
  try {
    const key = authenticate(ctx, req);
    authorize(key, 'status:read', params.accountId);
    const accountId = requireUuidParam('accountId', params.accountId);
    sendJson(res, 200, statusOf(ownedAccount(ctx, accountId, key.userId)));
  } catch (err) {
    sendError(res, err);
  }
}

/**
 * @param {unknown} rawBody
 * @returns {string}
 */
function validateOtpBody(rawBody) {
  const body = requireObjectBody(rawBody);
  const code = body.code;
  if (code === undefined) throw validationError('body', [issue('code', 'Required', 'invalid_type')]);
  if (typeof code !== 'string') {
    throw validationError('body', [issue('code', `Expected string, received ${typeName(code)}`, 'invalid_type')]);
  }
  if (code.length < 1) {
    throw validationError('body', [issue('code', 'String must contain at least 1 character(s)', 'too_small')]);
  }
  if (code.length > 32) {
    throw validationError('body', [issue('code', 'String must contain at most 32 character(s)', 'too_big')]);
  }
  return code; // not trimmed, not checked against the descriptor (real server)
}

/**
 * Order of checks: key (401) → scope/allow-list (403) → rate limit (429) → UUID (400) →
 * body (400; malformed JSON → 500) → ownership (404) → pending request (404) → 202.
 * Everything that gets past the rate limiter counts against it (400s, 404s, 500s and 202s).
 * @type {Handler}
 */
function postOtp(ctx, req, res, params, raw) {
  /** @type {Record<string, string>} */
  let limitHeaders = {};
  const parsed = tryParseJson(raw);
  /** @type {import('./state').Submission} */
  const submission = {
    code: parsed && typeof parsed === 'object' ? /** @type {any} */ (parsed).code : undefined,
    status: 0,
    at: ctx.now(),
  };
  try {
    const key = authenticate(ctx, req);
    authorize(key, 'otp:write', params.accountId);

    const limit = ctx.otpLimiter.hit(params.accountId.toLowerCase());
    limitHeaders = ctx.otpLimiter.headers(limit);
    if (!limit.allowed) {
      throw new HttpError(
        429,
        'RATE_LIMITED',
        `Too many OTP submissions for this account. Try again in ${limit.resetSeconds} seconds.`,
      );
    }

    const accountId = requireUuidParam('accountId', params.accountId);
    const code = validateOtpBody(parseJsonBody(req.headers, raw));
    submission.code = code;
    const account = ownedAccount(ctx, accountId, key.userId);
    if (!account.pending) throw notFound('No pending assistance request for this account');

    submission.status = 202;
    ctx.store.recordSubmission(params.accountId, submission);
    sendJson(res, 202, { submitted: true }, limitHeaders);
    ctx.sim.receiveCode(account, submission);
  } catch (err) {
    submission.status = err instanceof HttpError ? err.status : 500;
    ctx.store.recordSubmission(params.accountId, submission);
    sendError(res, err, limitHeaders);
  }
}

/** @type {Router<Handler>} */
const router = new Router();
router.add('GET', '/v1/accounts/:accountId/status', getStatus);
router.add('POST', '/v1/accounts/:accountId/otp', postOtp);

module.exports = { router, statusOf };
