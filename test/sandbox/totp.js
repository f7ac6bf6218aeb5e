// @ts-check
'use strict';

const crypto = require('node:crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * RFC 4648 base32 decode; case-insensitive, ignores spaces, dashes and `=` padding.
 * @param {string} input
 */
function base32Decode(input) {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  /** @type {number[]} */
  const out = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`Invalid base32 character: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * RFC 4648 base32 encode without padding.
 * @param {Buffer} buf
 */
function base32Encode(buf) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh random base32 secret (20 bytes, as authenticator apps use). */
function generateSecret() {
  return base32Encode(crypto.randomBytes(20));
}

/**
 * RFC 4226 HOTP with HMAC-SHA1.
 * @param {Buffer} key
 * @param {number} counter
 * @param {number} digits
 */
function hotp(key, counter, digits) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

/**
 * RFC 6238 TOTP (SHA1).
 * @param {string} secretBase32
 * @param {{ timeMs?: number, stepSeconds?: number, digits?: number }} [opts]
 */
function totp(secretBase32, opts = {}) {
  const step = opts.stepSeconds || 30;
  const counter = Math.floor((opts.timeMs ?? Date.now()) / 1000 / step);
  return hotp(base32Decode(secretBase32), counter, opts.digits || 6);
}

/**
 * The 30-s step (counter) whose code `code` is, within ±`window` steps of drift; null when none.
 * @param {string} secretBase32
 * @param {string} code
 * @param {{ timeMs?: number, stepSeconds?: number, digits?: number, window?: number }} [opts]
 * @returns {number | null}
 */
function matchTotp(secretBase32, code, opts = {}) {
  const digits = opts.digits || 6;
  if (typeof code !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const step = opts.stepSeconds || 30;
  const window = opts.window ?? 1;
  const key = base32Decode(secretBase32);
  const counter = Math.floor((opts.timeMs ?? Date.now()) / 1000 / step);
  for (let d = -window; d <= window; d++) {
    const expected = hotp(key, counter + d, digits);
    if (crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(code))) return counter + d;
  }
  return null;
}

/**
 * Verifies a TOTP code allowing ±`window` steps of clock drift.
 * @param {string} secretBase32
 * @param {string} code
 * @param {{ timeMs?: number, stepSeconds?: number, digits?: number, window?: number }} [opts]
 */
function verifyTotp(secretBase32, code, opts = {}) {
  return matchTotp(secretBase32, code, opts) !== null;
}

module.exports = { base32Decode, base32Encode, generateSecret, hotp, totp, matchTotp, verifyTotp };
