/**
 * Which code requests a realtime trigger has already started the workflow for, so that the
 * catch-up after a reconnect (reading the status of the watched accounts) and the stream never
 * both emit one request.
 *
 * - Catch-up emits a pending request only if its id was never emitted (whatever its attempts: SMS
 *   resends while disconnected are not new requests).
 * - The stream's `assistance.requested` (not a resend) is emitted unless that id was already
 *   emitted with the same or a higher attempt number — a request re-opened by the login (same id,
 *   attempts + 1) is a new ask, as in the push trigger.
 *
 * Bounded: the oldest ids are forgotten beyond `maxEntries`. Pure: no n8n imports.
 */
export const DEFAULT_REQUEST_MEMORY_SIZE = 500;

export class RequestMemory {
	private readonly seen = new Map<string, number>();

	constructor(private readonly maxEntries = DEFAULT_REQUEST_MEMORY_SIZE) {
		if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('The request memory size must be a positive whole number');
	}

	get size(): number {
		return this.seen.size;
	}

	has(requestId: string): boolean {
		return this.seen.has(requestId);
	}

	/** For a request read by catch-up: true (and remembered) when it was never emitted. */
	claimFromStatus(requestId: string, attempts: number | null): boolean {
		if (this.seen.has(requestId)) return false;
		this.remember(requestId, attempts ?? 1);
		return true;
	}

	/** For a stream `assistance.requested`: true (and remembered) unless already emitted at these attempts. */
	claimFromStream(requestId: string, attempts: number | null): boolean {
		const known = this.seen.get(requestId);
		const now = attempts ?? 1;
		if (known !== undefined && known >= now) return false;
		this.remember(requestId, now);
		return true;
	}

	private remember(requestId: string, attempts: number): void {
		this.seen.delete(requestId);
		this.seen.set(requestId, attempts);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.seen.keys().next().value;
			if (oldest === undefined) break;
			this.seen.delete(oldest);
		}
	}
}
