/**
 * Run community-node code through n8n-core's own execution machinery.
 *
 *  - `runNode`          → n8n-core `WorkflowExecute` (the real engine) on a two-node workflow
 *                         "Harness Start → node under test"; the node gets an `ExecuteContext`.
 *  - `runWebhook`       → n8n-core `WebhookContext`, called like the CLI's `WebhookService.runWebhook`.
 *  - `runWebhookMethod` → n8n-core `HookContext`, like `WebhookService.runWebhookMethod`.
 *  - `runPoll`          → n8n-core `PollContext` run by n8n-core's `PollTriggerExecutor`.
 *  - `testCredential`   → what the CLI's `CredentialsTester` does for a declarative `test`:
 *                         n8n-core `RoutingNode` + `ExecuteContext` on a temporary node.
 *
 * So `this.helpers.httpRequest*`, parameter/expression resolution, `continueOnFail`,
 * `pairedItem`, static data and webhook URLs all come from n8n itself, and HTTP really goes
 * out (through n8n's `OutboundHttp`) — point nodes at a local server, never mock axios.
 *
 * Only the CLI/database layer is replaced: credentials (see credentials-helper.ts), node type
 * loading (node-types.ts), `additionalData` (environment.ts) and express (fake-http.ts).
 */
import { Container } from '@n8n/di';
import {
	CredentialTestContext,
	ExecuteContext,
	HookContext,
	PollContext,
	PollTriggerExecutor,
	RoutingNode,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ExpressionError,
	NodeApiError,
	NodeHelpers,
	NodeOperationError,
	UnexpectedError,
	Workflow,
	createEmptyRunExecutionData,
	createRunExecutionData,
	deepCopy,
	isNodeClassInstance,
} from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WebhookSetupMethodNames,
	WebhookType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialTypes, HarnessCredentialsHelper } from './credentials-helper';
import { HARNESS_WORKFLOW_ID, createAdditionalData, prepareN8nCore } from './environment';
import { FakeResponse, createFakeRequest, type WebhookRequestInput } from './fake-http';
import {
	HarnessNodeTypes,
	HarnessStart,
	START_NODE_NAME,
	START_NODE_TYPE,
	defaultTypeVersion,
	nodeTypeName,
	type AnyNodeType,
} from './node-types';

/** `node.id` of the node under test. */
export const HARNESS_NODE_ID = 'harness-node';
/** `node.webhookId` of the node under test (n8n gives every webhook node a UUID). */
export const HARNESS_WEBHOOK_ID = '5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b';

// ---------------------------------------------------------------------------------------
// Options / results
// ---------------------------------------------------------------------------------------

export interface NodeOptions {
	/** Node parameters as stored in workflow JSON; `'={{ ... }}'` values are expressions. */
	parameters: INodeParameters;
	/** Plain (decrypted) credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/**
	 * Credential types to know about in addition to those given to `registerCredentialTypes`
	 * and those package.json declares (loaded from their .ts sources).
	 */
	credentialTypes?: ICredentialType[];
	/** Defaults to `description.defaultVersion` or the highest version. */
	typeVersion?: number;
	/** Defaults to the node's display name. Static data lives under `node:<nodeName>`. */
	nodeName?: string;
	/**
	 * The node's `type` string; default `<package name>.<description.name>`. A name ending in `Tool`
	 * is how n8n names the AI-agent tool variant of a `usableAsTool` node (only the name is changed
	 * here: the description is not converted as n8n's loader would).
	 */
	typeName?: string;
	/** `node.id`; default `HARNESS_NODE_ID`. The deduplication store's scope 'node' is keyed on it. */
	nodeId?: string;
}

export interface RunNodeOptions extends NodeOptions {
	/** Input items; default `[{ json: {} }]`. */
	items?: INodeExecutionData[];
	/** Sets the node's "On Error" to "Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Execution mode; default `'manual'`. */
	mode?: WorkflowExecuteMode;
	/** Workflow static data (kept in place, so pass the same object again to persist it). */
	staticData?: IDataObject;
	/**
	 * Workflow id; default `HARNESS_WORKFLOW_ID`. The deduplication store keeps one row per
	 * workflow (scope 'workflow'), so runs with the same id share it, like executions of one workflow.
	 */
	workflowId?: string;
	/** Node settings as in workflow JSON, e.g. `{ retryOnFail: true, maxTries: 2 }`. */
	nodeSettings?: Partial<Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'alwaysOutputData'>>;
}

export interface RunWebhookOptions extends NodeOptions {
	request: WebhookRequestInput;
	staticData?: IDataObject;
	webhookName?: WebhookType;
	/** `'webhook'` (production URL, default) or `'manual'` (test URL, `isTest`). */
	mode?: 'webhook' | 'manual';
	/** What `getNodeWebhookUrl(webhookName)` returns inside the node. */
	webhookUrl?: string;
}

export interface RunWebhookResult {
	/** What the node's `webhook()` returned. */
	webhookResponse?: unknown;
	workflowData?: INodeExecutionData[][];
	noWebhookResponse: boolean;
	/** True when the node itself wrote to the response object. */
	nodeResponded: boolean;
	/** The webhook description's response mode (`onReceived` unless configured otherwise). */
	responseMode: string;
	/** Status/body/headers the caller of the webhook would receive from n8n. */
	responseStatus: number;
	responseBody: unknown;
	responseHeaders: Record<string, string | string[]>;
	staticData: IDataObject;
}

export interface RunWebhookMethodOptions extends NodeOptions {
	staticData?: IDataObject;
	/** What `this.getNodeWebhookUrl('default')` returns. */
	webhookUrl: string;
	/** `'trigger'` (workflow activation, default) or `'manual'` (test webhook registration). */
	mode?: 'trigger' | 'manual';
	/** Default `'activate'` in trigger mode, `'manual'` in manual mode. */
	activation?: WorkflowActivateMode;
	webhookName?: WebhookType;
}

export interface RunPollOptions extends NodeOptions {
	staticData?: IDataObject;
	/** `'trigger'` (active workflow, default) or `'manual'` ("Fetch test event"). */
	mode?: 'trigger' | 'manual';
	/** Default `'activate'` in trigger mode, `'manual'` in manual mode. */
	activation?: WorkflowActivateMode;
	/** What `this.getPollBudgetMs()` returns; n8n-core's default is 5 minutes. */
	pollBudgetMs?: number;
}

// ---------------------------------------------------------------------------------------
// Shared set-up
// ---------------------------------------------------------------------------------------

interface Setup {
	node: INode;
	typeName: string;
	credentialsHelper: HarnessCredentialsHelper;
}

function setUp(nodeType: AnyNodeType, options: NodeOptions): Setup {
	prepareN8nCore();
	const typeName = options.typeName ?? nodeTypeName(nodeType);
	const credentialsGiven = deepCopy(options.credentials ?? {});
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		credentialsGiven,
	);
	const node: INode = {
		id: options.nodeId ?? HARNESS_NODE_ID,
		name: options.nodeName ?? nodeType.description.displayName,
		type: typeName,
		typeVersion: options.typeVersion ?? defaultTypeVersion(nodeType),
		position: [250, 0],
		parameters: deepCopy(options.parameters),
	};
	const concrete = NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
	if (concrete.description.webhooks?.length) node.webhookId = HARNESS_WEBHOOK_ID;
	// Selected credentials are referenced by id/name on the node, like in workflow JSON.
	const credentialTypeNames = Object.keys(credentialsGiven);
	if (credentialTypeNames.length > 0) {
		node.credentials = Object.fromEntries(
			credentialTypeNames.map((type) => [type, { id: `harness-${type}`, name: `${type} (harness)` }]),
		);
	}
	return { node, typeName, credentialsHelper };
}

/** A workflow containing only the node under test (how triggers are activated/called). */
function singleNodeWorkflow(nodeType: AnyNodeType, setup: Setup, staticData: IDataObject): Workflow {
	return new Workflow({
		id: HARNESS_WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [setup.node],
		connections: {},
		active: true,
		nodeTypes: new HarnessNodeTypes({ [setup.typeName]: nodeType }),
		staticData,
		settings: { executionOrder: 'v1' },
	});
}

/** n8n error classes restored by name when only the engine's plain copy of an error is left. */
const ERROR_CLASSES: Record<string, { prototype: Error }> = {
	NodeApiError,
	NodeOperationError,
	ExpressionError,
};

/**
 * Turns the plain error object the engine stores in run data (`{ ...error, message, stack }`)
 * back into an `Error`, with the prototype of the n8n error class named in `name` so that
 * `instanceof NodeApiError` still works (fields are copied, the constructor is not re-run).
 */
function toError(error: ExecutionError | IDataObject): Error {
	if (error instanceof Error) return error;
	const rebuilt = new Error(String(error.message));
	Object.assign(rebuilt, error);
	const errorClass = ERROR_CLASSES[String(error.name)];
	if (errorClass) Object.setPrototypeOf(rebuilt, errorClass.prototype);
	return rebuilt;
}

// ---------------------------------------------------------------------------------------
// runNode: the full engine
// ---------------------------------------------------------------------------------------

/**
 * The engine copies a thrown error into run data as a plain object (losing its class). To
 * hand the *original* error (e.g. a `NodeApiError`) to the test, the node type is wrapped in
 * a prototype-linked object whose `execute`/custom operations remember what they throw.
 */
function withErrorCapture(nodeType: INodeType, capture: { error?: unknown }): INodeType {
	const wrapper = Object.create(nodeType) as INodeType;
	const remember =
		<F extends (...args: never[]) => Promise<unknown>>(fn: F) =>
		async function (this: unknown, ...args: Parameters<F>) {
			try {
				return await fn.apply(this, args);
			} catch (error) {
				capture.error = error;
				throw error;
			}
		};
	if (typeof nodeType.execute === 'function') {
		wrapper.execute = remember(nodeType.execute as (...args: never[]) => Promise<unknown>) as INodeType['execute'];
	}
	if (nodeType.customOperations) {
		const operations: NonNullable<INodeType['customOperations']> = {};
		for (const [resource, byOperation] of Object.entries(nodeType.customOperations)) {
			operations[resource] = {};
			for (const [operation, fn] of Object.entries(byOperation)) {
				operations[resource][operation] = remember(fn) as typeof fn;
			}
		}
		wrapper.customOperations = operations;
	}
	return wrapper;
}

/**
 * Executes an action node with n8n-core's `WorkflowExecute` and returns its output
 * (`INodeExecutionData[][]`, one array per output). Rejects with the error the node threw
 * (the original instance, e.g. `NodeApiError`) unless `continueOnFail` is set.
 */
export async function runNode(
	nodeType: AnyNodeType,
	options: RunNodeOptions,
): Promise<INodeExecutionData[][]> {
	const setup = setUp(nodeType, options);
	const { node } = setup;
	const mode = options.mode ?? 'manual';
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	Object.assign(node, options.nodeSettings);

	const capture: { error?: unknown } = {};
	const concrete = NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
	const startNode: INode = {
		id: 'harness-start',
		name: START_NODE_NAME,
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		id: options.workflowId ?? HARNESS_WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [startNode, node],
		connections: {
			[START_NODE_NAME]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
		active: false,
		nodeTypes: new HarnessNodeTypes({
			[START_NODE_TYPE]: new HarnessStart(),
			[setup.typeName]: withErrorCapture(concrete, capture),
		}),
		staticData: options.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});

	const additionalData = createAdditionalData({
		credentialsHelper: setup.credentialsHelper,
		mode,
		workflowId: options.workflowId,
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [deepCopy(options.items ?? [{ json: {} }])] },
					source: null,
				},
			],
		},
	});

	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);

	const taskData = run.data.resultData.runData[node.name]?.[0];
	if (taskData?.error) throw (capture.error as Error | undefined) ?? toError(taskData.error);
	if (!taskData) {
		const { error } = run.data.resultData;
		if (error) throw toError(error);
		throw new UnexpectedError(`"${node.name}" was not executed`);
	}
	return (taskData.data?.main ?? []).map((output) => output ?? []);
}

// ---------------------------------------------------------------------------------------
// Webhook URL pinning (shared by runWebhook and runWebhookMethod)
// ---------------------------------------------------------------------------------------

const PROBE_BASE_URL = 'http://harness.invalid/webhook';

/**
 * Makes `getNodeWebhookUrl(name)` return exactly `webhookUrl`. Preferred: let n8n-core build
 * the URL as usual (`<base>/<webhookId>/<path>` etc.) and choose the base URL so that the
 * result equals `webhookUrl`. When `webhookUrl` does not end in the path n8n would build
 * (e.g. a bare receiver URL), the context's `getNodeWebhookUrl` is overridden for `name`.
 */
function pinWebhookUrl(
	context: { getNodeWebhookUrl(name: WebhookType): string | undefined },
	additionalData: IWorkflowExecuteAdditionalData,
	name: WebhookType,
	webhookUrl: string,
): void {
	const saved = [additionalData.webhookBaseUrl, additionalData.webhookTestBaseUrl];
	additionalData.webhookBaseUrl = PROBE_BASE_URL;
	additionalData.webhookTestBaseUrl = PROBE_BASE_URL;
	const probe = context.getNodeWebhookUrl(name);
	[additionalData.webhookBaseUrl, additionalData.webhookTestBaseUrl] = saved;
	if (probe === undefined) {
		throw new UnexpectedError(`The node has no webhook named "${name}"`);
	}
	const suffix = probe.slice(PROBE_BASE_URL.length);
	if (probe.startsWith(PROBE_BASE_URL) && webhookUrl.endsWith(suffix) && webhookUrl.length > suffix.length) {
		const base = webhookUrl.slice(0, webhookUrl.length - suffix.length);
		additionalData.webhookBaseUrl = base;
		additionalData.webhookTestBaseUrl = base;
		return;
	}
	const original = context.getNodeWebhookUrl.bind(context);
	context.getNodeWebhookUrl = (requested: WebhookType) => (requested === name ? webhookUrl : original(requested));
}

/**
 * The URL n8n would give the node's webhook for a given base URL, e.g.
 * `webhookUrlFor(node, { parameters, baseUrl: receiver.url })` →
 * `http://127.0.0.1:PORT/<webhookId>/<path>`.
 */
export function webhookUrlFor(
	nodeType: AnyNodeType,
	options: NodeOptions & { baseUrl: string; webhookName?: WebhookType; mode?: 'trigger' | 'manual' },
): string {
	const setup = setUp(nodeType, options);
	const mode = options.mode ?? 'trigger';
	const additionalData = createAdditionalData({
		credentialsHelper: setup.credentialsHelper,
		mode,
		webhookBaseUrl: options.baseUrl.replace(/\/$/, ''),
		webhookTestBaseUrl: options.baseUrl.replace(/\/$/, ''),
	});
	const workflow = singleNodeWorkflow(nodeType, setup, {});
	const name = options.webhookName ?? 'default';
	const webhookData = buildWebhookData(workflow, setup.node, additionalData, name, mode === 'manual');
	const context = new HookContext(workflow, setup.node, additionalData, mode, 'activate', webhookData);
	const url = context.getNodeWebhookUrl(name);
	if (url === undefined) throw new UnexpectedError(`The node has no webhook named "${name}"`);
	return url;
}

/** `IWebhookData` as the CLI's `WebhookService.getNodeWebhooks` builds it. */
function buildWebhookData(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	name: WebhookType,
	isTest: boolean,
): IWebhookData {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = nodeType.description.webhooks?.find((webhook) => webhook.name === name);
	if (!description) throw new UnexpectedError(`The node has no webhook named "${name}"`);
	const resolve = <T>(value: unknown, fallback?: T) =>
		workflow.expression.getSimpleParameterValue(
			node,
			value as string | boolean | undefined,
			'internal',
			{},
			undefined,
			fallback as string | undefined,
		) as T;
	let path = String(resolve<string>(description.path) ?? '');
	path = path.replace(/^\//, '').replace(/\/$/, '');
	const isFullPath = resolve<boolean>(description.isFullPath, false);
	const restartWebhook = resolve<boolean>(description.restartWebhook, false);
	const webhookPath = NodeHelpers.getNodeWebhookPath(workflow.id, node, path, isFullPath, restartWebhook);
	const httpMethod = String(resolve<string>(description.httpMethod, 'GET'));
	return {
		httpMethod: httpMethod.split(',')[0].trim() as IHttpRequestMethods,
		node: node.name,
		path: webhookPath,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest,
	};
}

// ---------------------------------------------------------------------------------------
// runWebhook
// ---------------------------------------------------------------------------------------

/**
 * Calls the node's `webhook()` with an n8n-core `WebhookContext` for one incoming request
 * and works out what n8n would answer:
 *  - the node wrote to the response itself (`noWebhookResponse`, e.g. a 401) → that,
 *  - no `workflowData` (no execution) → `webhookResponse` or `{ message: 'Webhook call received' }`,
 *  - otherwise, response mode `onReceived` → `responseData` / `webhookResponse` /
 *    `{ message: 'Workflow was started' }` with the description's `responseCode` (200).
 * Other response modes depend on the rest of the workflow, which is not run: the result
 * then has `responseStatus` 200 and `responseBody` undefined.
 * Rejects with the node's error if `webhook()` throws.
 */
export async function runWebhook(nodeType: AnyNodeType, options: RunWebhookOptions): Promise<RunWebhookResult> {
	const setup = setUp(nodeType, options);
	const { node } = setup;
	const mode: WorkflowExecuteMode = options.mode ?? 'webhook';
	const staticData = options.staticData ?? {};
	const workflow = singleNodeWorkflow(nodeType, setup, staticData);
	const webhookName = options.webhookName ?? 'default';

	const request = createFakeRequest(options.request);
	const response = new FakeResponse();
	const additionalData = createAdditionalData({ credentialsHelper: setup.credentialsHelper, mode });
	additionalData.httpRequest = request as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	additionalData.httpResponse = response as unknown as IWorkflowExecuteAdditionalData['httpResponse'];

	const webhookData = buildWebhookData(workflow, node, additionalData, webhookName, mode === 'manual');
	const description: IWebhookDescription = webhookData.webhookDescription;
	const resolve = <T>(value: unknown, fallback?: T) =>
		workflow.expression.getSimpleParameterValue(
			node,
			value as string | boolean | undefined,
			mode,
			{ $executionId: additionalData.executionId },
			undefined,
			fallback as string | undefined,
		) as T;

	const result = (extra: Partial<RunWebhookResult>): RunWebhookResult => ({
		noWebhookResponse: false,
		nodeResponded: false,
		responseMode: String(resolve<string>(description.responseMode, 'onReceived')),
		responseStatus: 200,
		responseBody: undefined,
		responseHeaders: {},
		staticData,
		...extra,
	});

	// n8n only routes a request to the node when the method matches the registered one.
	const methods = String(resolve<string>(description.httpMethod, 'GET'))
		.split(',')
		.map((m) => m.trim().toUpperCase());
	if (!methods.includes(request.method)) {
		return result({
			responseStatus: 404,
			responseBody: {
				code: 404,
				message: `The requested webhook "${request.method} ${webhookData.path}" is not registered.`,
			},
		});
	}

	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	if (options.webhookUrl) pinWebhookUrl(context, additionalData, webhookName, options.webhookUrl);

	const concrete = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (concrete.webhook === undefined) throw new UnexpectedError('Node does not have any webhooks defined');
	const webhookResult: IWebhookResponseData = isNodeClassInstance(concrete)
		? await (concrete.webhook as unknown as (ctx: IWebhookFunctions) => Promise<IWebhookResponseData>)(context)
		: await concrete.webhook.call(context);

	const base = {
		webhookResponse: webhookResult.webhookResponse as unknown,
		workflowData: webhookResult.workflowData,
		noWebhookResponse: webhookResult.noWebhookResponse === true,
		nodeResponded: response.touched,
	};

	if (base.noWebhookResponse || response.touched) {
		return result({
			...base,
			responseStatus: response.statusCode,
			responseBody: response.body,
			responseHeaders: response.getHeaders(),
		});
	}

	const responseCode = Number(resolve<number>(description.responseCode, 200));
	if (webhookResult.workflowData === undefined) {
		return result({
			...base,
			responseStatus: responseCode,
			responseBody:
				webhookResult.webhookResponse !== undefined
					? webhookResult.webhookResponse
					: { message: 'Webhook call received' },
		});
	}

	const responseMode = String(resolve<string>(description.responseMode, 'onReceived'));
	if (responseMode === 'onReceived') {
		const responseData = resolve<string | undefined>(description.responseData, undefined);
		let responseBody: unknown;
		if (responseData === 'noData') responseBody = undefined;
		else if (responseData) responseBody = responseData;
		else if (webhookResult.webhookResponse !== undefined) responseBody = webhookResult.webhookResponse;
		else responseBody = { message: 'Workflow was started' };
		return result({ ...base, responseStatus: responseCode, responseBody });
	}
	return result({ ...base, responseMode });
}

// ---------------------------------------------------------------------------------------
// runWebhookMethod
// ---------------------------------------------------------------------------------------

/** Runs `webhookMethods[webhookName][method]` with an n8n-core `HookContext`. */
export async function runWebhookMethod(
	nodeType: AnyNodeType,
	method: WebhookSetupMethodNames,
	options: RunWebhookMethodOptions,
): Promise<{ result: boolean; staticData: IDataObject }> {
	const setup = setUp(nodeType, options);
	const { node } = setup;
	const mode = options.mode ?? 'trigger';
	const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const staticData = options.staticData ?? {};
	const workflow = singleNodeWorkflow(nodeType, setup, staticData);
	const webhookName = options.webhookName ?? 'default';
	const additionalData = createAdditionalData({ credentialsHelper: setup.credentialsHelper, mode });
	const webhookData = buildWebhookData(workflow, node, additionalData, webhookName, mode === 'manual');

	const concrete = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhookFn = concrete.webhookMethods?.[webhookName]?.[method];
	if (webhookFn === undefined) {
		throw new UnexpectedError(`The node has no webhookMethods.${webhookName}.${method}`);
	}
	const context = new HookContext(workflow, node, additionalData, mode, activation, webhookData);
	pinWebhookUrl(context, additionalData, webhookName, options.webhookUrl);
	const result = (await webhookFn.call(context)) as boolean;
	return { result, staticData };
}

// ---------------------------------------------------------------------------------------
// runPoll
// ---------------------------------------------------------------------------------------

/**
 * One poll of a polling trigger, run by n8n-core's `PollTriggerExecutor` with a
 * `PollContext`. `result` is what the node emitted (`null` when `poll()` returned null).
 * In trigger mode n8n routes poll errors to `__emitError` (then the error workflow); the
 * harness rethrows them, as does manual mode.
 */
export async function runPoll(
	nodeType: AnyNodeType,
	options: RunPollOptions,
): Promise<{ result: INodeExecutionData[][] | null; staticData: IDataObject }> {
	const setup = setUp(nodeType, options);
	const { node } = setup;
	const mode = options.mode ?? 'trigger';
	const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const staticData = options.staticData ?? {};
	const workflow = singleNodeWorkflow(nodeType, setup, staticData);
	const additionalData = createAdditionalData({ credentialsHelper: setup.credentialsHelper, mode });

	let emitted: INodeExecutionData[][] | null = null;
	let emittedError: Error | undefined;
	const pollFunctions = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		activation,
		(data) => {
			emitted = data;
		},
		(error) => {
			emittedError = error;
		},
		undefined, // __commitCursor: n8n-core default (static data is the cursor)
		undefined, // __runPoll: n8n-core default
		undefined, // resolveNodeStaticData: n8n-core default (workflow static data)
		options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs as number,
	);
	const execute = Container.get(PollTriggerExecutor).create(workflow, node, pollFunctions, () => true);
	await execute(mode === 'manual');
	if (emittedError) throw emittedError;
	return { result: emitted, staticData };
}

// ---------------------------------------------------------------------------------------
// testCredential
// ---------------------------------------------------------------------------------------

/** n8n's built-in "No Operation" node, whose type the CLI uses for credential tests. */
const NO_OP_TYPE = 'n8n-nodes-base.noOp';

/**
 * n8n's `CredentialsTester` for a credential without a declarative `test`: the first of
 * `nodeTypes` that names it with a `testedBy` string runs that `methods.credentialTest` function
 * with an n8n-core `CredentialTestContext`, on the credential data with its defaults applied.
 */
async function runTestedBy(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: { credentialTypes?: ICredentialType[]; nodeTypes?: Array<INodeType | IVersionedNodeType> },
): Promise<INodeCredentialTestResult> {
	const type = credentialType.name;
	// A versioned node offers its current version's test (n8n's node-type loader does the same).
	const concrete = (options.nodeTypes ?? []).map((nodeType) => NodeHelpers.getVersionedNodeType(nodeType));
	for (const nodeType of concrete) {
		const testedBy = nodeType.description.credentials?.find((entry) => entry.name === type)?.testedBy;
		const testFunction = typeof testedBy === 'string' ? nodeType.methods?.credentialTest?.[testedBy] : undefined;
		if (!testFunction) continue;
		const credentialsHelper = new HarnessCredentialsHelper(
			new HarnessCredentialTypes([credentialType, ...(options.credentialTypes ?? [])]),
			{ [type]: deepCopy(data) },
		);
		const additionalData = createAdditionalData({ credentialsHelper, mode: 'internal' });
		const credentials: ICredentialsDecrypted = {
			id: `harness-${type}`,
			name: `${type} (harness)`,
			type,
			data: credentialsHelper.applyDefaults(additionalData, deepCopy(data), type, 'internal'),
		};
		const context = new CredentialTestContext(additionalData) as unknown as ICredentialTestFunctions;
		return await testFunction.call(context, credentials);
	}
	return { status: 'Error', message: 'No testing function found for this credential.' };
}

/**
 * Tests credentials the way n8n's `CredentialsTester` does for a declarative `test`:
 * the credential's defaults are applied, `test.request` becomes the routing of a temporary
 * node, n8n-core's `RoutingNode` sends it (with `authenticate`/`preAuthentication` applied
 * through `httpRequestWithAuthentication`), and failures/`test.rules` become the message.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: { credentialTypes?: ICredentialType[]; nodeTypes?: Array<INodeType | IVersionedNodeType> } = {},
): Promise<INodeCredentialTestResult> {
	prepareN8nCore();
	const test = credentialType.test;
	if (!test) return await runTestedBy(credentialType, data, options);

	const type = credentialType.name;
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes([credentialType, ...(options.credentialTypes ?? [])]),
		{ [type]: deepCopy(data) },
	);
	const mode: WorkflowExecuteMode = 'internal';
	const additionalData = createAdditionalData({ credentialsHelper, mode });

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: `harness-${type}`,
		name: `${type} (harness)`,
		type,
	};
	try {
		credentialsDecrypted.data = credentialsHelper.applyDefaults(additionalData, deepCopy(data), type, mode);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const nodeTypeCopy: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP_TYPE,
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [NO_OP_TYPE]: nodeTypeCopy }),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | undefined;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as { message?: string; cause?: { code?: string; response?: { status: number; statusText?: string } } };
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && status === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const json = response?.[0]?.[0]?.json;
			const value = rule.properties.key.split('.').reduce<unknown>(
				(current, key) => (current as IDataObject | undefined)?.[key],
				json,
			);
			if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

