/**
 * The queue-mode cluster itself: PostgreSQL and Redis of its own, main + 2 workers + 2 webhook
 * processes on one database, each with the package installed in its own user folder the way n8n
 * installs a community package — and every one of them loaded it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { e2e, REPO_ROOT } from '../harness/context';
import { n8nNodeTypes } from '../harness/n8n-types';
import { processLog, processNames, queueContext } from '../harness/queue';

const { ctx } = e2e();
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

describe(`queue-mode cluster of n8n ${ctx.n8nVersion}`, () => {
	test('is main + 2 workers + 2 webhook processes sharing one database, Redis and encryption key', () => {
		const { processes } = queueContext();
		expect(processNames('start')).toEqual(['main']);
		expect(processNames('worker')).toEqual(['worker-1', 'worker-2']);
		expect(processNames('webhook')).toEqual(['webhook-1', 'webhook-2']);
		const shared = ['EXECUTIONS_MODE', 'DB_TYPE', 'DB_POSTGRESDB_PORT', 'QUEUE_BULL_REDIS_PORT', 'N8N_ENCRYPTION_KEY'];
		for (const spec of Object.values(processes)) {
			for (const key of shared) expect([spec.name, key, spec.env[key]]).toEqual([spec.name, key, processes.main.env[key]]);
		}
		expect(processes.main.env.EXECUTIONS_MODE).toBe('queue');
		expect(processes.main.env.DB_TYPE).toBe('postgresdb');
		expect(processes.main.env.N8N_DISABLE_PRODUCTION_MAIN_PROCESS).toBe('true');
		// Each process has a user folder of its own, as each container would.
		expect(new Set(Object.values(processes).map((spec) => spec.userFolder)).size).toBe(5);
	});

	test.each(['main', 'worker-1', 'worker-2', 'webhook-1', 'webhook-2'])(
		'%s has the package in its own user folder, as n8n installs it',
		(name) => {
			const nodesDir = path.join(queueContext().processes[name].userFolder, '.n8n', 'nodes');
			const manifest = JSON.parse(readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
			expect(manifest.dependencies).toEqual(expect.objectContaining({ [pkg.name]: expect.any(String) }));
			for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
				expect(existsSync(path.join(nodesDir, 'node_modules', pkg.name, file))).toBe(true);
			}
		},
	);

	test.each(['main', 'worker-1', 'worker-2', 'webhook-1', 'webhook-2'])('%s loaded every node and credential of the package', (name) => {
		const log = processLog(name);
		// n8n's package loader (debug level): "Loaded all credentials and nodes from <package>" { credentials, nodes }
		const loaded = log.split('\n').find((line) => line.includes(`Loaded all credentials and nodes from ${pkg.name}`));
		expect(loaded).toBeDefined();
		// n8n prints the object compact or spaced, depending on its log format.
		expect(loaded).toMatch(new RegExp(`"credentials":\\s*${pkg.n8n.credentials.length}\\b`));
		expect(loaded).toMatch(new RegExp(`"nodes":\\s*${pkg.n8n.nodes.length}\\b`));
		// Lines naming the package itself (not the runtime's cache folder, which has the name too).
		const problems = log
			.split('\n')
			.filter(
				(line) =>
					line.includes(`"${pkg.name}"`) ||
					line.includes(`package ${pkg.name}`) ||
					line.includes(`/.n8n/nodes/node_modules/${pkg.name}/`),
			)
			.filter((line) => /fail|error|skipping|could not|cannot|invalid/i.test(line));
		expect(problems).toEqual([]);
	});

	test('the main lists the package\'s nodes under the package-name type', async () => {
		const names = (await n8nNodeTypes()).map((t) => t.name);
		for (const type of ['reconbanker', 'reconbankerTrigger', 'reconbankerStatusTrigger']) {
			expect(names).toContain(`${pkg.name}.${type}`);
		}
	});
});
