// @ts-check
'use strict';

/**
 * Reconbanker's realtime stream (the dashboard WebSocket), by hand over node:http's 'upgrade'.
 *
 *   POST <base>/api/realtime/ticket (dashboard JWT) → {ticket, ttl_seconds: 30}
 *   GET  <root>[<prefix>]/realtime, Upgrade: websocket, Sec-WebSocket-Protocol: realtime.v1, <ticket>
 *
 * Rules (the contract's "Realtime stream"): a browser Origin not allowed → 403; a missing, invalid or
 * expired ticket (or no `realtime.v1` offered) → 401; any other path → the connection is dropped.
 * Server → client only: one JSON SystemEvent per text frame, every event of every account of the
 * ticket's user, no replay. A ping every `realtimePingIntervalMs` (30 s); a socket that missed the
 * previous pong is dropped. Any data frame from the client closes with 1003; a frame over 64 KiB
 * with 1009; more than 1 MiB queued for a slow client with 1013.
 *
 * Decisions where the contract is silent: checks run in the order path → handshake headers (400 /
 * 426) → Origin (403) → ticket (401), as a `ws` server with verifyClient + handleProtocols does;
 * the ticket is a 30 s JWT (`typ: 'ws'`) usable more than once within its lifetime; the client's
 * pings are answered, its close frames echoed; an unmasked client frame closes with 1002.
 */

const crypto = require('node:crypto');
const { STATUS_CODES } = require('node:http');
const { sendError, sendJson } = require('./errors');
const { signJwt, verifyJwt } = require('./jwt');
const { CLOSE, FrameDecoder, OPCODES, acceptValue, closePayload, encodeFrame, isValidKey, readClose } = require('./ws-frames');

const TICKET_TTL_SECONDS = 30;
const SUBPROTOCOL = 'realtime.v1';
/** How long a closing socket may take to flush and finish before it is destroyed. */
const CLOSE_GRACE_MS = 5000;

/**
 * @typedef {import('./sandbox').Context} Context
 * @typedef {{ seq: number, at: number, path: string, origin: string | null, status: number,
 *   outcome: string, userId: string | null, socketId: string | null }} UpgradeRecord
 * @typedef {{ id: string, userId: string, openedAt: number, closedAt: number, code: number | null,
 *   reason: string, by: 'server' | 'client' | 'network' }} ClosedRecord
 */

/** @param {Context} ctx */
const nowSeconds = (ctx) => Math.floor(ctx.now() / 1000);

class StreamSocket {
  /**
   * @param {RealtimeHub} hub
   * @param {import('node:stream').Duplex} socket
   * @param {string} userId
   */
  constructor(hub, socket, userId) {
    this.hub = hub;
    this.socket = socket;
    this.userId = userId;
    this.id = `ws_${++hub.seq}`;
    this.openedAt = Date.now();
    /** @type {'open' | 'closing' | 'closed'} */
    this.state = 'open';
    this.awaitingPong = false;
    this.framesSent = 0;
    /** @type {{ code: number | null, reason: string, by: ClosedRecord['by'] } | null} */
    this.closeInfo = null;
    /** @type {NodeJS.Timeout | null} */
    this.graceTimer = null;
    this.decoder = new FrameDecoder({ maxPayload: hub.ctx.options.realtimeMaxFrameBytes });
    socket.on('data', (/** @type {Buffer} */ chunk) => this._onData(chunk));
    socket.on('error', () => undefined); // a reset peer; 'close' follows
    // node:http sockets are half-open capable: the peer's FIN alone does not close ours.
    socket.on('end', () => socket.destroy());
    socket.on('close', () => this._onClosed());
  }

  /** @param {Buffer} chunk */
  _onData(chunk) {
    if (this.state === 'closed') return;
    for (const frame of this.decoder.push(chunk)) {
      if ('error' in frame) {
        this.close(CLOSE.tooBig, 'Frame too large');
        return;
      }
      if (!frame.masked) {
        this.close(CLOSE.protocolError, 'Client frames must be masked');
        return;
      }
      if (frame.rsv !== 0) {
        this.close(CLOSE.protocolError, 'Reserved bits set');
        return;
      }
      switch (frame.opcode) {
        case OPCODES.pong:
          this.awaitingPong = false;
          break;
        case OPCODES.ping:
          if (this.state === 'open') this._write(encodeFrame(OPCODES.pong, frame.payload));
          break;
        case OPCODES.close: {
          const { code, reason } = readClose(frame.payload);
          if (this.state === 'open') {
            // Echo the close (RFC 6455 §5.5.1), then let the client finish.
            this.closeInfo = { code, reason, by: 'client' };
            this.state = 'closing';
            this._write(encodeFrame(OPCODES.close, frame.payload.length >= 2 ? closePayload(code) : Buffer.alloc(0)));
            this._finish();
          } else this.socket.destroy();
          return;
        }
        case OPCODES.text:
        case OPCODES.binary:
        case OPCODES.continuation:
          this.close(CLOSE.unsupportedData, 'The stream is server to client only');
          return;
        default:
          this.close(CLOSE.protocolError, 'Unknown opcode');
          return;
      }
    }
  }

  /** @param {Buffer} bytes */
  _write(bytes) {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  /**
   * Sends one event; a client that let more than `realtimeMaxQueuedBytes` queue up is closed (1013).
   * @param {string} text
   */
  send(text) {
    if (this.state !== 'open') return false;
    if (this.socket.writableLength > this.hub.ctx.options.realtimeMaxQueuedBytes) {
      this.close(CLOSE.tryAgainLater, 'Client too slow');
      return false;
    }
    this._write(encodeFrame(OPCODES.text, Buffer.from(text, 'utf8')));
    this.framesSent++;
    return true;
  }

  /** The server's keep-alive: a socket still owing the previous pong is dropped. */
  heartbeat() {
    if (this.state !== 'open') return;
    if (this.awaitingPong) {
      this.terminate('missed pong');
      return;
    }
    this.awaitingPong = true;
    this._write(encodeFrame(OPCODES.ping, Buffer.alloc(0)));
  }

  /**
   * Starts the closing handshake: a close frame, then the socket ends once flushed.
   * @param {number} code
   * @param {string} [reason]
   */
  close(code, reason = '') {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.closeInfo = { code, reason, by: 'server' };
    this._write(encodeFrame(OPCODES.close, closePayload(code, reason)));
    this._finish();
  }

  /**
   * Drops the TCP connection without a close frame (a crash, a restart, a missed pong).
   * @param {string} reason
   */
  terminate(reason) {
    if (this.state === 'closed') return;
    if (!this.closeInfo) this.closeInfo = { code: null, reason, by: 'server' };
    this.socket.destroy();
  }

  _finish() {
    this.socket.end();
    this.graceTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
  }

  _onClosed() {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.graceTimer) clearTimeout(this.graceTimer);
    const info = this.closeInfo || { code: null, reason: 'connection lost', by: /** @type {const} */ ('network') };
    this.hub._forget(this, info);
  }
}

class RealtimeHub {
  /** @param {Context} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.seq = 0;
    this.upgradeSeq = 0;
    /** @type {Map<string, StreamSocket>} */
    this.sockets = new Map();
    /** @type {UpgradeRecord[]} every upgrade attempt (never the ticket) */
    this.upgrades = [];
    /** @type {ClosedRecord[]} every socket that closed */
    this.closed = [];
    /** @type {Array<{ type: string, accountId: string, userId: string, delivered: number }>} every event published */
    this.published = [];
    this.refuseUntil = 0;
    /** @type {NodeJS.Timeout | null} */
    this.pingTimer = null;
    this.closing = false;
  }

  /** @param {string} userId */
  issueTicket(userId) {
    const iat = nowSeconds(this.ctx);
    return signJwt({ sub: userId, typ: 'ws', iat, exp: iat + TICKET_TTL_SECONDS }, this.ctx.jwtSecret);
  }

  /**
   * The user a ticket opens the stream for, or why not.
   * @param {string | undefined} ticket
   * @returns {{ userId: string } | { problem: string }}
   */
  checkTicket(ticket) {
    if (!ticket) return { problem: 'missing ticket' };
    const payload = verifyJwt(ticket, this.ctx.jwtSecret, nowSeconds(this.ctx));
    if (!payload || payload.typ !== 'ws' || typeof payload.sub !== 'string') return { problem: 'invalid or expired ticket' };
    if (!this.ctx.store.users.has(payload.sub)) return { problem: 'unknown user' };
    return { userId: payload.sub };
  }

  /** Origins a browser may open the stream from: the server's own, plus `realtimeAllowedOrigins`. */
  allowedOrigins() {
    const port = this.ctx.sandbox.port;
    return new Set([
      `http://127.0.0.1:${port}`,
      `http://localhost:${port}`,
      ...this.ctx.options.realtimeAllowedOrigins.map((o) => o.replace(/\/+$/, '').toLowerCase()),
    ]);
  }

  /**
   * node:http 'upgrade' handler.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  handleUpgrade(req, socket, head) {
    socket.on('error', () => undefined);
    const target = req.url || '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    /** @type {UpgradeRecord} */
    const record = { seq: ++this.upgradeSeq, at: Date.now(), path, origin, status: 0, outcome: '', userId: null, socketId: null };
    this.upgrades.push(record);

    /** @param {string} outcome */
    const drop = (outcome) => {
      record.outcome = outcome;
      socket.destroy();
    };
    /**
     * @param {number} status
     * @param {string} outcome
     * @param {Record<string, string>} [headers]
     */
    const refuse = (status, outcome, headers = {}) => {
      record.status = status;
      record.outcome = outcome;
      const text = STATUS_CODES[status] || 'Error';
      const lines = [`HTTP/1.1 ${status} ${text}`, 'Connection: close', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(text)}`];
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      socket.end(`${lines.join('\r\n')}\r\n\r\n${text}`);
    };

    if (this.closing) return drop('sandbox closing');
    if (path !== `${this.ctx.options.pathPrefix}/realtime`) return drop('unknown path');
    if (Date.now() < this.refuseUntil) return drop('restarting');
    const upgrade = String(req.headers.upgrade || '').toLowerCase();
    const connection = String(req.headers.connection || '').toLowerCase().split(/\s*,\s*/);
    const key = req.headers['sec-websocket-key'];
    if (req.method !== 'GET' || upgrade !== 'websocket' || !connection.includes('upgrade') || !isValidKey(key)) {
      return refuse(400, 'bad handshake');
    }
    if (req.headers['sec-websocket-version'] !== '13') return refuse(426, 'bad version', { 'Sec-WebSocket-Version': '13' });
    if (origin !== null && !this.allowedOrigins().has(origin.toLowerCase())) return refuse(403, 'origin not allowed');

    const offered = String(req.headers['sec-websocket-protocol'] || '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!offered.includes(SUBPROTOCOL)) return refuse(401, `${SUBPROTOCOL} not offered`);
    const check = this.checkTicket(offered.find((p) => p !== SUBPROTOCOL));
    if ('problem' in check) return refuse(401, check.problem);

    const accept = acceptValue(/** @type {string} */ (key));
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        `Sec-WebSocket-Protocol: ${SUBPROTOCOL}`,
      ].join('\r\n') + '\r\n\r\n',
    );
    const stream = new StreamSocket(this, socket, check.userId);
    this.sockets.set(stream.id, stream);
    Object.assign(record, { status: 101, outcome: 'open', userId: check.userId, socketId: stream.id });
    this._ensurePing();
    if (head && head.length) stream._onData(head);
  }

  /**
   * Fans an account event out to every open socket of the account's user. No replay: a user with
   * no socket open misses it.
   * @param {{ id: string, userId: string }} account
   * @param {string} type
   * @param {unknown} data
   */
  publish(account, type, data) {
    const event = {
      type,
      userId: account.userId,
      accountId: account.id,
      data: data === undefined ? null : data,
      occurredAt: new Date(this.ctx.now()).toISOString(),
    };
    const text = JSON.stringify(event);
    let delivered = 0;
    for (const s of this.sockets.values()) if (s.userId === account.userId && s.send(text)) delivered++;
    this.published.push({ type, accountId: account.id, userId: account.userId, delivered });
    return delivered;
  }

  /**
   * Drops every socket, as a server restart does. `mode: 'close'` sends a close frame (1012 Service
   * Restart by default) instead of cutting the TCP connection; `refuseMs` keeps dropping new
   * upgrades for that long (the server is "still restarting").
   * @param {{ mode?: 'terminate' | 'close', code?: number, refuseMs?: number }} [opts]
   */
  dropAll(opts = {}) {
    const sockets = [...this.sockets.values()];
    if (opts.refuseMs) this.refuseUntil = Date.now() + opts.refuseMs;
    for (const s of sockets) {
      if (opts.mode === 'close') s.close(opts.code ?? 1012, 'Service restart');
      else s.terminate('dropped by control');
    }
    return sockets.length;
  }

  /** Open sockets, for tests and the control API. */
  list() {
    return [...this.sockets.values()].map((s) => ({
      id: s.id,
      userId: s.userId,
      state: s.state,
      openedAt: s.openedAt,
      framesSent: s.framesSent,
      awaitingPong: s.awaitingPong,
    }));
  }

  /** @param {number} ms */
  setPingInterval(ms) {
    this.ctx.options.realtimePingIntervalMs = ms;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this._ensurePing();
  }

  _ensurePing() {
    const ms = this.ctx.options.realtimePingIntervalMs;
    if (this.pingTimer || this.closing || !(ms > 0) || this.sockets.size === 0) return;
    this.pingTimer = setInterval(() => {
      for (const s of this.sockets.values()) s.heartbeat();
    }, ms);
  }

  /**
   * @param {StreamSocket} s
   * @param {{ code: number | null, reason: string, by: ClosedRecord['by'] }} info
   */
  _forget(s, info) {
    this.sockets.delete(s.id);
    this.closed.push({ id: s.id, userId: s.userId, openedAt: s.openedAt, closedAt: Date.now(), ...info });
    if (this.sockets.size === 0 && this.pingTimer) {
      clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
  }

  close() {
    this.closing = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    for (const s of this.sockets.values()) {
      if (s.graceTimer) clearTimeout(s.graceTimer);
      s.terminate('sandbox closed');
    }
  }
}

/**
 * `POST /api/realtime/ticket` (dashboard JWT).
 * @param {(ctx: Context, req: import('node:http').IncomingMessage) => { id: string }} requireUser
 */
function ticketRoute(requireUser) {
  /**
   * @param {Context} ctx
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return (ctx, req, res) => {
    try {
      const user = requireUser(ctx, req);
      sendJson(res, 200, { ticket: ctx.sandbox.realtime.issueTicket(user.id), ttl_seconds: TICKET_TTL_SECONDS });
    } catch (err) {
      sendError(res, err);
    }
  };
}

/**
 * Adds the ticket route to the dashboard router and the realtime control routes to the control
 * router (once per process: the routers are module-level).
 * @param {{ router: any, requireUser: any }} dashboard
 * @param {{ router: any }} control
 */
function registerRoutes(dashboard, control) {
  if (registerRoutes.done) return;
  registerRoutes.done = true;
  dashboard.router.add('POST', '/api/realtime/ticket', ticketRoute(dashboard.requireUser));
  /** @param {Context} ctx */
  const hub = (ctx) => ctx.sandbox.realtime;
  control.router.add('GET', '/__sandbox/realtime', (/** @type {Context} */ ctx) => ({
    sockets: hub(ctx).list(),
    closed: hub(ctx).closed,
    upgrades: hub(ctx).upgrades,
    pingIntervalMs: ctx.options.realtimePingIntervalMs,
  }));
  control.router.add('POST', '/__sandbox/realtime/drop', (/** @type {Context} */ ctx, /** @type {unknown} */ _req, /** @type {unknown} */ _p, /** @type {any} */ body) => ({
    dropped: hub(ctx).dropAll({
      mode: body.mode === 'close' ? 'close' : 'terminate',
      code: typeof body.code === 'number' ? body.code : undefined,
      refuseMs: typeof body.refuseMs === 'number' ? body.refuseMs : 0,
    }),
  }));
  control.router.add('PATCH', '/__sandbox/realtime', (/** @type {Context} */ ctx, /** @type {unknown} */ _req, /** @type {unknown} */ _p, /** @type {any} */ body) => {
    if (body.pingIntervalMs !== undefined) {
      if (typeof body.pingIntervalMs !== 'number' || body.pingIntervalMs < 0) throw new TypeError('pingIntervalMs must be a number >= 0');
      hub(ctx).setPingInterval(body.pingIntervalMs);
    }
    return { pingIntervalMs: ctx.options.realtimePingIntervalMs };
  });
  control.router.add('POST', '/__sandbox/tokens/expire', (/** @type {Context} */ ctx) => {
    ctx.sandbox.expireTokens();
    return { expired: true };
  });
}
registerRoutes.done = false;

/**
 * Every dashboard JWT, TOTP challenge and stream ticket issued so far stops working (a new signing
 * secret, as after a server restart with a fresh secret); open sockets stay open.
 * @param {Context} ctx
 */
function expireTokens(ctx) {
  ctx.jwtSecret = crypto.randomBytes(32);
}

module.exports = { RealtimeHub, registerRoutes, expireTokens, TICKET_TTL_SECONDS, SUBPROTOCOL };
