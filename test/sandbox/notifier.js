// @ts-check
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const { chatText } = require('./chat-text');

/**
 * @typedef {{ type: string, status: string, data: unknown }} NotificationEvent
 * @typedef {{ delayMs?: number }} DeliverOptions
 * @typedef {{
 *   id: string, attempt: number, duplicate: boolean, url: string,
 *   headers: Record<string, string>, body: string, payload: unknown,
 *   at: number, status?: number, error?: string, responseBody?: string,
 *   durationMs?: number, done: boolean, acknowledged: boolean,
 * }} DeliveryRecord
 * @typedef {{
 *   id: string, accountId: string, url: string, transport: string,
 *   authType: string | null, token: string | null, body: string, payload: unknown,
 *   acknowledged: boolean, attempts: number, timers: Set<NodeJS.Timeout>,
 * }} Notification
 * @typedef {{ signingSecret: string | null, notificationRetryMs: number,
 *   notificationTimeoutMs: number, deliveryDelayMs: number }} NotifierOptions
 */

/**
 * Outgoing notifications (the server's "push"): builds the body once, then POSTs it until some
 * attempt is acknowledged with a 2xx. Non-2xx, a timeout or a redirect (never followed) is retried
 * every `notificationRetryMs` until acknowledged or the sandbox closes.
 *
 * Decision: the body is byte-identical across attempts, but each attempt is signed afresh
 * (`X-Webhook-Timestamp` = the attempt's send time). The signature covers "<timestamp>.<body>", so
 * a receiver with a timestamp tolerance keeps accepting retries that arrive minutes later.
 */
class Notifier {
  /**
   * @param {{ options: NotifierOptions, now: () => number }} deps
   */
  constructor(deps) {
    this.options = deps.options;
    this.now = deps.now;
    /** @type {DeliveryRecord[]} */
    this.deliveries = [];
    /** @type {Map<string, Notification>} */
    this.notifications = new Map();
    /** @type {Set<import('node:http').ClientRequest>} */
    this.inflight = new Set();
    /** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */
    this.sleepers = new Set();
    this.closed = false;
    this.seq = 0;
  }

  /**
   * Sends `event` for an account if its config has an endpoint and subscribes to the event type.
   * @param {{ id: string, config: import('./config').AccountConfig | null }} account
   * @param {NotificationEvent} event
   * @param {DeliverOptions} [opts]
   * @returns {string | null} the notification id, or null when nothing is sent
   */
  notify(account, event, opts = {}) {
    const cfg = account.config;
    if (this.closed || !cfg || !cfg.notification_endpoint_url) return null;
    const events = Array.isArray(cfg.notification_events) ? cfg.notification_events : [];
    if (!events.includes(event.type)) return null;

    const transport = cfg.notification_transport || 'api';
    /** @type {unknown} */
    const payload =
      transport === 'api'
        ? {
            account_id: account.id,
            type: event.type,
            status: event.status,
            data: event.data === undefined ? null : event.data,
            occurred_at: new Date(this.now()).toISOString(),
          }
        : { text: chatText(account.id, event) };

    /** @type {Notification} */
    const n = {
      id: `ntf_${++this.seq}`,
      accountId: account.id,
      url: cfg.notification_endpoint_url,
      transport,
      authType: cfg.notification_auth_type || null,
      token: cfg.notification_auth_token || null,
      body: JSON.stringify(payload),
      payload,
      acknowledged: false,
      attempts: 0,
      timers: new Set(),
    };
    this.notifications.set(n.id, n);
    const delay = opts.delayMs ?? this.options.deliveryDelayMs ?? 0;
    this._later(n, delay, () => this._deliver(n));
    return n.id;
  }

  /**
   * @param {Notification} n
   * @param {number} ms
   * @param {() => void} fn
   */
  _later(n, ms, fn) {
    if (this.closed) return;
    const t = setTimeout(() => {
      n.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    n.timers.add(t);
  }

  /** @param {Notification} n */
  _deliver(n) {
    if (this.closed || n.acknowledged) return;
    this._attempt(n, false).then((rec) => {
      if (!rec.acknowledged && !n.acknowledged) {
        this._later(n, this.options.notificationRetryMs, () => this._deliver(n));
      }
    });
  }

  /**
   * @param {Notification} n
   * @returns {Record<string, string>}
   */
  _headers(n) {
    /** @type {Record<string, string>} */
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(n.body)),
      'User-Agent': 'Reconbanker-Notifier/1.0 (sandbox)',
    };
    // Chat transports (Slack / Google Chat incoming webhooks) carry their secret in the URL:
    // plain `{text}`, no Authorization and no signature.
    if (n.transport !== 'api') return headers;
    if (n.token) headers.Authorization = n.authType === 'api_key' ? `Api-Key ${n.token}` : `Bearer ${n.token}`;
    const secret = this.options.signingSecret;
    if (secret) {
      const ts = String(Math.floor(this.now() / 1000));
      const sig = crypto.createHmac('sha256', secret).update(`${ts}.${n.body}`).digest('hex');
      headers['X-Webhook-Timestamp'] = ts;
      headers['X-Signature-256'] = `sha256=${sig}`;
    }
    return headers;
  }

  /**
   * One POST. Resolves (never rejects) with the record once answered, failed or timed out.
   * @param {Notification} n
   * @param {boolean} duplicate
   * @returns {Promise<DeliveryRecord>}
   */
  _attempt(n, duplicate) {
    const headers = this._headers(n);
    /** @type {DeliveryRecord} */
    const rec = {
      id: n.id,
      attempt: ++n.attempts,
      duplicate,
      url: n.url,
      headers,
      body: n.body,
      payload: n.payload,
      at: this.now(),
      done: false,
      acknowledged: false,
    };
    this.deliveries.push(rec);
    const started = Date.now();

    return new Promise((resolve) => {
      /** @param {{ status?: number, error?: string, responseBody?: string }} result */
      const finish = (result) => {
        if (rec.done) return;
        clearTimeout(timer);
        Object.assign(rec, result, { done: true, durationMs: Date.now() - started });
        rec.acknowledged = typeof result.status === 'number' && result.status >= 200 && result.status < 300;
        if (rec.acknowledged) n.acknowledged = true;
        if (inflight) this.inflight.delete(inflight);
        resolve(rec);
      };

      /** @type {import('node:http').ClientRequest | undefined} */
      let inflight;
      const timer = setTimeout(() => {
        finish({ error: 'timeout' });
        if (inflight) inflight.destroy();
      }, this.options.notificationTimeoutMs);

      let url;
      try {
        url = new URL(n.url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('unsupported protocol');
      } catch (e) {
        finish({ error: `invalid url: ${/** @type {Error} */ (e).message}` });
        return;
      }
      const lib = url.protocol === 'https:' ? https : http;
      try {
        inflight = lib.request(url, { method: 'POST', headers, agent: false }, (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          let size = 0;
          res.on('data', (/** @type {Buffer} */ c) => {
            size += c.length;
            if (size <= 64 * 1024) chunks.push(c);
          });
          res.on('end', () =>
            finish({ status: res.statusCode, responseBody: Buffer.concat(chunks).toString('utf8').slice(0, 4096) }),
          );
          res.on('error', (err) => finish({ status: res.statusCode, error: err.message }));
        });
      } catch (e) {
        finish({ error: /** @type {Error} */ (e).message });
        return;
      }
      this.inflight.add(inflight);
      inflight.on('error', (err) => finish({ error: this.closed ? 'sandbox closed' : err.message }));
      inflight.end(n.body);
    });
  }

  /**
   * Re-sends an already-sent notification (same body), e.g. to simulate a redelivery after a lost
   * acknowledgement. Duplicates are one-shot: they are not retried.
   * @param {string | undefined} idOrLast a notification id, or 'last' / undefined for the newest
   * @param {{ times?: number, delayMs?: number }} [opts] `delayMs` is waited before each duplicate
   * @returns {Promise<DeliveryRecord[]>}
   */
  async duplicate(idOrLast, opts = {}) {
    const n =
      idOrLast === undefined || idOrLast === 'last'
        ? [...this.notifications.values()].pop()
        : this.notifications.get(idOrLast);
    if (!n) throw new Error(`Unknown notification ${idOrLast}`);
    const times = opts.times ?? 1;
    /** @type {DeliveryRecord[]} */
    const out = [];
    for (let i = 0; i < times && !this.closed; i++) {
      if (opts.delayMs) await this._sleep(opts.delayMs);
      if (this.closed) break;
      out.push(await this._attempt(n, true));
    }
    return out;
  }

  /**
   * A delay that ends early (resolves) when the notifier closes.
   * @param {number} ms
   * @returns {Promise<void>}
   */
  _sleep(ms) {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleepers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(entry);
    });
  }

  close() {
    this.closed = true;
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleepers.clear();
    for (const n of this.notifications.values()) {
      for (const t of n.timers) clearTimeout(t);
      n.timers.clear();
    }
    for (const req of this.inflight) req.destroy();
    this.inflight.clear();
  }
}

module.exports = { Notifier };
