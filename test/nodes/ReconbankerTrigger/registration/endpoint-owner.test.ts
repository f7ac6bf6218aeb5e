import { endpointOwner, isOwnWebhookUrl } from '../../../../nodes/ReconbankerTrigger/registration/endpoint-owner';

const ID = '5e1f3b8a-0c2d-4e6f-8a9b-1c2d3e4f5a6b';
const OTHER = '0b7e4c2a-9f1d-4c3b-8e5a-6d7f8a9b0c1d';
const PRODUCTION = `https://n8n.example.com/webhook/${ID}/notifications`;

describe('endpointOwner', () => {
	it.each([
		[null, 'none'],
		['', 'none'],
		[PRODUCTION, 'ours'],
		[`https://n8n.example.com/webhook-test/${ID}/notifications`, 'ours'],
		// The test URL lives on the editor's host, which may differ from WEBHOOK_URL's.
		[`https://editor.example.com/webhook-test/${ID}/notifications`, 'ours'],
		[`https://n8n.example.com/webhook/${OTHER}/notifications`, 'thisN8n'],
		[`https://n8n.example.com/webhook-waiting/${ID}/notifications`, 'thisN8n'],
		['https://n8n.example.com/form/abc', 'thisN8n'],
		[`https://n8n.example.com/webhook/${ID}/notifications?x=1`, 'thisN8n'],
		[`http://n8n.example.com/webhook/${OTHER}/notifications`, 'foreign'],
		[`https://n8n.example.com:8443/webhook/${OTHER}/notifications`, 'foreign'],
		[`https://other.example.com/webhook/${OTHER}/notifications`, 'foreign'],
		['https://n8n.example.com/api/hooks', 'foreign'],
		['https://hooks.example.org/reconbanker', 'foreign'],
		['not a url', 'foreign'],
	])('%p → %s', (url, owner) => {
		expect(endpointOwner(ID, url, [PRODUCTION])).toBe(owner);
	});

	it('knows this n8n under a path prefix', () => {
		const prefixed = `https://example.com/n8n/webhook/${ID}/notifications`;
		expect(endpointOwner(ID, `https://example.com/n8n/webhook/${OTHER}/x`, [prefixed])).toBe('thisN8n');
		expect(endpointOwner(ID, `https://example.com/webhook/${OTHER}/x`, [prefixed])).toBe('foreign');
	});

	it('counts an earlier URL of this node (WEBHOOK_URL changed since) as ours', () => {
		const moved = `https://new.example.com/webhook/${ID}/notifications`;
		expect(endpointOwner(ID, PRODUCTION, [moved, PRODUCTION])).toBe('ours');
		expect(endpointOwner(ID, PRODUCTION, [moved])).toBe('ours');
	});

	it('without a webhookId in the URL only an exact match is ours, and no other URL is recognised as this n8n', () => {
		const custom = 'https://n8n.example.com/custom/path';
		expect(endpointOwner(ID, custom, [custom])).toBe('ours');
		expect(endpointOwner(ID, `https://n8n.example.com/webhook/${OTHER}/x`, [custom])).toBe('foreign');
		expect(isOwnWebhookUrl(undefined, PRODUCTION, PRODUCTION)).toBe(true);
		expect(isOwnWebhookUrl(undefined, `https://n8n.example.com/webhook-test/${ID}/notifications`, PRODUCTION)).toBe(false);
	});
});
