/**
 * Node test harness: runs node code through n8n-core's real execution contexts.
 * See README.md for usage and limitations, harness.ts for what each function maps to in n8n.
 */
export {
	HARNESS_NODE_ID,
	HARNESS_WEBHOOK_ID,
	runNode,
	runPoll,
	runWebhook,
	runWebhookMethod,
	testCredential,
	webhookUrlFor,
	type NodeOptions,
	type RunNodeOptions,
	type RunPollOptions,
	type RunWebhookMethodOptions,
	type RunWebhookOptions,
	type RunWebhookResult,
} from './harness';
export { registerCredentialTypes } from './credentials-helper';
export { HARNESS_BASE_URL, HARNESS_WORKFLOW_ID, harnessDeduplicationStore } from './environment';
export {
	HarnessDeduplicationError,
	HarnessInsertConflictError,
	InMemoryDeduplicationStore,
	type StoreCall,
	type StoreLatency,
} from './deduplication-store';
export type { WebhookRequestInput } from './fake-http';
export { START_NODE_NAME } from './node-types';
export {
	startWebhookReceiver,
	type ReceivedRequest,
	type WebhookReceiver,
	type WebhookReceiverHandler,
	type WebhookReceiverResponse,
} from './webhook-receiver';
export { runTrigger, type RunTriggerOptions, type TriggerRun } from './trigger';
