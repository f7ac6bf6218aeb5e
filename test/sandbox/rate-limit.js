// @ts-check
'use strict';

/**
 * Sliding-window rate limiter (a log of hit times per key). Each hit that is let through counts;
 * a refused hit does not. `reset` / `Retry-After` are the whole seconds until the oldest counted hit
 * leaves the window, i.e. until one more request would be let through — honest for a sliding window.
 *
 * @typedef {{ allowed: boolean, limit: number, remaining: number, resetSeconds: number }} HitResult
 */
class SlidingWindowLimiter {
  /**
   * @param {{ limit: number, windowMs: number, now: () => number }} opts
   */
  constructor(opts) {
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.now = opts.now;
    /** @type {Map<string, number[]>} */
    this.hits = new Map();
  }

  /**
   * @param {string} key
   * @returns {number[]} the hit times still inside the window (pruned in place)
   */
  _live(key) {
    const t = this.now();
    const list = (this.hits.get(key) || []).filter((at) => at > t - this.windowMs);
    this.hits.set(key, list);
    return list;
  }

  /**
   * @param {number[]} list
   */
  _resetSeconds(list) {
    if (list.length === 0) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - this.now()) / 1000));
  }

  /**
   * Counts one request for `key` unless the budget is spent.
   * @param {string} key
   * @returns {HitResult}
   */
  hit(key) {
    const list = this._live(key);
    if (list.length >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds: this._resetSeconds(list) };
    }
    list.push(this.now());
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - list.length,
      resetSeconds: this._resetSeconds(list),
    };
  }

  /**
   * The state for `key` without counting anything.
   * @param {string} key
   * @returns {HitResult}
   */
  peek(key) {
    const list = this._live(key);
    return {
      allowed: list.length < this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - list.length),
      resetSeconds: this._resetSeconds(list),
    };
  }

  /** @param {string} [key] forget one key, or everything */
  reset(key) {
    if (key === undefined) this.hits.clear();
    else this.hits.delete(key);
  }

  /**
   * IETF draft `RateLimit` / `RateLimit-Policy` headers (plus `Retry-After` when refused).
   * @param {HitResult} result
   * @returns {Record<string, string>}
   */
  headers(result) {
    /** @type {Record<string, string>} */
    const h = {
      RateLimit: `limit=${result.limit}, remaining=${result.remaining}, reset=${result.resetSeconds}`,
      'RateLimit-Policy': `${this.limit};w=${Math.round(this.windowMs / 1000)}`,
    };
    if (!result.allowed) h['Retry-After'] = String(result.resetSeconds);
    return h;
  }
}

module.exports = { SlidingWindowLimiter };
