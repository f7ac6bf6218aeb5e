// Types for the Reconbanker sandbox (index.js), for TypeScript tests. Keep in step with index.js.
import type { IncomingHttpHeaders, Server } from 'node:http';

export interface SandboxOptions {
  port: number;
  host: string;
  /** e.g. '/reconbanker'; '' for none */
  pathPrefix: string;
  signingSecret: string | null;
  /** how long the login takes to open a new request after a wrong code: ms, or [min, max] for a
   * random delay in that range (default [1000, 17000], like the real server) */
  rejectionReopenDelayMs: number | [number, number];
  notificationRetryMs: number;
  notificationTimeoutMs: number;
  allowPrivateNotificationUrls: boolean;
  now: () => number;
  /** send the user guide's `data: {descriptor}` for assistance.requested */
  guidePayloadShape: boolean;
  /** delay before the first attempt of every notification */
  deliveryDelayMs: number;
  jwtTtlSeconds: number;
  /** also record /__sandbox requests in `log` */
  logControlRequests: boolean;
  otpRateLimit: { limit: number; windowMs: number };
  loginRateLimit: { limit: number; windowMs: number };
  /** realtime stream: server ping interval (30 s; 0 = no pings) */
  realtimePingIntervalMs: number;
  /** realtime stream: largest client frame accepted (64 KiB; larger → close 1009) */
  realtimeMaxFrameBytes: number;
  /** realtime stream: bytes a slow client may let queue up (1 MiB; more → close 1013) */
  realtimeMaxQueuedBytes: number;
  /** realtime stream: browser origins allowed besides the sandbox's own */
  realtimeAllowedOrigins: string[];
}

export interface RealtimeUpgradeRecord {
  seq: number;
  at: number;
  path: string;
  origin: string | null;
  /** 101, 400, 401, 403, 426; 0 when the connection was dropped */
  status: number;
  outcome: string;
  userId: string | null;
  socketId: string | null;
}

export interface RealtimeClosedRecord {
  id: string;
  userId: string;
  openedAt: number;
  closedAt: number;
  /** the close frame's code; null when the TCP connection was cut without one */
  code: number | null;
  reason: string;
  by: 'server' | 'client' | 'network';
}

/** The realtime stream (see realtime.js). */
export interface RealtimeHub {
  upgrades: RealtimeUpgradeRecord[];
  closed: RealtimeClosedRecord[];
  published: Array<{ type: string; accountId: string; userId: string; delivered: number }>;
  list(): Array<{ id: string; userId: string; state: 'open' | 'closing' | 'closed'; openedAt: number; framesSent: number; awaitingPong: boolean }>;
  /** Drops every socket (a restart); `refuseMs` keeps dropping upgrades that long; `mode: 'close'` sends `code` (1012). */
  dropAll(opts?: { mode?: 'terminate' | 'close'; code?: number; refuseMs?: number }): number;
  publish(account: { id: string; userId: string }, type: string, data: unknown): number;
  setPingInterval(ms: number): void;
  issueTicket(userId: string): string;
}

export interface Descriptor {
  length: number;
  type: 'numeric' | 'alphanumeric';
  purpose?: string;
}

/** What the "bank" accepts: any code (null), a fixed code, or the TOTP code of the current step (±1). */
export type ExpectedCode = string | { totpSecret: string; digits?: number; stepSeconds?: number } | null;

export type ExpectedCodeNow =
  | { mode: 'any' }
  | { mode: 'fixed'; code: string }
  | { mode: 'totp'; code: string; digits: number; stepSeconds: number };

/** One login lifecycle event, as the dashboard's realtime stream carries it. */
export interface SystemEvent {
  /** 'assistance.requested' | 'assistance.fulfilled' | 'assistance.cancelled' | 'session.started' |
   * 'session.stopped', or the status of an event sent with sendEvent (e.g. 'session.needs_attention') */
  type: string;
  userId: string;
  accountId: string;
  data: any;
  /** ISO 8601 */
  occurredAt: string;
}

export interface LoggedEvent extends SystemEvent {
  seq: number;
  /** epoch ms (the sandbox clock) */
  at: number;
}

export interface LifecycleEvents {
  /** every event so far, oldest first */
  list: LoggedEvent[];
  on(name: 'event', listener: (event: SystemEvent) => void): this;
  on(name: 'restart', listener: () => void): this;
  off(name: 'event' | 'restart', listener: (...args: any[]) => void): this;
  once(name: 'event', listener: (event: SystemEvent) => void): this;
  once(name: 'restart', listener: () => void): this;
}

export interface NotifyOptions {
  delayMs?: number;
  guidePayloadShape?: boolean;
}

export interface AccountConfig {
  id?: string;
  account_id?: string;
  pending_orders_endpoint: string | null;
  webhook_url: string | null;
  retry_limit: number | null;
  polling_method: string | null;
  polling_body: unknown;
  auth_type: string | null;
  auth_token: string | null;
  webhook_auth_type: string | null;
  webhook_auth_token: string | null;
  notify_on_expired: boolean;
  webhook_extra_fields: unknown;
  silent_ingestion: boolean;
  session_type: 'one-shot' | 'persistent';
  login_mode: 'simple' | 'assisted';
  notification_endpoint_url: string | null;
  notification_auth_type: 'bearer' | 'api_key' | null;
  notification_auth_token: string | null;
  notification_events: string[] | null;
  notification_transport: 'api' | 'slack' | 'chat_webhook' | null;
  notification_slack_channel: string | null;
  bank_username: string | null;
  /** write-only on PUT */
  bank_password?: string | null;
  /** setConfig also takes other keys; the server drops unknown fields */
  [extra: string]: unknown;
}

export interface Status {
  account_id: string;
  session_running: boolean;
  pending_assistance: null | { id: string; type: 'otp'; descriptor: Descriptor; attempts: number };
}

export interface Submission {
  /** the `code` field as sent (undefined when the body had none or was not JSON) */
  code: unknown;
  /** the HTTP status answered */
  status: number;
  at: number;
  /** on 202: the request pending when the code was answered */
  requestId?: string;
  /** on 202: what the "bank" made of it ('held' while no session runs; judged when a login takes it) */
  outcome?: 'accepted' | 'rejected' | 'held';
  /** the request the login took the code for (a held code may be taken by a later request) */
  receivedFor?: string;
  /** when the login took it (epoch ms) */
  receivedAt?: number;
}

export interface LogEntry {
  seq: number;
  method: string;
  /** path and query as received (including any path prefix) */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number;
  at: number;
  ip: string | undefined;
}

export interface DeliveryRecord {
  /** notification id ('ntf_<n>'), shared by every attempt and duplicate of one notification */
  id: string;
  attempt: number;
  duplicate: boolean;
  url: string;
  headers: Record<string, string>;
  /** raw body, byte-identical across attempts */
  body: string;
  /** the body, parsed */
  payload: any;
  at: number;
  status?: number;
  error?: string;
  responseBody?: string;
  durationMs?: number;
  done: boolean;
  acknowledged: boolean;
}

export interface CreatedUser {
  id: string;
  email: string;
  totpEnabled: boolean;
}

export interface CreatedApiKey {
  id: string;
  key: string;
  name: string;
  scopes: string[];
  accountIds: string[] | null;
}

export interface SeedResult {
  users: Array<{ ref: string | null } & CreatedUser>;
  accounts: Array<{ ref: string | null; id: string; userId: string; pendingRequestId?: string }>;
  apiKeys: Array<{ ref: string | null } & CreatedApiKey>;
  userId?: string;
  accountId?: string;
  apiKeyId?: string;
  apiKey?: string;
}

export declare class Sandbox {
  constructor(opts?: Partial<SandboxOptions>);
  /** live options; changes take effect for later requests/notifications */
  options: SandboxOptions;
  server: Server;
  port: number;
  /** internal state (users, accounts, hashed keys, submissions); for white-box assertions */
  store: {
    users: Map<string, { id: string; email: string; totpSecret: string | null }>;
    accounts: Map<string, { id: string; userId: string; [k: string]: unknown }>;
    apiKeys: Map<string, { id: string; userId: string; prefix: string; hash: string; revokedAt: number | null }>;
    [k: string]: unknown;
  };
  readonly baseUrl: string;
  log: LogEntry[];
  readonly deliveries: DeliveryRecord[];
  /** the login lifecycle as realtime SystemEvents (`events.list`, `events.on('event' | 'restart', …)`) */
  events: LifecycleEvents;
  /** the realtime stream at `<prefix>/realtime` */
  realtime: RealtimeHub;
  /** every dashboard JWT, TOTP challenge and stream ticket issued so far stops working */
  expireTokens(): void;
  listen(): Promise<this>;
  close(): Promise<void>;

  createUser(input: { email: string; password: string; totpSecret?: string | null; id?: string }): CreatedUser;
  createAccount(input: { userId: string; id?: string; config?: Partial<AccountConfig> | null }): {
    id: string;
    userId: string;
  };
  createApiKey(input: {
    userId: string;
    name?: string;
    scopes: Array<'otp:write' | 'status:read' | string>;
    accountIds?: string[] | null;
  }): CreatedApiKey;
  revokeApiKey(id: string): boolean;

  openRequest(
    accountId: string,
    descriptor?: Partial<Descriptor>,
    opts?: { sessionRunning?: boolean; notify?: NotifyOptions },
  ): { id: string; attempts: number; notificationId: string | null };
  resend(accountId: string, opts?: { notify?: NotifyOptions }): {
    id: string;
    attempts: number;
    notificationId: string | null;
  };
  setExpectedCode(accountId: string, expected: ExpectedCode): void;
  /** what the "bank" accepts right now (for TOTP: the current step's code) */
  expectedCodeNow(accountId: string): ExpectedCodeNow;
  /** start: a pending request is re-opened (same id, attempts + 1) and takes the oldest held code;
   * stop: the request stays pending, a scheduled re-open is dropped */
  setSessionRunning(accountId: string, running: boolean, opts?: { reason?: string }): void;
  /** the session ends with the request open: nothing pending, session stopped */
  cancelRequest(accountId: string, opts?: { reason?: string }): { id: string };
  /** every session down; pending requests and held codes kept */
  restartServer(): void;
  /** calls `listener` with every SystemEvent from now on; returns the unsubscribe function */
  onEvent(listener: (event: SystemEvent) => void): () => void;
  /** the OTP POSTs for this account in the request log */
  otpPosts(accountId: string): LogEntry[];
  sendEvent(
    accountId: string,
    event: { type?: string; status: string; data?: unknown },
    notify?: NotifyOptions,
  ): string | null;

  getStatus(accountId: string): Status;
  getConfig(accountId: string): AccountConfig | null;
  setConfig(accountId: string, partial: Partial<AccountConfig> | null): AccountConfig | null;
  submissions(accountId: string): Submission[];
  deliverDuplicate(
    deliveryIdOrLast?: string,
    opts?: { times?: number; delayMs?: number },
  ): Promise<DeliveryRecord[]>;
  seed(doc: unknown): SeedResult;
  resetRateLimits(): void;
  publicOptions(): Record<string, unknown>;
  updateOptions(patch: Record<string, unknown>): void;
  waitFor<T>(predicate: () => T, opts?: { timeoutMs?: number; intervalMs?: number }): Promise<NonNullable<T>>;
}

export declare function startSandbox(opts?: Partial<SandboxOptions>): Promise<Sandbox>;

