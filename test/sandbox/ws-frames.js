// @ts-check
'use strict';

/**
 * RFC 6455 framing, by hand (the sandbox has no dependencies): the handshake's accept value, frame
 * encoding (server → client: never masked) and an incremental decoder for client frames.
 * Shared by the sandbox's realtime stream and the tests' raw client.
 */

const crypto = require('node:crypto');

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OPCODES = Object.freeze({ continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa });

/** Close codes the sandbox uses (RFC 6455 §7.4.1, plus 1013 from the IANA registry). */
const CLOSE = Object.freeze({
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatus: 1005,
  abnormal: 1006,
  tooBig: 1009,
  tryAgainLater: 1013,
});

/** @param {string} key the client's Sec-WebSocket-Key */
function acceptValue(key) {
  return crypto.createHash('sha1').update(`${key}${GUID}`).digest('base64');
}

/**
 * A Sec-WebSocket-Key is the base64 of 16 bytes (RFC 6455 §4.1).
 * @param {unknown} key
 */
function isValidKey(key) {
  if (typeof key !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(key)) return false;
  return Buffer.from(key, 'base64').length === 16;
}

/**
 * One frame. `mask` (4 bytes) only for client → server frames.
 * @param {number} opcode
 * @param {Buffer} payload
 * @param {{ fin?: boolean, mask?: Buffer | null, rsv?: number }} [opts]
 */
function encodeFrame(opcode, payload, opts = {}) {
  const fin = opts.fin ?? true;
  const mask = opts.mask ?? null;
  const len = payload.length;
  const extra = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + extra + (mask ? 4 : 0));
  head[0] = (fin ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opcode;
  head[1] = (mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (extra === 2) head.writeUInt16BE(len, 2);
  if (extra === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([head, payload]);
  mask.copy(head, 2 + extra);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
  return Buffer.concat([head, body]);
}

/**
 * A close frame's payload: the code and an optional UTF-8 reason.
 * @param {number} code
 * @param {string} [reason]
 */
function closePayload(code, reason = '') {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const out = Buffer.alloc(2 + text.length);
  out.writeUInt16BE(code, 0);
  text.copy(out, 2);
  return out;
}

/**
 * @typedef {{ fin: boolean, rsv: number, opcode: number, masked: boolean, length: number, payload: Buffer }} Frame
 * @typedef {{ error: 'too_big' | 'protocol', length?: number }} FrameError
 */

/**
 * Incremental decoder: feed bytes, get whole frames. It stops (and reports) at a frame whose
 * announced length exceeds `maxPayload` without buffering it, so a huge frame costs nothing.
 */
class FrameDecoder {
  /** @param {{ maxPayload: number }} opts */
  constructor(opts) {
    this.maxPayload = opts.maxPayload;
    /** @type {Buffer} */
    this.buffer = Buffer.alloc(0);
  }

  /**
   * @param {Buffer} chunk
   * @returns {Array<Frame | FrameError>} frames in order; an error entry ends the list (stop reading)
   */
  push(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    /** @type {Array<Frame | FrameError>} */
    const out = [];
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return out;
      const fin = (b[0] & 0x80) !== 0;
      const rsv = (b[0] >> 4) & 0x7;
      const opcode = b[0] & 0x0f;
      const masked = (b[1] & 0x80) !== 0;
      let length = b[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return out;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return out;
        const big = b.readBigUInt64BE(2);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
          out.push({ error: 'too_big', length: Number.MAX_SAFE_INTEGER });
          return out;
        }
        length = Number(big);
        offset = 10;
      }
      if (length > this.maxPayload) {
        out.push({ error: 'too_big', length });
        return out;
      }
      const maskLength = masked ? 4 : 0;
      if (b.length < offset + maskLength + length) return out;
      const payload = Buffer.from(b.subarray(offset + maskLength, offset + maskLength + length));
      if (masked) {
        const mask = b.subarray(offset, offset + 4);
        for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      }
      this.buffer = b.subarray(offset + maskLength + length);
      out.push({ fin, rsv, opcode, masked, length, payload });
    }
  }
}

/**
 * Reads a close frame's payload.
 * @param {Buffer} payload
 * @returns {{ code: number, reason: string }}
 */
function readClose(payload) {
  if (payload.length < 2) return { code: CLOSE.noStatus, reason: '' };
  return { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
}

module.exports = { OPCODES, CLOSE, acceptValue, isValidKey, encodeFrame, closePayload, FrameDecoder, readClose };
