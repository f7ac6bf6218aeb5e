// @ts-check
'use strict';

const { EventEmitter } = require('node:events');

/**
 * The login lifecycle as the dashboard's realtime stream shows it (contract: "Realtime stream"):
 * every event is a `SystemEvent` `{type, userId, accountId, data, occurredAt}`. Kept in `list` (with a
 * sequence number) for assertions, and emitted as `'event'` (the bare SystemEvent) so a WebSocket
 * stream or a test can follow it live. `'restart'` is emitted when the "server" restarts.
 *
 * Listeners run synchronously, in order with the simulation (a test can answer a request the moment
 * it opens); a listener that throws is reported as a process warning and never breaks the simulation.
 *
 * @typedef {{ type: string, userId: string, accountId: string, data: unknown, occurredAt: string }} SystemEvent
 * @typedef {SystemEvent & { seq: number, at: number }} LoggedEvent
 */
class LifecycleEvents extends EventEmitter {
  /** @param {() => number} now */
  constructor(now) {
    super();
    this.now = now;
    /** @type {LoggedEvent[]} */
    this.list = [];
    this._seq = 0;
  }

  /**
   * @param {string} type e.g. 'assistance.requested', 'session.stopped'
   * @param {{ id: string, userId: string }} account
   * @param {unknown} data
   */
  record(type, account, data) {
    const at = this.now();
    /** @type {SystemEvent} */
    const event = { type, userId: account.userId, accountId: account.id, data, occurredAt: new Date(at).toISOString() };
    this.list.push({ seq: ++this._seq, at, ...event });
    this._safeEmit('event', event);
    return event;
  }

  /** The "server" restarted: live followers (a realtime stream) drop their connections. */
  announceRestart() {
    this._safeEmit('restart');
  }

  /**
   * @param {string} name
   * @param {...unknown} args
   */
  _safeEmit(name, ...args) {
    for (const listener of this.rawListeners(name)) {
      try {
        listener(...args);
      } catch (err) {
        process.emitWarning(`sandbox ${name} listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

module.exports = { LifecycleEvents };
