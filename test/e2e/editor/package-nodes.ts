/**
 * What the shared n8n knows about this package: its node and credential types as the editor gets
 * them, and node descriptions (POST /rest/node-types) for the parameter checks.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { e2e } from '../harness/context';
import { declaredTypes, n8nCredentialTypes, n8nNodeTypes, type CredentialTypeEntry, type NodeTypeEntry } from '../harness/n8n-types';

export const PACKAGE_NAME = 'n8n-nodes-reconbanker';

export const isTrigger = (node: NodeTypeEntry) => Array.isArray(node.group) && (node.group as string[]).includes('trigger');

/** The package's node types as n8n serves them (latest version of each). */
export async function packageNodeTypes(): Promise<NodeTypeEntry[]> {
	// The declared ones (n8n also serves a generated "<name>Tool" variant of a usableAsTool node).
	const declared = new Set(declaredTypes().nodes.map((n) => `${PACKAGE_NAME}.${n.name}`));
	const all = (await n8nNodeTypes()).filter((n) => declared.has(n.name));
	const latest = new Map<string, NodeTypeEntry>();
	for (const node of all) {
		const version = Math.max(...(Array.isArray(node.version) ? node.version : [node.version]));
		const seen = latest.get(node.name);
		const seenVersion = seen ? Math.max(...(Array.isArray(seen.version) ? seen.version : [seen.version])) : -1;
		if (version > seenVersion) latest.set(node.name, node);
	}
	return [...latest.values()];
}

/** The package's credential types as n8n serves them (the ones package.json declares). */
export async function packageCredentialTypes(): Promise<CredentialTypeEntry[]> {
	const declared = new Set(declaredTypes().credentials.map((c) => c.name));
	return (await n8nCredentialTypes()).filter((c) => declared.has(c.name));
}

export const latestVersion = (node: NodeTypeEntry) => Math.max(...(Array.isArray(node.version) ? node.version : [node.version]));

export async function nodeDescription(type: string, version: number): Promise<INodeTypeDescription> {
	const { rest } = e2e();
	const answer = await rest.post<{ data: INodeTypeDescription[] }>('/node-types', { nodeInfos: [{ name: type, version }] });
	// n8n answers with the bare name (`reconbanker`) for community nodes.
	const description = answer.data.find((d) => d.name === type || type.endsWith(`.${d.name}`));
	if (!description) throw new Error(`n8n has no description of ${type} v${version}`);
	return description;
}

// Not parameters of their own: notices, and the slot that places n8n's credential field.
const NOT_INPUTS = new Set(['notice', 'callout', 'credentials']);

/**
 * The top-level parameters the description says the Parameters tab shows for these values, by
 * n8n-workflow's own display rules (what the editor is expected to draw).
 */
export function expectedVisibleParameters(description: INodeTypeDescription, values: Record<string, unknown>): string[] {
	const node = { typeVersion: Array.isArray(description.version) ? Math.max(...description.version) : description.version };
	const resolved =
		NodeHelpers.getNodeParameters(description.properties, values as never, true, false, node, description) ?? {};
	const shown = description.properties.filter(
		(p: INodeProperties) => !NOT_INPUTS.has(p.type) && NodeHelpers.displayParameter(resolved, p, node, description),
	);
	return [...new Set(shown.map((p) => p.name))];
}

/** The options of an options parameter that applies to these values (e.g. `operation` for a resource). */
export function optionsOf(
	description: INodeTypeDescription,
	name: string,
	values: Record<string, unknown> = {},
): Array<{ name: string; value: string }> {
	const node = { typeVersion: Array.isArray(description.version) ? Math.max(...description.version) : description.version };
	const property = description.properties.find(
		(p) => p.name === name && NodeHelpers.displayParameter(values as never, p, node, description),
	);
	return ((property?.options ?? []) as Array<{ name: string; value: unknown }>).map((o) => ({ name: o.name, value: String(o.value) }));
}
