// @ts-check
'use strict';

const crypto = require('node:crypto');
const { KEY_RE, SCOPES, generateApiKey, hashApiKey } = require('./api-keys');
const { mergeConfig } = require('./config');
const { isUuid } = require('./http-util');
const { base32Decode } = require('./totp');

/**
 * @typedef {{ id: string, email: string, salt: Buffer, passwordHash: Buffer, totpSecret: string | null,
 *   createdAt: number }} User
 * @typedef {{ length: number, type: 'numeric' | 'alphanumeric', purpose?: string }} Descriptor
 * @typedef {{ id: string, descriptor: Descriptor, attempts: number, openedAt: number }} PendingRequest
 * @typedef {string | { totpSecret: string, digits?: number, stepSeconds?: number } | null} ExpectedCode
 * @typedef {{ code: unknown, status: number, at: number, requestId?: string,
 *   outcome?: 'accepted' | 'rejected' | 'held', receivedFor?: string, receivedAt?: number }} Submission
 *   `requestId`: the request pending when the 202 was answered; `receivedFor`/`receivedAt`: the request
 *   the login took the code for, and when (a held code may be taken later, by a later request).
 * @typedef {{ id: string, userId: string, config: import('./config').AccountConfig | null,
 *   sessionRunning: boolean, pending: PendingRequest | null, expected: ExpectedCode,
 *   held: Submission[] }} Account
 *   `held`: codes answered 202 while no session ran, oldest first (see login-sim.js).
 * @typedef {{ id: string, userId: string, name: string, scopes: string[], accountIds: string[] | null,
 *   prefix: string, hash: string, createdAt: number, revokedAt: number | null }} ApiKey
 */

/** @param {string} password @param {Buffer} salt */
function hashPassword(password, salt) {
  // Low scrypt cost: this is a test double, speed matters more than brute-force resistance.
  return crypto.scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
}

/**
 * Users, accounts and API keys. Only a SHA-256 hash of each API key is kept.
 */
class Store {
  /** @param {() => number} now */
  constructor(now) {
    this.now = now;
    /** @type {Map<string, User>} */
    this.users = new Map();
    /** @type {Map<string, Account>} */
    this.accounts = new Map();
    /** @type {Map<string, ApiKey>} */
    this.apiKeys = new Map();
    /** @type {Map<string, Submission[]>} OTP POSTs by the (lower-cased) :accountId they named */
    this.submissions = new Map();
  }

  /**
   * @param {string} accountParam
   * @param {Submission} submission
   */
  recordSubmission(accountParam, submission) {
    const key = accountParam.toLowerCase();
    const list = this.submissions.get(key) || [];
    list.push(submission);
    this.submissions.set(key, list);
  }

  /**
   * @param {{ email: string, password: string, totpSecret?: string | null, id?: string }} input
   * @returns {{ id: string, email: string, totpEnabled: boolean }}
   */
  createUser(input) {
    if (!input || typeof input.email !== 'string' || !input.email.includes('@')) {
      throw new TypeError('createUser: email is required');
    }
    if (typeof input.password !== 'string' || input.password === '') {
      throw new TypeError('createUser: password is required');
    }
    if (this.findUserByEmail(input.email)) throw new Error(`createUser: ${input.email} already exists`);
    if (input.totpSecret) base32Decode(input.totpSecret); // throws on a bad secret
    const id = input.id || crypto.randomUUID();
    const salt = crypto.randomBytes(16);
    this.users.set(id, {
      id,
      email: input.email,
      salt,
      passwordHash: hashPassword(input.password, salt),
      totpSecret: input.totpSecret || null,
      createdAt: this.now(),
    });
    return { id, email: input.email, totpEnabled: !!input.totpSecret };
  }

  /** @param {string} email */
  findUserByEmail(email) {
    const wanted = email.trim().toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** @param {User} user @param {string} password */
  checkPassword(user, password) {
    return crypto.timingSafeEqual(hashPassword(password, user.salt), user.passwordHash);
  }

  /**
   * @param {{ userId: string, id?: string, config?: Record<string, unknown> | null }} input
   * @returns {{ id: string, userId: string }}
   */
  createAccount(input) {
    if (!input || !this.users.has(input.userId)) throw new Error('createAccount: unknown userId');
    const id = (input.id || crypto.randomUUID()).toLowerCase();
    if (!isUuid(id)) throw new TypeError('createAccount: id must be a UUID');
    if (this.accounts.has(id)) throw new Error(`createAccount: account ${id} already exists`);
    this.accounts.set(id, {
      id,
      userId: input.userId,
      config: input.config ? mergeConfig(null, input.config) : null,
      sessionRunning: false,
      pending: null,
      expected: null,
      held: [],
    });
    return { id, userId: input.userId };
  }

  /** @param {string} id */
  requireAccount(id) {
    const account = this.accounts.get(String(id).toLowerCase());
    if (!account) throw new Error(`Unknown account ${id}`);
    return account;
  }

  /**
   * @param {{ userId: string, name?: string, scopes: string[], accountIds?: string[] | null }} input
   * @returns {{ id: string, key: string, name: string, scopes: string[], accountIds: string[] | null }}
   */
  createApiKey(input) {
    if (!input || !this.users.has(input.userId)) throw new Error('createApiKey: unknown userId');
    const scopes = input.scopes || [];
    for (const s of scopes) if (!SCOPES.includes(s)) throw new TypeError(`createApiKey: unknown scope ${s}`);
    const accountIds = input.accountIds == null ? null : input.accountIds.map((a) => String(a).toLowerCase());
    const key = generateApiKey();
    const m = /** @type {RegExpExecArray} */ (KEY_RE.exec(key));
    const id = crypto.randomUUID();
    const name = input.name || 'API key';
    this.apiKeys.set(id, {
      id,
      userId: input.userId,
      name,
      scopes: [...scopes],
      accountIds,
      prefix: m[1],
      hash: hashApiKey(key),
      createdAt: this.now(),
      revokedAt: null,
    });
    return { id, key, name, scopes: [...scopes], accountIds: accountIds && [...accountIds] };
  }

  /** @param {string} id @returns {boolean} whether a live key was revoked */
  revokeApiKey(id) {
    const key = this.apiKeys.get(id);
    if (!key || key.revokedAt !== null) return false;
    key.revokedAt = this.now();
    return true;
  }

  /**
   * Looks up a well-formed key by its hash; revoked keys are not found.
   * @param {string} plaintext
   * @returns {ApiKey | undefined}
   */
  findApiKey(plaintext) {
    const m = KEY_RE.exec(plaintext);
    if (!m) return undefined;
    const hash = Buffer.from(hashApiKey(plaintext), 'hex');
    for (const key of this.apiKeys.values()) {
      if (key.prefix !== m[1] || key.revokedAt !== null) continue;
      if (crypto.timingSafeEqual(Buffer.from(key.hash, 'hex'), hash)) return key;
    }
    return undefined;
  }

  /** @param {ApiKey} key public view (no hash) */
  static describeKey(key) {
    return {
      id: key.id,
      name: key.name,
      scopes: [...key.scopes],
      account_ids: key.accountIds && [...key.accountIds],
      prefix: `rbk_${key.prefix}`,
      created_at: new Date(key.createdAt).toISOString(),
      revoked_at: key.revokedAt === null ? null : new Date(key.revokedAt).toISOString(),
    };
  }
}

module.exports = { Store };
