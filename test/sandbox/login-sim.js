// @ts-check
'use strict';

const crypto = require('node:crypto');
const { base32Decode, totp, verifyTotp } = require('./totp');

/**
 * @typedef {import('./state').Account} Account
 * @typedef {import('./state').Descriptor} Descriptor
 * @typedef {import('./state').ExpectedCode} ExpectedCode
 * @typedef {import('./state').Submission} Submission
 * @typedef {{ delayMs?: number, guidePayloadShape?: boolean }} NotifyOptions
 * @typedef {number | [number, number]} ReopenDelay
 * @typedef {{ rejectionReopenDelayMs: ReopenDelay, guidePayloadShape: boolean }} SimOptions
 */

/**
 * @param {unknown} input
 * @returns {Descriptor}
 */
function normalizeDescriptor(input) {
  const d = /** @type {Record<string, unknown>} */ (input || {});
  const length = d.length === undefined ? 6 : d.length;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > 32) {
    throw new TypeError('descriptor.length must be an integer from 1 to 32');
  }
  const type = d.type === undefined ? 'numeric' : d.type;
  if (type !== 'numeric' && type !== 'alphanumeric') {
    throw new TypeError("descriptor.type must be 'numeric' or 'alphanumeric'");
  }
  /** @type {Descriptor} */
  const out = { length, type };
  if (d.purpose !== undefined && d.purpose !== null) {
    if (typeof d.purpose !== 'string') throw new TypeError('descriptor.purpose must be a string');
    out.purpose = d.purpose;
  }
  return out;
}

/**
 * @param {unknown} v
 * @param {string} name
 * @param {number} min
 * @param {number} max
 */
function optionalInt(v, name, min, max) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}`);
  }
  return v;
}

/**
 * @param {ExpectedCode | undefined} expected
 * @returns {ExpectedCode}
 */
function normalizeExpected(expected) {
  if (expected === null || expected === undefined) return null;
  if (typeof expected === 'string') {
    if (expected === '') throw new TypeError('expected code must not be empty');
    return expected;
  }
  if (typeof expected === 'object' && typeof expected.totpSecret === 'string') {
    base32Decode(expected.totpSecret); // throws on a bad secret
    return {
      totpSecret: expected.totpSecret,
      digits: optionalInt(expected.digits, 'digits', 6, 10) ?? 6,
      stepSeconds: optionalInt(expected.stepSeconds, 'stepSeconds', 1, 3600) ?? 30,
    };
  }
  throw new TypeError('expected code must be a string, { totpSecret, digits?, stepSeconds? } or null');
}

/**
 * `rejectionReopenDelayMs`: a fixed delay, or `[min, max]` for a random one in that range.
 * @param {unknown} v
 * @returns {ReopenDelay}
 */
function validateReopenDelay(v) {
  const ok = (/** @type {unknown} */ n) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (ok(v)) return /** @type {number} */ (v);
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1]) && v[0] <= v[1]) return [v[0], v[1]];
  throw new TypeError('rejectionReopenDelayMs must be a number >= 0 or [min, max] with 0 <= min <= max');
}

/** @param {ReopenDelay} delay */
function pickDelay(delay) {
  if (typeof delay === 'number') return delay;
  return Math.round(delay[0] + Math.random() * (delay[1] - delay[0]));
}

/**
 * Event type (the notification_events category) for a status, when the caller gives none.
 * @param {string} status
 */
function inferType(status) {
  if (status.startsWith('connection.')) return 'connection_failed';
  if (status.startsWith('scrape.')) return 'scrape_failed';
  if (status === 'login_failed' || status.startsWith('login.')) return 'login_failed';
  return 'assistance_required';
}

/**
 * The bank-login side of the real server: opens assistance requests, receives codes, judges them,
 * and re-opens a fresh request when the "bank" rejects a code. Every step is also recorded as a
 * realtime `SystemEvent` (see lifecycle-events.js).
 *
 * With a live session (`sessionRunning`): a 202 clears `pending_assistance` at once (before judging,
 * `assistance.fulfilled`); a rejected code opens a NEW request (new id, attempts 1, same descriptor)
 * after `rejectionReopenDelayMs`, with a new assistance.requested notification; no `login_failed`.
 *
 * With no live session: a code is answered 202 and HELD — the request stays pending with its id, so
 * every further code is held too (in order). When a session starts, the login re-opens the same
 * request (same id, attempts + 1, new notification) and takes the oldest held code at once. Held codes
 * form one queue per account: whenever a live login waits (a re-opened or new request), it takes the
 * oldest held code, so every held code is eventually spent on the bank.
 */
class LoginSimulator {
  /**
   * @param {{ store: import('./state').Store, notifier: import('./notifier').Notifier,
   *   events: import('./lifecycle-events').LifecycleEvents, options: SimOptions, now: () => number }} deps
   */
  constructor(deps) {
    this.store = deps.store;
    this.notifier = deps.notifier;
    this.events = deps.events;
    this.options = deps.options;
    this.now = deps.now;
    /** @type {Map<NodeJS.Timeout, string>} re-open timers → account id */
    this.timers = new Map();
    /** @type {WeakMap<Submission, Descriptor>} the descriptor of the request each code answered */
    this.answered = new WeakMap();
    this.closed = false;
  }

  /**
   * @param {Account} account
   * @param {Record<string, unknown>} data
   * @param {NotifyOptions} notify
   */
  _announceRequest(account, data, notify) {
    this.events.record('assistance.requested', account, data);
    const guide = notify.guidePayloadShape ?? this.options.guidePayloadShape;
    const payload = guide ? { descriptor: data.descriptor } : data;
    return this.notifier.notify(
      account,
      { type: 'assistance_required', status: 'assistance.requested', data: payload },
      { delayMs: notify.delayMs },
    );
  }

  /**
   * @param {Account} account
   * @param {import('./state').PendingRequest} pending
   * @param {{ resent?: boolean }} [how]
   */
  _requestData(account, pending, how = {}) {
    const base = { accountId: account.id, userId: account.userId, descriptor: { ...pending.descriptor }, requestId: pending.id };
    return how.resent ? { ...base, resent: true } : { ...base, attempts: pending.attempts };
  }

  /**
   * Starts or stops the account's session, recording session.started / session.stopped on a change.
   * Stopping also drops the login's scheduled re-open (the login is gone); the pending request stays.
   * @param {Account} account
   * @param {boolean} running
   * @param {string} reason for session.stopped
   * @returns {boolean} whether it changed
   */
  _setSession(account, running, reason) {
    if (account.sessionRunning === running) return false;
    account.sessionRunning = running;
    if (running) this.events.record('session.started', account, null);
    else {
      for (const [t, id] of this.timers) {
        if (id !== account.id) continue;
        clearTimeout(t);
        this.timers.delete(t);
      }
      this.events.record('session.stopped', account, { reason });
    }
    return true;
  }

  /**
   * Opens a new assistance request (replacing any pending one, which is recorded as cancelled: at
   * most one per account). With a live session, a held code is taken at once.
   * @param {string} accountId
   * @param {Partial<Descriptor>} [descriptor]
   * @param {{ sessionRunning?: boolean, notify?: NotifyOptions }} [opts]
   * @returns {{ id: string, attempts: number, notificationId: string | null }}
   */
  openRequest(accountId, descriptor, opts = {}) {
    const account = this.store.requireAccount(accountId);
    const d = normalizeDescriptor(descriptor);
    this._setSession(account, opts.sessionRunning ?? true, 'stopped');
    if (account.pending) {
      this.events.record('assistance.cancelled', account, this._fulfilData(account, account.pending.id));
    }
    const pending = { id: crypto.randomUUID(), descriptor: d, attempts: 1, openedAt: this.now() };
    account.pending = pending;
    const notificationId = this._announceRequest(account, this._requestData(account, pending), opts.notify || {});
    this._takeHeldCode(account);
    return { id: pending.id, attempts: 1, notificationId };
  }

  /**
   * The login asks the bank to resend the SMS: same request id, attempts + 1, and a notification
   * with `resent: true` and no `attempts`. Needs a live session (only a running login can ask).
   * @param {string} accountId
   * @param {{ notify?: NotifyOptions }} [opts]
   */
  resend(accountId, opts = {}) {
    const account = this.store.requireAccount(accountId);
    const pending = account.pending;
    if (!pending) throw new Error('No pending assistance request for this account');
    if (!account.sessionRunning) throw new Error('No live session: only a running login can ask the bank to resend');
    pending.attempts += 1;
    const notificationId = this._announceRequest(account, this._requestData(account, pending, { resent: true }), opts.notify || {});
    return { id: pending.id, attempts: pending.attempts, notificationId };
  }

  /**
   * @param {string} accountId
   * @param {ExpectedCode} expected null accepts any code
   */
  setExpectedCode(accountId, expected) {
    this.store.requireAccount(accountId).expected = normalizeExpected(expected);
  }

  /**
   * What the "bank" accepts right now: any code, a fixed one, or the TOTP code of the current step.
   * @param {string} accountId
   * @returns {{ mode: 'any' } | { mode: 'fixed', code: string } | { mode: 'totp', code: string, digits: number, stepSeconds: number }}
   */
  expectedCodeNow(accountId) {
    const expected = this.store.requireAccount(accountId).expected;
    if (expected === null) return { mode: 'any' };
    if (typeof expected === 'string') return { mode: 'fixed', code: expected };
    const digits = expected.digits || 6;
    const stepSeconds = expected.stepSeconds || 30;
    return { mode: 'totp', code: totp(expected.totpSecret, { timeMs: this.now(), digits, stepSeconds }), digits, stepSeconds };
  }

  /**
   * Starts or stops the account's login session. Starting with a request pending re-opens that same
   * request (same id, attempts + 1, new notification) and takes the oldest held code at once.
   * Stopping keeps the pending request (as after a server restart) and drops a scheduled re-open.
   * @param {string} accountId
   * @param {boolean} running
   * @param {{ reason?: string }} [opts] reason for session.stopped (default 'stopped')
   */
  setSessionRunning(accountId, running, opts = {}) {
    const account = this.store.requireAccount(accountId);
    const changed = this._setSession(account, !!running, opts.reason || 'stopped');
    if (!changed || !account.sessionRunning || !account.pending) return;
    const pending = account.pending;
    pending.attempts += 1;
    this._announceRequest(account, this._requestData(account, pending), {});
    this._takeHeldCode(account);
  }

  /**
   * The session ends with the request open: the request is gone (assistance.cancelled) and the
   * session stops (session.stopped). Held codes stay queued.
   * @param {string} accountId
   * @param {{ reason?: string }} [opts]
   */
  cancelRequest(accountId, opts = {}) {
    const account = this.store.requireAccount(accountId);
    const pending = account.pending;
    if (!pending) throw new Error('No pending assistance request for this account');
    account.pending = null;
    this.events.record('assistance.cancelled', account, this._fulfilData(account, pending.id));
    this._setSession(account, false, opts.reason || 'cancelled');
    return { id: pending.id };
  }

  /**
   * The Reconbanker process restarts: every live session ends (session.stopped, reason
   * 'server_restart'), scheduled re-opens are lost; pending requests and held codes are kept.
   * Emits 'restart' on the event emitter (a realtime stream drops its sockets).
   */
  restartServer() {
    for (const account of this.store.accounts.values()) this._setSession(account, false, 'server_restart');
    for (const t of this.timers.keys()) clearTimeout(t);
    this.timers.clear();
    this.events.announceRestart();
  }

  /**
   * @param {string} accountId
   * @param {{ type?: string, status: string, data?: unknown }} event
   * @param {NotifyOptions} [notify]
   */
  sendEvent(accountId, event, notify = {}) {
    const account = this.store.requireAccount(accountId);
    if (!event || typeof event.status !== 'string') throw new TypeError('event.status is required');
    const type = event.type || inferType(event.status);
    const data = event.data === undefined ? null : event.data;
    this.events.record(event.status, account, data);
    return this.notifier.notify(account, { type, status: event.status, data }, { delayMs: notify.delayMs });
  }

  /**
   * A code was answered 202 for the pending request: a live login takes it at once; with no live
   * session it is held (the request stays pending, same id).
   * @param {Account} account
   * @param {Submission} submission
   */
  receiveCode(account, submission) {
    const pending = account.pending;
    if (!pending) return;
    submission.requestId = pending.id;
    this.answered.set(submission, pending.descriptor);
    if (!account.sessionRunning) {
      submission.outcome = 'held';
      account.held.push(submission);
      return;
    }
    this._take(account, submission);
  }

  /** @param {Account} account @param {string} requestId */
  _fulfilData(account, requestId) {
    return { accountId: account.id, userId: account.userId, requestId };
  }

  /** @param {Account} account a live login waiting for a code takes the oldest held one */
  _takeHeldCode(account) {
    if (!account.sessionRunning || !account.pending) return;
    const held = account.held.shift();
    if (held) this._take(account, held);
  }

  /**
   * The waiting login receives a code: the request clears at once (before the bank judges it).
   * @param {Account} account
   * @param {Submission} submission
   */
  _take(account, submission) {
    const pending = /** @type {import('./state').PendingRequest} */ (account.pending);
    account.pending = null;
    submission.receivedFor = pending.id;
    submission.receivedAt = this.now();
    this.answered.set(submission, pending.descriptor);
    this.events.record('assistance.fulfilled', account, this._fulfilData(account, pending.id));
    this._judge(account, submission);
  }

  /**
   * @param {Account} account
   * @param {Submission} submission
   */
  _judge(account, submission) {
    const code = String(submission.code);
    const expected = account.expected;
    let ok;
    if (expected === null) ok = true;
    else if (typeof expected === 'string') ok = code === expected;
    else {
      ok = verifyTotp(expected.totpSecret, code, {
        timeMs: this.now(),
        digits: expected.digits,
        stepSeconds: expected.stepSeconds,
      });
    }
    submission.outcome = ok ? 'accepted' : 'rejected';
    if (ok) return;
    const descriptor = this.answered.get(submission) || normalizeDescriptor({});
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.closed || account.pending || !account.sessionRunning) return; // at most one pending request
      this.openRequest(account.id, descriptor, { sessionRunning: true });
    }, pickDelay(this.options.rejectionReopenDelayMs));
    this.timers.set(t, account.id);
  }

  close() {
    this.closed = true;
    for (const t of this.timers.keys()) clearTimeout(t);
    this.timers.clear();
  }
}

module.exports = {
  LoginSimulator,
  normalizeDescriptor,
  normalizeExpected,
  inferType,
  validateReopenDelay,
  pickDelay,
};
