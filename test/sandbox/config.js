// @ts-check
'use strict';

const { issue, validationError } = require('./errors');
const { requireObjectBody, typeName } = require('./http-util');
const { isPrivateUrl } = require('./ssrf');

/**
 * Per-account configuration, as `GET/PUT /api/accounts/:id/config` exposes it.
 * @typedef {{
 *   login_mode: 'simple' | 'assisted',
 *   persistent_session: boolean,
 *   webhook_url: string | null,
 *   webhook_secret: string | null,
 *   bank_username: string | null,
 *   bank_password: string | null,
 *   schedule_cron: string | null,
 *   notification_endpoint_url: string | null,
 *   notification_auth_type: 'bearer' | 'api_key' | null,
 *   notification_auth_token: string | null,
 *   notification_events: string[],
 *   notification_transport: 'api' | 'slack' | 'chat_webhook',
 *   [extra: string]: unknown,
 * }} AccountConfig
 */

const MASK = '__secret_present__';
const SECRET_FIELDS = /** @type {const} */ (['webhook_secret', 'bank_password', 'notification_auth_token']);
const LOGIN_MODES = ['simple', 'assisted'];
const AUTH_TYPES = ['bearer', 'api_key'];
const EVENTS = ['assistance_required', 'connection_failed', 'scrape_failed'];
const TRANSPORTS = ['api', 'slack', 'chat_webhook'];

/** @returns {AccountConfig} */
function defaultConfig() {
  return {
    login_mode: 'simple',
    persistent_session: false,
    webhook_url: null,
    webhook_secret: null,
    bank_username: null,
    bank_password: null,
    schedule_cron: null,
    notification_endpoint_url: null,
    notification_auth_type: null,
    notification_auth_token: null,
    notification_events: [],
    notification_transport: 'api',
  };
}

/**
 * The dashboard's view: secrets replaced by the mask when set.
 * @param {AccountConfig | null} config
 */
function maskConfig(config) {
  if (!config) return null;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of Object.keys(defaultConfig())) {
    const value = /** @type {Record<string, unknown>} */ (config)[key];
    out[key] = Array.isArray(value) ? [...value] : value;
  }
  for (const field of SECRET_FIELDS) {
    out[field] = config[field] ? MASK : null;
  }
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
 * - every omitted field resets to its default; `webhook_url` is required;
 * - secret fields: the mask keeps the stored value, omitted / null / "" clears it, any other string
 *   replaces it;
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

  // webhook_url: required
  const webhookUrl = body.webhook_url;
  if (webhookUrl === undefined || webhookUrl === null) {
    issues.push(issue('webhook_url', 'Required', 'invalid_type'));
  } else if (typeof webhookUrl !== 'string') {
    wrongType('webhook_url', 'string');
  } else if (!isHttpUrl(webhookUrl)) {
    issues.push(issue('webhook_url', 'Invalid url', 'invalid_string'));
  } else {
    next.webhook_url = webhookUrl;
  }

  if (body.login_mode !== undefined && body.login_mode !== null) {
    if (typeof body.login_mode !== 'string' || !LOGIN_MODES.includes(body.login_mode)) badEnum('login_mode', LOGIN_MODES);
    else next.login_mode = /** @type {'simple' | 'assisted'} */ (body.login_mode);
  }

  if (body.persistent_session !== undefined && body.persistent_session !== null) {
    if (typeof body.persistent_session !== 'boolean') wrongType('persistent_session', 'boolean');
    else next.persistent_session = body.persistent_session;
  }

  for (const field of /** @type {const} */ (['bank_username', 'schedule_cron'])) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') wrongType(field, 'string');
    else next[field] = v === '' ? null : v;
  }

  const endpoint = body.notification_endpoint_url;
  if (endpoint !== undefined && endpoint !== null && endpoint !== '') {
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

  if (body.notification_auth_type !== undefined && body.notification_auth_type !== null) {
    const v = body.notification_auth_type;
    if (typeof v !== 'string' || !AUTH_TYPES.includes(v)) badEnum('notification_auth_type', AUTH_TYPES);
    else next.notification_auth_type = /** @type {'bearer' | 'api_key'} */ (v);
  }

  if (body.notification_events !== undefined && body.notification_events !== null) {
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

  if (body.notification_transport !== undefined && body.notification_transport !== null) {
    const v = body.notification_transport;
    if (typeof v !== 'string' || !TRANSPORTS.includes(v)) badEnum('notification_transport', TRANSPORTS);
    else next.notification_transport = /** @type {'api' | 'slack' | 'chat_webhook'} */ (v);
  }

  for (const field of SECRET_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null || v === '') next[field] = null;
    else if (typeof v !== 'string') wrongType(field, 'string');
    else if (v === MASK) next[field] = stored ? stored[field] || null : null;
    else next[field] = v;
  }

  if (issues.length) throw validationError('body', issues);
  return next;
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
  defaultConfig,
  maskConfig,
  replaceConfig,
  mergeConfig,
};
