// @ts-check
'use strict';

const { maskConfig } = require('./config');
const { HttpError, issue, sendError, sendJson, validationError } = require('./errors');
const { Router } = require('./http-util');
const { redactHeaders, redactRawBody } = require('./redact');
const { applySeed } = require('./seed');

/**
 * The control API under `/__sandbox` (outside `/v1` and `/api`): JSON endpoints mirroring the
 * programmatic API, for demos and real-n8n end-to-end tests. Not part of Reconbanker.
 * Responses never contain API keys, tokens or secrets, except the plaintext `key` at creation.
 *
 * @typedef {import('./sandbox').Context} Context
 * @typedef {(ctx: Context, req: import('node:http').IncomingMessage, params: Record<string, string>,
 *   body: any, query: URLSearchParams) => unknown | Promise<unknown>} ControlHandler
 */

/** A response with an explicit status (plain return values are 200 JSON). */
class Reply {
  /** @param {number} status @param {unknown} [body] */
  constructor(status, body) {
    this.status = status;
    this.body = body;
  }
}

/** @param {number} status @param {unknown} [body] */
const reply = (status, body) => new Reply(status, body);

/**
 * Lenient JSON (any content type); malformed → 400.
 * @param {Buffer} raw
 */
function parseControlBody(raw) {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw validationError('body', [issue('', 'Malformed JSON', 'invalid_json')]);
  }
}

/** @param {any} body */
const notifyOpts = (body) => ({
  delayMs: typeof body?.delayMs === 'number' ? body.delayMs : undefined,
  guidePayloadShape: typeof body?.guidePayloadShape === 'boolean' ? body.guidePayloadShape : undefined,
});

/** @param {import('./notifier').DeliveryRecord} d */
const publicDelivery = (d) => ({ ...d, headers: redactHeaders(d.headers) });

/** @param {import('./sandbox').LogEntry} e */
const publicLogEntry = (e) => ({ ...e, headers: redactHeaders(e.headers), rawBody: redactRawBody(e.rawBody) });

/** @type {Router<ControlHandler>} */
const router = new Router();

router.add('GET', '/__sandbox/health', (ctx) => ({ ok: true, baseUrl: ctx.sandbox.baseUrl }));

router.add('POST', '/__sandbox/seed', (ctx, _req, _p, body) => reply(201, applySeed(ctx.sandbox, body)));

router.add('POST', '/__sandbox/users', (ctx, _req, _p, body) => reply(201, ctx.sandbox.createUser(body)));

router.add('POST', '/__sandbox/accounts', (ctx, _req, _p, body) => reply(201, ctx.sandbox.createAccount(body)));

router.add('POST', '/__sandbox/api-keys', (ctx, _req, _p, body) =>
  reply(201, ctx.sandbox.createApiKey({ ...body, accountIds: body.accountIds ?? body.account_ids ?? null })),
);

router.add('POST', '/__sandbox/api-keys/:id/revoke', (ctx, _req, p) => ({ revoked: ctx.sandbox.revokeApiKey(p.id) }));

router.add('GET', '/__sandbox/accounts/:id/status', (ctx, _req, p) => ctx.sandbox.getStatus(p.id));

router.add('GET', '/__sandbox/accounts/:id/config', (ctx, _req, p) => maskConfig(ctx.sandbox.getConfig(p.id)));

router.add('PUT', '/__sandbox/accounts/:id/config', (ctx, _req, p, body) =>
  maskConfig(ctx.sandbox.setConfig(p.id, body)),
);

router.add('POST', '/__sandbox/accounts/:id/requests', (ctx, _req, p, body) =>
  reply(
    201,
    ctx.sandbox.openRequest(p.id, body.descriptor, {
      sessionRunning: body.sessionRunning ?? true,
      notify: notifyOpts(body),
    }),
  ),
);

router.add('POST', '/__sandbox/accounts/:id/resend', (ctx, _req, p, body) =>
  ctx.sandbox.resend(p.id, { notify: notifyOpts(body) }),
);

/**
 * `{}` or `{code: null}` → any code; `{code: "123456"}` → that code; `{totpSecret, digits?, stepSeconds?}`
 * → the TOTP code of the current step (±1). Anything else is a 400, never a silent "any".
 * @param {any} body
 * @returns {import('./state').ExpectedCode}
 */
function parseExpected(body) {
  const keys = Object.keys(body || {});
  if (keys.length === 0 || (keys.length === 1 && body.code === null)) return null;
  if (keys.length === 1 && typeof body.code === 'string') return body.code;
  if (typeof body.totpSecret === 'string' && keys.every((k) => ['totpSecret', 'digits', 'stepSeconds'].includes(k))) {
    return { totpSecret: body.totpSecret, digits: body.digits, stepSeconds: body.stepSeconds };
  }
  throw new TypeError('expected-code body must be {}, {"code": "..."} or {"totpSecret": "...", "digits"?, "stepSeconds"?}');
}

router.add('POST', '/__sandbox/accounts/:id/expected-code', (ctx, _req, p, body) => {
  const expected = parseExpected(body);
  ctx.sandbox.setExpectedCode(p.id, expected);
  return { ok: true, mode: expected === null ? 'any' : typeof expected === 'string' ? 'fixed' : 'totp' };
});

// The code the "bank" accepts right now (for TOTP: the current step's code; never the secret).
router.add('GET', '/__sandbox/accounts/:id/expected-code', (ctx, _req, p) => ctx.sandbox.expectedCodeNow(p.id));

router.add('POST', '/__sandbox/accounts/:id/session', (ctx, _req, p, body) => {
  if (body.running !== undefined && typeof body.running !== 'boolean') throw new TypeError('running must be a boolean');
  if (body.reason !== undefined && typeof body.reason !== 'string') throw new TypeError('reason must be a string');
  ctx.sandbox.setSessionRunning(p.id, body.running !== false, { reason: body.reason });
  return ctx.sandbox.getStatus(p.id);
});

router.add('POST', '/__sandbox/accounts/:id/cancel', (ctx, _req, p, body) =>
  ctx.sandbox.cancelRequest(p.id, { reason: typeof body.reason === 'string' ? body.reason : undefined }),
);

router.add('POST', '/__sandbox/restart', (ctx) => {
  ctx.sandbox.restartServer();
  return { restarted: true };
});

router.add('GET', '/__sandbox/events', (ctx, _req, _p, _b, query) => {
  const since = Number(query.get('since') || 0);
  const account = (query.get('accountId') || '').toLowerCase();
  return ctx.sandbox.events.list.filter((e) => e.seq > since && (!account || e.accountId === account));
});

router.add('POST', '/__sandbox/accounts/:id/events', (ctx, _req, p, body) =>
  reply(202, { notificationId: ctx.sandbox.sendEvent(p.id, body, notifyOpts(body)) }),
);

router.add('GET', '/__sandbox/accounts/:id/submissions', (ctx, _req, p) => ctx.sandbox.submissions(p.id));

router.add('GET', '/__sandbox/log', (ctx, _req, _p, _b, query) => {
  const since = Number(query.get('since') || 0);
  const method = (query.get('method') || '').toUpperCase();
  const path = query.get('path') || ''; // a substring of the path, e.g. "/otp"
  return ctx.sandbox.log
    .filter((e) => e.seq > since && (!method || e.method === method) && e.path.includes(path))
    .map(publicLogEntry);
});

router.add('DELETE', '/__sandbox/log', (ctx) => {
  ctx.sandbox.log.length = 0;
  return reply(204);
});

router.add('GET', '/__sandbox/deliveries', (ctx) => ctx.sandbox.deliveries.map(publicDelivery));

router.add('DELETE', '/__sandbox/deliveries', (ctx) => {
  ctx.sandbox.deliveries.length = 0;
  return reply(204);
});

router.add('POST', '/__sandbox/deliveries/:id/duplicate', async (ctx, _req, p, body) => {
  const records = await ctx.sandbox.deliverDuplicate(p.id, { times: body.times, delayMs: body.delayMs });
  return records.map(publicDelivery);
});

router.add('GET', '/__sandbox/options', (ctx) => ctx.sandbox.publicOptions());

router.add('PATCH', '/__sandbox/options', (ctx, _req, _p, body) => {
  ctx.sandbox.updateOptions(body);
  return ctx.sandbox.publicOptions();
});

router.add('POST', '/__sandbox/rate-limits/reset', (ctx) => {
  ctx.sandbox.resetRateLimits();
  return reply(204);
});

/**
 * @param {Context} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ handler: ControlHandler, params: Record<string, string> }} match
 * @param {Buffer} raw
 * @param {URLSearchParams} query
 */
async function runControl(ctx, req, res, match, raw, query) {
  try {
    const body = parseControlBody(raw);
    const result = await match.handler(ctx, req, match.params, body ?? {}, query);
    const r = result instanceof Reply ? result : reply(200, result);
    if (r.body === undefined) {
      res.writeHead(r.status);
      res.end();
    } else sendJson(res, r.status, r.body);
  } catch (err) {
    if (err instanceof HttpError) sendError(res, err);
    else {
      const message = err instanceof Error ? err.message : String(err);
      const status = /^(Unknown|No pending)/.test(message) ? 404 : 400;
      sendError(res, new HttpError(status, status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message));
    }
  }
}

module.exports = { router, runControl };
