import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkAndRemember, readCheckSettings, readStatuses, type CheckSettings } from '../ReconbankerStatusTrigger/check';
import { manualSample } from '../ReconbankerStatusTrigger/items';
import { reconbankerApiConnectionTest } from '../transport/api-credential-test';
import { pause } from './pause';
import { MIN_INTERVAL_SECONDS, statusWatchProperties } from './properties';

/**
 * The Status Trigger's checks on a loop of its own, every few seconds: n8n's poll triggers cannot run
 * more often than once a minute, while a login waits about two minutes for its code. A trigger node
 * (a poll node cannot also be one), sharing the Status Trigger's check (../ReconbankerStatusTrigger/
 * check.ts): same items, same dedupe, same per-account errors and bounded concurrency.
 */
export class ReconbankerStatusWatchTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Status Watch Trigger',
		name: 'reconbankerStatusWatchTrigger',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-reconbanker#status-trigger-polling',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Every " + $parameter["intervalSeconds"] + " s" }}',
		description:
			'Starts the workflow when a Reconbanker login waits for a one-time code, by checking account status every few seconds',
		defaults: { name: 'Reconbanker Status Watch Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Code Requests', 'Poll Errors'],
		credentials: [{ name: 'reconbankerApi', required: true, testedBy: 'reconbankerApiConnection' }],
		properties: statusWatchProperties,
	};

	methods = {
		// Says "could not reach <host>: …" instead of n8n's bare error code (see api-credential-test.ts).
		credentialTest: { reconbankerApiConnection: reconbankerApiConnectionTest },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		// Everything the user typed is checked before any request goes out (and before activating).
		const settings = readCheckSettings(this);
		const intervalMs = readIntervalMs(this);

		if (this.getMode() === 'manual') {
			// "Listen for test event": every account's current status, at once; no stored state touched.
			return {
				manualTriggerFunction: async () => {
					const { results, failures } = await readStatuses(this, settings.accountIds, settings.maxConcurrency);
					this.emit(manualSample(this.getNode(), settings.accountIds, results, failures));
				},
			};
		}

		const stop = new AbortController();
		// The first check runs now: when no account can be read, activation fails with that error.
		const firstStartedAt = Date.now();
		emitOutcome(this, await checkAndRemember(this, settings, { abortSignal: stop.signal }));
		const running = watch(this, settings, intervalMs, firstStartedAt, stop.signal);
		return {
			closeFunction: async () => {
				stop.abort();
				await running;
			},
		};
	}
}

function readIntervalMs(ctx: ITriggerFunctions): number {
	const seconds = Number(ctx.getNodeParameter('intervalSeconds', 10));
	if (!Number.isFinite(seconds) || seconds < MIN_INTERVAL_SECONDS) {
		throw new NodeOperationError(ctx.getNode(), `"Check Every (Seconds)" must be at least ${MIN_INTERVAL_SECONDS}`, {
			description: 'For checks once a minute or less often, the Reconbanker Status Trigger is enough.',
		});
	}
	return seconds * 1000;
}

function emitOutcome(ctx: ITriggerFunctions, outcome: { events: INodeExecutionData[]; errors: INodeExecutionData[] } | undefined) {
	if (outcome && (outcome.events.length > 0 || outcome.errors.length > 0)) ctx.emit([outcome.events, outcome.errors]);
}

/**
 * Checks every `intervalMs` until `signal` aborts. One check at a time: the wait starts when a check
 * ends, so a check that takes longer than the interval is followed at once by the next, never
 * overlapped. A check in which no account could be read is recorded as one failed execution per
 * distinct error (not one every few seconds during an outage); the watch keeps going.
 */
async function watch(
	ctx: ITriggerFunctions,
	settings: CheckSettings,
	intervalMs: number,
	firstStartedAt: number,
	signal: AbortSignal,
) {
	let reportedFailure: string | undefined;
	await pause(intervalMs - (Date.now() - firstStartedAt), signal);
	while (!signal.aborted) {
		const startedAt = Date.now();
		try {
			emitOutcome(ctx, await checkAndRemember(ctx, settings, { abortSignal: signal }));
			reportedFailure = undefined;
		} catch (error) {
			if (signal.aborted) break;
			const failure = error instanceof Error ? error : new Error(String(error));
			const signature = `${failure.message}|${(failure as { description?: unknown }).description ?? ''}`;
			if (signature !== reportedFailure) {
				reportedFailure = signature;
				reportFailure(ctx, failure);
			}
		}
		await pause(intervalMs - (Date.now() - startedAt), signal);
	}
}

function reportFailure(ctx: ITriggerFunctions, error: Error): void {
	// n8n 2.x: a failed execution (and the error workflow); the workflow stays active. Older n8n has
	// only emitError, which deactivates the workflow and retries activating it with backoff.
	if (typeof ctx.saveFailedExecution === 'function') {
		ctx.saveFailedExecution(error as Parameters<ITriggerFunctions['saveFailedExecution']>[0]);
	} else {
		ctx.emitError(error);
	}
}
