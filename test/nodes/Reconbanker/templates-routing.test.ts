/**
 * The SMS and email templates route a code to the one waiting account among several: their own
 * Extract Code → Find Waiting Account → Submit Code parameters, run node after node through
 * n8n-core's engine against the sandbox (the list of account IDs filled in as a user does).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { run, useWorld } from './helpers';

const world = useWorld();

interface TemplateNode {
	name: string;
	parameters: INodeParameters;
}

function templateNodes(file: string): Record<string, INodeParameters> {
	const template = JSON.parse(readFileSync(path.join(__dirname, '../../../templates', file), 'utf8')) as {
		nodes: TemplateNode[];
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};
	// The three nodes follow each other in the template.
	expect(template.connections['Extract Code'].main[0][0].node).toBe('Find Waiting Account');
	expect(template.connections['Find Waiting Account'].main[0][0].node).toBe('Submit Code');
	const byName = Object.fromEntries(template.nodes.map((node) => [node.name, node.parameters]));
	return byName;
}

/** Runs the template's three Reconbanker nodes on one incoming message; returns each one's output. */
async function route(file: string, message: IDataObject, accountIds: string[]) {
	const nodes = templateNodes(file);
	const pass = (output: Array<{ json: IDataObject }>) => ({ items: output.map(({ json }) => ({ json })) });
	const extracted = await run(world, nodes['Extract Code'], { items: [{ json: message }] });
	const found = await run(world, { ...nodes['Find Waiting Account'], accountIds: accountIds.join('\n') }, pass(extracted));
	// The template watches the result for 60 s; here the submission itself is what is checked.
	const submitted =
		found.length === 0 ? [] : await run(world, { ...nodes['Submit Code'], waitForResult: false }, pass(found));
	return { extracted, found, submitted };
}

describe.each([
	['sms-to-reconbanker.json', (text: string) => ({ from: '+34 600 000 000', bankSender: '+34600000000', text })],
	['email-to-reconbanker.json', (text: string) => ({ textPlain: text, textHtml: `<p>${text}</p>`, maxAgeMinutes: 10 })],
])('%s serves several accounts', (file, message) => {
	it('sends the code to the one account waiting for a code like it, and nowhere else', async () => {
		const idle = world.newAccount();
		const sixDigits = world.newAccount();
		const eightCharacters = world.newAccount();
		const { id } = world.sb.openRequest(sixDigits, { length: 6, type: 'numeric' });
		world.sb.openRequest(eightCharacters, { length: 8, type: 'alphanumeric' });

		const { found, submitted } = await route(file, message('Your bank code is 482913. Never share it.'), [
			idle,
			sixDigits,
			eightCharacters,
		]);

		expect(found.map(({ json }) => json)).toEqual([
			expect.objectContaining({ found: true, accountId: sixDigits, requestId: id, code: '482913' }),
		]);
		expect(submitted.map(({ json }) => json)).toEqual([
			expect.objectContaining({ submitted: true, accountId: sixDigits, requestId: id }),
		]);
		expect(world.sb.submissions(sixDigits).map(({ code }) => code)).toEqual(['482913']);
		expect(world.sb.submissions(eightCharacters)).toEqual([]);
		expect(world.sb.submissions(idle)).toEqual([]);
	});

	it('stops quietly when no listed account waits', async () => {
		const accounts = [world.newAccount(), world.newAccount()];

		const { found, submitted } = await route(file, message('Your bank code is 482913.'), accounts);

		expect(found).toEqual([]);
		expect(submitted).toEqual([]);
		for (const account of accounts) expect(world.sb.submissions(account)).toEqual([]);
	});

	it('refuses, sending nothing, when two accounts wait for the same kind of code', async () => {
		const accounts = [world.newAccount(), world.newAccount()];
		for (const account of accounts) world.sb.openRequest(account, { length: 6, type: 'numeric' });

		await expect(route(file, message('Your bank code is 482913.'), accounts)).rejects.toThrow(
			`2 accounts are waiting for a code like this one: ${accounts[0]}, ${accounts[1]}`,
		);
		for (const account of accounts) expect(world.sb.submissions(account)).toEqual([]);
	});
});
