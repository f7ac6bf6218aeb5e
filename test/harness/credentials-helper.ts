/**
 * Credential plumbing for the harness: a registry of credential *types* and an
 * `ICredentialsHelper` (the abstract class n8n-core talks to) that hands out plain,
 * already-decrypted credential data.
 *
 * n8n's real helper (`packages/cli/src/credentials-helper.ts`) loads encrypted rows from the
 * database. Everything after decryption is mirrored here because it changes what a node
 * sees on the wire:
 *  - `getDecrypted` adds the credential type's property defaults and resolves expressions in
 *    the stored values (`applyDefaultsAndOverwrites`, minus admin overwrites/external secrets),
 *  - `authenticate` applies a function `authenticate` as-is and an `IAuthenticateGeneric`
 *    by resolving every `={{$credentials.x}}` key/value with n8n-workflow's expression engine
 *    and writing it into `headers` / `qs` / `body` / `auth` of the request,
 *  - `preAuthentication` runs the type's `preAuthentication` when its `expirable` hidden
 *    property is empty, the previous request came back 401 (`credentialsExpired`), or the
 *    credential is being tested; the result is kept in the in-memory store, which stands in
 *    for n8n persisting the refreshed token to the database.
 */
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	deepCopy,
	isExpression,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { getAdditionalKeys } from 'n8n-core';

import { getPackageInfo } from './environment';

// ---------------------------------------------------------------------------------------
// Credential type registry
// ---------------------------------------------------------------------------------------

/** Credential types registered for the whole test file (see `registerCredentialTypes`). */
const globalCredentialTypes = new Map<string, ICredentialType>();

/** Registers credential types for every later harness call in this test file. */
export function registerCredentialTypes(...types: ICredentialType[]): void {
	for (const type of types) globalCredentialTypes.set(type.name, type);
}

let packageCredentialTypes: Map<string, ICredentialType> | undefined;

/**
 * Lazily loads the credential classes that package.json declares (`n8n.credentials`), from
 * their TypeScript sources, so `credentials: { reconbankerApi: {...} }` works without
 * registering anything. Files that do not exist (yet) are skipped.
 */
function loadPackageCredentialTypes(): Map<string, ICredentialType> {
	if (packageCredentialTypes) return packageCredentialTypes;
	packageCredentialTypes = new Map();
	for (const file of getPackageInfo().credentialSources) {
		let exported: Record<string, unknown>;
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			exported = require(file) as Record<string, unknown>;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') continue;
			throw error;
		}
		for (const value of Object.values(exported)) {
			if (typeof value !== 'function') continue;
			try {
				const instance = new (value as new () => ICredentialType)();
				if (typeof instance.name === 'string' && Array.isArray(instance.properties)) {
					packageCredentialTypes.set(instance.name, instance);
				}
			} catch {
				// not a credential class
			}
		}
	}
	return packageCredentialTypes;
}

export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(types: ICredentialType[] = []) {
		for (const type of types) this.types.set(type.name, type);
	}

	recognizes(name: string): boolean {
		return this.find(name) !== undefined;
	}

	getByName(name: string): ICredentialType {
		const type = this.find(name);
		if (!type) {
			throw new UnexpectedError(
				`Unknown credential type "${name}". Pass it as \`credentialTypes\`, call registerCredentialTypes(), or declare it in package.json "n8n.credentials".`,
			);
		}
		return type;
	}

	/** All ancestors via `extends`, nearest first (what n8n's CredentialTypes returns). */
	getParentTypes(name: string): string[] {
		const type = this.find(name);
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	private find(name: string): ICredentialType | undefined {
		return this.types.get(name) ?? globalCredentialTypes.get(name) ?? loadPackageCredentialTypes().get(name);
	}
}

// ---------------------------------------------------------------------------------------
// In-memory credentials (what `getCredentials` returns instead of an encrypted DB row)
// ---------------------------------------------------------------------------------------

class InMemoryCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly store: CredentialStore,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return deepCopy(this.store[this.type] ?? {});
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.store[this.type] ?? {}) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[this.type] = deepCopy(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...(this.store[this.type] ?? {}), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		this.store[this.type] = data;
	}
}

/** Plain decrypted credential data by credential type name. */
export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

/** Node types for the throw-away workflow used to resolve credential expressions. */
const resolverNodeTypes: INodeTypes = {
	getByName: () => resolverNodeType,
	getByNameAndVersion: () => resolverNodeType,
	getKnownTypes: () => ({}),
};
const resolverNodeType: INodeType = {
	description: {
		displayName: 'Credential resolver',
		name: 'harnessCredentialResolver',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};
const resolverNode: INode = {
	id: 'harness-credential-resolver',
	name: '',
	type: 'harnessCredentialResolver',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

// ---------------------------------------------------------------------------------------
// The ICredentialsHelper
// ---------------------------------------------------------------------------------------

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		readonly credentialTypes: HarnessCredentialTypes,
		/** Mutable: preAuthentication / OAuth token updates are written back here. */
		readonly store: CredentialStore,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const type = this.credentialTypes.getByName(credentialType);
		if (!type.restrictToSupportedNodes) return true;
		// n8n stores supportedNodes as short names; accept both short and package-qualified.
		return (type.supportedNodes ?? []).some(
			(supported) => supported === nodeType || nodeType.endsWith(`.${supported}`),
		);
	}

	/** Adds the credential's authentication to the request (mirrors the CLI helper). */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions & Record<string, unknown>;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type !== 'generic') return requestOptions;
		if (!workflow || !node) {
			throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
		}

		const resolve = (value: unknown) =>
			this.resolveValue(value, { $credentials: credentials }, workflow, node);

		requestOptions.headers ??= {};
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			if (outerValue !== null && typeof outerValue === 'object') {
				// headers / qs / body / auth: resolve each key and value.
				const target = (requestOptions[outerKey] ??= {}) as Record<string, unknown>;
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					target[resolve(key)] = resolve(value);
				}
			} else {
				// url / skipSslCertificateValidation (n8n iterates these as objects too, which
				// only makes sense for objects; a scalar is simply resolved and set).
				requestOptions[outerKey] = resolve(outerValue);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;

		// n8n recognises a credential test by its temp node (see credential-test.ts).
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (
			credentials[expirableProperty.name] !== '' &&
			credentials[expirableProperty.name] !== undefined &&
			!credentialsExpired &&
			!isTestingCredentials
		) {
			return undefined;
		}

		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirableProperty.name] === undefined) return undefined;

		if (node.credentials) {
			// "Persist" the refreshed values, like n8n writes them to the database.
			const stored = this.store[typeName] ?? {};
			const toPersist: ICredentialDataDecryptedObject = { ...stored };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirableProperty.name || !isExpression(stored[key])) toPersist[key] = value;
			}
			this.store[typeName] = toPersist;
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new InMemoryCredentials(nodeCredentials, type, this.store);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store[type];
		if (stored === undefined) {
			throw new UnexpectedError(`No credentials of type "${type}" were given to the test harness`);
		}
		const data = deepCopy(stored);
		if (raw === true) return data;
		return this.applyDefaults(additionalData, data, type, mode, executeData, expressionResolveValues);
	}

	/** `applyDefaultsAndOverwrites` of the CLI helper, without overwrites and external secrets. */
	applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		data: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		let decrypted = NodeHelpers.getNodeParameters(
			properties,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		// Values that are not declared properties get dropped by getNodeParameters; n8n
		// re-adds a few well-known ones.
		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (decrypted[key] === undefined && data[key] !== undefined) decrypted[key] = data[key];
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			decrypted = expressionResolveValues.workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		} else {
			const workflow = new Workflow({
				nodes: [{ ...resolverNode }],
				connections: {},
				active: false,
				nodeTypes: resolverNodeTypes,
			});
			decrypted = workflow.expression.getComplexParameterValue(
				resolverNode,
				decrypted as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = deepCopy(data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...(this.store[type] ?? {}), oauthTokenData: data.oauthTokenData };
	}

	/** Properties of the type merged with those of the types it `extends` (parents first). */
	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	private resolveValue(
		value: unknown,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (typeof value !== 'string' || !isExpression(value)) return value as string;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		return resolved ? resolved.toString() : '';
	}
}
