/**
 * Stays connected to the realtime stream: ticket → socket → catch-up → events until the socket
 * closes → wait (exponential backoff with jitter, ~1 s up to 60 s) → again, with a fresh ticket each
 * time. Everything it waits on listens to one AbortController, so `stop()` leaves no socket, timer
 * or promise behind. Errors the user must fix (credentials, no stream at this address) end the loop
 * with `emitError`, which makes n8n deactivate the trigger and retry activating it later.
 */
import type { ICredentialDataDecryptedObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { backoffDelayMs } from '../shared/backoff';
import { parseStreamEvent } from '../shared/stream-event';
import { normaliseBaseUrl } from '../shared/url';
import { DASHBOARD_CREDENTIAL } from '../transport/dashboard-login';
import { realtimeStreamUrl } from '../transport/realtime-api';
import { isConfigurationFailure, readStatuses } from './catch-up';
import { realtimeIgnoredBecause } from './filters';
import { catchUpNotification, catchUpPayload, notificationItem } from './items';
import { rememberAccount, type TriggerMemory } from './memory';
import { obtainTicket } from './session';
import type { RealtimeSettings } from './settings';
import { connectStream, type StreamConnection } from './stream';

/** A connection that lasted this long counts as healthy: the next reconnect starts from ~1 s again. */
const HEALTHY_CONNECTION_MS = 30_000;

type Failure = { error: NodeApiError | NodeOperationError | Error; fatal: boolean; afterMs?: number };
type Attempt = { kind: 'closed'; code: number | null; openMs: number } | ({ kind: 'failed' } & Failure) | { kind: 'stopped' };

export interface StartOptions {
	/**
	 * n8n (re)starting: a passing outage at the first attempt does not fail the activation (the
	 * trigger keeps retrying); anything the user must fix still does.
	 */
	tolerateOutage: boolean;
}

export class RealtimeListener {
	private readonly controller = new AbortController();

	private current: StreamConnection | null = null;

	private loop: Promise<void> | null = null;

	private firstDone = false;

	private resolveFirst: () => void = () => undefined;

	private rejectFirst: (error: Error) => void = () => undefined;

	constructor(
		private readonly ctx: ITriggerFunctions,
		private readonly settings: RealtimeSettings,
		private readonly memory: TriggerMemory,
	) {}

	/**
	 * Starts the loop; resolves once connected (and caught up), or rejects with the reason the
	 * first attempt failed — having stopped everything first.
	 */
	async start(options: StartOptions): Promise<void> {
		const first = new Promise<void>((resolve, reject) => {
			this.resolveFirst = resolve;
			this.rejectFirst = reject;
		});
		this.loop = this.run(options);
		const failure = await first.then(
			() => undefined,
			(error: Error) => error,
		);
		if (failure) {
			await this.stop();
			throw failure instanceof NodeApiError || failure instanceof NodeOperationError
				? failure
				: new NodeOperationError(this.ctx.getNode(), failure);
		}
	}

	/** Closes the socket, cancels every wait and request, and resolves when the loop has ended. */
	async stop(): Promise<void> {
		this.controller.abort();
		await this.current?.close();
		await this.loop;
	}

	private settleFirst(error?: Error): void {
		if (this.firstDone) return;
		this.firstDone = true;
		if (error) this.rejectFirst(error);
		else this.resolveFirst();
	}

	private async run(options: StartOptions): Promise<void> {
		const signal = this.controller.signal;
		let attempt = 0;
		while (!signal.aborted) {
			let result: Attempt;
			try {
				result = await this.connectOnce();
			} catch (error) {
				// Unexpected (e.g. a credential that cannot be read): the user's to fix.
				result = signal.aborted ? { kind: 'stopped' } : { kind: 'failed', fatal: true, error: error as Error };
			}
			if (signal.aborted || result.kind === 'stopped') break;
			let delay: number;
			if (result.kind === 'closed') {
				if (result.openMs >= HEALTHY_CONNECTION_MS) attempt = 0;
				this.ctx.logger.info(`Reconbanker realtime stream closed (code ${result.code ?? 'none'}); reconnecting`);
				delay = backoffDelayMs(attempt++);
			} else {
				if (!this.firstDone) {
					if (result.fatal || !options.tolerateOutage) {
						this.settleFirst(result.error);
						break;
					}
					this.settleFirst();
				} else if (result.fatal) {
					this.ctx.emitError(result.error);
					break;
				}
				this.ctx.logger.warn(`Reconbanker realtime stream: ${result.error.message}; trying again`);
				delay = result.afterMs ?? backoffDelayMs(attempt++);
			}
			try {
				await sleep(delay, signal);
			} catch {
				break; // stopped
			}
		}
		this.settleFirst();
		await this.current?.close();
		this.current = null;
	}

	/** One ticket, one socket, one catch-up; resolves when that connection is over. */
	private async connectOnce(): Promise<Attempt> {
		const signal = this.controller.signal;
		const isFirst = !this.firstDone;
		let url: string;
		let credentials: ICredentialDataDecryptedObject;
		try {
			// Read afresh each time: an edited credential takes effect at the next reconnect.
			credentials = await this.ctx.getCredentials(DASHBOARD_CREDENTIAL);
			url = realtimeStreamUrl(normaliseBaseUrl(String(credentials.baseUrl ?? '')));
		} catch (error) {
			return { kind: 'failed', fatal: true, error: error as Error };
		}

		let ticket: string;
		try {
			const outcome = await obtainTicket(this.ctx, credentials, signal);
			if (outcome.kind === 'fatal') return { kind: 'failed', fatal: true, error: outcome.error };
			if (outcome.kind === 'retry') return { kind: 'failed', fatal: false, error: outcome.error, afterMs: outcome.afterMs };
			ticket = outcome.ticket;
		} catch (error) {
			// obtainTicket rejects only when stopped; anything else is unexpected but passing.
			if (signal.aborted) return { kind: 'stopped' };
			return { kind: 'failed', fatal: false, error: new NodeOperationError(this.ctx.getNode(), error as Error) };
		}
		if (signal.aborted) return { kind: 'stopped' };

		const connection = connectStream(url, ticket, (text) => this.onFrame(text));
		this.current = connection;
		try {
			await connection.opened;
		} catch {
			if (signal.aborted) return { kind: 'stopped' };
			return {
				kind: 'failed',
				fatal: false,
				error: new NodeOperationError(this.ctx.getNode(), 'Reconbanker refused to open the realtime stream', {
					description:
						'The socket did not open: the ticket was refused or expired, n8n\'s address is not allowed, or the connection failed. The trigger tries again with a fresh ticket.',
				}),
			};
		}
		const openedAt = Date.now();

		const failure = await this.catchUp(isFirst);
		if (failure && isFirst) {
			await connection.close();
			return { kind: 'failed', ...failure };
		}
		if (failure) this.ctx.logger.warn(`Reconbanker realtime trigger could not catch up: ${failure.error.message}`);
		this.settleFirst();

		const end = await connection.ended;
		if (signal.aborted) return { kind: 'stopped' };
		return { kind: 'closed', code: end.code, openMs: Date.now() - openedAt };
	}

	/**
	 * One stream frame. Runs inside the WebSocket's event handler, where a throw would be an uncaught
	 * exception of the n8n process: nothing escapes.
	 */
	private onFrame(text: string): void {
		try {
			this.handleFrame(text);
		} catch (error) {
			this.ctx.logger.error(`Reconbanker realtime trigger could not handle an event: ${(error as Error).message}`);
		}
	}

	/** Parse, filter, dedupe, emit. A malformed frame is logged and skipped. */
	private handleFrame(text: string): void {
		let payload: unknown;
		let notification;
		try {
			payload = JSON.parse(text);
			notification = parseStreamEvent(payload);
		} catch (error) {
			this.ctx.logger.warn(`Reconbanker realtime trigger skipped a malformed frame: ${(error as Error).message}`);
			return;
		}
		if (this.settings.filters.accountIds === null) rememberAccount(this.memory, notification.accountId);
		if (realtimeIgnoredBecause(notification, this.settings.filters) !== null) return;
		if (notification.status === 'assistance.requested' && !notification.resent && notification.requestId) {
			if (!this.memory.requests.claimFromStream(notification.requestId, notification.attempts)) return;
		}
		this.emit(notificationItem(notification, payload));
	}

	/**
	 * Reads the watched accounts' status and emits the pending requests not emitted yet. On the first
	 * connect, "Fire for Requests Already Pending" off only remembers them. Returns why it failed.
	 */
	private async catchUp(isFirst: boolean): Promise<Failure | undefined> {
		if (!this.settings.catchUp) return undefined;
		const accountIds = this.settings.filters.accountIds ?? [...this.memory.seenAccounts];
		if (accountIds.length === 0) return undefined;
		const { statuses, failures } = await readStatuses(this.ctx, accountIds, this.controller.signal);
		if (this.controller.signal.aborted) return undefined;
		if (isFirst && failures.length > 0) {
			const { error } = failures[0];
			return { error, fatal: isConfigurationFailure(error) };
		}
		for (const status of statuses) {
			const notification = catchUpNotification(status);
			if (!notification?.requestId) continue;
			if (realtimeIgnoredBecause(notification, this.settings.filters) !== null) continue;
			if (!this.memory.requests.claimFromStatus(notification.requestId, notification.attempts)) continue;
			if (isFirst && !this.settings.fireForAlreadyPending) continue;
			this.emit(notificationItem(notification, catchUpPayload(status)));
		}
		return failures.length > 0 ? { error: failures[0].error, fatal: false } : undefined;
	}

	private emit(item: ReturnType<typeof notificationItem>): void {
		this.ctx.emit([this.ctx.helpers.returnJsonArray([item])]);
	}
}
