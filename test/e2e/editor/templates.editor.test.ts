/**
 * Every template (templates/*.json) imported through the editor's own import (Import from File):
 * every node is drawn, and no node shows an issue beyond the credentials a user must choose — no
 * unknown node, no missing credential type, no parameter problem. The authenticator template on
 * the canvas is a README picture.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../harness/context';
import { closeBrowser, openEditor, type EditorSession } from './browser';
import { importWorkflowFile, openNewWorkflow, readCanvasNodes, readNodeIssues, zoomToFit } from './editor-pages';

const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
const templateFiles = existsSync(TEMPLATES_DIR)
	? readdirSync(TEMPLATES_DIR)
			.filter((f) => f.endsWith('.json'))
			.sort()
	: [];

/**
 * What a freshly imported template may show: the credentials the user has to choose, and the
 * account IDs only they know (left empty, so the node is marked until they are filled in).
 */
const EXPECTED_ISSUES = [/^Credentials for .+ are not set\.?$/, /^Parameter "Account IDs?" is required\.?$/];

/** Markers a template must show: a field the user has to fill in is flagged, never a placeholder text. */
const REQUIRED_ISSUES: Record<string, string[]> = {
	'polling-status-trigger.json': ['Reconbanker Status Trigger: Parameter "Account IDs" is required.'],
	// One number / inbox for several accounts: their IDs go in one field, flagged until filled in.
	'sms-to-reconbanker.json': ['Find Waiting Account: Parameter "Account IDs" is required.'],
	'email-to-reconbanker.json': ['Find Waiting Account: Parameter "Account IDs" is required.'],
};

/** Template → README picture of it on the canvas. */
const PICTURES: Record<string, string> = { 'authenticator-totp.json': 'template-authenticator' };

let session: EditorSession;

beforeAll(async () => {
	session = await openEditor({ theme: 'light' });
});

afterAll(async () => {
	await session?.close();
	await closeBrowser();
});

test('there are templates to import', () => {
	expect(templateFiles.length).toBeGreaterThan(0);
});

describe.each(templateFiles)('template %s imported in the editor', (file) => {
	test('every node is drawn, with no issue beyond the credentials to choose', async () => {
		const template = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as {
			nodes: Array<{ name: string; type: string; disabled?: boolean }>;
		};
		await openNewWorkflow(session);
		session.step(`import ${file}`);
		await importWorkflowFile(session, path.join(TEMPLATES_DIR, file));
		const { page } = session;

		const drawn = await readCanvasNodes(page);
		const wanted = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').map((n) => n.name).sort();
		expect(drawn.map((n) => n.name).sort()).toEqual(wanted);

		const all: string[] = [];
		for (const node of drawn.filter((n) => n.hasIssues)) {
			for (const issue of await readNodeIssues(page, node.name)) all.push(`${node.name}: ${issue}`);
		}
		const unexpected = all.filter((line) => !EXPECTED_ISSUES.some((re) => re.test(line.slice(line.indexOf(': ') + 2))));
		expect(unexpected).toEqual([]);
		for (const required of REQUIRED_ISSUES[file] ?? []) expect(all).toContain(required);
		// No placeholder text standing in for a value the user must give.
		expect(JSON.stringify(template.nodes.filter((n) => n.type.startsWith('n8n-nodes-reconbanker.')))).not.toMatch(/PASTE-YOUR/);

		const picture = PICTURES[file];
		if (picture) {
			await zoomToFit(page);
			await session.screenshot(picture);
		}
		session.expectNoPackageErrors();
	});
});
