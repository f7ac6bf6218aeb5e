/**
 * The Reconbanker action nodes in templates/*.json use only parameters (and option values) the node
 * has at their typeVersion — so a renamed or removed parameter cannot silently drop a guard from a
 * template users import. (The e2e test imports the templates into a real n8n.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Reconbanker } from '../../../nodes/Reconbanker/Reconbanker.node';

const TEMPLATES_DIR = path.join(__dirname, '../../../templates');
const ACTION_TYPE = 'n8n-nodes-reconbanker.reconbanker';

interface TemplateNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

const actionNodes = readdirSync(TEMPLATES_DIR)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) =>
		(JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')).nodes as TemplateNode[])
			.filter((node) => node.type === ACTION_TYPE)
			.map((node) => [`${file} → ${node.name}`, node] as const),
	);

function problems(node: TemplateNode): string[] {
	const { properties } = NodeHelpers.getVersionedNodeType(new Reconbanker(), node.typeVersion).description;
	const found: string[] = [];
	const check = (value: unknown, candidates: INodeProperties[], where: string): void => {
		const property = candidates.find(
			(candidate) =>
				candidate.name === where.split('.').pop() &&
				(!candidate.displayOptions?.show ||
					Object.entries(candidate.displayOptions.show).every(
						([name, allowed]) => !['resource', 'operation'].includes(name) || (allowed as unknown[]).includes(node.parameters[name]),
					)),
		);
		if (!property) {
			found.push(`unknown parameter ${where}`);
			return;
		}
		if (typeof value === 'string' && value.startsWith('=')) return;
		if (property.type === 'options') {
			const values = (property.options as Array<{ value: unknown }>).map((option) => option.value);
			if (!values.includes(value)) found.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(values)}`);
		}
		if (property.type === 'collection' && value && typeof value === 'object') {
			for (const [name, inner] of Object.entries(value)) check(inner, property.options as INodeProperties[], `${where}.${name}`);
		}
	};
	for (const [name, value] of Object.entries(node.parameters)) check(value, properties, name);
	return found;
}

describe('templates: Reconbanker action nodes', () => {
	it('there are some', () => {
		expect(actionNodes.length).toBeGreaterThanOrEqual(6);
	});

	it.each(actionNodes)('%s uses only known parameters and values', (_label, node) => {
		expect(node.typeVersion).toBe(1);
		expect(problems(node)).toEqual([]);
	});

	it.each(actionNodes.filter(([, node]) => node.parameters.operation === 'submit'))(
		'%s keeps every attempt guard on',
		(_label, node) => {
			expect(node.parameters).toMatchObject({
				requestToAnswer: 'named',
				checkPendingRequest: true,
				validateAgainstRequest: true,
				attemptSafety: { oneCodePerRequest: true, refuseRepeatedCode: true, whenNoLiveLogin: 'refuse' },
			});
			expect(node.parameters.attemptSafety).toHaveProperty('maxRejectedCodes', 2);
		},
	);
});
