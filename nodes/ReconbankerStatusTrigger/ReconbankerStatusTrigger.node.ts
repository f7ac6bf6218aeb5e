import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { checkAndRemember, readCheckSettings, readStatuses } from './check';
import { manualSample } from './items';
import { statusTriggerProperties } from './properties';
import { reconbankerApiConnectionTest } from '../transport/api-credential-test';

/**
 * A status request may take up to the transport's 30 s timeout. A poll stops starting new
 * requests once less than this (at most half the budget) is left of the time n8n gives it
 * (`getPollBudgetMs`), so it returns before n8n abandons it; the accounts left out keep their
 * state and are polled first next time.
 */
const BUDGET_RESERVE_MS = 35_000;

/** Fire On values in words, for the subtitle under the node on the canvas. */
const FIRE_ON_WORDS: Record<string, string> = {
	code_requested: 'new code request',
	code_resent: 'resend',
	request_cleared: 'request cleared',
};

export class ReconbankerStatusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Status Trigger',
		name: 'reconbankerStatusTrigger',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ "Fires on: " + $parameter["fireOn"].map((change) => (${JSON.stringify(FIRE_ON_WORDS)})[change] ?? change).join(", ") }}`,
		description: 'Starts the workflow when a Reconbanker login waits for a one-time code, by polling account status',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-reconbanker#status-trigger-polling',
		defaults: { name: 'Reconbanker Status Trigger' },
		polling: true,
		inputs: [],
		// Output 0 carries the code request events; output 1 the accounts whose status could not be
		// read, so nothing connected to the events (e.g. a Submit) ever receives an error item.
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Code Requests', 'Poll Errors'],
		credentials: [{ name: 'reconbankerApi', required: true, testedBy: 'reconbankerApiConnection' }],
		properties: statusTriggerProperties,
	};

	methods = {
		// Says "could not reach <host>: …" instead of n8n's bare error code (see api-credential-test.ts).
		credentialTest: { reconbankerApiConnection: reconbankerApiConnectionTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// Everything the user typed is checked before any request goes out.
		const settings = readCheckSettings(this);

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": every account's current status; the stored state is not touched.
			const { results, failures } = await readStatuses(this, settings.accountIds, settings.maxConcurrency);
			return manualSample(this.getNode(), settings.accountIds, results, failures);
		}

		// Stay inside the time n8n gives a poll (older n8n versions do not say; then no limit).
		const startedAt = Date.now();
		const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
		const reserveMs = budgetMs === undefined ? 0 : Math.min(BUDGET_RESERVE_MS, budgetMs / 2);
		const shouldStart = budgetMs === undefined ? undefined : () => Date.now() - startedAt < budgetMs - reserveMs;

		// When nothing can be read this throws, so n8n shows it (a failed execution and the error
		// workflow; at activation, activation fails with this message); the state stays as it was.
		const outcome = await checkAndRemember(this, settings, { shouldStart });
		if (!outcome) {
			// n8n starts a scheduled poll even while the previous one still runs: never run two at once.
			this.logger.warn('Reconbanker Status Trigger: skipped a poll, the previous poll of this node is still running');
			return null;
		}
		// Output 0: code requests; output 1: poll errors. Nothing new on either: null (no execution).
		const { events, errors } = outcome;
		return events.length > 0 || errors.length > 0 ? [events, errors] : null;
	}
}
