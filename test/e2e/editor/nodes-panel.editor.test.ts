/**
 * The nodes panel, in the light and the dark theme: searching "Reconbanker" finds every node of the
 * package, each with its icon (the dark icon in the dark theme), as a first step (triggers) and as a
 * next step (the action node).
 */
import { createWorkflow, e2e, uniqueName } from '../harness/context';
import type { NodeTypeEntry } from '../harness/n8n-types';
import { closeBrowser, openEditor, type EditorSession, type Theme } from './browser';
import { canvasNode, openNewWorkflow, openWorkflow, readPanelItems, searchNodesPanel, type PanelItem } from './editor-pages';
import { isTrigger, packageNodeTypes } from './package-nodes';

const { api } = e2e();

let nodes: NodeTypeEntry[];
let nextStepWorkflowId: string;

beforeAll(async () => {
	nodes = await packageNodeTypes();
	expect(nodes.length).toBeGreaterThanOrEqual(2);
	// A workflow with one Manual Trigger, to open the panel as "what happens next".
	nextStepWorkflowId = await createWorkflow(
		api,
		{
			nodes: [
				{ id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			],
			connections: {},
		},
		{ name: uniqueName('editor walk: next step') },
	);
});

afterAll(async () => {
	await api.delete(`/workflows/${nextStepWorkflowId}`).catch(() => undefined);
	await closeBrowser();
});

/** The panel entry a node is listed under: its own name, or (grouped) its name without " Trigger". */
function entryFor(node: NodeTypeEntry, items: PanelItem[]): PanelItem | undefined {
	return (
		items.find((item) => item.name === node.displayName) ??
		items.find((item) => item.grouped && item.name === node.displayName.replace(/\s+Trigger$/, ''))
	);
}

function expectIcon(item: PanelItem, theme: Theme) {
	expect(item.iconSrc).toContain(`/icons/n8n-nodes-reconbanker/`);
	expect(item.iconLoaded).toBe(true);
	if (theme === 'dark') expect(item.iconSrc).toMatch(/\.dark\.svg$/);
	else expect(item.iconSrc).not.toMatch(/\.dark\.svg$/);
}

test('every node has codex categories, so it is found by category too', () => {
	for (const node of nodes) {
		const codex = node.codex as { categories?: string[] } | undefined;
		expect({ node: node.name, categories: codex?.categories ?? [] }).toEqual({
			node: node.name,
			categories: expect.arrayContaining([expect.any(String)]),
		});
	}
});

describe.each<Theme>(['light', 'dark'])('nodes panel, %s theme', (theme) => {
	let session: EditorSession;

	beforeAll(async () => {
		session = await openEditor({ theme });
	});
	afterAll(() => session?.close());

	test('as a first step, every trigger of the package is found, with its icon', async () => {
		await openNewWorkflow(session);
		session.step('nodes panel: first step');
		const panel = await searchNodesPanel(session, 'Reconbanker');
		const items = await readPanelItems(panel);
		const triggers = nodes.filter(isTrigger);
		expect(triggers.length).toBeGreaterThanOrEqual(1);
		for (const trigger of triggers) {
			const item = entryFor(trigger, items);
			if (!item) throw new Error(`"${trigger.displayName}" is not in the nodes panel; it shows: ${items.map((i) => i.name).join(', ')}`);
			expectIcon(item, theme);
			expect(item.description.length).toBeGreaterThan(0);
		}
		if (theme === 'light') await session.screenshot('nodes-panel-triggers');
		session.expectNoPackageErrors();
	});

	test('as a next step, the action node is found, with its icon', async () => {
		await openWorkflow(session, nextStepWorkflowId);
		session.step('nodes panel: next step');
		await canvasNode(session.page, 'Start').hover();
		await session.page.locator('[data-test-id="canvas-handle-plus"]').first().click();
		const panel = await searchNodesPanel(session, 'Reconbanker');
		const items = await readPanelItems(panel);
		const actions = nodes.filter((n) => !isTrigger(n));
		expect(actions.length).toBeGreaterThanOrEqual(1);
		for (const action of actions) {
			const item = entryFor(action, items);
			if (!item) throw new Error(`"${action.displayName}" is not in the nodes panel; it shows: ${items.map((i) => i.name).join(', ')}`);
			expectIcon(item, theme);
			// n8n lists the action under one entry with the trigger of the same name and shows the
			// trigger's description for it: that description must fit adding an action step too.
			expect(item.description).not.toMatch(/^Starts the workflow/i);
			expect(item.description).toMatch(/submit/i);
		}
		session.expectNoPackageErrors();
	});
});
