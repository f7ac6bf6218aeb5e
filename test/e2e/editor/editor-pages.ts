/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (page.evaluate callbacks run in the browser)
/**
 * What the walk does in n8n 2.40.7's editor, by its data-test-id attributes (read off the real DOM):
 * the canvas, the nodes panel, the node details view (NDV) and the credential modal.
 */
import type { Locator, Page } from 'playwright-core';

import type { EditorSession } from './browser';

const byTestId = (id: string) => `[data-test-id="${id}"]`;

// ---- canvas ------------------------------------------------------------------------------------

/** A new, empty workflow, once the canvas can take a first node. */
export async function openNewWorkflow(session: EditorSession): Promise<void> {
	session.step('new workflow');
	await session.page.goto(session.url('/workflow/new'));
	await session.page.locator(byTestId('canvas-plus-button')).waitFor();
}

/** An existing workflow, once its nodes are drawn. */
export async function openWorkflow(session: EditorSession, workflowId: string): Promise<void> {
	session.step(`workflow ${workflowId}`);
	await session.page.goto(session.url(`/workflow/${workflowId}`));
	await canvasNodes(session.page).first().waitFor();
}

export const canvasNodes = (page: Page) => page.locator(byTestId('canvas-node'));
export const canvasNode = (page: Page, name: string) => page.locator(`${byTestId('canvas-node')}[data-node-name="${name}"]`);

/** The editor's own import: the workflow menu's "Import from File…" file input. */
export async function importWorkflowFile(session: EditorSession, file: string): Promise<void> {
	await session.page.locator(byTestId('workflow-import-input')).setInputFiles(file);
	await canvasNodes(session.page).first().waitFor();
}

export interface CanvasNodeInfo {
	name: string;
	type: string;
	/** the subtitle under the node's name */
	subtitle: string;
	hasIssues: boolean;
}

export async function readCanvasNodes(page: Page): Promise<CanvasNodeInfo[]> {
	return canvasNodes(page).evaluateAll((elements) =>
		elements.map((element) => {
			const lines = (element as HTMLElement).innerText.split('\n').map((line) => line.trim()).filter(Boolean);
			const name = element.getAttribute('data-node-name') ?? '';
			return {
				name,
				type: element.getAttribute('data-node-type') ?? '',
				subtitle: lines.find((line) => line !== name && !/^Execute workflow$/.test(line)) ?? '',
				hasIssues: element.querySelector('[data-test-id="node-issues"]') !== null,
			};
		}),
	);
}

/** The issues a node's warning triangle lists (its tooltip), e.g. "Credentials for X are not set." */
export async function readNodeIssues(page: Page, nodeName: string): Promise<string[]> {
	const node = canvasNode(page, nodeName);
	const marker = node.locator(byTestId('node-issues'));
	if ((await marker.count()) === 0) return [];
	await marker.scrollIntoViewIfNeeded();
	await marker.hover();
	const tooltip = page.locator('.n8n-tooltip .titled-list').last();
	await tooltip.waitFor();
	const issues = await tooltip.locator('.titled-list-item').allInnerTexts();
	// Move away so the tooltip closes before the next node is hovered.
	await page.mouse.move(2, 2);
	await tooltip.waitFor({ state: 'detached' }).catch(() => undefined);
	return issues.map((issue) => issue.trim());
}

export async function zoomToFit(page: Page): Promise<void> {
	await page.locator(byTestId('zoom-to-fit')).click();
}

// ---- nodes panel -------------------------------------------------------------------------------

export interface PanelItem {
	name: string;
	description: string;
	iconSrc: string;
	iconLoaded: boolean;
	/** the item opens a list of actions/triggers (n8n groups a node with its trigger) */
	grouped: boolean;
}

/** Opens the nodes panel with the canvas's + button and searches. */
export async function searchNodesPanel(session: EditorSession, query: string): Promise<Locator> {
	const { page } = session;
	const panel = page.locator(byTestId('node-creator'));
	if (!(await panel.isVisible())) await page.locator(byTestId('node-creator-plus-button')).or(page.locator(byTestId('canvas-plus-button'))).first().click();
	const search = page.locator(`input${byTestId('node-creator-search-bar')}`);
	await search.fill(query);
	// The list updates after typing: wait for a result that matches.
	await panel.locator(byTestId('item-iterator-item')).filter({ hasText: new RegExp(escapeRegExp(query), 'i') }).first().waitFor();
	return panel;
}

export async function readPanelItems(panel: Locator): Promise<PanelItem[]> {
	const items = panel.locator(byTestId('item-iterator-item'));
	// Icons load lazily: wait until every visible <img> finished (loaded or failed).
	await panel.page().waitForFunction(
		(root) => [...(root as Element).querySelectorAll('img')].every((img) => img.complete),
		await panel.elementHandle(),
	);
	return items.evaluateAll((elements) =>
		elements.map((element) => {
			const img = element.querySelector('img');
			return {
				name: element.querySelector('[data-test-id="node-creator-item-name"]')?.textContent?.trim() ?? '',
				description: element.querySelector('[data-test-id="node-creator-item-description"]')?.textContent?.trim() ?? '',
				iconSrc: img?.getAttribute('src') ?? '',
				iconLoaded: Boolean(img && img.complete && img.naturalWidth > 0),
				grouped: element.querySelector('[data-test-id="node-creator-action-item"]') !== null,
			};
		}),
	);
}

/** Adding a node closes the panel by itself; Escape only if it stays (Escape would close an NDV). */
export async function closeNodesPanel(page: Page): Promise<void> {
	const panel = page.locator(byTestId('node-creator'));
	const closed = await panel
		.waitFor({ state: 'hidden', timeout: 10_000 })
		.then(() => true)
		.catch(() => false);
	if (!closed && !(await ndv(page).isVisible())) {
		await page.keyboard.press('Escape');
		await panel.waitFor({ state: 'hidden' });
	}
}

// ---- node details view -------------------------------------------------------------------------

export const ndv = (page: Page) => page.locator(byTestId('ndv'));
const ndvParameters = (page: Page) => ndv(page).locator(byTestId('node-parameters'));

export async function openNdv(page: Page, nodeName: string): Promise<Locator> {
	await canvasNode(page, nodeName).dblclick();
	await ndvParameters(page).waitFor();
	return ndv(page);
}

/** Where the NDV's "Docs" link (top right) points. */
export async function ndvDocsLink(page: Page): Promise<string> {
	const link = ndv(page).locator('a', { hasText: /^\s*Docs\s*$/ }).first();
	return (await link.getAttribute('href')) ?? '';
}

export async function closeNdv(page: Page): Promise<void> {
	if (await ndv(page).isVisible()) {
		await ndv(page).locator(byTestId('ndv-close-button')).click();
		await ndv(page).waitFor({ state: 'hidden' });
	}
}

/**
 * Names of the top-level parameters the Parameters tab shows now, top to bottom: each one is a
 * `parameter-item` whose label is `for` the parameter's name (collections and fixed collections
 * included; nested items, notices and the credential slot are not parameters of their own).
 */
export async function visibleParameters(page: Page): Promise<string[]> {
	return ndvParameters(page).evaluate((root) => {
		const names: string[] = [];
		for (const item of root.querySelectorAll('[data-test-id="parameter-item"]')) {
			if (item.parentElement?.closest('[data-test-id="parameter-item"]')) continue;
			if ((item as HTMLElement).offsetParent === null) continue;
			const name = item.querySelector('label[for]')?.getAttribute('for');
			if (name && !names.includes(name)) names.push(name);
		}
		return names;
	});
}

/**
 * Waits (the panel re-renders after a change) until these parameters are shown and those hidden;
 * throws with what the panel shows if that does not happen.
 */
export async function expectParameters(
	page: Page,
	{ shown = [], hidden = [] }: { shown?: string[]; hidden?: string[] },
	timeoutMs = 15_000,
): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const now = await visibleParameters(page);
		const missing = shown.filter((name) => !now.includes(name));
		const extra = hidden.filter((name) => now.includes(name));
		if (missing.length === 0 && extra.length === 0) return now;
		if (Date.now() > deadline) {
			throw new Error(
				`The Parameters tab shows [${now.join(', ')}]: missing [${missing.join(', ')}], should be hidden [${extra.join(', ')}]`,
			);
		}
		await page.waitForTimeout(200);
	}
}

export const parameterInput = (page: Page, name: string) => ndvParameters(page).locator(byTestId(`parameter-input-${name}`));

/** The parameter's block: label, input, hint and issues. */
export const parameterItem = (page: Page, name: string) =>
	ndvParameters(page).locator(byTestId('parameter-item')).filter({ has: page.locator(`label[for="${name}"]`) }).first();

/** The label text a parameter shows (empty if it has none). */
export async function parameterLabel(page: Page, name: string): Promise<string> {
	const label = ndvParameters(page).locator(`label[for="${name}"]`).first();
	return (await label.innerText().catch(() => '')).trim();
}

/** Chooses an option of an options parameter by its shown name. */
export async function chooseOption(page: Page, parameter: string, optionName: string): Promise<void> {
	if ((await selectedOption(page, parameter)) === optionName) return;
	await parameterInput(page, parameter).click();
	const headline = page
		.locator(`${byTestId('parameter-input-item')}:visible .option-headline`)
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(optionName)}\\s*$`) });
	await headline.first().click();
	await page.waitForFunction(
		({ element, wanted }) => (element as HTMLInputElement).value === wanted,
		{ element: await parameterInput(page, parameter).locator('input').first().elementHandle(), wanted: optionName },
	);
}

/** The shown name of the option an options parameter has now. */
export async function selectedOption(page: Page, parameter: string): Promise<string> {
	return parameterInput(page, parameter).locator('input').first().inputValue();
}

/** The option names an options (or multi-options) parameter offers. */
export async function optionNames(page: Page, parameter: string): Promise<string[]> {
	await parameterInput(page, parameter).locator('input').first().click();
	// Options lists mark their items; multi-options lists are plain dropdown items.
	const options = page.locator(`${byTestId('parameter-input-item')}:visible, .el-select-dropdown__item:visible`);
	await options.first().waitFor();
	const texts = await options.evaluateAll((items) =>
		items.map((item) => (item.querySelector('.option-headline') as HTMLElement | null)?.innerText ?? (item as HTMLElement).innerText),
	);
	await page.keyboard.press('Escape');
	await options.first().waitFor({ state: 'hidden' }).catch(() => undefined);
	return texts.map((text) => text.split('\n')[0].trim());
}

export async function setSwitch(page: Page, parameter: string, on: boolean): Promise<void> {
	const input = parameterInput(page, parameter).locator('input[role=switch]');
	const checked = (await input.getAttribute('aria-checked')) === 'true';
	if (checked !== on) {
		await parameterInput(page, parameter).locator('.el-switch').click();
		await page.waitForFunction(
			({ element, wanted }) => (element as Element).getAttribute('aria-checked') === String(wanted),
			{ element: await input.elementHandle(), wanted: on },
		);
	}
}

/**
 * What the Parameters tab shows right after a parameter: the next parameter's name, or
 * "node-credentials" for the credential field.
 */
export async function itemAfterParameter(page: Page, name: string): Promise<string> {
	return ndvParameters(page).evaluate((root, wanted) => {
		const label = root.querySelector(`label[for="${wanted}"]`);
		let item = label?.closest('[data-test-id="parameter-item"]') as HTMLElement | null;
		while (item?.parentElement && item.parentElement !== root && !item.nextElementSibling) item = item.parentElement;
		let next = item?.nextElementSibling as HTMLElement | null;
		while (next && next.offsetParent === null) next = next.nextElementSibling as HTMLElement | null;
		if (!next) return '';
		if (next.querySelector('[data-test-id="node-credentials-slot"]') || next.matches('.node-credentials')) return 'node-credentials';
		return next.querySelector('label[for]')?.getAttribute('for') ?? next.getAttribute('data-test-id') ?? '';
	}, name);
}

/** The texts of the notices the Parameters tab shows. */
export async function visibleNotices(page: Page): Promise<string[]> {
	return ndvParameters(page).evaluate((root) =>
		[...root.querySelectorAll('.notice')]
			.filter((element) => (element as HTMLElement).offsetParent !== null)
			.map((element) => (element as HTMLElement).innerText.trim())
			.filter(Boolean),
	);
}

// ---- credentials -------------------------------------------------------------------------------

export const credentialModal = (page: Page) => page.locator(byTestId('credential-edit-dialog'));

/** Credentials page → Create credential → type chosen by its display name → the empty credential form. */
export async function newCredential(session: EditorSession, typeDisplayName: string): Promise<Locator> {
	const { page } = session;
	session.step(`new credential ${typeDisplayName}`);
	await page.goto(session.url('/home/credentials'));
	await page.locator(byTestId('add-resource-credential')).click();
	const select = page.locator(byTestId('new-credential-type-select'));
	await select.locator('input').first().fill(typeDisplayName);
	await page
		.locator(`${byTestId('new-credential-type-select-option')}:visible`)
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(typeDisplayName)}\\s*$`) })
		.click();
	await page.locator(byTestId('new-credential-type-button')).click();
	await credentialModal(page).locator(byTestId('credential-connection-parameter')).first().waitFor();
	return credentialModal(page);
}

/**
 * Field names the credential form shows, top to bottom. Fields behind display rules (a token shown
 * for one auth type) are drawn a moment after the first ones, so the names a caller expects are
 * waited for first; a field that never shows fails here with its name.
 */
export async function credentialFields(page: Page, expected: string[] = []): Promise<string[]> {
	for (const name of expected) {
		await credentialModal(page)
			.locator(byTestId(`parameter-input-${name}`))
			.first()
			.waitFor({ state: 'visible', timeout: 10_000 })
			.catch(() => {
				throw new Error(`the credential form never showed the field "${name}"`);
			});
	}
	return credentialModal(page).evaluate((root) => {
		const names: string[] = [];
		for (const element of root.querySelectorAll('[data-test-id^="parameter-input-"]')) {
			const match = /^parameter-input-(.+)$/.exec(element.getAttribute('data-test-id') ?? '');
			if (!match || ['field', 'hint', 'item'].includes(match[1])) continue;
			if ((element as HTMLElement).offsetParent === null) continue;
			if (!names.includes(match[1])) names.push(match[1]);
		}
		return names;
	});
}

export async function fillCredentialField(page: Page, name: string, value: string): Promise<void> {
	await credentialModal(page).locator(byTestId(`parameter-input-${name}`)).locator('input, textarea').first().fill(value);
}

export type CredentialTestResult = { ok: true } | { ok: false; message: string };

const FAILURE_TITLE = 'Couldn’t connect with these settings';

/**
 * Saves the credential (n8n tests it on save, for a type with a test) and reads the result banner
 * the editor shows for that test: the test call's answer says when, the banner says what.
 */
export async function saveAndReadTest(page: Page): Promise<CredentialTestResult> {
	const modal = credentialModal(page);
	const tested = page.waitForResponse((response) => /\/rest\/credentials\/test\b/.test(response.url()));
	await page.locator(byTestId('credential-save-button')).click();
	const answer = (await (await tested).json().catch(() => ({}))) as { data?: { status?: string } };
	const expectOk = answer.data?.status === 'OK';
	const success = modal.locator(byTestId('credentials-config-container-test-success'));
	const failure = modal.locator('.el-tag__content').filter({ hasText: FAILURE_TITLE });
	// The banner of the previous test can still be up for a moment: wait for the one of this test.
	await (expectOk ? success : failure).waitFor().catch(() => undefined);
	if (await success.isVisible()) return { ok: true };
	await failure.waitFor();
	const more = failure.getByText('More details');
	if (await more.isVisible()) await more.click();
	const details = failure.locator('[class*="_details_"]');
	await details.waitFor();
	return { ok: false, message: (await details.innerText()).trim() };
}

/**
 * Saves a credential of a type without a test: resolves what the form claims afterwards (a
 * "Connection tested successfully" banner would claim a connection that never happened).
 */
export async function saveWithoutTest(page: Page): Promise<{ testRequested: boolean; claimsSuccess: boolean }> {
	let testRequested = false;
	const onRequest = (request: { url(): string }) => {
		if (/\/rest\/credentials\/test\b/.test(request.url())) testRequested = true;
	};
	page.on('request', onRequest);
	const saved = page.waitForResponse(
		(response) => /\/rest\/credentials(\/[^/]+)?(\?|$)/.test(response.url()) && ['POST', 'PATCH'].includes(response.request().method()),
	);
	await page.locator(byTestId('credential-save-button')).click();
	await saved;
	// The form has settled once a saved credential can be deleted: then read it.
	await page.locator(byTestId('credential-delete-button')).waitFor();
	page.off('request', onRequest);
	const claimsSuccess = await credentialModal(page).locator(byTestId('credentials-config-container-test-success')).isVisible();
	return { testRequested, claimsSuccess };
}

export async function closeCredentialModal(page: Page): Promise<void> {
	const modal = credentialModal(page);
	if (!(await modal.isVisible())) return;
	await page.keyboard.press('Escape');
	await modal.waitFor({ state: 'detached' });
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
