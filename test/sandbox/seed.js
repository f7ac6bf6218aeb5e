// @ts-check
'use strict';

/**
 * Seeding users, accounts and API keys from a JSON document (CLI `--seed file.json` and
 * `POST /__sandbox/seed`). Format (every section optional; `user`/`account`/`apiKey` may be given
 * singly instead of the `users`/`accounts`/`apiKeys` arrays):
 *
 * {
 *   "users":    [{ "ref": "demo", "email": "demo@example.com", "password": "demo-password",
 *                  "totpSecret": "JBSWY3DPEHPK3PXP" }],
 *   "accounts": [{ "ref": "main", "user": "demo", "id": "<uuid, optional>",
 *                  "config": { "login_mode": "assisted", ... },
 *                  "expectedCode": "123456" | { "totpSecret": "BASE32", "digits": 6, "stepSeconds": 30 } | null,
 *                  "pendingRequest": { "descriptor": { "length": 6, "type": "numeric" },
 *                                      "sessionRunning": true } }],
 *   "apiKeys":  [{ "ref": "n8n", "user": "demo", "name": "n8n", "scopes": ["otp:write", "status:read"],
 *                  "accountIds": null | ["main" | "<uuid>"] }]
 * }
 *
 * `expectedCode` is what the "bank" accepts: a fixed code, or the TOTP code of that secret for the
 * current step (±1 step), so a workflow whose TOTP credential holds another secret is rejected every
 * time; null/absent accepts any code. `pendingRequest.sessionRunning: false` leaves the request
 * pending with no live login (codes sent to it are held; see login-sim.js).
 *
 * `user` names a user by ref, email or id (default: the first user of this seed, else the only
 * existing user); `accountIds` entries are account refs or UUIDs.
 */

/**
 * @param {unknown} v
 * @returns {any[]}
 */
const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * @param {import('./sandbox').Sandbox} sb
 * @param {any} doc
 */
function applySeed(sb, doc) {
  if (!doc || typeof doc !== 'object') throw new TypeError('seed must be a JSON object');
  /** @type {Map<string, string>} */
  const userRefs = new Map();
  /** @type {Map<string, string>} */
  const accountRefs = new Map();
  const out = {
    /** @type {any[]} */ users: [],
    /** @type {any[]} */ accounts: [],
    /** @type {any[]} */ apiKeys: [],
  };

  /** @param {unknown} ref */
  const resolveUser = (ref) => {
    if (ref === undefined || ref === null) {
      if (out.users.length) return out.users[0].id;
      const all = [...sb.store.users.values()];
      if (all.length === 1) return all[0].id;
      throw new Error('seed: say which "user" this belongs to');
    }
    const s = String(ref);
    if (userRefs.has(s)) return /** @type {string} */ (userRefs.get(s));
    if (sb.store.users.has(s)) return s;
    const byEmail = sb.store.findUserByEmail(s);
    if (byEmail) return byEmail.id;
    throw new Error(`seed: unknown user ${s}`);
  };

  for (const u of [...list(doc.users), ...list(doc.user)]) {
    const created = sb.createUser({ email: u.email, password: u.password, totpSecret: u.totpSecret, id: u.id });
    if (u.ref) userRefs.set(String(u.ref), created.id);
    userRefs.set(created.email, created.id);
    out.users.push({ ref: u.ref ?? null, ...created });
  }

  for (const a of [...list(doc.accounts), ...list(doc.account)]) {
    const created = sb.createAccount({ userId: resolveUser(a.user ?? a.userId), id: a.id, config: a.config });
    if (a.ref) accountRefs.set(String(a.ref), created.id);
    /** @type {Record<string, unknown>} */
    const entry = { ref: a.ref ?? null, ...created };
    if (a.expectedCode !== undefined) sb.setExpectedCode(created.id, a.expectedCode);
    if (a.pendingRequest) {
      const req = sb.openRequest(created.id, a.pendingRequest.descriptor, {
        sessionRunning: a.pendingRequest.sessionRunning ?? true,
      });
      entry.pendingRequestId = req.id;
    }
    out.accounts.push(entry);
  }

  for (const k of [...list(doc.apiKeys), ...list(doc.apiKey)]) {
    const ids = k.accountIds ?? k.account_ids ?? null;
    const created = sb.createApiKey({
      userId: resolveUser(k.user ?? k.userId),
      name: k.name,
      scopes: k.scopes || ['otp:write', 'status:read'],
      accountIds: ids === null ? null : list(ids).map((r) => accountRefs.get(String(r)) || String(r)),
    });
    out.apiKeys.push({ ref: k.ref ?? null, ...created });
  }

  return {
    ...out,
    userId: out.users[0] ? out.users[0].id : undefined,
    accountId: out.accounts[0] ? out.accounts[0].id : undefined,
    apiKeyId: out.apiKeys[0] ? out.apiKeys[0].id : undefined,
    apiKey: out.apiKeys[0] ? out.apiKeys[0].key : undefined,
  };
}

module.exports = { applySeed };
