/**
 * Every link from the nodes and credentials to a README section (documentationUrl, codex
 * documentation, notices) lands on a heading that exists: a renamed heading fails here, not in a
 * user's browser.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const README_URL = 'https://www.npmjs.com/package/n8n-nodes-reconbanker';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? files(full) : /\.(ts|json)$/.test(name) ? [full] : [];
	});
}

/** GitHub/npm heading slugs: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');
}

const anchors = new Set(
	readFileSync(path.join(ROOT, 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6}\s/.test(line))
		.map((line) => slug(line.replace(/^#+\s*/, ''))),
);

const links = [...files(path.join(ROOT, 'nodes')), ...files(path.join(ROOT, 'credentials'))].flatMap((file) =>
	[...readFileSync(file, 'utf8').matchAll(/https:\/\/www\.npmjs\.com\/package\/n8n-nodes-reconbanker#([A-Za-z0-9-]+)/g)].map(
		(match) => ({ file: path.relative(ROOT, file), anchor: match[1] }),
	),
);

describe('links from the nodes and credentials to README sections', () => {
	it('there are some', () => {
		expect(links.length).toBeGreaterThan(5);
	});

	it.each(links.map((l) => [l.file, l.anchor]))('%s → #%s exists in README.md', (_file, anchor) => {
		expect(anchors).toContain(anchor);
	});

	it('every node names its README section as documentationUrl', () => {
		const nodeFiles = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.node.ts'));
		for (const file of nodeFiles) {
			expect({ file, documentationUrl: readFileSync(file, 'utf8').includes(`documentationUrl: '${README_URL}#`) }).toEqual({
				file,
				documentationUrl: true,
			});
		}
	});
});
