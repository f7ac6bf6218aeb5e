// Shared set-up of the realtime trigger's node tests (not a test file itself): a sandbox with a
// dashboard user, accounts and an API key, and the trigger activated through test/harness.
import { randomUUID } from 'node:crypto';

import { ReconbankerRealtimeTrigger } from '../../../nodes/ReconbankerRealtimeTrigger/ReconbankerRealtimeTrigger.node';
import { runTrigger, type RunTriggerOptions, type TriggerRun } from '../../harness';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

export const EMAIL = 'realtime@example.com';
export const PASSWORD = 'pw-realtime-1';

export interface RealtimeWorld {
	sb: Sandbox;
	userId: string;
	accountId: string;
	otherAccountId: string;
	apiKey: string;
	totpSecret?: string;
}

export async function realtimeWorld(opts: Partial<SandboxOptions> & { totpSecret?: string } = {}): Promise<RealtimeWorld> {
	const { totpSecret, ...sandboxOptions } = opts;
	const sb = await startSandbox({ port: 0, host: '127.0.0.1', rejectionReopenDelayMs: 50, ...sandboxOptions });
	const user = sb.createUser({ email: EMAIL, password: PASSWORD, totpSecret: totpSecret ?? null });
	const accountId = sb.createAccount({ userId: user.id }).id;
	const otherAccountId = sb.createAccount({ userId: user.id }).id;
	const { key } = sb.createApiKey({ userId: user.id, scopes: ['status:read'], accountIds: null });
	return { sb, userId: user.id, accountId, otherAccountId, apiKey: key, totpSecret };
}

export function credentialsFor(w: RealtimeWorld, dashboard: Record<string, unknown> = {}) {
	return {
		reconbankerDashboardApi: { baseUrl: w.sb.baseUrl, email: EMAIL, password: PASSWORD, totpSecret: w.totpSecret ?? '', ...dashboard },
		reconbankerApi: { baseUrl: w.sb.baseUrl, apiKey: w.apiKey },
	};
}

export const runs: TriggerRun[] = [];

/** Activates the trigger (a node id of its own, so no process memory is shared between tests). */
export async function activate(
	w: RealtimeWorld,
	parameters: Record<string, unknown> = {},
	options: Partial<RunTriggerOptions> = {},
): Promise<TriggerRun> {
	const run = await runTrigger(new ReconbankerRealtimeTrigger(), {
		parameters: { events: ['assistance_required'], assistanceStatuses: ['newRequest', 'resend'], ...parameters },
		credentials: credentialsFor(w),
		nodeId: randomUUID(),
		...options,
	});
	runs.push(run);
	return run;
}

/** Requests the sandbox logged: dashboard logins (each try), tickets. */
export function counts(w: RealtimeWorld) {
	const log = w.sb.log;
	return {
		logins: log.filter((e) => e.path.endsWith('/api/auth/login')).length,
		totpLogins: log.filter((e) => e.path.endsWith('/api/auth/login/totp')).length,
		tickets: log.filter((e) => e.path.endsWith('/api/realtime/ticket')).length,
		statusReads: log.filter((e) => /\/v1\/accounts\/[^/]+\/status$/.test(e.path)).length,
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Open sockets the sandbox sees. */
export const openSockets = (w: RealtimeWorld) => w.sb.realtime.list().filter((s) => s.state === 'open');

/**
 * Watches the timers the trigger's code starts (directly, or through n8n-workflow's `sleep`), told
 * apart from everyone else's (HTTP keep-alive, the sandbox) by where they were created. `pending()`
 * is how many of those are still waiting: neither fired nor cleared.
 */
export function watchTriggerTimers(): { pending(): number; restore(): void } {
	const ours = /ReconbankerRealtimeTrigger[/\\](?!.*\.test\.ts)|@n8n[/\\]utils[/\\]dist[/\\]sleep/;
	const live = new Set<unknown>();
	const realSet = globalThis.setTimeout;
	const realClear = globalThis.clearTimeout;
	globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
		const stack = new Error().stack ?? '';
		const tracked = ours.test(stack.split('\n').slice(2).join('\n'));
		const handle: unknown = realSet(
			(...a: unknown[]) => {
				live.delete(handle);
				fn(...a);
			},
			ms,
			...args,
		);
		if (tracked) live.add(handle);
		return handle;
	}) as typeof setTimeout;
	globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
		live.delete(handle);
		realClear(handle);
	}) as typeof clearTimeout;
	return {
		pending: () => live.size,
		restore: () => {
			globalThis.setTimeout = realSet;
			globalThis.clearTimeout = realClear;
		},
	};
}
