/**
 * What a running n8n knows (node and credential types), and what this package declares.
 *
 * n8n 2.40.7 serves the full type lists to a logged-in user at GET /types/nodes.json and
 * GET /types/credentials.json (cookie auth, outside /rest). Node names there are the full type
 * (`n8n-nodes-reconbanker.reconbanker`); credential names are the bare type (`reconbankerApi`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { e2e, REPO_ROOT } from './context';

export interface NodeTypeEntry {
	name: string;
	displayName: string;
	version: number | number[];
	iconUrl?: string | { light: string; dark: string };
	credentials?: Array<{ name: string; required?: boolean }>;
	[key: string]: unknown;
}

export interface CredentialTypeEntry {
	name: string;
	displayName: string;
	iconUrl?: string | { light: string; dark: string };
	supportedNodes?: string[];
	[key: string]: unknown;
}

let nodeTypes: Promise<NodeTypeEntry[]> | undefined;
let credentialTypes: Promise<CredentialTypeEntry[]> | undefined;

export function n8nNodeTypes(): Promise<NodeTypeEntry[]> {
	nodeTypes ??= e2e().web.get<NodeTypeEntry[]>('/types/nodes.json');
	return nodeTypes;
}

export function n8nCredentialTypes(): Promise<CredentialTypeEntry[]> {
	credentialTypes ??= e2e().web.get<CredentialTypeEntry[]>('/types/credentials.json');
	return credentialTypes;
}

/** type name → every typeVersion n8n has for it */
export async function n8nNodeVersions(): Promise<Map<string, Set<number>>> {
	const map = new Map<string, Set<number>>();
	for (const entry of await n8nNodeTypes()) {
		const versions = map.get(entry.name) ?? new Set<number>();
		for (const v of Array.isArray(entry.version) ? entry.version : [entry.version]) versions.add(v);
		map.set(entry.name, versions);
	}
	return map;
}

export interface DeclaredType {
	/** path in package.json's "n8n" block, e.g. dist/nodes/Reconbanker/Reconbanker.node.js */
	file: string;
	/** the type's own name (`reconbanker`, `reconbankerApi`) */
	name: string;
}

/** The installed package's package.json (what n8n read). */
export function installedPackageJson(): { name: string; version: string; n8n: { nodes?: string[]; credentials?: string[] } } {
	const dir = e2e().ctx.package.dir;
	return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/**
 * Every node and credential the package's "n8n" block names, with the name each type gives itself.
 * The classes are loaded from the repo's dist/ (built from the same sources the tarball was packed
 * from moments ago): the installed copy has no node_modules of its own to resolve n8n-workflow.
 */
export function declaredTypes(): { packageName: string; nodes: DeclaredType[]; credentials: DeclaredType[] } {
	const pkg = installedPackageJson();
	const load = (file: string): any[] => {
		const installed = path.join(e2e().ctx.package.dir, file);
		if (!existsSync(installed)) throw new Error(`package.json names ${file}, but the installed package has no such file`);
		const exports = require(path.join(REPO_ROOT, file)) as Record<string, unknown>;
		return Object.values(exports)
			.filter((value): value is new () => any => typeof value === 'function')
			.map((Class) => new Class());
	};
	const nodes = (pkg.n8n?.nodes ?? []).map((file) => {
		const instance = load(file).find((i) => i?.description?.name);
		if (!instance) throw new Error(`${file} exports no node class with description.name`);
		return { file, name: String(instance.description.name) };
	});
	const credentials = (pkg.n8n?.credentials ?? []).map((file) => {
		const instance = load(file).find((i) => typeof i?.name === 'string' && Array.isArray(i?.properties));
		if (!instance) throw new Error(`${file} exports no credential class with name and properties`);
		return { file, name: String(instance.name) };
	});
	return { packageName: pkg.name, nodes, credentials };
}
