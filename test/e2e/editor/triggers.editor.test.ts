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
	ndv,
	openNewWorkflow,
	parameterLabel,
	searchNodesPanel,
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
			const names = panel.locator('[data-test-id="node-creator-item-name"]');
			const own = names.getByText(node.displayName, { exact: true });
			if (await own.count()) {
				await own.first().click();
				// An installed community node opens its details first ("Add to workflow").
				await panel.getByRole('button', { name: 'Add to workflow' }).click();
			} else {
				// Grouped under its name without " Trigger": the group lists its trigger events.
				await names.getByText(node.displayName.replace(/\s+Trigger$/, ''), { exact: true }).first().click();
				await panel.getByText(/^Triggers \(\d+\)$/).waitFor();
				await panel.locator('[data-test-id="node-creator-action-item"], [data-keyboard-nav-type="action"]').first().click();
			}
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
			const picture = PICTURES[type];
			if (picture) await session.screenshot(picture);
			await closeNdv(page);
			session.expectNoPackageErrors();
		},
	);
});
