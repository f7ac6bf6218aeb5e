/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (page.evaluate callbacks run in the browser)
/**
 * A real browser on the shared e2e n8n: Debian's Chromium driven by playwright-core (browsers cannot
 * be downloaded here, so never `npx playwright install`). One browser per test file, a fresh context
 * per theme, every console error and failed request recorded, screenshots on request.
 *
 *   const walk = await openEditor({ theme: 'light' });   // logged in as the e2e owner
 *   await walk.page.goto(walk.url('/workflow/new'));
 *   walk.expectNoPackageErrors();                          // console errors caused by our nodes
 *   await walk.close();
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { e2eContext, REPO_ROOT } from '../harness/context';

export type Theme = 'light' | 'dark';

/** The fixed viewport of every page (and so of every screenshot). */
export const VIEWPORT = { width: 1440, height: 900 };

/** n8n's editor is slow to load on a busy 2-core machine: waits are generous, on concrete elements. */
export const UI_TIMEOUT_MS = 60_000;

const PACKAGE_MARK = /reconbanker/i;

export function chromiumPath(): string {
	const candidates = [process.env.RECONBANKER_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
		(p): p is string => Boolean(p),
	);
	const found = candidates.find((p) => existsSync(p));
	if (!found) {
		throw new Error(
			`No Chromium found (looked at ${candidates.join(', ')}). Install Debian's package: apt-get install -y chromium ` +
				'(or set RECONBANKER_CHROMIUM). Do not run `npx playwright install`: it downloads a browser, which fails here.',
		);
	}
	return found;
}

let browserPromise: Promise<Browser> | undefined;

/** One headless Chromium per test file (closed by closeBrowser in afterAll). */
export function launchBrowser(): Promise<Browser> {
	browserPromise ??= chromium.launch({
		executablePath: chromiumPath(),
		headless: true,
		// The flags seen working here: without the background-networking ones Chromium keeps trying
		// hosts this closed network refuses.
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	return browserPromise;
}

export async function closeBrowser(): Promise<void> {
	if (!browserPromise) return;
	const browser = await browserPromise.catch(() => undefined);
	browserPromise = undefined;
	await browser?.close();
}

/** Where screenshots go: docs/images for `npm run docs:screenshots`, else a temp folder. */
export function screenshotDir(): string {
	const wanted = process.env.RECONBANKER_SCREENSHOTS_DIR;
	const dir = wanted ? path.resolve(REPO_ROOT, wanted) : path.join(tmpdir(), 'reconbanker-editor-walk');
	mkdirSync(dir, { recursive: true });
	return dir;
}

/** True when the run regenerates the README pictures. */
export const regeneratingDocs = () => Boolean(process.env.RECONBANKER_SCREENSHOTS_DIR);

export interface BrowserProblem {
	step: string;
	kind: 'console' | 'pageerror' | 'request';
	text: string;
	url?: string;
}

export interface EditorSession {
	page: Page;
	context: BrowserContext;
	theme: Theme;
	/** every console error, page error and failed request so far, with the step it happened in */
	problems: BrowserProblem[];
	/** names the step the problems that follow belong to (for messages) */
	step(name: string): void;
	url(route: string): string;
	/** saves a PNG (name without extension) to screenshotDir(); resolves its path */
	screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
	/** fails on console errors, page errors or failed requests that point at this package */
	expectNoPackageErrors(): void;
	close(): Promise<void>;
}

/**
 * A logged-in editor page in the given theme. The owner logs in through the sign-in form (the way a
 * user does), so the session cookie is the browser's own.
 */
export async function openEditor({ theme = 'light' as Theme } = {}): Promise<EditorSession> {
	const ctx = e2eContext();
	// `localhost`, not 127.0.0.1: n8n's cookie and editor URL are set up for it (N8N_HOST).
	const origin = ctx.webhookUrl.replace(/\/+$/, '');
	const browser = await launchBrowser();
	const context = await browser.newContext({
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		colorScheme: theme,
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	// n8n reads its theme from localStorage (N8N_THEME: light | dark | system).
	await context.addInitScript((wanted) => {
		try {
			window.localStorage.setItem('N8N_THEME', wanted);
		} catch {
			// storage not available on about:blank
		}
	}, theme);
	context.setDefaultTimeout(UI_TIMEOUT_MS);
	const page = await context.newPage();

	// Leaving a page with unsaved changes asks first: the walk never keeps an imported copy.
	page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));

	const problems: BrowserProblem[] = [];
	let step = 'start';
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		problems.push({ step, kind: 'console', text: message.text(), url: message.location()?.url });
	});
	page.on('pageerror', (error) => problems.push({ step, kind: 'pageerror', text: `${error.message}\n${error.stack ?? ''}` }));
	page.on('requestfailed', (request) => {
		problems.push({ step, kind: 'request', text: `${request.method()} failed: ${request.failure()?.errorText}`, url: request.url() });
	});
	page.on('response', (response) => {
		if (response.status() >= 400) {
			problems.push({ step, kind: 'request', text: `${response.request().method()} → ${response.status()}`, url: response.url() });
		}
	});

	const session: EditorSession = {
		page,
		context,
		theme,
		problems,
		step(name) {
			step = name;
		},
		url: (route) => `${origin}${route}`,
		async screenshot(name, options = {}) {
			const file = path.join(screenshotDir(), `${name}.png`);
			// No hover leftovers (Fixed/Expression toggles, tooltips) and no toasts in the picture.
			await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
			await page.addStyleTag({ content: '.el-notification { display: none !important; }' });
			await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
			return file;
		},
		expectNoPackageErrors() {
			// Requests to other hosts (the editor asks registry.npmjs.org about community packages) fail
			// on this closed network whatever the package does: not the package's errors.
			const offSite = (p: BrowserProblem) => Boolean(p.url && /^https?:/.test(p.url) && !p.url.startsWith(origin));
			const ours = problems.filter((p) => !offSite(p) && PACKAGE_MARK.test(`${p.text} ${p.url ?? ''}`));
			if (ours.length > 0) {
				const lines = ours.map((p) => `- [${p.step}] ${p.kind}: ${p.text.split('\n')[0]} ${p.url ?? ''}`);
				throw new Error(`The browser reported errors caused by this package's nodes:\n${lines.join('\n')}`);
			}
		},
		close: () => context.close(),
	};

	await signIn(session, ctx.owner);
	return session;
}

/** The sign-in form, then wait until the editor shell is there. */
async function signIn(session: EditorSession, owner: { email: string; password: string }): Promise<void> {
	const { page } = session;
	session.step('sign in');
	await page.goto(session.url('/signin'));
	await page.locator('[data-test-id=emailOrLdapLoginId] input').fill(owner.email);
	await page.locator('[data-test-id=password] input').fill(owner.password);
	await page.locator('[data-test-id=form-submit-button]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
