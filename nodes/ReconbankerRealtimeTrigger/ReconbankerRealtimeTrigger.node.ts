import type { INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { reconbankerApiConnectionTest } from '../transport/api-credential-test';
import { RealtimeListener } from './listener';
import { triggerMemory } from './memory';
import { realtimeTriggerProperties } from './properties';
import { readSettings } from './settings';
import { hasWebSocket } from './stream';

/**
 * Its own node rather than a mode of the Reconbanker Trigger: that one is a webhook node (n8n
 * registers a URL for it and calls `webhook()`), this one opens a connection itself (`trigger()`),
 * with other credentials. In queue mode n8n runs trigger nodes on the main (leader) instance only.
 */
/** Event values in words, for the subtitle under the node on the canvas. */
const EVENT_WORDS: Record<string, string> = {
	assistance_required: 'Assistance required',
	connection_failed: 'Connection failed',
	scrape_failed: 'Scrape failed',
	login_failed: 'Login failed',
};

export class ReconbankerRealtimeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconbanker Realtime Trigger',
		name: 'reconbankerRealtimeTrigger',
		icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ "No public URL · " + $parameter["events"].map((event) => (${JSON.stringify(EVENT_WORDS)})[event] ?? event).join(", ") }}`,
		description:
			'Starts the workflow on Reconbanker events (a login needs a code, …) over its realtime stream: no public URL needed, works behind a firewall',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-reconbanker#reconbanker-realtime-trigger',
		defaults: { name: 'Reconbanker Realtime Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'reconbankerDashboardApi', required: true },
			{
				name: 'reconbankerApi',
				required: true,
				testedBy: 'reconbankerApiConnection',
				displayOptions: { show: { catchUp: [true] } },
			},
		],
		properties: realtimeTriggerProperties,
	};

	methods = {
		// Says "could not reach <host>: …" instead of n8n's bare error code (see api-credential-test.ts).
		credentialTest: { reconbankerApiConnection: reconbankerApiConnectionTest },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		if (!hasWebSocket()) {
			throw new NodeOperationError(this.getNode(), 'This n8n runs on a Node.js without a built-in WebSocket client', {
				description:
					'The Reconbanker Realtime Trigger uses the WebSocket client built into Node.js 22 and later (n8n 2.x runs on Node.js 24). Run n8n on a newer Node.js, or use the Reconbanker Trigger (push) or the Status Trigger instead.',
			});
		}
		const settings = readSettings(this);
		const node = this.getNode();
		const memory = triggerMemory(this.getWorkflow().id, node.id || node.name, this.getMode());
		const listener = new RealtimeListener(this, settings, memory);
		const closeFunction = async () => await listener.stop();

		if (this.getMode() === 'manual') {
			// "Listen for test event": connect when n8n asks; the first event (or a pending request found
			// by catch-up) ends the test.
			return { closeFunction, manualTriggerFunction: async () => await listener.start({ tolerateOutage: false }) };
		}
		const activation = this.getActivationMode();
		await listener.start({ tolerateOutage: activation === 'init' || activation === 'leadershipChange' });
		return { closeFunction };
	}
}
