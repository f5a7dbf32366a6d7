import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const grid01 = '330481001001G01';
// A 1×1 PNG: enough for the attachments endpoint to store and serve a photo.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const building = () => app.demo!.buildings.find((b) => b.microGridCode.startsWith(grid01))!;
const api = async <T>(url: string, user: string): Promise<T> => (await app.app.inject({ url, headers: { cookie: await app.login(user) } })).json() as T;

let phone: Page;
let number = '';

/** A phone-sized context at the building, signed in as the demo resident through the login form. */
async function residentPhone(browser: Browser): Promise<Page> {
  const b = building();
  const context = await browser.newContext({
    baseURL: app.url, locale: 'zh-CN', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true,
    permissions: ['geolocation'], geolocation: { latitude: b.lat, longitude: b.lng },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/login');
  await page.locator('input[name=username]').fill('resident-xishan');
  await page.locator('input[name=password]').fill(app.demo!.accounts.find((a) => a.username === 'resident-xishan')!.password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('.sidebar').waitFor();
  return page;
}

async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.locator(`[data-test=${select}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

test('a resident reports a matter from the phone page: category, photo, place on the map, likely duplicates, one case', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const b = building();
  // A neighbour's report of the same light a moment ago: the page must offer it as a likely duplicate.
  const earlier = await app.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: await app.login('resident-xishan') }, payload: { category: 'streetLight', description: '3幢门口路灯坏了', lng: b.lng + 0.0001, lat: b.lat } });
  assert.equal(earlier.statusCode, 201);

  phone = await residentPhone(browser);
  await phone.goto('/cases/report');
  await choose(phone, 'report-category', '路灯照明');
  await phone.locator('[data-test=report-description]').fill('楼下路灯一直不亮，晚上看不清台阶');
  await phone.locator('[data-test=report-photos]').setInputFiles({ name: 'light.png', mimeType: 'image/png', buffer: png });
  // The map centres on the phone's position; tapping its centre picks the building's spot.
  const map = phone.locator('[data-test=place-map]');
  await map.scrollIntoViewIfNeeded();
  let picked: [number, number] | null = null;
  for (let i = 0; i < 20 && !(picked && Math.abs(picked[0] - b.lng) < 0.0003 && Math.abs(picked[1] - b.lat) < 0.0003); i++) {
    await phone.waitForTimeout(250);
    await map.click();
    const text = await phone.locator('[data-test=case-report] .place .muted').first().innerText();
    const m = /(\d+\.\d+),\s*(\d+\.\d+)/.exec(text);
    picked = m ? [Number(m[1]), Number(m[2])] : null;
  }
  assert.ok(picked, 'a place was picked');
  await phone.locator('[data-test=similar]').waitFor();
  assert.match(await phone.locator('[data-test=similar]').innerText(), new RegExp(earlier.json<{ number: string }>().number));
  await phone.locator('[data-test=report-phone]').fill('13900001234');
  await screenshot(phone, 'cases-report-phone');

  const keys: string[] = [];
  phone.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/cases') keys.push(r.headers()['idempotency-key'] ?? '');
  });
  await phone.locator('[data-test=report-submit]').click();
  assert.match(await phone.locator('[data-test=report-submit]').innerText(), /仍要提交/, 'the first tap shows the duplicates');
  await phone.locator('[data-test=report-submit]').click();
  const done = phone.locator('.el-message--success');
  await done.waitFor();
  number = /GZ-\d{4}-\d{6}/.exec(await done.innerText())![0];
  assert.equal(keys.length, 1);
  assert.ok(keys[0]!.length >= 8, 'the submission carries an Idempotency-Key');
  await phone.locator(`[data-test=my-cases] [data-number="${number}"]`).waitFor();
  assert.match(await phone.locator(`[data-number="${number}"] [data-test=my-status]`).innerText(), /已受理/);
  await screenshot(phone, 'cases-my-cases');

  const created = await api<{ channel: string; place: { grid: string }; responsible: { code: string }; attachments: { phase: string }[]; reporter: { phone: string } }>(`/api/cases/${number}`, 'grid-xishan-01');
  assert.equal(created.channel, 'app');
  assert.equal(created.place.grid, grid01);
  assert.equal(created.responsible.code, grid01);
  assert.deepEqual(created.attachments.map((a) => a.phase), ['before']);
  assert.match(created.reporter.phone, /\*/);
});

async function act(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await page.locator(`[data-test=case-actions] [data-action=${action}]`).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  if (fill) await fill();
  await dialog.locator('[data-test=action-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
}

test('the grid worker finds it in the inbox and steps it through to closed; a refused step shows the server’s reason', async (t) => {
  const browser = await browserFor(t);
  if (!browser || !number) return;
  const page = await signedIn(browser, app, 'grid-xishan-01');
  await page.goto('/cases/inbox');
  const row = page.locator(`[data-test=inbox-table] [data-number="${number}"]`);
  await row.waitFor();
  assert.ok(Number(/\d+/.exec(await page.locator('[data-test=inbox-counts] [data-status=accepted]').innerText())![0]) >= 2);
  await screenshot(page, 'cases-inbox');
  await row.click();
  await page.waitForURL(`**/cases/${number}`);
  await page.locator('[data-test=case-timeline] [data-event=accept]').waitFor();
  assert.equal(await page.locator('[data-test=case-photos] [data-phase=before]').count(), 1);
  await page.locator('[data-test=place-map] .leaflet-interactive').first().waitFor();

  // A return needs a reason: the server's problem+json detail appears in the form.
  await page.locator('[data-test=case-actions] [data-action=return]').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.locator('[data-test=action-submit]').click();
  assert.match(await dialog.locator('[data-test=action-problem]').innerText(), /请填写理由/);
  await dialog.locator('.el-dialog__footer button').first().click();
  await dialog.waitFor({ state: 'hidden' });

  const status = page.locator('[data-test=case-status]');
  const steps: [string, string, (() => Promise<void>)?][] = [
    ['verify', '已核实'],
    ['dispatch', '已派遣'],
    ['handle', '已处置'],
    ['reportBack', '已反馈', async () => {
      await choose(page, 'form-outcome', '已解决');
      await page.locator('[data-test=form-note]').fill('已更换灯泡');
      await page.locator('[data-test=form-photos]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: png });
    }],
    ['check', '已核查'],
    ['close', '已结案'],
  ];
  for (const [action, label, fill] of steps) {
    await act(page, action, fill);
    await page.locator('[data-test=case-status]', { hasText: label }).waitFor();
  }
  assert.match(await status.innerText(), /已结案/);
  assert.equal(await page.locator('[data-test=case-photos] [data-phase=after]').count(), 1);
  const events = await page.locator('[data-test=case-timeline] [data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
  assert.deepEqual(events, ['accept', 'verify', 'dispatch', 'handle', 'reportBack', 'check', 'close']);
  assert.equal(await page.locator('[data-test=case-actions] [data-action]').count(), 0, 'nothing left for the grid');
  await screenshot(page, 'cases-case-closed');
  await page.context().close();
});

test('the resident rates the closed case on the phone', async (t) => {
  const browser = await browserFor(t);
  if (!browser || !number || !phone) return;
  await phone.goto('/cases/report');
  await phone.locator('.el-tabs__item', { hasText: '我的反映' }).click();
  const item = phone.locator(`[data-test=my-cases] [data-number="${number}"]`);
  await item.locator('[data-test=rate-box]').waitFor();
  await item.locator('[data-test=rate-submit]').click();
  await item.locator('[data-test=my-status]', { hasText: '已评价' }).waitFor();
  await item.locator('[data-test=rate-box]').waitFor({ state: 'detached' });
  await screenshot(phone, 'cases-rated');
  const rated = await api<{ status: string; timeline: { type: string; detail: { score?: number } }[] }>(`/api/cases/${number}`, 'resident-xishan');
  assert.equal(rated.status, 'rated');
  assert.equal(rated.timeline.at(-1)!.detail.score, 5);
  await phone.context().close();
});

test('the indicators page draws its charts, and its table shows the API’s figures', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'xishan');
  const answered = page.waitForResponse((r) => r.url().includes('/api/cases/indicators') && r.url().includes('groupBy=unit'));
  await page.goto('/cases/indicators');
  const response = await answered;
  const url = new URL(response.url());
  await page.locator('[data-test=ind-table] .el-table__row').first().waitFor();
  assert.ok((await page.locator('[data-test=echart] canvas').count()) >= 4, 'four charts on canvas');
  const expected = await api<{ groups: Record<string, { received: number; closed: number; satisfactionRate: number | null }>; total: { received: number; closed: number } }>(url.pathname + url.search, 'xishan');
  assert.ok(expected.total.received >= 2 && expected.total.closed >= 1, JSON.stringify(expected.total));
  const rows = await page.locator('[data-test=ind-table] .el-table__body-wrapper .el-table__row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  const total = rows.at(-1)!;
  assert.match(total[0]!, /合计/);
  assert.equal(Number(total[1]), expected.total.received);
  assert.equal(Number(total[2]), expected.total.closed);
  assert.equal(rows.length, Object.keys(expected.groups).length + 1);
  const received = rows.slice(0, -1).map((r) => Number(r[1])).sort();
  assert.deepEqual(received, Object.values(expected.groups).map((g) => g.received).sort());
  const satisfied = rows.find((r) => r[6] === '100.0%');
  assert.ok(satisfied, 'the rated case shows a satisfaction of 100%');
  await screenshot(page, 'cases-indicators');
  await page.context().close();
});

test('the cases map shows the open cases as a heat layer and markers on the grid polygons, filtered by category', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'xishan');
  await page.context().route((url) => !url.href.startsWith(app.url), (route) => route.abort());
  await page.goto('/cases/map');
  await page.locator('[data-test=cases-map] canvas.leaflet-heatmap-layer').waitFor();
  const points = await api<{ items: { id: string }[] }>('/api/cases/console/points', 'xishan');
  assert.ok(points.items.length >= 1);
  await page.locator('[data-test=cases-map-count]', { hasText: `${points.items.length}` }).waitFor();
  assert.ok((await page.locator('[data-test=cases-map] .gz-label').count()) > 0, 'grids are drawn and labelled');
  assert.equal(await page.locator('[data-test=cases-map] path.leaflet-interactive').count(), points.items.length, 'one marker per open case');
  await screenshot(page, 'cases-map');
  await choose(page, 'map-category', '安全隐患');
  await page.locator('[data-test=cases-map-count]', { hasText: '0' }).waitFor();
  assert.equal(await page.locator('[data-test=cases-map] path.leaflet-interactive').count(), 0);
  await page.context().close();
});

test('a typed address that names a registered building places the pin there', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const b = building();
  const page = await residentPhone(browser);
  await page.goto('/cases/report');
  const address = page.locator('input[data-test=report-address], [data-test=report-address] input').first();
  // Enter in the address places the pin; it must not submit the half-filled report.
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/cases') posts.push(r.url());
  });
  await choose(page, 'report-category', '路灯照明');
  await page.locator('[data-test=report-description]').fill('路灯不亮');
  await address.fill(`${b.estate}${b.name}${b.stairwells[0] ?? ''}门口`);
  await address.press('Enter');
  await page.locator('.el-message--success', { hasText: `${b.estate}${b.name}` }).waitFor();
  const text = await page.locator('[data-test=case-report] .place .muted').first().innerText();
  const m = /(\d+\.\d+),\s*(\d+\.\d+)/.exec(text);
  assert.ok(m, text);
  assert.ok(Math.abs(Number(m[1]) - b.lng) < 1e-5 && Math.abs(Number(m[2]) - b.lat) < 1e-5, text);
  assert.deepEqual(posts, [], 'Enter in the address field submitted the report');
});
