/**
 * The packed tarball, installed into n8n's community-nodes folder the way n8n installs a community
 * package, loads in a real n8n: every node and credential named in package.json's "n8n" block is
 * listed under the package-name type (`n8n-nodes-reconbanker.<node>`), with its icons served.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { e2e, n8nLog } from './harness/context';
import { declaredTypes, installedPackageJson, n8nCredentialTypes, n8nNodeTypes } from './harness/n8n-types';

const { ctx, web } = e2e();
const declared = declaredTypes();

describe(`${declared.packageName} installed into n8n ${ctx.n8nVersion}`, () => {
	test('is installed where n8n keeps community packages, as n8n installs them', () => {
		const nodesDir = path.join(ctx.userFolder, '.n8n', 'nodes');
		expect(ctx.package.dir).toBe(path.join(nodesDir, 'node_modules', declared.packageName));
		const manifest = JSON.parse(readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
		expect(manifest.dependencies).toEqual(expect.objectContaining({ [declared.packageName]: ctx.package.version }));
		const pkg = installedPackageJson();
		// n8n strips these before installing the package's own dependencies.
		expect(pkg).not.toHaveProperty('devDependencies');
		expect(pkg).not.toHaveProperty('peerDependencies');
		for (const file of [...(pkg.n8n.nodes ?? []), ...(pkg.n8n.credentials ?? [])]) {
			expect(existsSync(path.join(ctx.package.dir, file))).toBe(true);
		}
	});

	test('declares at least one node and one credential', () => {
		expect(declared.nodes.length).toBeGreaterThan(0);
		expect(declared.credentials.length).toBeGreaterThan(0);
	});

	test('n8n logged no failure loading the package at start', () => {
		const log = n8nLog();
		// The start-up part of the log (other test files' executions come later).
		const boot = log.slice(0, log.indexOf('Editor is now accessible') + 1 || undefined);
		const name = declared.packageName;
		const problems = boot
			.split('\n')
			.filter(
				(line) =>
					line.includes(`"${name}"`) || line.includes(`package ${name}`) || line.includes(`/.n8n/nodes/node_modules/${name}/`),
			)
			.filter((line) => /fail|error|skipping|could not|cannot|invalid/i.test(line));
		expect(problems).toEqual([]);
	});

	test.each(declared.nodes.map((n) => [`${declared.packageName}.${n.name}`, n.file]))(
		'n8n lists the node %s (%s)',
		async (type) => {
			const names = (await n8nNodeTypes()).map((t) => t.name);
			expect(names).toContain(type);
		},
	);

	test.each(declared.credentials.map((c) => [c.name, c.file]))('n8n lists the credential %s (%s)', async (type) => {
		const names = (await n8nCredentialTypes()).map((t) => t.name);
		expect(names).toContain(type);
	});

	test("every credential the package's nodes ask for is a credential n8n knows", async () => {
		const known = new Set((await n8nCredentialTypes()).map((c) => c.name));
		const ours = (await n8nNodeTypes()).filter((t) => t.name.startsWith(`${declared.packageName}.`));
		const missing = ours.flatMap((t) =>
			(t.credentials ?? []).filter((c) => !known.has(c.name)).map((c) => `${t.name} → ${c.name}`),
		);
		expect(missing).toEqual([]);
	});

	test("n8n serves every icon of the package's nodes and credentials", async () => {
		const ours = [
			...(await n8nNodeTypes()).filter((t) => t.name.startsWith(`${declared.packageName}.`)),
			...(await n8nCredentialTypes()).filter((c) => declared.credentials.some((d) => d.name === c.name)),
		];
		const urls = new Set<string>();
		const withoutIcon: string[] = [];
		for (const type of ours) {
			const icon = type.iconUrl;
			if (!icon) withoutIcon.push(type.name);
			else for (const url of typeof icon === 'string' ? [icon] : Object.values(icon)) urls.add(url);
		}
		expect(withoutIcon).toEqual([]);
		const failures: string[] = [];
		for (const url of urls) {
			const result = await web.request('GET', `/${url}`);
			if (result.status !== 200 || !/image\//.test(result.headers.get('content-type') ?? '')) {
				failures.push(`${url} → ${result.status} ${result.headers.get('content-type')}`);
			}
		}
		expect(failures).toEqual([]);
	});
});
