/**
 * Attempt safety in the real n8n (issue 7, "Done when"; README "Attempt safety"): Submit's guards
 * kept in n8n's own deduplication store (SQLite here) across executions, against a sandbox that
 * rejects wrong codes the way a bank does — the code clears the request at once, the login asks
 * again with a NEW request (`attempts: 1`) after a reject delay. The real server's delay is 1–17 s;
 * here it is 1–3 s (random in that range) so the loops finish quickly.
 *
 * 1. The unchanged authenticator template with a TOTP credential holding a wrong secret, five code
 *    requests for one account in one TOTP step: one code reaches the bank, four executions refuse.
 * 2. The push loop (Reconbanker Trigger → Submit, Wait for Result): the next request is opened and
 *    answered between two status reads of the first execution → that execution still reports
 *    `rejected` (the sent-marker of the execution that answered it); a control shows the same race
 *    answered from outside the workflow reads as `accepted` (the README's stated limit).
 * 3. A redelivered notification for a request already answered ends quietly (`already_answered`).
 * 4. Two notifications for one request at the same moment → one code, whether the two executions
 *    have the same code (a redelivery) or different ones (then only the claim protocol can decide).
 * 5. No live login (`session_running: false`) → no code, a clear refusal.
 * Each part ends by searching n8n for its secrets (none may be stored, refusals included).
 *
 * The API credential's Base URL is a gated link (harness/link.ts) in front of the sandbox: it holds
 * chosen requests of one account back until something has happened — how test 2 makes a status
 * read arrive only after the next request came and went, and test 4 makes the code reach the
 * sandbox 3 s late (so both executions surely saw the request pending and a guard decided).
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';

import {
	createCredential,
	e2e,
	executionError,
	findSecretsInN8n,
	listExecutions,
	nodeOutputJson,
	statusAndError,
	REPO_ROOT,
	startTestSandbox,
	waitFor,
	type ExecutionSummary,
	type SandboxHandle,
} from './harness/context';
import { startGatedLink, type GatedLink } from './harness/link';
import {
	chooseCredentials,
	createApiCredential,
	createWebhookAuthCredential,
	executionsForRequest,
	loadTemplate,
	notifyN8nFrom,
	publishWebhookWorkflow,
	PUSH_SUBMIT,
	PUSH_TRIGGER,
	pushLoopWorkflow,
	redeliverWithNewTime,
	removeFromN8n,
	sleep,
	SUBMIT_TYPE,
	templateNode,
	TRIGGER_TYPE,
	waitForExecutionForRequest,
	webhookSecrets,
} from './harness/workflows';

const { api } = e2e();

const TOTP_TYPE = 'n8n-nodes-base.totp';
/** The bank's reject delay in these tests (the real server: 1–17 s). */
const REJECT_DELAY_MS: [number, number] = [1_000, 3_000];
const DESCRIPTOR = { length: 6, type: 'numeric', purpose: 'login' };

const { generateSecret } = require(path.join(REPO_ROOT, 'test', 'sandbox', 'totp.js')) as { generateSecret(): string };

/** Writes a timing or what-happened line into the test output. */
const report = (line: string) => process.stderr.write(`[e2e attempt-safety] ${line}\n`);

/** Status reads of one account that reached the sandbox within [from, to]. */
const statusReadsBetween = (sandbox: SandboxHandle, accountId: string, from: number, to: number) =>
	sandbox.log.filter(
		(entry: { method: string; path: string; at: number }) =>
			entry.method === 'GET' && entry.path.endsWith(`/v1/accounts/${accountId}/status`) && entry.at >= from && entry.at <= to,
	);

describe('TOTP wrong-secret loop: the authenticator template with a wrong secret', () => {
	let sandbox: SandboxHandle;
	let accountId: string;
	let workflowId: string;
	let names: { trigger: string; totp: string; submit: string };
	const credentialIds: string[] = [];
	const secrets = webhookSecrets();
	const totpSecrets = { right: generateSecret(), wrong: generateSecret() };
	let apiKey: string;

	beforeAll(async () => {
		const template = loadTemplate('authenticator-totp.json');
		const trigger = templateNode(template, TRIGGER_TYPE);
		names = { trigger: trigger.name, totp: templateNode(template, TOTP_TYPE).name, submit: templateNode(template, SUBMIT_TYPE).name };

		sandbox = await startTestSandbox({ signingSecret: secrets.signingSecret, rejectionReopenDelayMs: REJECT_DELAY_MS });
		const user = sandbox.createUser({ email: 'attempt-safety-totp@example.com', password: 'pw-attempt-safety-totp' });
		accountId = sandbox.createAccount({ userId: user.id }).id;
		apiKey = sandbox.createApiKey({ userId: user.id, scopes: ['otp:write', 'status:read'], accountIds: [accountId] }).key;
		// The bank expects the current TOTP code of the RIGHT secret; the credential holds another one.
		sandbox.setExpectedCode(accountId, { totpSecret: totpSecrets.right });

		const ids: Record<string, string> = {
			reconbankerWebhookAuth: await createWebhookAuthCredential(api, secrets),
			totpApi: await createCredential(api, 'totpApi', { secret: totpSecrets.wrong, label: 'Sandbox Bank:wrong secret' }),
			reconbankerApi: await createApiCredential(api, sandbox, apiKey),
		};
		credentialIds.push(...Object.values(ids));
		chooseCredentials(template, ids);
		// The only change to the template: a webhook id of its own (another copy may be published in this n8n).
		trigger.webhookId = randomUUID();

		let webhookUrl: string;
		let probeStatus: number;
		({ workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(api, template, { name: 'e2e attempt safety TOTP', trigger: names.trigger }));
		expect(probeStatus).toBe(401);
		notifyN8nFrom(sandbox, accountId, { webhookUrl, token: secrets.webhookToken });
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	const secondsLeftInStep = () => 30 - (Math.floor(Date.now() / 1000) % 30);

	test('TOTP wrong-secret loop: five code requests in one 30-second step → exactly one POST, four clear refusals', async () => {
		// Start early in a step so the whole loop (~10 s) fits in it; if it still crosses, the README's
		// promise is checked instead (at most two bank attempts).
		await waitFor(() => secondsLeftInStep() >= 25, { timeoutMs: 35_000, intervalMs: 100, what: 'the start of a TOTP step' });
		const startedAt = Date.now();
		const requestIds = [sandbox.openRequest(accountId, DESCRIPTOR).id];

		// The bank rejects the code; the login asks again 1–3 s later with a new request (notified).
		const reopened = await waitFor(
			() =>
				sandbox.events.list.find(
					(e: any) => e.type === 'assistance.requested' && e.accountId === accountId && e.data.requestId !== requestIds[0],
				),
			{ timeoutMs: 60_000, what: 'the login asking again after the rejected code' },
		);
		expect(reopened.data).toEqual(expect.objectContaining({ attempts: 1, descriptor: DESCRIPTOR }));
		requestIds.push(reopened.data.requestId);
		// Requests 3–5: the login keeps asking (a new login run each time the request goes unanswered),
		// each once the previous notification's execution has finished.
		while (requestIds.length < 5) {
			await waitForExecutionForRequest(api, workflowId, names.trigger, requestIds[requestIds.length - 1], { timeoutMs: 60_000 });
			requestIds.push(sandbox.openRequest(accountId, DESCRIPTOR).id);
		}
		const executions: ExecutionSummary[] = [];
		for (const requestId of requestIds) {
			executions.push(await waitForExecutionForRequest(api, workflowId, names.trigger, requestId, { timeoutMs: 90_000 }));
		}
		const loopMs = Date.now() - startedAt;
		expect(await listExecutions(api, workflowId)).toHaveLength(5);

		const tokens = executions.map((e) => String(nodeOutputJson(e, names.totp)[0]?.token));
		for (const token of tokens) expect(token).toMatch(/^\d{6}$/);
		await sleep(1_000); // settle: nothing more may reach the sandbox
		const posts = sandbox.otpPosts(accountId);
		const submissions = sandbox.submissions(accountId);
		const [first, ...others] = executions;

		const refusals = others.map((e) => ({ status: e.status, error: executionError(e) }));
		report(
			`TOTP loop: 5 executions in ${loopMs} ms, TOTP codes ${new Set(tokens).size === 1 ? 'all equal (one step)' : `from ${new Set(tokens).size} steps`}, ` +
				`${posts.length} POST(s); first execution: ${JSON.stringify(nodeOutputJson(first, names.submit))}; refusals: ${JSON.stringify(refusals.map((r) => r.error?.message))}`,
		);

		// The first execution sent the code once and reports the rejection with the new request.
		expect(statusAndError(first)).toEqual({ status: 'success' });
		expect(nodeOutputJson(first, names.submit)).toEqual([
			expect.objectContaining({ accountId, submitted: true, requestId: requestIds[0], outcome: 'rejected', rejectedBecause: 'new_request' }),
		]);
		// The request it saw pending after its own: the re-opened one, or — when that one was refused and
		// replaced between two of its status reads — a later one.
		expect(requestIds.slice(1)).toContain(nodeOutputJson(first, names.submit)[0].newRequest?.id);

		// Every execution that sent nothing failed on Submit Code with a refusal that names the cause —
		// never the code — and says nothing was spent.
		const refused = refusals.filter((r, index) => !nodeOutputJson(others[index], names.submit).some((item) => item.submitted));
		for (const { status, error } of refused) {
			expect(status).toBe('error');
			expect(error?.node).toBe(names.submit);
			for (const token of tokens) expect(error?.message).not.toContain(token);
			expect(error?.description).toContain('The code was not sent, so no attempt was spent.');
		}

		if (new Set(tokens).size === 1) {
			// One step: one bank attempt, and four "already sent … the bank most likely rejected it".
			expect(posts).toHaveLength(1);
			expect(submissions).toEqual([expect.objectContaining({ code: tokens[0], status: 202, requestId: requestIds[0], outcome: 'rejected' })]);
			expect(refused).toHaveLength(4);
			for (const { error } of refused) {
				expect(error?.message).toBe(
					`This code (••••${tokens[0].slice(-2)}) was already sent to account ${accountId} in the last 10–20 minutes, and the login asked for a code again after it, so the bank most likely rejected it`,
				);
				expect(error?.description).toContain('Check the code source: for an authenticator (TOTP), its secret');
			}
		} else {
			// Crossed into the next step: the README promises at most two bank attempts, with different codes.
			expect(posts.length).toBeLessThanOrEqual(2);
			expect(new Set(submissions.map((s: any) => s.code)).size).toBe(submissions.length);
			expect(refused).toHaveLength(5 - posts.length);
			for (const { error } of refused) {
				expect(error?.message).toMatch(/was already sent to account|automatic submits for this account are paused/);
			}
		}
		expect(sandbox.getStatus(accountId).pending_assistance).toEqual(expect.objectContaining({ id: requestIds[4] }));
	});

	test('the API key, webhook token, signing secret and TOTP secret appear nowhere in n8n (refusals included)', async () => {
		const { hits } = await findSecretsInN8n(api, { apiKey, ...secrets, totpSecret: totpSecrets.wrong });
		expect(hits).toEqual([]);
	});
});

describe('push loop guards: Reconbanker Trigger → Submit (wait for result)', () => {
	let sandbox: SandboxHandle;
	let link: GatedLink;
	let userId: string;
	let apiKey: string;
	let workflowId: string;
	let webhookUrl: string;
	const secrets = webhookSecrets();
	const credentialIds: string[] = [];
	/** Per account: which requests the gated link holds back (none by default). */
	const gates = new Map<string, (method: string, path: string) => Promise<unknown> | undefined>();

	/**
	 * The code the workflow submits for a notification: the first three digits of the request id and
	 * the milliseconds of `occurred_at`. Each request gets another code; two notifications of one
	 * request get the same code when their times are whole seconds apart, different codes otherwise.
	 */
	const CODE_EXPRESSION =
		"={{ $json.requestId.replace(/[^0-9]/g, '').padEnd(3, '5').slice(0, 3) + $json.occurredAt.replace(/[^0-9]/g, '').slice(-3) }}";
	const codeFor = (run: ExecutionSummary) => {
		const { requestId, occurredAt } = nodeOutputJson(run, PUSH_TRIGGER)[0];
		return String(requestId).replace(/[^0-9]/g, '').padEnd(3, '5').slice(0, 3) + String(occurredAt).replace(/[^0-9]/g, '').slice(-3);
	};

	beforeAll(async () => {
		sandbox = await startTestSandbox({ signingSecret: secrets.signingSecret, rejectionReopenDelayMs: REJECT_DELAY_MS });
		link = await startGatedLink(sandbox.baseUrl, {
			gate: (method, path) => {
				const accountId = /\/v1\/accounts\/([^/]+)\//.exec(path)?.[1];
				return accountId ? gates.get(accountId)?.(method, path) : undefined;
			},
		});
		userId = sandbox.createUser({ email: 'attempt-safety-push@example.com', password: 'pw-attempt-safety-push' }).id;
		apiKey = sandbox.createApiKey({ userId, scopes: ['otp:write', 'status:read'], accountIds: null }).key;
		const webhookAuth = await createWebhookAuthCredential(api, secrets);
		const apiCredential = await createCredential(api, 'reconbankerApi', { baseUrl: link.url, apiKey });
		credentialIds.push(webhookAuth, apiCredential);

		let probeStatus: number;
		({ workflowId, webhookUrl, probeStatus } = await publishWebhookWorkflow(
			api,
			pushLoopWorkflow(
				{ webhookAuth, api: apiCredential },
				{
					// The request id comes from the trigger's item without any expression (Submit's default);
					// every attempt-safety option is at its default.
					accountId: '={{ $json.accountId }}',
					code: CODE_EXPRESSION,
					waitForResult: true,
					resultTimeoutSeconds: 40,
					gracePeriodSeconds: 20,
					resultPollIntervalSeconds: 1,
				},
			),
			{ name: 'e2e attempt safety push loop', trigger: PUSH_TRIGGER },
		));
		expect(probeStatus).toBe(401);
	});

	afterAll(() => removeFromN8n(api, { workflowId, credentialIds }));

	/** A fresh account (its own rate-limit budget and guard keys) notifying n8n. */
	function account(expectedCode: string | null): string {
		const { id } = sandbox.createAccount({ userId });
		sandbox.setExpectedCode(id, expectedCode);
		notifyN8nFrom(sandbox, id, { webhookUrl, token: secrets.webhookToken });
		return id;
	}

	const executionsFor = (requestId: string) => executionsForRequest(api, workflowId, PUSH_TRIGGER, requestId);

	/** Waits until `count` executions for the request have finished. */
	const finishedExecutionsFor = (requestId: string, count: number, timeoutMs = 90_000) =>
		waitFor(
			async () => {
				const found = await executionsFor(requestId);
				return found.length >= count && found.every((e) => e.stoppedAt) ? found : undefined;
			},
			{ timeoutMs, intervalMs: 500, what: `${count} finished execution(s) for request ${requestId}` },
		);

	/**
	 * Holds the first execution's first status read after its code until the next request has been
	 * opened and answered (or 60 s), so no status read of that execution ever sees the next request.
	 * Only the first execution reads this account's status between its code and the next request
	 * (which opens 1–3 s later), so the held read is surely its; reads after that one go through.
	 * `onOpened` runs the moment the sandbox opens the next request.
	 */
	function hideNextRequestFromFirstExecution(accountId: string, firstRequestId: string, onOpened: (requestId: string) => void) {
		const next: { id?: string; openedAt?: number; answeredAt?: number } = {};
		let firstAnswered = false;
		let holding = false;
		let release!: () => void;
		const answered = new Promise<void>((resolve) => (release = resolve));
		const safety = setTimeout(release, 60_000);
		const unsubscribe = sandbox.onEvent((event: { type: string; accountId: string; data: any }) => {
			if (event.accountId !== accountId) return;
			const requestId = event.data?.requestId;
			if (event.type === 'assistance.fulfilled' && requestId === firstRequestId) firstAnswered = true;
			else if (event.type === 'assistance.requested' && requestId !== firstRequestId && !next.id) {
				next.id = requestId;
				next.openedAt = Date.now();
				onOpened(requestId);
			} else if (event.type === 'assistance.fulfilled' && requestId === next.id) {
				next.answeredAt = Date.now();
				release();
			}
		});
		gates.set(accountId, (method, path) => {
			// Only a read that arrives before the next request opens (the second execution reads after).
			if (method !== 'GET' || !path.endsWith('/status') || !firstAnswered || next.id || holding) return undefined;
			holding = true;
			return answered;
		});
		const heldReads = () => link.held.filter((r) => r.path.includes(`/accounts/${accountId}/`));
		const done = () => {
			clearTimeout(safety);
			unsubscribe();
		};
		return { next, heldReads, done };
	}

	test('rejected is reported even when the next request is opened and answered between two status reads (by another execution of the same Submit node)', async () => {
		// The bank rejects every code until the next request opens; then it accepts the next one.
		const accountId = account('not-a-code');
		const first = sandbox.openRequest(accountId, DESCRIPTOR);
		const race = hideNextRequestFromFirstExecution(accountId, first.id, () => sandbox.setExpectedCode(accountId, null));
		try {
			const firstRun = await waitForExecutionForRequest(api, workflowId, PUSH_TRIGGER, first.id, { timeoutMs: 90_000 });
			const { next } = race;
			expect(next.id && next.answeredAt).toBeTruthy();
			const [secondRun] = await finishedExecutionsFor(next.id!, 1);

			// The first execution never read the status while the next request was pending: its read
			// was held from before the request opened until after it was answered; the one read that
			// reached the sandbox meanwhile was the second execution's own check before its code.
			const [held] = race.heldReads();
			expect(race.heldReads()).toHaveLength(1);
			expect(held.receivedAt).toBeLessThan(next.openedAt!);
			expect(held.forwardedAt).toBeGreaterThanOrEqual(next.answeredAt!);
			expect(statusReadsBetween(sandbox, accountId, next.openedAt!, next.answeredAt!)).toHaveLength(1);
			report(
				`later submit: next request pending ${next.answeredAt! - next.openedAt!} ms (opened → the second execution's code), ` +
					`the first execution's status read held ${held.forwardedAt! - held.receivedAt} ms; first execution ran ${runMs(firstRun)} ms`,
			);

			expect(statusAndError(firstRun)).toEqual({ status: 'success' });
			expect(nodeOutputJson(firstRun, PUSH_SUBMIT)).toEqual([
				expect.objectContaining({
					accountId,
					submitted: true,
					requestId: first.id,
					outcome: 'rejected',
					rejectedBecause: 'later_submit',
					newRequest: null,
				}),
			]);
			expect(statusAndError(secondRun)).toEqual({ status: 'success' });
			expect(nodeOutputJson(secondRun, PUSH_SUBMIT)).toEqual([
				expect.objectContaining({ accountId, submitted: true, requestId: next.id, outcome: 'accepted' }),
			]);
			expect(sandbox.submissions(accountId)).toEqual([
				expect.objectContaining({ code: codeFor(firstRun), status: 202, requestId: first.id, outcome: 'rejected' }),
				expect.objectContaining({ code: codeFor(secondRun), status: 202, requestId: next.id, outcome: 'accepted' }),
			]);
		} finally {
			race.done();
		}
	});

	test('control: the same race answered from outside the workflow within 200 ms leaves no sent-marker, so it reads as accepted (the README\'s stated limit)', async () => {
		const accountId = account('not-a-code');
		const first = sandbox.openRequest(accountId, DESCRIPTOR);
		let direct: Promise<Response> | undefined;
		// A fast responder outside n8n (a script with the API key) answers the next request at once.
		const race = hideNextRequestFromFirstExecution(accountId, first.id, () => {
			sandbox.setExpectedCode(accountId, null);
			direct = fetch(`${sandbox.baseUrl}/v1/accounts/${accountId}/otp`, {
				method: 'POST',
				headers: { authorization: `Api-Key ${apiKey}`, 'content-type': 'application/json' },
				body: JSON.stringify({ code: '654321' }),
			});
		});
		try {
			// Only the first request's notification reaches n8n.
			await waitFor(() => sandbox.deliveries.find((d: any) => d.id === first.notificationId && d.acknowledged), {
				what: 'n8n acknowledging the first notification',
			});
			sandbox.setConfig(accountId, { notification_events: [] });

			const firstRun = await waitForExecutionForRequest(api, workflowId, PUSH_TRIGGER, first.id, { timeoutMs: 90_000 });
			const { next } = race;
			expect((await direct!).status).toBe(202);
			expect(next.answeredAt! - next.openedAt!).toBeLessThan(200);
			expect(race.heldReads()).toHaveLength(1);
			expect(statusReadsBetween(sandbox, accountId, next.openedAt!, next.answeredAt!)).toHaveLength(0);
			report(`control: next request answered from outside ${next.answeredAt! - next.openedAt!} ms after it opened`);

			expect(nodeOutputJson(firstRun, PUSH_SUBMIT)).toEqual([
				expect.objectContaining({ accountId, submitted: true, requestId: first.id, outcome: 'accepted' }),
			]);
			expect(sandbox.submissions(accountId)).toEqual([
				expect.objectContaining({ code: codeFor(firstRun), requestId: first.id, outcome: 'rejected' }),
				expect.objectContaining({ code: '654321', requestId: next.id, outcome: 'accepted' }),
			]);
			expect(await executionsFor(next.id!)).toEqual([]);
		} finally {
			race.done();
		}
	});

	test('a redelivered notification (same request, already answered) ends quietly: already_answered, a successful execution, no second POST', async () => {
		const accountId = account(null);
		const request = sandbox.openRequest(accountId, DESCRIPTOR);
		await waitFor(() => sandbox.otpPosts(accountId).length === 1, { timeoutMs: 60_000, what: 'the code reaching the sandbox' });

		// The same notification again, with a new occurred_at: the trigger's duplicate memory does not
		// know it (as after an n8n restart or on another queue-mode process), so a second execution runs.
		const redelivery = await redeliverWithNewTime(sandbox, request.notificationId!, { webhookUrl, secrets });
		expect(redelivery.status).toBe(200);
		const runs = await finishedExecutionsFor(request.id, 2);
		const [answered, repeat] = [...runs].sort((a, b) => Number(a.id) - Number(b.id));

		expect(statusAndError(answered)).toEqual({ status: 'success' });
		expect(nodeOutputJson(answered, PUSH_SUBMIT)).toEqual([
			expect.objectContaining({ submitted: true, requestId: request.id, outcome: 'accepted' }),
		]);
		expect(statusAndError(repeat)).toEqual({ status: 'success' });
		expect(nodeOutputJson(repeat, PUSH_SUBMIT)).toEqual([
			{ accountId, submitted: false, reason: 'already_answered', requestId: request.id, pendingRequestId: null },
		]);
		await sleep(1_000);
		expect(sandbox.otpPosts(accountId)).toHaveLength(1);
	});

	describe.each([
		['the same code', 1_000],
		['two different codes', 1],
	])('two executions at the same moment for one request (%s)', (codes, laterMs) => {
		test(`two notifications for one request delivered together (${codes}) → exactly one POST`, async () => {
			const accountId = account(null);
			// The code reaches the sandbox 3 s late: both executions surely read the request as pending,
			// so a guard decides, not the timing.
			gates.set(accountId, (method, path) => (method === 'POST' && path.endsWith('/otp') ? sleep(3_000) : undefined));
			const request = sandbox.openRequest(accountId, DESCRIPTOR);
			const delivery = await waitFor(() => sandbox.deliveries.find((d: any) => d.id === request.notificationId), {
				intervalMs: 1,
				what: 'the sandbox sending the notification',
			});
			// The same notification with a later occurred_at, sent while the first is still in flight.
			const firstInFlight = !delivery.done;
			const occurredAt = new Date(Date.parse(delivery.payload.occurred_at) + laterMs).toISOString();
			const twin = await redeliverWithNewTime(sandbox, request.notificationId!, { webhookUrl, secrets, occurredAt });
			expect(twin.status).toBe(200);

			const runs = await finishedExecutionsFor(request.id, 2);
			await sleep(1_000);
			const outputs = runs.map((e) => nodeOutputJson(e, PUSH_SUBMIT)[0]);
			const startedApartMs = Math.abs(Date.parse(runs[0].startedAt) - Date.parse(runs[1].startedAt));
			report(
				`simultaneous, ${codes}: the second notification sent while the first was ${firstInFlight ? 'in flight' : 'already answered'}; ` +
					`executions started ${startedApartMs} ms apart; outputs ${JSON.stringify(outputs)}`,
			);

			const codesOfRuns = new Set(runs.map(codeFor));
			expect(codesOfRuns.size).toBe(laterMs % 1000 === 0 ? 1 : 2);
			expect(runs.map(statusAndError)).toEqual([{ status: 'success' }, { status: 'success' }]);
			expect(startedApartMs).toBeLessThan(2_000);
			const posts = sandbox.otpPosts(accountId);
			expect(posts).toHaveLength(1);
			const winner = runs[outputs.findIndex((item) => item.submitted === true)];
			expect(sandbox.submissions(accountId)).toEqual([expect.objectContaining({ code: codeFor(winner), status: 202, requestId: request.id })]);
			expect(outputs).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ submitted: true, requestId: request.id, outcome: 'accepted' }),
					// The loser still saw the request pending: a guard stopped it, not the pending check.
					{ accountId, submitted: false, reason: 'already_answered', requestId: request.id, pendingRequestId: request.id },
				]),
			);
		});
	});

	test('no live login (session_running false) → no POST, a clear refusal', async () => {
		const accountId = account(null);
		const request = sandbox.openRequest(accountId, DESCRIPTOR, { sessionRunning: false });
		const run = await waitForExecutionForRequest(api, workflowId, PUSH_TRIGGER, request.id, { timeoutMs: 60_000 });
		await sleep(1_000);

		expect(run.status).toBe('error');
		const error = executionError(run);
		report(`no live login: ${JSON.stringify(error)}`);
		expect(error).toEqual({
			node: PUSH_SUBMIT,
			message: `No login is waiting for a code on account ${accountId} right now (session_running is false)`,
			description: expect.stringContaining('A code sent now would be held and used later, when the login resumes'),
		});
		expect(error?.description).toContain('"When No Login Is Running" to "Send Anyway"');
		expect(sandbox.otpPosts(accountId)).toHaveLength(0);
		expect(sandbox.getStatus(accountId)).toEqual(
			expect.objectContaining({ session_running: false, pending_assistance: expect.objectContaining({ id: request.id }) }),
		);
	});

	test('the API key, webhook token and signing secret appear nowhere in n8n', async () => {
		const { hits } = await findSecretsInN8n(api, { apiKey, ...secrets });
		expect(hits).toEqual([]);
	});
});

/** How long an execution ran (ms). */
function runMs(execution: ExecutionSummary): number {
	return Date.parse(execution.stoppedAt ?? execution.startedAt) - Date.parse(execution.startedAt);
}
