/**
 * Node shape: the Reconbanker node uses n8n's versioned-node pattern (so a later change of defaults
 * is a new version while saved workflows keep version 1), and operations declare whether they can
 * spend a bank attempt instead of the router guessing from their output.
 */
import { NodeHelpers, VersionedNodeType } from 'n8n-workflow';

import { Reconbanker } from '../../../nodes/Reconbanker/Reconbanker.node';
import { operationsByResource } from '../../../nodes/Reconbanker/v1/actions/router';
import { run, useWorld } from './helpers';

const world = useWorld();

describe('Reconbanker node: versioned layout', () => {
	it('is a VersionedNodeType named "reconbanker" whose default and only version is 1', () => {
		const node = new Reconbanker();
		expect(node).toBeInstanceOf(VersionedNodeType);
		expect(node.description.name).toBe('reconbanker');
		expect(node.currentVersion).toBe(1);
		expect(Object.keys(node.nodeVersions)).toEqual(['1']);
		const v1 = NodeHelpers.getVersionedNodeType(node, 1);
		expect(v1.description).toMatchObject({ name: 'reconbanker', version: 1, usableAsTool: true });
		expect(v1.description.credentials).toEqual([
			{
				name: 'reconbankerApi',
				required: true,
				testedBy: 'reconbankerApiConnection',
				// Extract From Text with a hand-set or any code calls no API: no credential asked for.
				displayOptions: { hide: { descriptorSource: ['manual', 'none'] } },
			},
		]);
	});

	it('runs saved workflows at typeVersion 1 (as the templates are)', async () => {
		const accountId = world.newAccount();
		const [item] = await run(world, { resource: 'account', operation: 'getStatus', accountId }, { typeVersion: 1 });
		expect(item.json).toMatchObject({ accountId, hasPendingRequest: false });
	});

	it('only Code → Submit declares that it spends an attempt', () => {
		const spending = Object.entries(operationsByResource).flatMap(([resource, operations]) =>
			operations.filter((operation) => operation.spendsAttempt).map((operation) => `${resource}.${operation.value}`),
		);
		expect(spending).toEqual(['code.submit']);
	});
});
