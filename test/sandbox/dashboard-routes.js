// @ts-check
'use strict';

const { SCOPES } = require('./api-keys');
const { maskConfig, replaceConfig } = require('./config');
const { HttpError, issue, notFound, sendError, sendJson, unauthorized, validationError } = require('./errors');
const { Router, isUuid, parseJsonBody, requireObjectBody, requireUuidParam, typeName } = require('./http-util');
const { signJwt, verifyJwt } = require('./jwt');
const { Store } = require('./state');
const { matchTotp } = require('./totp');

/**
 * The dashboard API (`/api`), JWT-protected; just the parts the package uses: login (with optional
 * TOTP 2FA), account config GET/PUT, and API-key management.
 *
 * @typedef {import('./sandbox').Context} Context
 * @typedef {(ctx: Context, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *   params: Record<string, string>, raw: Buffer) => void} Handler
 */

const CHALLENGE_TTL_SECONDS = 300;

/**
 * The TOTP steps each user has logged in with, per sandbox: a code is accepted once; a second
 * login with a code of the same 30-s step is refused ("Invalid code"), like the real server.
 * @type {WeakMap<Context, Map<string, Set<number>>>}
 */
const usedTotpSteps = new WeakMap();

/**
 * @param {Context} ctx
 * @param {string} userId
 */
function totpStepsOf(ctx, userId) {
  let perUser = usedTotpSteps.get(ctx);
  if (!perUser) {
    perUser = new Map();
    usedTotpSteps.set(ctx, perUser);
  }
  let steps = perUser.get(userId);
  if (!steps) {
    steps = new Set();
    perUser.set(userId, steps);
  }
  return steps;
}

/** @param {Context} ctx */
const nowSeconds = (ctx) => Math.floor(ctx.now() / 1000);

/**
 * @param {Context} ctx
 * @param {string} userId
 */
function issueAccessToken(ctx, userId) {
  const iat = nowSeconds(ctx);
  return signJwt({ sub: userId, typ: 'access', iat, exp: iat + ctx.options.jwtTtlSeconds }, ctx.jwtSecret);
}

/**
 * `Authorization: Bearer <jwt>`; anything missing, malformed, expired or of the wrong kind → 401.
 * @param {Context} ctx
 * @param {import('node:http').IncomingMessage} req
 */
function requireUser(ctx, req) {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) throw unauthorized('Missing or invalid token');
  const payload = verifyJwt(auth.slice(7).trim(), ctx.jwtSecret, nowSeconds(ctx));
  if (!payload || payload.typ !== 'access' || typeof payload.sub !== 'string') {
    throw unauthorized('Missing or invalid token');
  }
  const user = ctx.store.users.get(payload.sub);
  if (!user) throw unauthorized('Missing or invalid token');
  return user;
}

/**
 * Login rate limit: 5 tries per 15 minutes per client IP, shared by /login and /login/totp;
 * every try counts (successful or not).
 * @param {Context} ctx
 * @param {import('node:http').IncomingMessage} req
 */
function limitLogin(ctx, req) {
  const ip = req.socket.remoteAddress || 'unknown';
  const result = ctx.loginLimiter.hit(ip);
  const headers = ctx.loginLimiter.headers(result);
  if (!result.allowed) {
    throw new HttpError(
      429,
      'RATE_LIMITED',
      `Too many login attempts. Try again in ${result.resetSeconds} seconds.`,
      undefined,
      headers,
    );
  }
  return headers;
}

/**
 * @param {Record<string, unknown>} body
 * @param {string[]} fields
 */
function requireStrings(body, fields) {
  const issues = [];
  for (const f of fields) {
    const v = body[f];
    if (v === undefined) issues.push(issue(f, 'Required', 'invalid_type'));
    else if (typeof v !== 'string') issues.push(issue(f, `Expected string, received ${typeName(v)}`, 'invalid_type'));
    else if (v === '') issues.push(issue(f, 'String must contain at least 1 character(s)', 'too_small'));
  }
  if (issues.length) throw validationError('body', issues);
  return /** @type {Record<string, string>} */ (body);
}

/** @type {Handler} */
function login(ctx, req, res, _params, raw) {
  /** @type {Record<string, string>} */
  let headers = {};
  try {
    headers = limitLogin(ctx, req);
    const body = requireStrings(requireObjectBody(parseJsonBody(req.headers, raw)), ['email', 'password']);
    const user = ctx.store.findUserByEmail(body.email);
    if (!user || !ctx.store.checkPassword(user, body.password)) throw unauthorized('Invalid email or password');
    if (user.totpSecret) {
      const iat = nowSeconds(ctx);
      const challengeToken = signJwt(
        { sub: user.id, typ: 'totp_challenge', iat, exp: iat + CHALLENGE_TTL_SECONDS },
        ctx.jwtSecret,
      );
      sendJson(res, 200, { requiresTotp: true, challengeToken }, headers);
      return;
    }
    sendJson(res, 200, { token: issueAccessToken(ctx, user.id) }, headers);
  } catch (err) {
    sendError(res, err, headers);
  }
}

/** @type {Handler} */
function loginTotp(ctx, req, res, _params, raw) {
  /** @type {Record<string, string>} */
  let headers = {};
  try {
    headers = limitLogin(ctx, req);
    const body = requireStrings(requireObjectBody(parseJsonBody(req.headers, raw)), ['challengeToken', 'code']);
    const payload = verifyJwt(body.challengeToken, ctx.jwtSecret, nowSeconds(ctx));
    const user = payload && payload.typ === 'totp_challenge' ? ctx.store.users.get(String(payload.sub)) : undefined;
    if (!user || !user.totpSecret) throw unauthorized('Invalid or expired challenge token');
    // RFC 6238: SHA1, 6 digits, 30 s steps, ±1 step of drift; each step's code once.
    const step = matchTotp(user.totpSecret, body.code.trim(), { timeMs: ctx.now(), window: 1 });
    const used = totpStepsOf(ctx, user.id);
    if (step === null || used.has(step)) throw unauthorized('Invalid code');
    used.add(step);
    sendJson(res, 200, { token: issueAccessToken(ctx, user.id) }, headers);
  } catch (err) {
    sendError(res, err, headers);
  }
}

/**
 * @param {Context} ctx
 * @param {import('./state').User} user
 * @param {string} param
 */
function ownedAccount(ctx, user, param) {
  const id = requireUuidParam('id', param);
  const account = ctx.store.accounts.get(id);
  if (!account || account.userId !== user.id) throw notFound('Account not found');
  return account;
}

/** @type {Handler} */
function getConfig(ctx, req, res, params) {
  try {
    const account = ownedAccount(ctx, requireUser(ctx, req), params.id);
    sendJson(res, 200, maskConfig(account.config, account.id));
  } catch (err) {
    sendError(res, err);
  }
}

/** @type {Handler} */
function putConfig(ctx, req, res, params, raw) {
  try {
    const account = ownedAccount(ctx, requireUser(ctx, req), params.id);
    const body = parseJsonBody(req.headers, raw);
    account.config = replaceConfig(account.config, body, {
      allowPrivateNotificationUrls: ctx.options.allowPrivateNotificationUrls,
    });
    sendJson(res, 200, maskConfig(account.config, account.id));
  } catch (err) {
    sendError(res, err);
  }
}

/** @type {Handler} */
function createApiKey(ctx, req, res, _params, raw) {
  try {
    const user = requireUser(ctx, req);
    const body = requireObjectBody(parseJsonBody(req.headers, raw));
    const issues = [];
    const name = body.name;
    if (name === undefined) issues.push(issue('name', 'Required', 'invalid_type'));
    else if (typeof name !== 'string') issues.push(issue('name', `Expected string, received ${typeName(name)}`, 'invalid_type'));
    else if (name.trim() === '' || name.length > 100) {
      issues.push(issue('name', 'Name must be 1 to 100 characters', name.trim() === '' ? 'too_small' : 'too_big'));
    }
    const scopes = body.scopes;
    if (!Array.isArray(scopes)) {
      issues.push(issue('scopes', scopes === undefined ? 'Required' : `Expected array, received ${typeName(scopes)}`, 'invalid_type'));
    } else if (scopes.length === 0) {
      issues.push(issue('scopes', 'Array must contain at least 1 element(s)', 'too_small'));
    } else {
      scopes.forEach((s, i) => {
        if (!SCOPES.includes(s)) {
          issues.push(
            issue(`scopes.${i}`, `Invalid enum value. Expected 'otp:write' | 'status:read', received '${String(s)}'`, 'invalid_enum_value'),
          );
        }
      });
    }
    const accountIds = body.account_ids;
    if (accountIds !== undefined && accountIds !== null) {
      if (!Array.isArray(accountIds)) {
        issues.push(issue('account_ids', `Expected array, received ${typeName(accountIds)}`, 'invalid_type'));
      } else {
        accountIds.forEach((a, i) => {
          if (!isUuid(a)) issues.push(issue(`account_ids.${i}`, 'Invalid uuid', 'invalid_string'));
          else {
            const acct = ctx.store.accounts.get(String(a).toLowerCase());
            if (!acct || acct.userId !== user.id) issues.push(issue(`account_ids.${i}`, 'Account not found', 'custom'));
          }
        });
      }
    }
    if (issues.length) throw validationError('body', issues);
    const created = ctx.store.createApiKey({
      userId: user.id,
      name: /** @type {string} */ (name),
      scopes: [...new Set(/** @type {string[]} */ (scopes))],
      accountIds: Array.isArray(accountIds) ? [...new Set(/** @type {string[]} */ (accountIds))] : null,
    });
    const stored = /** @type {import('./state').ApiKey} */ (ctx.store.apiKeys.get(created.id));
    sendJson(res, 201, { ...Store.describeKey(stored), key: created.key });
  } catch (err) {
    sendError(res, err);
  }
}

/** @type {Handler} */
function listApiKeys(ctx, req, res) {
  try {
    const user = requireUser(ctx, req);
    const keys = [...ctx.store.apiKeys.values()].filter((k) => k.userId === user.id).map(Store.describeKey);
    sendJson(res, 200, keys);
  } catch (err) {
    sendError(res, err);
  }
}

/** @type {Handler} */
function revokeApiKey(ctx, req, res, params) {
  try {
    const user = requireUser(ctx, req);
    const key = ctx.store.apiKeys.get(params.id);
    if (!key || key.userId !== user.id || key.revokedAt !== null) throw notFound('API key not found');
    ctx.store.revokeApiKey(key.id);
    res.writeHead(204);
    res.end();
  } catch (err) {
    sendError(res, err);
  }
}

/** @type {Router<Handler>} */
const router = new Router();
router.add('POST', '/api/auth/login', login);
router.add('POST', '/api/auth/login/totp', loginTotp);
router.add('GET', '/api/accounts/:id/config', getConfig);
router.add('PUT', '/api/accounts/:id/config', putConfig);
router.add('POST', '/api/me/api-keys', createApiKey);
router.add('GET', '/api/me/api-keys', listApiKeys);
router.add('DELETE', '/api/me/api-keys/:id', revokeApiKey);

module.exports = { router, requireUser };
