/**
 * Process-wide set-up of the n8n-core runtime for node tests.
 *
 * n8n-core resolves its services from the `@n8n/di` container (InstanceSettings, Logger,
 * ErrorReporter, TriggersAndPollers, OutboundHttp, ...). They all construct with their
 * defaults, with two exceptions we have to take care of before anything asks for them:
 *
 *  - `InstanceSettings` reads (and on first use *writes*) `~/.n8n/config` with an
 *    encryption key. We point its config at a throw-away temp folder instead (removed as
 *    soon as InstanceSettings has been constructed).
 *  - `Logger` logs at `info` to the console by default, so every node error the engine
 *    reports would be printed. We make it silent unless `N8N_LOG_LEVEL` is set
 *    (e.g. `N8N_LOG_LEVEL=debug npx jest test/harness` to see the engine's logs).
 *
 * Expressions: n8n-workflow 2.40 evaluates expressions with its `legacy` engine (the
 * in-process tournament/esprima evaluator) unless `Expression.initExpressionEngine()` is
 * called with `vm`/`quickjs`. The `vm` engine needs the native `isolated-vm` binding, which
 * is not built here (`ignore-scripts`), so we pin `legacy` explicitly to be independent of
 * any future default change.
 *
 * Also here: the additional-data object every n8n-core context needs, and the package
 * metadata (name, declared credential files) read from the repository's package.json.
 */
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDeduplicationService, ExecutionLifecycleHooks, ExternalSecretsProxy, InstanceSettings } from 'n8n-core';
import type { IWorkflowExecuteAdditionalData, WorkflowExecuteMode, IWorkflowBase } from 'n8n-workflow';
import { Expression, UnexpectedError } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';
import { InMemoryDeduplicationStore } from './deduplication-store';

/** Base URLs handed to n8n-core (used for `$execution.resumeUrl`, `getNodeWebhookUrl`, ...). */
export const HARNESS_BASE_URL = 'http://localhost:5678';
export const HARNESS_WORKFLOW_ID = 'harness-workflow';

let prepared = false;

const deduplicationStore = new InMemoryDeduplicationStore();

/**
 * The deduplication store behind `this.helpers.checkProcessedAndRecord` & co. in every node run
 * by this test file (n8n's CLI gives n8n-core its database-backed store once per process; here it
 * is an in-memory one, see deduplication-store.ts). Rows persist across runs like n8n's database:
 * call `reset()` between tests that must not see each other.
 */
export function harnessDeduplicationStore(): InMemoryDeduplicationStore {
	prepareN8nCore();
	return deduplicationStore;
}

/**
 * Idempotent: configures the DI container and the expression engine once per module
 * registry (jest gives every test file its own registry, hence its own container).
 */
export function prepareN8nCore(): void {
	if (prepared) return;
	prepared = true;

	// Keep InstanceSettings (encryption key, instance id, hmac secret) out of ~/.n8n.
	const tempDir = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const instanceSettingsConfig = Object.assign(new InstanceSettingsConfig(), {
		n8nFolder: path.join(tempDir, '.n8n'),
		userHome: tempDir,
		encryptionKey: 'n8n-harness-encryption-key',
		enforceSettingsFilePermissions: false,
	});
	Container.set(InstanceSettingsConfig, instanceSettingsConfig);

	// Silence n8n's logger (the ErrorReporter logs every node error) unless asked for.
	if (!process.env.N8N_LOG_LEVEL) {
		Container.get(GlobalConfig).logging.level = 'silent';
	}

	// InstanceSettings writes its settings file once, in its constructor, and keeps the values
	// in memory afterwards, so the folder can go right away.
	Container.get(InstanceSettings);
	rmSync(tempDir, { recursive: true, force: true });

	Expression.setExpressionEngine('legacy');

	// n8n's CLI calls this once per process at start-up; the harness does it once per module registry.
	void DataDeduplicationService.init(deduplicationStore);
}

let executionCounter = 0;

/** A fresh execution id per run, so `$execution.id` differs between runs like in n8n. */
export function nextExecutionId(): string {
	executionCounter += 1;
	return `harness-${executionCounter}`;
}

/**
 * Builds the `IWorkflowExecuteAdditionalData` that n8n's CLI would normally build in
 * `WorkflowExecuteAdditionalData.getBase()`. Everything that needs a database or another
 * n8n service (sub-workflows, task runners, agents) throws a clear error instead.
 */
export function createAdditionalData(options: {
	credentialsHelper: HarnessCredentialsHelper;
	mode: WorkflowExecuteMode;
	executionId?: string;
	webhookBaseUrl?: string;
	webhookTestBaseUrl?: string;
	workflowId?: string;
}): IWorkflowExecuteAdditionalData {
	const executionId = options.executionId ?? nextExecutionId();
	const workflowId = options.workflowId ?? HARNESS_WORKFLOW_ID;
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: 'Harness workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [],
		connections: {},
	} as unknown as IWorkflowBase;

	const notAvailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the node test harness`);
	};

	const additionalData = {
		credentialsHelper: options.credentialsHelper,
		hooks: new ExecutionLifecycleHooks(options.mode, executionId, workflowData),
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${HARNESS_BASE_URL}/rest`,
		instanceBaseUrl: `${HARNESS_BASE_URL}/`,
		formBaseUrl: `${HARNESS_BASE_URL}/form`,
		formWaitingBaseUrl: `${HARNESS_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${HARNESS_BASE_URL}/form-test`,
		webhookBaseUrl: options.webhookBaseUrl ?? `${HARNESS_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${HARNESS_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: options.webhookTestBaseUrl ?? `${HARNESS_BASE_URL}/webhook-test`,
		mcpBaseUrl: `${HARNESS_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${HARNESS_BASE_URL}/mcp-test`,
		variables: {},
		// Read the node's parameters from the node itself (what the engine does at runtime).
		currentNodeParameters: undefined,
		logAiEvent: () => {},
		executeWorkflow: notAvailable('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('startRunnerTask (task runners / Code node)'),
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

// ---------------------------------------------------------------------------------------
// Package metadata
// ---------------------------------------------------------------------------------------

interface PackageInfo {
	root: string;
	name: string;
	/** Source (`.ts`) paths of the credential files package.json declares under `n8n.credentials`. */
	credentialSources: string[];
}

let packageInfo: PackageInfo | undefined;

/** Finds the repository's package.json (walking up from this file) and reads what we need. */
export function getPackageInfo(): PackageInfo {
	if (packageInfo) return packageInfo;
	let dir = __dirname;
	while (!existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new UnexpectedError('package.json not found above the test harness');
		dir = parent;
	}
	const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: { credentials?: string[] };
	};
	// `dist/credentials/X.credentials.js` is built from `credentials/X.credentials.ts`.
	const credentialSources = (pkg.n8n?.credentials ?? []).map((file) =>
		path.join(dir, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
	);
	packageInfo = { root: dir, name: pkg.name, credentialSources };
	return packageInfo;
}
