/**
 * Every trigger of the package, added as the first step from the nodes panel: its settings open,
 * every parameter has a label, a webhook trigger shows its Webhook URLs, a polling trigger its poll
 * times, and the credential slot is there.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { declaredTypes, type NodeTypeEntry } from '../harness/n8n-types';
import { closeBrowser, openEditor, type EditorSession } from './browser';
import {
	closeNdv,
	closeNodesPanel,
	expectParameters,
	itemAfterParameter,
	ndv,
	ndvDocsLink,
	openNewWorkflow,
	optionNames,
	parameterLabel,
	readCanvasNodes,
	searchNodesPanel,
	visibleNotices,
} from './editor-pages';
import { expectedVisibleParameters, isTrigger, latestVersion, nodeDescription, PACKAGE_NAME, packageNodeTypes } from './package-nodes';

let session: EditorSession;
let triggers: Array<{ node: NodeTypeEntry; description: INodeTypeDescription }>;

beforeAll(async () => {
	triggers = [];
	for (const node of (await packageNodeTypes()).filter(isTrigger)) {
		triggers.push({ node, description: await nodeDescription(node.name, latestVersion(node)) });
	}
	session = await openEditor({ theme: 'light' });
});

afterAll(async () => {
	await session?.close();
	await closeBrowser();
});

/** Picture names for the README, by node type. */
const PICTURES: Record<string, string> = {
	'n8n-nodes-reconbanker.reconbankerStatusTrigger': 'status-trigger-settings',
};

test('the package has triggers', () => {
	expect(triggers.length).toBeGreaterThanOrEqual(1);
});

describe('triggers added from the nodes panel', () => {
	// Every node of the package named "…Trigger" (read from package.json, so a new trigger is walked too).
	test.each(declaredTypes().nodes.filter((n) => /Trigger$/.test(n.name)).map((n) => `${PACKAGE_NAME}.${n.name}`))(
		'%s shows its settings',
		async (type) => {
			const found = triggers.find((t) => t.node.name === type);
			if (!found) throw new Error(`n8n has no trigger ${type} (or it is not in the trigger group)`);
			const { node, description } = found;
			const { page } = session;
			await openNewWorkflow(session);
			session.step(`add ${node.displayName}`);
			const panel = await searchNodesPanel(session, 'Reconbanker');
			// Listed under its name, or without " Trigger" (n8n shortens it, or groups it with the
			// action node of the same name).
			const names = panel.locator('[data-test-id="node-creator-item-name"]');
			const own = names.getByText(node.displayName, { exact: true });
			const short = names.getByText(node.displayName.replace(/\s+Trigger$/, ''), { exact: true });
			await (await own.count() ? own : short).first().click();
			// Then either the community node's details ("Add to workflow") or its list of trigger events.
			const add = panel.getByRole('button', { name: 'Add to workflow' });
			const events = panel.getByText(/^Triggers \(\d+\)$/);
			await add.or(events).first().waitFor();
			if (await add.isVisible()) await add.click();
			else await panel.getByText(/^On /).first().click();
			await ndv(page).locator('[data-test-id="node-parameters"]').waitFor();
			await closeNodesPanel(page);

			const expected = expectedVisibleParameters(description, {});
			const shown = await expectParameters(page, { shown: expected });
			for (const name of shown) {
				const label = await parameterLabel(page, name);
				expect({ name, label: label.length > 0 }).toEqual({ name, label: true });
			}
			if (description.webhooks?.length) await ndv(page).getByText('Webhook URLs').first().waitFor();
			if (description.polling) expect(shown).toContain('pollTimes');
			if (description.credentials?.length) {
				await ndv(page).locator('[data-test-id="node-credentials-slot"]').first().waitFor();
			}
			// Editor hygiene (issue 10): no event the server never sends, short notices that link to
			// the README instead of explaining internals, the credential beside Authentication, the
			// Docs link to the node's README section.
			if (shown.includes('events')) expect(await optionNames(page, 'events')).not.toContain('Login Failed');
			for (const notice of await visibleNotices(page)) {
				expect({ notice, short: notice.length <= 200 }).toEqual({ notice, short: true });
			}
			const links = await ndv(page).locator('[data-test-id="node-parameters"] .notice a').evaluateAll((as) =>
				as.map((a) => a.getAttribute('href') ?? ''),
			);
			for (const href of links) expect(href).toMatch(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-reconbanker#[a-z0-9-]+$/);
			if (shown.includes('authentication') && description.credentials?.length) {
				expect(await itemAfterParameter(page, 'authentication')).toBe('node-credentials');
			}
			expect(await ndvDocsLink(page)).toMatch(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-reconbanker#[a-z0-9-]+$/);
			const picture = PICTURES[type];
			if (picture) await session.screenshot(picture);
			await closeNdv(page);
			// The subtitle under the node says its settings in words, not raw values (assistance_required).
			const drawn = (await readCanvasNodes(page)).find((n) => n.type === type);
			expect(drawn?.subtitle).toBeTruthy();
			expect(drawn?.subtitle).not.toMatch(/[a-z]_[a-z]/);
			session.expectNoPackageErrors();
		},
	);
});
