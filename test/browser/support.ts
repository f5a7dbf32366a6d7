import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, type TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const web = `${root}web/`;
const dist = `${web}dist/index.html`;
const lock = `${root}.tmp/web-build.lock`;
export const screensDir = `${root}.tmp/screens/`;
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(`${path}/${entry}`));
  return newest;
}

function stale(): boolean {
  if (!existsSync(dist)) return true;
  const sources = Math.max(newestMtime(`${web}src`), newestMtime(`${web}index.html`), newestMtime(`${web}vite.config.ts`));
  return statSync(dist).mtimeMs < sources;
}

/**
 * Builds web/dist when it is missing or older than web/src. Test files run in parallel, so one
 * process builds under a lock directory while the others wait for it.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (!stale()) return;
  mkdirSync(`${root}.tmp`, { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed build is older than any real build takes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (stale()) {
      await run(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', `${web}vite.config.ts`, '--logLevel', 'warn'], { cwd: root });
    }
  } finally {
    rmdirSync(lock);
  }
}

let shared: Promise<Browser> | null = null;

/**
 * The shared headless chromium, or null after skipping the test when Debian's chromium is not
 * installed. On CI a missing browser is a failure, not a skip.
 */
export async function browserFor(t: TestContext): Promise<Browser | null> {
  if (!existsSync(chromiumPath)) {
    const message = `chromium is not installed: apt-get install -y chromium fonts-wqy-microhei (looked for ${chromiumPath})`;
    if (process.env.CI) throw new Error(message);
    t.skip(message);
    return null;
  }
  shared ??= chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return shared;
}

export async function closeBrowser(): Promise<void> {
  if (shared) await (await shared).close();
  shared = null;
}

/** A fresh browser context (its own cookies), signed in through the login form. */
export async function signedIn(browser: Browser, app: TestApp, username: string, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, locale, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/login');
  const password = app.demo?.accounts.find((a) => a.username === username)?.password ?? '';
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('.sidebar').waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  // Let Element Plus finish its transitions (tree expansion, tags fading in).
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${screensDir}${name}.png` });
}

/** Opens a node of the console's lazy tree and waits for its children. */
export async function expand(page: Page, code: string): Promise<void> {
  const node = page.locator(`.el-tree-node:has(> .el-tree-node__content [data-code="${code}"])`);
  await node.locator('> .el-tree-node__content .el-tree-node__expand-icon').click();
  await node.locator('> .el-tree-node__children .el-tree-node').first().waitFor();
}

/** The demo scale the browser tests load (small, so a test file starts in a few seconds). */
export const demoScale = Number(process.env.BROWSER_DEMO_SCALE ?? 0.3);

/**
 * One Gongzhi with the demo county and the built console for a test file, stopped with the browser
 * at the end. `set` receives the app once it is up.
 */
export function useConsoleApp(set: (app: TestApp) => void): void {
  let app: TestApp | undefined;
  before(async () => {
    await ensureConsoleBuilt();
    app = await startTestApp({ demoScale, listen: true });
    set(app);
  });
  after(async () => {
    await closeBrowser();
    await app?.stop();
  });
}
