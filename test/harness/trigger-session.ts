/**
 * Trigger nodes (`trigger()` with a close function) through n8n-core, for long-running triggers such
 * as the Reconbanker Status Watch: the node runs until the test closes it.
 *
 *   const session = await startTriggerSession(node, { parameters, credentials, staticData });
 *   await session.waitForEmits(2);        // what the node emitted so far: session.emits
 *   await session.close();                // the node's closeFunction, as n8n calls it on deactivation
 *
 * Mirrors n8n 2.40: an active workflow → `TriggersAndPollers.runTriggerFunction` with a
 * `TriggerContext` whose `emit` / `saveFailedExecution` / `emitError` the CLI provides (here they
 * are recorded instead of starting executions); "Listen for test event" (mode `manual`) →
 * `WorkflowExecute.executeTriggerNode`: `manualTriggerFunction`, then the first emit is the result.
 */
import { Container } from '@n8n/di';
import { TriggerContext, TriggersAndPollers } from 'n8n-core';
import { NodeHelpers, UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	ITriggerResponse,
	WorkflowActivateMode,
} from 'n8n-workflow';

import { HarnessCredentialTypes, HarnessCredentialsHelper } from './credentials-helper';
import { HARNESS_WORKFLOW_ID, createAdditionalData, prepareN8nCore } from './environment';
import { HarnessNodeTypes, defaultTypeVersion, nodeTypeName, type AnyNodeType } from './node-types';

export interface TriggerSessionOptions {
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Workflow static data (kept in place: pass the same object to a later session to persist it). */
	staticData?: IDataObject;
	/** Default `'activate'`. */
	activation?: WorkflowActivateMode;
	nodeName?: string;
	/** `node.id`; default `harness-node`. Give concurrent sessions of one node type their own. */
	nodeId?: string;
}

export interface TriggerSession {
	/** Every `emit(data)` in order (each one would start an execution). */
	emits: INodeExecutionData[][][];
	/** Errors passed to `saveFailedExecution` (a failed execution; the workflow stays active). */
	failedExecutions: Error[];
	/** Errors passed to `emitError` (n8n deactivates the workflow and retries). */
	fatalErrors: Error[];
	staticData: IDataObject;
	/** Resolves once `emits.length >= count`; rejects after `timeoutMs`. */
	waitForEmits(count: number, timeoutMs?: number): Promise<INodeExecutionData[][][]>;
	/** Resolves once `predicate()` is truthy; rejects after `timeoutMs`. */
	waitUntil(predicate: () => unknown, timeoutMs?: number, what?: string): Promise<void>;
	/** The node's `closeFunction` (as on deactivation); resolves when it has finished. */
	close(): Promise<void>;
}

function makeSetup(nodeType: AnyNodeType, options: TriggerSessionOptions, staticData: IDataObject) {
	prepareN8nCore();
	const typeName = nodeTypeName(nodeType);
	const credentials = deepCopy(options.credentials ?? {});
	const credentialsHelper = new HarnessCredentialsHelper(new HarnessCredentialTypes(), credentials);
	const node: INode = {
		id: options.nodeId ?? 'harness-node',
		name: options.nodeName ?? nodeType.description.displayName,
		type: typeName,
		typeVersion: defaultTypeVersion(nodeType),
		position: [0, 0],
		parameters: deepCopy(options.parameters),
	};
	if (Object.keys(credentials).length > 0) {
		node.credentials = Object.fromEntries(
			Object.keys(credentials).map((type) => [type, { id: `harness-${type}`, name: `${type} (harness)` }]),
		);
	}
	const workflow = new Workflow({
		id: HARNESS_WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new HarnessNodeTypes({ [typeName]: nodeType }),
		staticData,
		settings: { executionOrder: 'v1' },
	});
	return { node, workflow, credentialsHelper };
}

async function waitUntil(predicate: () => unknown, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new UnexpectedError(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/**
 * Activates a trigger node as an active workflow would. Rejects with the node's error when
 * `trigger()` throws (n8n then fails the activation).
 */
export async function startTriggerSession(nodeType: AnyNodeType, options: TriggerSessionOptions): Promise<TriggerSession> {
	const staticData = options.staticData ?? {};
	const { node, workflow, credentialsHelper } = makeSetup(nodeType, options, staticData);
	const mode = 'trigger';
	const activation = options.activation ?? 'activate';
	const additionalData = createAdditionalData({ credentialsHelper, mode });
	const emits: INodeExecutionData[][][] = [];
	const failedExecutions: Error[] = [];
	const fatalErrors: Error[] = [];

	const response: ITriggerResponse | undefined = await Container.get(TriggersAndPollers).runTriggerFunction(
		workflow,
		node,
		(wf, n, data, m, a) =>
			new TriggerContext(
				wf,
				n,
				data,
				m,
				a,
				(emitted) => {
					emits.push(emitted);
				},
				(error) => {
					fatalErrors.push(error);
				},
				(error) => {
					failedExecutions.push(error as Error);
				},
			),
		additionalData,
		mode,
		activation,
	);

	let closed: Promise<void> | undefined;
	return {
		emits,
		failedExecutions,
		fatalErrors,
		staticData,
		async waitForEmits(count, timeoutMs = 10_000) {
			await waitUntil(() => emits.length >= count, timeoutMs, `${count} emit(s) (got ${emits.length})`);
			return emits;
		},
		waitUntil: (predicate, timeoutMs = 10_000, what = 'the condition') => waitUntil(predicate, timeoutMs, what),
		close() {
			closed ??= (async () => {
				if (response?.closeFunction) await response.closeFunction();
			})();
			return closed;
		},
	};
}

/**
 * "Listen for test event" on a trigger node: `trigger()` in manual mode, its `manualTriggerFunction`,
 * then the first emit is what the editor shows. Rejects with the node's error.
 */
export async function runManualTrigger(
	nodeType: AnyNodeType,
	options: TriggerSessionOptions,
): Promise<INodeExecutionData[][]> {
	const { node, workflow, credentialsHelper } = makeSetup(nodeType, options, options.staticData ?? {});
	const mode = 'manual';
	const additionalData = createAdditionalData({ credentialsHelper, mode });
	const concrete = NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
	if (!concrete.trigger) throw new UnexpectedError('The node has no trigger()');
	const response = await Container.get(TriggersAndPollers).runTriggerFunction(
		workflow,
		node,
		(wf, n, data, m, a) => new TriggerContext(wf, n, data, m, a),
		additionalData,
		mode,
		'manual',
	);
	if (!response) throw new UnexpectedError('trigger() returned nothing');
	try {
		if (response.manualTriggerFunction) await response.manualTriggerFunction();
		return (await response.manualTriggerResponse) as INodeExecutionData[][];
	} finally {
		if (response.closeFunction) await response.closeFunction();
	}
}
