/**
 * Wait for Result: after a 202, watches the account until the outcome is known. Two kinds of
 * evidence: the status (a new request → rejected; cleared for the grace period → accepted), and the
 * sent-markers of this node (another execution sent a code to the account after ours → the login
 * had asked again → rejected, even if that request came and went between two status reads).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { finalSlots, sentMarkerKey, slotEnd, slotFinalAt } from '../../../../../shared/attempt-keys';
import { OutcomeWatcher, type OutcomeObservation } from '../../../../../shared/status';
import { getAccountStatus } from '../../../../../transport/external-api';
import type { SentMarker } from './markers';
import { MARKERS, type SubmitStore } from './store';

/** A rejection reopens a request 1–17 s after the code (real server): look often meanwhile. */
const FAST_PHASE_MS = 20_000;
const FAST_INTERVAL_MS = 500;

export interface WaitSettings {
	timeoutMs: number;
	graceMs: number;
	intervalMs: number;
}

/**
 * Probes this node's sent-markers of the slots that are final, one key per call, in order, and
 * stops at the first one found: the next index of its own slot, then index 1 of each later slot
 * (a sender takes index 1 first). Why one by one, and only final slots: probing records the key,
 * so a key probed and not found reads as "sent" to anyone probing it later. Every older watcher
 * stops at the newest send's marker, and senders only write the current slot, so nobody ever
 * reads a key another watcher probed.
 */
class MarkerProbe {
	private next: SentMarker;
	failed: string | null = null;

	constructor(
		private readonly store: SubmitStore,
		private readonly accountId: string,
		own: SentMarker,
	) {
		this.next = { slot: own.slot, index: own.index + 1 };
	}

	/** When the next key may be probed. */
	nextFinalAt(): number {
		return slotFinalAt(this.next.slot);
	}

	async probe(watcher: OutcomeWatcher): Promise<void> {
		while (!this.failed && finalSlots(this.next.slot, Date.now()).length > 0) {
			const { slot, index } = this.next;
			const key = sentMarkerKey(this.accountId, slot, index);
			let found: boolean;
			try {
				found = (await this.store.record(MARKERS, [key])).had.has(key);
			} catch (error) {
				this.failed = (error as Error).message;
				return;
			}
			this.next = { slot: slot + 1, index: 1 };
			watcher.markersChecked(slotEnd(slot), found);
			if (found) return;
		}
	}
}

function report(observation: OutcomeObservation | undefined, probe: MarkerProbe): IDataObject {
	if (observation?.state === 'rejected') {
		return {
			outcome: 'rejected',
			rejectedBecause: observation.evidence,
			newRequest: observation.newRequest ? { ...observation.newRequest } : null,
		};
	}
	if (observation?.state === 'accepted') return { outcome: 'accepted' };
	return probe.failed
		? { outcome: 'unknown', watchError: `Could not check for codes sent by other executions: ${probe.failed}` }
		: { outcome: 'unknown' };
}

/**
 * Never throws: the code is already with the login, so a failed status read becomes outcome
 * "unknown" (with the reason) rather than an error that invites a resubmit.
 */
export async function watchOutcome(
	ctx: IExecuteFunctions,
	store: SubmitStore,
	input: { accountId: string; submittedRequestId: string; marker: SentMarker; sentAtMs: number; settings: WaitSettings },
	itemIndex: number,
): Promise<IDataObject> {
	const { settings } = input;
	const watcher = new OutcomeWatcher(input.submittedRequestId, settings.graceMs, { watchMarkers: true });
	const probe = new MarkerProbe(store, input.accountId, input.marker);
	const deadline = input.sentAtMs + settings.timeoutMs;
	try {
		for (;;) {
			const status = await getAccountStatus.call(ctx, input.accountId, itemIndex);
			await probe.probe(watcher);
			const now = Date.now();
			const observation = watcher.observe(status, now);
			if (observation.state !== 'waiting') return report(observation, probe);
			if (now >= deadline) return report(undefined, probe);
			let wait =
				now - input.sentAtMs < FAST_PHASE_MS ? Math.min(settings.intervalMs, FAST_INTERVAL_MS) : settings.intervalMs;
			// Clear for the grace period already: only other executions' sends are still to be known.
			const acceptableAt = watcher.acceptableAt();
			if (acceptableAt !== null && now >= acceptableAt) wait = Math.min(wait, Math.max(10, probe.nextFinalAt() - now));
			await sleep(Math.min(wait, deadline - now));
		}
	} catch (error) {
		return { outcome: 'unknown', watchError: (error as Error).message };
	}
}
