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

/** What a freshly imported template may show: the credentials the user has to choose. */
const EXPECTED_ISSUE = /^Credentials for .+ are not set\.?$/;

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

		const unexpected: string[] = [];
		for (const node of drawn.filter((n) => n.hasIssues)) {
			for (const issue of await readNodeIssues(page, node.name)) {
				if (!EXPECTED_ISSUE.test(issue)) unexpected.push(`${node.name}: ${issue}`);
			}
		}
		expect(unexpected).toEqual([]);

		const picture = PICTURES[file];
		if (picture) {
			await zoomToFit(page);
			await session.screenshot(picture);
		}
		session.expectNoPackageErrors();
	});
});
