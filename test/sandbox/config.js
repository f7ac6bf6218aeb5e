// @ts-check
'use strict';

const crypto = require('node:crypto');

const { issue, validationError } = require('./errors');
const { requireObjectBody, typeName } = require('./http-util');
const { isPrivateUrl } = require('./ssrf');

/**
 * Per-account configuration, as `GET/PUT /api/accounts/:id/config` exposes it: exactly the fields
 * of the contract ("Account configuration"), plus the write-only `bank_password` kept in storage.
 * `account_id` is not stored: the dashboard view adds it.
 * @typedef {{
 *   id: string,
 *   pending_orders_endpoint: string | null,
 *   webhook_url: string | null,
 *   retry_limit: number,
 *   polling_method: string | null,
 *   polling_body: unknown,
 *   auth_type: string | null,
 *   auth_token: string | null,
 *   webhook_auth_type: string | null,
 *   webhook_auth_token: string | null,
 *   notify_on_expired: boolean,
 *   webhook_extra_fields: Record<string, unknown> | null,
 *   silent_ingestion: boolean,
 *   session_type: 'one-shot' | 'persistent',
 *   login_mode: 'simple' | 'assisted',
 *   notification_endpoint_url: string | null,
 *   notification_auth_type: 'bearer' | 'api_key' | null,
 *   notification_auth_token: string | null,
 *   notification_events: string[] | null,
 *   notification_transport: 'api' | 'slack' | 'chat_webhook' | null,
 *   notification_slack_channel: string | null,
 *   bank_username: string | null,
 *   bank_password: string | null,
 *   [extra: string]: unknown,
 * }} AccountConfig
 */

const MASK = '__secret_present__';
/** Masked on GET; the mask on PUT keeps the stored value. */
const SECRET_FIELDS = /** @type {const} */ (['auth_token', 'webhook_auth_token', 'notification_auth_token']);
const LOGIN_MODES = ['simple', 'assisted'];
const SESSION_TYPES = ['one-shot', 'persistent'];
const AUTH_TYPES = ['bearer', 'api_key'];
const EVENTS = ['assistance_required', 'connection_failed', 'scrape_failed'];
const TRANSPORTS = ['api', 'slack', 'chat_webhook'];

/** The fields GET returns, in the contract's order. */
const VIEW_FIELDS = [
  'id',
  'account_id',
  'pending_orders_endpoint',
  'webhook_url',
  'retry_limit',
  'polling_method',
  'polling_body',
  'auth_type',
  'auth_token',
  'webhook_auth_type',
  'webhook_auth_token',
  'notify_on_expired',
  'webhook_extra_fields',
  'silent_ingestion',
  'session_type',
  'login_mode',
  'notification_endpoint_url',
  'notification_auth_type',
  'notification_auth_token',
  'notification_events',
  'notification_transport',
  'notification_slack_channel',
  'bank_username',
];

/**
 * Defaults where the contract names them (login_mode → simple, notification fields → null); the
 * others are this sandbox's choice (the contract is silent): retry_limit 3, session_type one-shot,
 * booleans false, everything else null.
 * @returns {AccountConfig}
 */
function defaultConfig() {
  return {
    id: crypto.randomUUID(),
    pending_orders_endpoint: null,
    webhook_url: null,
    retry_limit: 3,
    polling_method: null,
    polling_body: null,
    auth_type: null,
    auth_token: null,
    webhook_auth_type: null,
    webhook_auth_token: null,
    notify_on_expired: false,
    webhook_extra_fields: null,
    silent_ingestion: false,
    session_type: 'one-shot',
    login_mode: 'simple',
    notification_endpoint_url: null,
    notification_auth_type: null,
    notification_auth_token: null,
    notification_events: null,
    notification_transport: null,
    notification_slack_channel: null,
    bank_username: null,
    bank_password: null,
  };
}

/** @param {unknown} value */
const copy = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * The dashboard's view: exactly the contract's fields, secrets replaced by the mask when set,
 * `bank_password` never shown.
 * @param {AccountConfig | null} config
 * @param {string} [accountId]
 */
function maskConfig(config, accountId) {
  if (!config) return null;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of VIEW_FIELDS) out[key] = copy(config[key]);
  out.account_id = accountId ?? null;
  for (const field of SECRET_FIELDS) out[field] = config[field] ? MASK : null;
  return out;
}

/** @param {string} value */
function isHttpUrl(value) {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Validates a dashboard PUT body and builds the replacement config (full replace semantics).
 * - every omitted field resets to its default; `webhook_url` is required; `id`/`account_id` are
 *   read-only (ignored);
 * - secret fields are trimmed (like the real server); then the mask keeps the stored value,
 *   omitted / null / "" clears it, any other string replaces it;
 * - `bank_password` is write-only (GET never returns it, so a read → write-back cannot carry it):
 *   omitted or the mask keeps it, null / "" clears it, a string replaces it — the contract is
 *   silent here; this is the only rule under which its "safe update" is safe;
 * - transports: `slack` with events needs a channel and a token, `chat_webhook` with events needs an
 *   endpoint URL; saving `chat_webhook` clears the auth type, token and channel;
 * - unknown fields are ignored (stripped);
 * - with `allowPrivateNotificationUrls` false, a loopback/private notification URL is refused.
 * @param {AccountConfig | null} stored
 * @param {unknown} rawBody
 * @param {{ allowPrivateNotificationUrls: boolean }} opts
 * @returns {AccountConfig}
 */
function replaceConfig(stored, rawBody, opts) {
  const body = requireObjectBody(rawBody);
  /** @type {import('./errors').Issue[]} */
  const issues = [];
  const next = defaultConfig();
  if (stored && typeof stored.id === 'string') next.id = stored.id;
  /** @type {Record<string, unknown>} */
  const out = next;

  /**
   * @param {string} field
   * @param {string} expected
   */
  const wrongType = (field, expected) =>
    issues.push(issue(field, `Expected ${expected}, received ${typeName(body[field])}`, 'invalid_type'));

  /**
   * @param {string} field
   * @param {string[]} allowed
   */
  const badEnum = (field, allowed) =>
    issues.push(
      issue(
        field,
        `Invalid enum value. Expected ${allowed.map((a) => `'${a}'`).join(' | ')}, received '${String(body[field])}'`,
        'invalid_enum_value',
      ),
    );

  /** @param {string} field */
  const given = (field) => body[field] !== undefined && body[field] !== null;

  // webhook_url: required
  const webhookUrl = body.webhook_url;
  if (!given('webhook_url')) {
    issues.push(issue('webhook_url', 'Required', 'invalid_type'));
  } else if (typeof webhookUrl !== 'string') {
    wrongType('webhook_url', 'string');
  } else if (!isHttpUrl(webhookUrl)) {
    issues.push(issue('webhook_url', 'Invalid url', 'invalid_string'));
  } else {
    next.webhook_url = webhookUrl;
  }

  for (const [field, allowed] of /** @type {const} */ ([
    ['login_mode', LOGIN_MODES],
    ['session_type', SESSION_TYPES],
    ['notification_auth_type', AUTH_TYPES],
    ['notification_transport', TRANSPORTS],
  ])) {
    if (!given(field)) continue;
    const v = body[field];
    if (typeof v !== 'string' || !allowed.includes(v)) badEnum(field, [...allowed]);
    else out[field] = v;
  }

  // Free-text fields: "" is null.
  for (const field of [
    'pending_orders_endpoint',
    'polling_method',
    'auth_type',
    'webhook_auth_type',
    'notification_slack_channel',
    'bank_username',
  ]) {
    if (!given(field)) continue;
    const v = body[field];
    if (typeof v !== 'string') wrongType(field, 'string');
    else out[field] = v === '' ? null : v;
  }

  for (const field of ['notify_on_expired', 'silent_ingestion']) {
    if (!given(field)) continue;
    if (typeof body[field] !== 'boolean') wrongType(field, 'boolean');
    else out[field] = body[field];
  }

  if (given('retry_limit')) {
    const v = body.retry_limit;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      issues.push(issue('retry_limit', 'Expected a whole number ≥ 0', 'invalid_type'));
    } else next.retry_limit = v;
  }

  if (given('polling_body')) next.polling_body = copy(body.polling_body);

  if (given('webhook_extra_fields')) {
    const v = body.webhook_extra_fields;
    if (typeof v !== 'object' || Array.isArray(v)) wrongType('webhook_extra_fields', 'object');
    else next.webhook_extra_fields = copy(v);
  }

  const endpoint = body.notification_endpoint_url;
  if (given('notification_endpoint_url') && endpoint !== '') {
    if (typeof endpoint !== 'string') wrongType('notification_endpoint_url', 'string');
    else if (!isHttpUrl(endpoint)) issues.push(issue('notification_endpoint_url', 'Invalid url', 'invalid_string'));
    else if (!opts.allowPrivateNotificationUrls && isPrivateUrl(endpoint)) {
      issues.push(
        issue(
          'notification_endpoint_url',
          'Notification endpoint URL resolves to a loopback or private address; private addresses are not allowed',
          'custom',
        ),
      );
    } else next.notification_endpoint_url = endpoint;
  }

  if (given('notification_events')) {
    const v = body.notification_events;
    if (!Array.isArray(v)) wrongType('notification_events', 'array');
    else {
      v.forEach((ev, i) => {
        if (typeof ev !== 'string' || !EVENTS.includes(ev)) {
          issues.push(
            issue(
              `notification_events.${i}`,
              `Invalid enum value. Expected ${EVENTS.map((a) => `'${a}'`).join(' | ')}, received '${String(ev)}'`,
              'invalid_enum_value',
            ),
          );
        }
      });
      next.notification_events = [...new Set(/** @type {string[]} */ (v))];
    }
  }

  for (const field of SECRET_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null) next[field] = null;
    else if (typeof v !== 'string') wrongType(field, 'string');
    else {
      const trimmed = v.trim();
      if (trimmed === '') next[field] = null;
      else if (trimmed === MASK) next[field] = stored ? stored[field] || null : null;
      else next[field] = trimmed;
    }
  }

  const bankPassword = body.bank_password;
  if (bankPassword === undefined || bankPassword === MASK) next.bank_password = stored ? stored.bank_password || null : null;
  else if (bankPassword === null || bankPassword === '') next.bank_password = null;
  else if (typeof bankPassword !== 'string') wrongType('bank_password', 'string');
  else next.bank_password = bankPassword;

  checkTransport(next, issues);

  if (issues.length) {
    // In field order, like a schema validator reports them.
    const rank = (/** @type {import('./errors').Issue} */ i) => {
      const at = VIEW_FIELDS.indexOf(i.path.split('.')[0]);
      return at < 0 ? VIEW_FIELDS.length : at;
    };
    throw validationError('body', issues.map((i, n) => ({ i, n })).sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n).map((x) => x.i));
  }
  return next;
}

/**
 * The transport rules of the real server's PUT.
 * @param {AccountConfig} next
 * @param {import('./errors').Issue[]} issues
 */
function checkTransport(next, issues) {
  const hasEvents = Array.isArray(next.notification_events) && next.notification_events.length > 0;
  if (next.notification_transport === 'slack' && hasEvents) {
    if (!next.notification_slack_channel) {
      issues.push(issue('notification_slack_channel', 'A Slack channel is required for the slack transport', 'custom'));
    }
    if (!next.notification_auth_token) {
      issues.push(issue('notification_auth_token', 'A Slack token is required for the slack transport', 'custom'));
    }
  }
  if (next.notification_transport === 'chat_webhook') {
    if (hasEvents && !next.notification_endpoint_url) {
      issues.push(issue('notification_endpoint_url', 'A webhook URL is required for the chat_webhook transport', 'custom'));
    }
    next.notification_auth_type = null;
    next.notification_auth_token = null;
    next.notification_slack_channel = null;
  }
}

/**
 * Raw merge used by the programmatic/control API: no validation, no SSRF guard, no masks.
 * @param {AccountConfig | null} stored
 * @param {Record<string, unknown> | null} partial null resets to "never configured"
 * @returns {AccountConfig | null}
 */
function mergeConfig(stored, partial) {
  if (partial === null) return null;
  return /** @type {AccountConfig} */ ({ ...(stored || defaultConfig()), ...partial });
}

module.exports = {
  MASK,
  SECRET_FIELDS,
  EVENTS,
  TRANSPORTS,
  VIEW_FIELDS,
  defaultConfig,
  maskConfig,
  replaceConfig,
  mergeConfig,
};
