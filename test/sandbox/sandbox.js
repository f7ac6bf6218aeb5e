// @ts-check
'use strict';

/**
 * The Reconbanker sandbox: a faithful fake Reconbanker server over real HTTP, for tests, demos and
 * end-to-end runs against a real n8n. Plain CommonJS, no dependencies.
 *
 *   const { startSandbox } = require('./test/sandbox');
 *   const sb = await startSandbox({ port: 0 });
 *   ...
 *   await sb.close();
 *
 * Routes: `<prefix>/v1/...` (external API, API keys), `<prefix>/api/...` (dashboard, JWT),
 * `<prefix>/__sandbox/...` and `/__sandbox/...` (control API, see control-routes.js). Anything else
 * answers Express' HTML 404.
 */

const crypto = require('node:crypto');
const http = require('node:http');
const { mergeConfig } = require('./config');
const control = require('./control-routes');
const dashboard = require('./dashboard-routes');
const { sendError, sendHtml404 } = require('./errors');
const { readBody } = require('./http-util');
const { LifecycleEvents } = require('./lifecycle-events');
const { LoginSimulator, validateReopenDelay } = require('./login-sim');
const { Notifier } = require('./notifier');
const { SlidingWindowLimiter } = require('./rate-limit');
const { applySeed } = require('./seed');
const { Store } = require('./state');
const realtime = require('./realtime');
const v1 = require('./v1-routes');

realtime.registerRoutes(dashboard, control);

/**
 * @typedef {{
 *   port: number, host: string, pathPrefix: string, signingSecret: string | null,
 *   rejectionReopenDelayMs: import('./login-sim').ReopenDelay, notificationRetryMs: number, notificationTimeoutMs: number,
 *   allowPrivateNotificationUrls: boolean, now: () => number, guidePayloadShape: boolean,
 *   deliveryDelayMs: number, jwtTtlSeconds: number, logControlRequests: boolean,
 *   otpRateLimit: { limit: number, windowMs: number }, loginRateLimit: { limit: number, windowMs: number },
 *   realtimePingIntervalMs: number, realtimeMaxFrameBytes: number, realtimeMaxQueuedBytes: number,
 *   realtimeAllowedOrigins: string[],
 * }} SandboxOptions
 *
 * @typedef {{ seq: number, method: string, path: string, headers: Record<string, string | string[] | undefined>,
 *   rawBody: string, status: number, at: number, ip: string | undefined }} LogEntry
 *
 * @typedef {{
 *   sandbox: Sandbox, store: Store, sim: LoginSimulator, notifier: Notifier, events: LifecycleEvents,
 *   options: SandboxOptions,
 *   now: () => number, otpLimiter: SlidingWindowLimiter, loginLimiter: SlidingWindowLimiter, jwtSecret: Buffer,
 * }} Context
 */

/** @returns {SandboxOptions} */
function defaultOptions() {
  return {
    port: 0,
    host: '127.0.0.1',
    pathPrefix: '',
    signingSecret: null,
    rejectionReopenDelayMs: [1000, 17000], // the real server re-opens 1–17 s after a wrong code
    notificationRetryMs: 60000,
    notificationTimeoutMs: 15000,
    allowPrivateNotificationUrls: true,
    now: () => Date.now(),
    guidePayloadShape: false,
    deliveryDelayMs: 0,
    jwtTtlSeconds: 3600,
    logControlRequests: false,
    otpRateLimit: { limit: 5, windowMs: 10 * 60 * 1000 },
    loginRateLimit: { limit: 5, windowMs: 15 * 60 * 1000 },
    realtimePingIntervalMs: 30000,
    realtimeMaxFrameBytes: 64 * 1024,
    realtimeMaxQueuedBytes: 1024 * 1024,
    realtimeAllowedOrigins: [],
  };
}

/** @param {string | undefined | null} prefix */
function normalizePrefix(prefix) {
  const p = String(prefix || '').trim().replace(/\/+$/, '');
  if (p === '') return '';
  return p.startsWith('/') ? p : `/${p}`;
}

class Sandbox {
  /** @param {Partial<SandboxOptions>} [opts] */
  constructor(opts = {}) {
    /** Live options: later changes (e.g. `sb.options.guidePayloadShape = true`) take effect. */
    this.options = { ...defaultOptions(), ...opts };
    this.options.pathPrefix = normalizePrefix(this.options.pathPrefix);
    this.options.rejectionReopenDelayMs = validateReopenDelay(this.options.rejectionReopenDelayMs);
    const now = () => this.options.now();
    this.now = now;
    this.store = new Store(now);
    this.notifier = new Notifier({ options: this.options, now });
    /** The login lifecycle as realtime SystemEvents: `events.on('event', fn)`, `events.list`. */
    this.events = new LifecycleEvents(now);
    this.sim = new LoginSimulator({ store: this.store, notifier: this.notifier, events: this.events, options: this.options, now });
    /** @type {LogEntry[]} every HTTP request received (control requests only with logControlRequests) */
    this.log = [];
    this._seq = 0;
    /** @type {Context} */
    this.ctx = {
      sandbox: this,
      store: this.store,
      sim: this.sim,
      notifier: this.notifier,
      events: this.events,
      options: this.options,
      now,
      otpLimiter: new SlidingWindowLimiter({ ...this.options.otpRateLimit, now }),
      loginLimiter: new SlidingWindowLimiter({ ...this.options.loginRateLimit, now }),
      jwtSecret: crypto.randomBytes(32),
    };
    this.server = http.createServer((req, res) => {
      this._handle(req, res).catch((err) => sendError(res, err));
    });
    /** The realtime stream (WebSocket at `<prefix>/realtime`): every lifecycle event, live; a restart drops its sockets. */
    this.realtime = new realtime.RealtimeHub(this.ctx);
    this.events.on('event', (e) => this.realtime.publish({ id: e.accountId, userId: e.userId }, e.type, e.data));
    this.events.on('restart', () => this.realtime.dropAll());
    this.server.on('upgrade', (req, socket, head) => this.realtime.handleUpgrade(req, socket, head));
    this.port = 0;
    /** @type {Promise<void> | null} */
    this._closing = null;
  }

  /** `http://host:port` + path prefix: what a user types as the Base URL. */
  get baseUrl() {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.port}${this.options.pathPrefix}`;
  }

  /** Every outgoing notification attempt (live array). */
  get deliveries() {
    return this.notifier.deliveries;
  }

  /** @returns {Promise<this>} */
  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        this.port = addr && typeof addr === 'object' ? addr.port : this.options.port;
        resolve(this);
      });
    });
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async _handle(req, res) {
    const raw = await readBody(req);
    // Split by hand: `new URL()` would read `//v1/...` as a host and normalise `..` segments,
    // hiding exactly the path-joining mistakes the sandbox should expose.
    const target = req.url || '/';
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const searchParams = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    const method = req.method || 'GET';
    const prefix = this.options.pathPrefix;

    /** @type {string | null} the path relative to the prefix, or null when outside it */
    let rel = pathname;
    if (prefix) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) rel = pathname.slice(prefix.length) || '/';
      else if (pathname === '/__sandbox' || pathname.startsWith('/__sandbox/')) rel = pathname;
      else rel = null;
    }
    const isControl = rel !== null && (rel === '/__sandbox' || rel.startsWith('/__sandbox/'));

    if (!isControl || this.options.logControlRequests) {
      /** @type {LogEntry} */
      const entry = {
        seq: ++this._seq,
        method,
        path: req.url || '/',
        headers: { ...req.headers },
        rawBody: raw.toString('utf8'),
        status: 0,
        at: this.now(),
        ip: req.socket.remoteAddress,
      };
      this.log.push(entry);
      // Record the status as the response starts (before the client can see it).
      const writeHead = res.writeHead;
      res.writeHead = /** @type {any} */ (
        function (/** @type {any[]} */ ...args) {
          entry.status = args[0];
          return writeHead.apply(res, /** @type {any} */ (args));
        }
      );
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
    }

    if (rel === null) return sendHtml404(res, method, pathname);
    if (isControl) {
      const m = control.router.match(method, rel);
      if (!m) return sendHtml404(res, method, pathname);
      return control.runControl(this.ctx, req, res, m, raw, searchParams);
    }
    const m = v1.router.match(method, rel) || dashboard.router.match(method, rel);
    if (!m) return sendHtml404(res, method, pathname);
    return m.handler(this.ctx, req, res, m.params, raw);
  }

  // ---- programmatic API -------------------------------------------------------------------

  /** @param {{ email: string, password: string, totpSecret?: string | null, id?: string }} input */
  createUser(input) {
    return this.store.createUser(input);
  }

  /** @param {{ userId: string, id?: string, config?: Record<string, unknown> | null }} input */
  createAccount(input) {
    return this.store.createAccount(input);
  }

  /** @param {{ userId: string, name?: string, scopes: string[], accountIds?: string[] | null }} input */
  createApiKey(input) {
    return this.store.createApiKey(input);
  }

  /** @param {string} id */
  revokeApiKey(id) {
    return this.store.revokeApiKey(id);
  }

  /**
   * @param {string} accountId
   * @param {Partial<import('./state').Descriptor>} [descriptor]
   * @param {{ sessionRunning?: boolean, notify?: import('./login-sim').NotifyOptions }} [opts]
   */
  openRequest(accountId, descriptor, opts) {
    return this.sim.openRequest(accountId, descriptor, opts);
  }

  /**
   * @param {string} accountId
   * @param {{ notify?: import('./login-sim').NotifyOptions }} [opts]
   */
  resend(accountId, opts) {
    return this.sim.resend(accountId, opts);
  }

  /**
   * @param {string} accountId
   * @param {import('./state').ExpectedCode} expected
   */
  setExpectedCode(accountId, expected) {
    this.sim.setExpectedCode(accountId, expected);
  }

  /** @param {string} accountId */
  expectedCodeNow(accountId) {
    return this.sim.expectedCodeNow(accountId);
  }

  /**
   * @param {string} accountId
   * @param {boolean} running
   * @param {{ reason?: string }} [opts]
   */
  setSessionRunning(accountId, running, opts) {
    this.sim.setSessionRunning(accountId, running, opts);
  }

  /**
   * @param {string} accountId
   * @param {{ reason?: string }} [opts]
   */
  cancelRequest(accountId, opts) {
    return this.sim.cancelRequest(accountId, opts);
  }

  /** All sessions down (pending requests and held codes kept), as after a Reconbanker restart. */
  restartServer() {
    this.sim.restartServer();
  }

  /**
   * Calls `listener` with every lifecycle SystemEvent from now on; returns the unsubscribe function.
   * @param {(event: import('./lifecycle-events').SystemEvent) => void} listener
   */
  onEvent(listener) {
    this.events.on('event', listener);
    return () => {
      this.events.off('event', listener);
    };
  }

  /**
   * The OTP POSTs that reached the server for an account, from the request log (times in `at`).
   * @param {string} accountId
   */
  otpPosts(accountId) {
    const tail = `/v1/accounts/${String(accountId).toLowerCase()}/otp`;
    return this.log.filter((e) => e.method === 'POST' && e.path.split('?')[0].toLowerCase().endsWith(tail));
  }

  /**
   * @param {string} accountId
   * @param {{ type?: string, status: string, data?: unknown }} event
   * @param {import('./login-sim').NotifyOptions} [notify]
   */
  sendEvent(accountId, event, notify) {
    return this.sim.sendEvent(accountId, event, notify);
  }

  /** @param {string} accountId */
  getStatus(accountId) {
    return v1.statusOf(this.store.requireAccount(accountId));
  }

  /** @param {string} accountId raw stored config (unmasked), or null */
  getConfig(accountId) {
    const cfg = this.store.requireAccount(accountId).config;
    return cfg && /** @type {import('./config').AccountConfig} */ (JSON.parse(JSON.stringify(cfg)));
  }

  /**
   * Raw merge into the stored config (no validation, no SSRF guard); null = never configured.
   * @param {string} accountId
   * @param {Record<string, unknown> | null} partial
   */
  setConfig(accountId, partial) {
    const account = this.store.requireAccount(accountId);
    account.config = mergeConfig(account.config, partial);
    return this.getConfig(accountId);
  }

  /** @param {string} accountId */
  submissions(accountId) {
    return (this.store.submissions.get(String(accountId).toLowerCase()) || []).map((s) => ({ ...s }));
  }

  /**
   * @param {string} [deliveryIdOrLast] a notification id (`deliveries[i].id`) or 'last'
   * @param {{ times?: number, delayMs?: number }} [opts]
   */
  deliverDuplicate(deliveryIdOrLast, opts) {
    return this.notifier.duplicate(deliveryIdOrLast, opts);
  }

  /** @param {any} doc see seed.js */
  seed(doc) {
    return applySeed(this, doc);
  }

  /** Every dashboard JWT, TOTP challenge and stream ticket issued so far stops working. */
  expireTokens() {
    realtime.expireTokens(this.ctx);
  }

  resetRateLimits() {
    this.ctx.otpLimiter.reset();
    this.ctx.loginLimiter.reset();
  }

  /** Options as the control API shows them (the signing secret only as a flag). */
  publicOptions() {
    const o = this.options;
    return {
      baseUrl: this.baseUrl,
      pathPrefix: o.pathPrefix,
      signing: !!o.signingSecret,
      rejectionReopenDelayMs: o.rejectionReopenDelayMs,
      notificationRetryMs: o.notificationRetryMs,
      notificationTimeoutMs: o.notificationTimeoutMs,
      allowPrivateNotificationUrls: o.allowPrivateNotificationUrls,
      guidePayloadShape: o.guidePayloadShape,
      deliveryDelayMs: o.deliveryDelayMs,
      jwtTtlSeconds: o.jwtTtlSeconds,
    };
  }

  /** @param {Record<string, unknown>} patch the run-time tunables only */
  updateOptions(patch) {
    const o = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this.options));
    if (patch.rejectionReopenDelayMs !== undefined) o.rejectionReopenDelayMs = validateReopenDelay(patch.rejectionReopenDelayMs);
    for (const k of ['notificationRetryMs', 'notificationTimeoutMs', 'deliveryDelayMs', 'jwtTtlSeconds']) {
      if (patch[k] !== undefined) {
        if (typeof patch[k] !== 'number' || /** @type {number} */ (patch[k]) < 0) throw new TypeError(`${k} must be a number >= 0`);
        o[k] = patch[k];
      }
    }
    for (const k of ['allowPrivateNotificationUrls', 'guidePayloadShape', 'logControlRequests']) {
      if (patch[k] !== undefined) o[k] = !!patch[k];
    }
    if (patch.signingSecret !== undefined) o.signingSecret = patch.signingSecret ? String(patch.signingSecret) : null;
  }

  /**
   * Polls until `predicate` returns a truthy value; resolves with it.
   * @template T
   * @param {() => T} predicate
   * @param {{ timeoutMs?: number, intervalMs?: number }} [opts]
   * @returns {Promise<NonNullable<T>>}
   */
  waitFor(predicate, opts = {}) {
    const timeoutMs = opts.timeoutMs ?? 5000;
    const intervalMs = opts.intervalMs ?? 10;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const tick = () => {
        let value;
        try {
          value = predicate();
        } catch (err) {
          reject(err);
          return;
        }
        if (value) resolve(/** @type {NonNullable<T>} */ (value));
        else if (Date.now() - started >= timeoutMs) reject(new Error(`waitFor timed out after ${timeoutMs} ms`));
        else setTimeout(tick, intervalMs);
      };
      tick();
    });
  }

  /** Stops the server, timers and pending deliveries. Idempotent. */
  close() {
    if (!this._closing) {
      this.sim.close();
      this.notifier.close();
      this.realtime.close();
      this._closing = new Promise((resolve) => {
        if (!this.server.listening) return resolve();
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    }
    return this._closing;
  }
}

/**
 * Starts a sandbox and resolves once it listens.
 * @param {Partial<SandboxOptions>} [opts]
 */
function startSandbox(opts) {
  return new Sandbox(opts).listen();
}

module.exports = { startSandbox, Sandbox };
