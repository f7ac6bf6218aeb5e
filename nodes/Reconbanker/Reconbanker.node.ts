/**
 * The Reconbanker action node, laid out with n8n's versioned-node pattern: a change of defaults or
 * parameters becomes a new version (v2/…) while saved workflows keep running version 1.
 */
import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { ReconbankerV1 } from './v1/ReconbankerV1';

export class Reconbanker extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Reconbanker',
			name: 'reconbanker',
			icon: { light: 'file:../../icons/reconbanker.svg', dark: 'file:../../icons/reconbanker.dark.svg' },
			group: ['transform'],
			description: 'Read a Reconbanker account status and submit bank one-time codes safely',
			documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-reconbanker#action-node-reconbanker',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new ReconbankerV1(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
