/**
 * `INodeTypes` for the harness workflows: the node under test plus a tiny start node, so no
 * dependency on n8n-nodes-base is needed.
 */
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

import { getPackageInfo } from './environment';

export const START_NODE_TYPE = 'n8n-nodes-harness.start';
export const START_NODE_NAME = 'Harness Start';

/**
 * Stand-in for the Manual Trigger. The engine puts the test's input items on its input
 * (first entry of the execution stack) and it passes them on unchanged, so the node under
 * test receives them exactly as it would from any upstream node (`$json`, `pairedItem`
 * lineage, `$('Harness Start')` all work).
 */
export class HarnessStart implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Harness Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits the items given to the test harness',
		defaults: { name: START_NODE_NAME },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export type AnyNodeType = INodeType | IVersionedNodeType;

/** The type string n8n gives a community node: `<package name>.<description.name>`. */
export function nodeTypeName(nodeType: AnyNodeType): string {
	const { name } = nodeType.description;
	return name.includes('.') ? name : `${getPackageInfo().name}.${name}`;
}

/** The version a freshly added node gets in the editor: `defaultVersion`, else the highest. */
export function defaultTypeVersion(nodeType: AnyNodeType): number {
	const description = nodeType.description as unknown as IDataObject;
	if (typeof description.defaultVersion === 'number') return description.defaultVersion;
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const version = description.version as number | number[];
	return Array.isArray(version) ? Math.max(...version) : version;
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(types: Record<string, AnyNodeType>) {
		for (const [name, type] of Object.entries(types)) this.types.set(name, type);
	}

	getByName(nodeType: string): AnyNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new UnexpectedError(`Unknown node type "${nodeType}" in the test harness`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
