// Shared helpers for the sandbox tests (not a test file itself).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, Sandbox, SandboxOptions } from './index';

export const FAST: Partial<SandboxOptions> = {
  port: 0,
  host: '127.0.0.1',
  rejectionReopenDelayMs: 50,
  notificationRetryMs: 60000,
  notificationTimeoutMs: 2000,
};

export interface World {
  sb: Sandbox;
  userId: string;
  accountId: string;
  key: string;
  keyId: string;
}

/** A sandbox with one user, one account and one key with both scopes. */
export async function world(opts: Partial<SandboxOptions> = {}): Promise<World> {
  const sb = await startSandbox({ ...FAST, ...opts });
  const user = sb.createUser({ email: 'owner@example.com', password: 'correct horse' });
  const account = sb.createAccount({ userId: user.id });
  const { id, key } = sb.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: null });
  return { sb, userId: user.id, accountId: account.id, key, keyId: id };
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...(init.headers || {}) };
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(url, { method: init.method || (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

export const apiKey = (key: string) => ({ Authorization: `Api-Key ${key}` });

export function submit(w: World, code: unknown, key = w.key, accountId = w.accountId): Promise<Res> {
  return call(`${w.sb.baseUrl}/v1/accounts/${accountId}/otp`, { headers: apiKey(key), body: { code } });
}

export function status(w: World, key = w.key, accountId = w.accountId): Promise<Res> {
  return call(`${w.sb.baseUrl}/v1/accounts/${accountId}/status`, { headers: apiKey(key) });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** decides each answer; n = 0-based index of the request */
  respond: (req: Received, n: number) => { status: number; delayMs?: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for the n8n webhook that receives notifications. */
export async function startReceiver(respond?: Receiver['respond']): Promise<Receiver> {
  const timers = new Set<NodeJS.Timeout>();
  const receiver: Receiver = {
    url: '',
    requests: [],
    respond: respond || (() => ({ status: 200 })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = {
        method: req.method || '',
        url: req.url || '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const n = receiver.requests.push(rec) - 1;
      const answer = receiver.respond(rec, n);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...(answer.headers || {}) });
        res.end('{"ok":true}');
      };
      if (answer.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, answer.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/reconbanker`;
  return receiver;
}

/** Points the account's notifications at `url` (raw config, bypassing the SSRF guard). */
export function subscribe(
  w: World,
  url: string,
  extra: Record<string, unknown> = {},
  events = ['assistance_required', 'connection_failed', 'scrape_failed'],
) {
  w.sb.setConfig(w.accountId, {
    login_mode: 'assisted',
    session_type: 'persistent',
    webhook_url: 'https://example.com/statements',
    notification_endpoint_url: url,
    notification_events: events,
    notification_transport: 'api',
    ...extra,
  });
}
