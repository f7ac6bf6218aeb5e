// @ts-check
'use strict';

const crypto = require('node:crypto');
const { verifyTotp, base32Decode } = require('./totp');

/**
 * @typedef {import('./state').Account} Account
 * @typedef {import('./state').Descriptor} Descriptor
 * @typedef {import('./state').ExpectedCode} ExpectedCode
 * @typedef {import('./state').Submission} Submission
 * @typedef {{ delayMs?: number, guidePayloadShape?: boolean }} NotifyOptions
 * @typedef {{ rejectionReopenDelayMs: number, guidePayloadShape: boolean }} SimOptions
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
 * @param {ExpectedCode} expected
 * @returns {ExpectedCode}
 */
function normalizeExpected(expected) {
  if (expected === null || expected === undefined) return null;
  if (typeof expected === 'string') return expected;
  if (typeof expected === 'object' && typeof expected.totpSecret === 'string') {
    base32Decode(expected.totpSecret); // throws on a bad secret
    return { totpSecret: expected.totpSecret, digits: expected.digits || 6, stepSeconds: expected.stepSeconds || 30 };
  }
  throw new TypeError('expected code must be a string, { totpSecret, digits?, stepSeconds? } or null');
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
 * and re-opens a fresh request when the "bank" rejects a code.
 *
 * Real-server behaviour reproduced: a 202 clears `pending_assistance` at once (before judging);
 * a rejected code opens a NEW request (new id, attempts 1, same descriptor) after
 * `rejectionReopenDelayMs`, with a new assistance.requested notification; no `login_failed`
 * notification; a code sent while no session runs is held and judged when a session resumes.
 */
class LoginSimulator {
  /**
   * @param {{ store: import('./state').Store, notifier: import('./notifier').Notifier,
   *   options: SimOptions, now: () => number }} deps
   */
  constructor(deps) {
    this.store = deps.store;
    this.notifier = deps.notifier;
    this.options = deps.options;
    this.now = deps.now;
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
    /** @type {WeakMap<Submission, Descriptor>} the descriptor of the request each code answered */
    this.answered = new WeakMap();
    this.closed = false;
    /** @type {{ publish(account: Account, type: string, data: unknown): number } | null} the realtime stream */
    this.stream = null;
  }

  /**
   * Every account event also goes to the realtime stream (whatever the notification settings).
   * @param {Account} account
   * @param {string} type
   * @param {unknown} data
   */
  _publish(account, type, data) {
    if (this.stream && !this.closed) this.stream.publish(account, type, data);
  }

  /**
   * @param {Account} account
   * @param {Record<string, unknown>} data
   * @param {NotifyOptions} notify
   */
  _notifyRequested(account, data, notify) {
    this._publish(account, 'assistance.requested', data);
    const guide = notify.guidePayloadShape ?? this.options.guidePayloadShape;
    const payload = guide ? { descriptor: data.descriptor } : data;
    return this.notifier.notify(
      account,
      { type: 'assistance_required', status: 'assistance.requested', data: payload },
      { delayMs: notify.delayMs },
    );
  }

  /**
   * Opens a new assistance request (replacing any pending one: at most one per account).
   * @param {string} accountId
   * @param {Partial<Descriptor>} [descriptor]
   * @param {{ sessionRunning?: boolean, notify?: NotifyOptions }} [opts]
   * @returns {{ id: string, attempts: number, notificationId: string | null }}
   */
  openRequest(accountId, descriptor, opts = {}) {
    const account = this.store.requireAccount(accountId);
    const d = normalizeDescriptor(descriptor);
    const wasRunning = account.sessionRunning;
    account.sessionRunning = opts.sessionRunning ?? true;
    if (!wasRunning && account.sessionRunning) this._publish(account, 'session.started', {});
    const pending = { id: crypto.randomUUID(), descriptor: d, attempts: 1, openedAt: this.now() };
    account.pending = pending;
    const notificationId = this._notifyRequested(
      account,
      { accountId: account.id, userId: account.userId, descriptor: { ...d }, requestId: pending.id, attempts: 1 },
      opts.notify || {},
    );
    return { id: pending.id, attempts: 1, notificationId };
  }

  /**
   * The login asks the bank to resend the SMS: same request id, attempts + 1, and a notification
   * with `resent: true` and no `attempts`.
   * @param {string} accountId
   * @param {{ notify?: NotifyOptions }} [opts]
   */
  resend(accountId, opts = {}) {
    const account = this.store.requireAccount(accountId);
    const pending = account.pending;
    if (!pending) throw new Error('No pending assistance request for this account');
    pending.attempts += 1;
    const notificationId = this._notifyRequested(
      account,
      { accountId: account.id, userId: account.userId, descriptor: { ...pending.descriptor }, requestId: pending.id, resent: true },
      opts.notify || {},
    );
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
   * @param {string} accountId
   * @param {boolean} running when it becomes true, a held code is judged
   */
  setSessionRunning(accountId, running) {
    const account = this.store.requireAccount(accountId);
    const wasRunning = account.sessionRunning;
    account.sessionRunning = !!running;
    if (wasRunning && !account.sessionRunning) {
      if (account.pending) {
        this._publish(account, 'assistance.cancelled', { accountId: account.id, userId: account.userId, requestId: account.pending.id });
      }
      this._publish(account, 'session.stopped', { reason: 'stopped' });
    } else if (!wasRunning && account.sessionRunning) this._publish(account, 'session.started', {});
    if (account.sessionRunning && account.held) {
      const held = account.held;
      account.held = null;
      this._judge(account, held);
    }
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
    this._publish(account, event.status, event.data === undefined ? null : event.data);
    return this.notifier.notify(
      account,
      { type, status: event.status, data: event.data === undefined ? null : event.data },
      { delayMs: notify.delayMs },
    );
  }

  /**
   * Hands a code (already answered 202) to the waiting login.
   * @param {Account} account
   * @param {Submission} submission
   */
  receiveCode(account, submission) {
    const pending = account.pending;
    if (!pending) return;
    account.pending = null; // clears the moment the login receives the code
    submission.requestId = pending.id;
    this.answered.set(submission, pending.descriptor);
    if (!account.sessionRunning) {
      submission.outcome = 'held';
      account.held = submission;
      return;
    }
    this._judge(account, submission);
  }

  /**
   * @param {Account} account
   * @param {Submission} submission
   */
  _judge(account, submission) {
    // The login has the code now: the stream says so before the bank's answer is known.
    this._publish(account, 'assistance.fulfilled', { accountId: account.id, userId: account.userId, requestId: submission.requestId });
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
      if (this.closed || account.pending) return; // at most one pending request
      this.openRequest(account.id, descriptor, { sessionRunning: account.sessionRunning });
    }, this.options.rejectionReopenDelayMs);
    this.timers.add(t);
  }

  close() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

module.exports = { LoginSimulator, normalizeDescriptor, normalizeExpected, inferType };
