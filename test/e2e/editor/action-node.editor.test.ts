/**
 * The action node in the editor: added from the nodes panel, then every resource/operation shows the
 * parameters its description says it shows (by n8n's own display rules), each with a label, and the
 * display rules users rely on hold in the browser (Submit's result-wait fields only with Wait for
 * Result on; the pending-request fields only with the check on; Extract From Text's expected-code
 * fields by source).
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import type { NodeTypeEntry } from '../harness/n8n-types';
import { closeBrowser, openEditor, type EditorSession } from './browser';
import {
	chooseOption,
	expectParameters,
	closeNdv,
	closeNodesPanel,
	ndv,
	ndvDocsLink,
	openNdv,
	openNewWorkflow,
	optionNames,
	parameterInput,
	parameterLabel,
	readCanvasNodes,
	searchNodesPanel,
	selectedOption,
	setSwitch,
	visibleParameters,
} from './editor-pages';
import { expectedVisibleParameters, isTrigger, latestVersion, nodeDescription, optionsOf, packageNodeTypes } from './package-nodes';

let session: EditorSession;
let action: NodeTypeEntry;
let description: INodeTypeDescription;

beforeAll(async () => {
	const nodes = await packageNodeTypes();
	const actions = nodes.filter((n) => !isTrigger(n));
	expect(actions).toHaveLength(1);
	action = actions[0];
	description = await nodeDescription(action.name, latestVersion(action));
	session = await openEditor({ theme: 'light' });
});

afterAll(async () => {
	await session?.close();
	await closeBrowser();
});

const SUBMIT_WAIT_FIELDS = ['resultTimeoutSeconds', 'gracePeriodSeconds', 'resultPollIntervalSeconds'];
const SUBMIT_PENDING_FIELDS = ['whenNothingPending', 'validateAgainstRequest'];

describe('the action node in the editor', () => {
	test('it is added from the nodes panel through its "Submit" action', async () => {
		const { page } = session;
		await openNewWorkflow(session);
		session.step('add the action node');
		const panel = await searchNodesPanel(session, 'Reconbanker');
		await panel.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Reconbanker$/ }).click();
		const submit = optionsOf(description, 'operation', { resource: 'code' }).find((o) => o.value === 'submit');
		expect(submit).toBeDefined();
		// The grouped entry lists the operations by their action text ("Submit a one-time code").
		const submitAction = (description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('code'))
			?.options as Array<{ value: string; action?: string }>)?.find((o) => o.value === 'submit')?.action;
		expect(submitAction).toBeTruthy();
		const actionsHeader = panel.getByText(/^Actions \(\d+\)$/);
		const submitItem = panel.getByText(submitAction!, { exact: true });
		if (!(await submitItem.isVisible())) await actionsHeader.click();
		await submitItem.click();
		await ndv(page).locator('[data-test-id="node-parameters"]').waitFor();
		await closeNodesPanel(page);
		expect(await selectedOption(page, 'resource')).toBe('Code');
		expect(await selectedOption(page, 'operation')).toBe('Submit');
		session.expectNoPackageErrors();
	});

	test('every resource and operation shows the parameters its description says, each with a label', async () => {
		const { page } = session;
		const problems: string[] = [];
		for (const resource of optionsOf(description, 'resource')) {
			session.step(`resource ${resource.name}`);
			await chooseOption(page, 'resource', resource.name);
			for (const operation of optionsOf(description, 'operation', { resource: resource.value })) {
				session.step(`${resource.name} → ${operation.name}`);
				await chooseOption(page, 'operation', operation.name);
				const expected = expectedVisibleParameters(description, { resource: resource.value, operation: operation.value });
				let shown: string[];
				try {
					shown = await expectParameters(page, { shown: expected });
				} catch (error) {
					problems.push(`${resource.name} → ${operation.name}: ${(error as Error).message}`);
					shown = await visibleParameters(page);
				}
				const extra = shown.filter((name) => !expected.includes(name));
				if (extra.length) problems.push(`${resource.name} → ${operation.name}: unexpected [${extra.join(', ')}]`);
				for (const name of shown) {
					const label = await parameterLabel(page, name);
					if (!label) problems.push(`${resource.name} → ${operation.name}: parameter ${name} has no label`);
				}
			}
		}
		expect(problems).toEqual([]);
		session.expectNoPackageErrors();
	});

	test('Submit: the result-wait fields appear only with Wait for Result on, the request checks only with the check on', async () => {
		const { page } = session;
		session.step('Submit display rules');
		await chooseOption(page, 'resource', 'Code');
		await chooseOption(page, 'operation', 'Submit');

		await setSwitch(page, 'waitForResult', false);
		await expectParameters(page, { hidden: SUBMIT_WAIT_FIELDS });
		await setSwitch(page, 'waitForResult', true);
		await expectParameters(page, { shown: SUBMIT_WAIT_FIELDS });

		await setSwitch(page, 'checkPendingRequest', false);
		await expectParameters(page, { hidden: SUBMIT_PENDING_FIELDS });
		await setSwitch(page, 'checkPendingRequest', true);
		await expectParameters(page, { shown: SUBMIT_PENDING_FIELDS });

		// The picture for the README: Submit with its defaults and Wait for Result on, scrolled to its end.
		await parameterInput(page, SUBMIT_WAIT_FIELDS[SUBMIT_WAIT_FIELDS.length - 1]).scrollIntoViewIfNeeded();
		await session.screenshot('submit-parameters');
		session.expectNoPackageErrors();
	});

	test('no "Custom API Call": the resources and operations are exactly the node\'s own', async () => {
		const { page } = session;
		session.step('resource and operation options');
		expect(await optionNames(page, 'resource')).toEqual(optionsOf(description, 'resource').map((o) => o.name));
		for (const resource of optionsOf(description, 'resource')) {
			await chooseOption(page, 'resource', resource.name);
			expect(await optionNames(page, 'operation')).toEqual(
				optionsOf(description, 'operation', { resource: resource.value }).map((o) => o.name),
			);
		}
		expect(description.properties.some((p) => JSON.stringify(p.options ?? []).includes('__CUSTOM_API_CALL__'))).toBe(false);
	});

	test('the canvas subtitle names the operation in words; Docs links to the README section', async () => {
		const { page } = session;
		session.step('subtitle and docs link');
		await chooseOption(page, 'resource', 'Code');
		await chooseOption(page, 'operation', 'Submit');
		const docs = await ndvDocsLink(page);
		expect(docs).toMatch(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-reconbanker#[a-z0-9-]+$/);
		await closeNdv(page);
		const node = (await readCanvasNodes(page)).find((n) => n.type === action.name);
		expect(node?.subtitle).toBe('Submit');
		await openNdv(page, node!.name);
	});

	test('Extract From Text: the expected-code fields follow the chosen source', async () => {
		const { page } = session;
		session.step('Extract From Text display rules');
		await chooseOption(page, 'resource', 'Code');
		const extract = optionsOf(description, 'operation', { resource: 'code' }).find((o) => o.value === 'extractFromText');
		expect(extract).toBeDefined();
		await chooseOption(page, 'operation', extract!.name);
		const sources = optionsOf(description, 'descriptorSource', { resource: 'code', operation: 'extractFromText' });
		const byValue = (value: string) => sources.find((s) => s.value === value)?.name;
		expect(byValue('manual')).toBeDefined();
		expect(byValue('pendingRequest')).toBeDefined();

		// Modes that call no API ask for no credential.
		const credentialSlot = ndv(page).locator('[data-test-id="node-credentials-slot"]');
		await chooseOption(page, 'descriptorSource', byValue('manual')!);
		await expectParameters(page, { shown: ['codeLength', 'codeType'] });
		await credentialSlot.waitFor({ state: 'detached' });
		await chooseOption(page, 'descriptorSource', byValue('none')!);
		await credentialSlot.waitFor({ state: 'detached' });
		await chooseOption(page, 'descriptorSource', byValue('pendingRequest')!);
		await expectParameters(page, { shown: ['accountId'], hidden: ['codeLength', 'codeType'] });
		await credentialSlot.first().waitFor();
		session.expectNoPackageErrors();
	});
});
