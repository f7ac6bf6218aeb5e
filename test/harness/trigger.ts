/**
 * `runTrigger`: activates a trigger node (one with `trigger()`, such as a socket listener) through
 * n8n-core's `TriggersAndPollers.runTriggerFunction` with a `TriggerContext`, the way n8n's
 * ActiveWorkflowManager does for an active workflow (mode 'trigger') and WorkflowExecute does for
 * "Listen for test event" (mode 'manual': `manualTriggerFunction`, then the first emit).
 *
 * What the node emits is recorded instead of starting executions; `emitError` is recorded too (n8n
 * would deactivate the trigger and queue a re-activation). Credentials live in one store for the
 * whole activation, so what `preAuthentication` persists (a session token) is seen by later calls,
 * as with n8n's database.
 *
 * Expressions: n8n 2.40 evaluates expressions in an isolate it holds only while it activates a
 * workflow (and while it runs a manual execution or a closeFunction). Code a trigger runs later (a
 * reconnect, a timer) that evaluates one — a credential's `authenticate` expression in
 * `httpRequestWithAuthentication`, say — fails there with "No bridge acquired for this context. Call
 * acquire() first." The harness's legacy engine needs no isolate, so runTrigger reproduces that rule:
 * in trigger mode, evaluating an expression after `trigger()` returned throws the same error.
 */
import { Container } from '@n8n/di';
import { TriggerContext, TriggersAndPollers } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	ITriggerResponse,
	Workflow,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow as WorkflowClass, NodeHelpers, deepCopy } from 'n8n-workflow';

import { HarnessCredentialTypes, HarnessCredentialsHelper } from './credentials-helper';
import { HARNESS_WORKFLOW_ID, createAdditionalData, prepareN8nCore } from './environment';
import type { NodeOptions } from './harness';
import { HarnessNodeTypes, defaultTypeVersion, nodeTypeName, type AnyNodeType } from './node-types';

/** What n8n 2.40's expression engine throws when no isolate is held (see the file comment). */
export const NO_ISOLATE_MESSAGE = 'No bridge acquired for this context. Call acquire() first.';

export interface RunTriggerOptions extends NodeOptions {
	/** 'trigger' (an active workflow, default) or 'manual' ("Listen for test event"). */
	mode?: 'trigger' | 'manual';
	/** Default 'activate' in trigger mode, 'manual' in manual mode. */
	activation?: WorkflowActivateMode;
	staticData?: IDataObject;
	/** `node.id` (n8n gives every node a UUID); default 'harness-node'. */
	nodeId?: string;
}

export interface TriggerRun {
	/** Every `emit` so far (trigger mode), each the node's `INodeExecutionData[][]`. */
	emitted: INodeExecutionData[][][];
	/** Every `emitError` so far. */
	errors: Error[];
	/** The JSON of the first item of every emit, in order. */
	items(): IDataObject[];
	/** Resolves once `count` emits happened (rejects after `timeoutMs`). */
	waitForEmits(count: number, timeoutMs?: number): Promise<IDataObject[]>;
	/** Resolves once `emitError` was called (rejects after `timeoutMs`). */
	waitForError(timeoutMs?: number): Promise<Error>;
	/** Manual mode: what the first emit delivered (n8n's `manualTriggerResponse`). */
	manualResponse?: Promise<INodeExecutionData[][]>;
	/** Deactivates: n8n-core's wrapped `closeFunction`. */
	close(): Promise<void>;
	/** The live credential store (n8n's database): `preAuthentication` results land here. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	response: ITriggerResponse | undefined;
}

/**
 * Activates the trigger and resolves once `trigger()` (and, in manual mode, `manualTriggerFunction`)
 * returned. Rejects with the node's error when activation fails. Call `close()` when done.
 */
export async function runTrigger(nodeType: AnyNodeType, options: RunTriggerOptions): Promise<TriggerRun> {
	prepareN8nCore();
	const typeName = nodeTypeName(nodeType);
	const store = deepCopy(options.credentials ?? {}) as Record<string, ICredentialDataDecryptedObject>;
	const credentialsHelper = new HarnessCredentialsHelper(new HarnessCredentialTypes(options.credentialTypes), store);
	const node: INode = {
		id: options.nodeId ?? 'harness-node',
		name: options.nodeName ?? nodeType.description.displayName,
		type: typeName,
		typeVersion: options.typeVersion ?? defaultTypeVersion(nodeType),
		position: [0, 0],
		parameters: deepCopy(options.parameters),
	};
	NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
	const credentialTypeNames = Object.keys(store);
	if (credentialTypeNames.length > 0) {
		node.credentials = Object.fromEntries(
			credentialTypeNames.map((type) => [type, { id: `harness-${type}`, name: `${type} (harness)` }]),
		);
	}
	const mode = options.mode ?? 'trigger';
	const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const workflow: Workflow = new WorkflowClass({
		id: HARNESS_WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new HarnessNodeTypes({ [typeName]: nodeType }),
		staticData: options.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
	const additionalData = createAdditionalData({ credentialsHelper, mode });

	// n8n's isolate rule (see above): held during activation, closeFunction, and a manual run.
	let isolateHeld = true;
	// Every evaluation goes through the (private) Expression's renderExpression.
	const engine = (workflow.expression as unknown as { expression: { renderExpression: (...args: unknown[]) => unknown } })
		.expression;
	const render = engine.renderExpression.bind(engine);
	engine.renderExpression = (...args: unknown[]) => {
		if (!isolateHeld) throw new Error(NO_ISOLATE_MESSAGE);
		return render(...args);
	};
	workflow.expression.withIsolate = async <T>(fn: () => Promise<T>): Promise<T> => {
		const was = isolateHeld;
		isolateHeld = true;
		try {
			return await fn();
		} finally {
			isolateHeld = was;
		}
	};

	const emitted: INodeExecutionData[][][] = [];
	const errors: Error[] = [];
	let waiters: Array<() => void> = [];
	const notify = () => {
		const current = waiters;
		waiters = [];
		for (const w of current) w();
	};
	const until = <T>(probe: () => T | undefined, timeoutMs: number, what: string) =>
		new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`runTrigger: timed out waiting for ${what}`)), timeoutMs);
			const check = () => {
				const value = probe();
				if (value !== undefined) {
					clearTimeout(timer);
					resolve(value);
				} else waiters.push(check);
			};
			check();
		});

	const response = await Container.get(TriggersAndPollers).runTriggerFunction(
		workflow,
		node,
		(wf, n, data, m, a) =>
			new TriggerContext(
				wf,
				n,
				data,
				m,
				a,
				(data: INodeExecutionData[][]) => {
					emitted.push(data);
					notify();
				},
				(error: Error) => {
					errors.push(error);
					notify();
				},
			),
		additionalData,
		mode,
		activation,
	);
	if (mode === 'trigger') isolateHeld = false;

	const items = () => emitted.map((data) => data[0]?.[0]?.json ?? {});
	const run: TriggerRun = {
		emitted,
		errors,
		items,
		waitForEmits: (count, timeoutMs = 10_000) =>
			until(() => (emitted.length >= count ? items() : undefined), timeoutMs, `${count} emit(s)`),
		waitForError: (timeoutMs = 10_000) => until(() => errors[0], timeoutMs, 'emitError'),
		close: async () => {
			await response?.closeFunction?.();
		},
		credentials: store,
		response,
	};
	if (mode === 'manual' && response) {
		run.manualResponse = response.manualTriggerResponse;
		run.manualResponse?.catch(() => undefined);
		// If this throws, n8n fails the manual execution without calling closeFunction: the node
		// must have cleaned up by itself.
		if (response.manualTriggerFunction) await response.manualTriggerFunction();
	}
	return run;
}
