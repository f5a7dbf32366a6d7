import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import { browserFor, expand, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

test('the login page renders in Chinese and refuses a wrong password with the server’s message', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/roster');
  await page.waitForURL('**/login?redirect=*');
  assert.match(await page.locator('.login-form').innerText(), /欢迎登录/);
  await screenshot(page, 'login');
  await page.locator('input[name=username]').fill('county');
  await page.locator('input[name=password]').fill('wrong-password');
  await page.locator('[data-test=login-submit]').click();
  const message = page.locator('.el-message--error');
  await message.waitFor();
  assert.match(await message.innerText(), /[\u4e00-\u9fff]/);
  await context.close();
});

test('importing a roster with errors shows the Chinese row-by-row report and imports nothing', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const demo = app.demo!;
  const building = demo.buildings.find((b) => b.microGridCode.startsWith('330481001001G01M') && b.stairwells.length > 0)!;
  const before = demo.residents.length;
  // A good-looking row with a wrong check digit, then a row in a building that does not exist.
  const badId = '330481195802150110';
  const csv = [
    '小区,楼栋,单元,房号,建筑面积,姓名,身份证号,手机号,出生日期,性别,与户主关系,户籍类型,标签',
    `${building.estate},${building.name},${building.stairwells[0]},901,88.5,测试甲,${badId},13800001111,,,户主,本地,`,
    `${building.estate},99幢,1单元,101,70,测试乙,330481199001300660,13800002222,,,户主,本地,`,
  ].join('\n');
  const page = await signedIn(browser, app, 'grid-xishan-01');
  await page.goto('/import');
  await page.locator('[data-test=next]').click();
  await page.locator('[data-test=upload] input[type=file]').setInputFiles({ name: '台账-有错误.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const report = page.locator('[data-test=import-issues]');
  await report.locator('.el-table__row').first().waitFor();
  const text = await report.innerText();
  assert.match(text, /行/);
  assert.match(text, /列/);
  assert.match(text, /问题/);
  assert.match(text, /身份证号校验位错误/);
  assert.match(text, /找不到楼栋/);
  assert.match(text, /99幢/);
  const rows = await report.locator('.el-table__row').allInnerTexts();
  assert.ok(rows.some((r) => r.startsWith('2')), 'the check digit is reported on row 2');
  assert.ok(rows.some((r) => r.startsWith('3')), 'the unknown building is reported on row 3');
  assert.match(await page.locator('[data-test=import-result]').innerText(), /未导入任何数据/);
  await screenshot(page, 'import-report');
  const after = await app.app.inject({ method: 'GET', url: '/api/residents?limit=1', headers: { cookie: await app.login('county') } });
  assert.equal(after.json<{ total: number }>().total, before, 'nothing was imported');
  await page.context().close();
});

test('the map draws the grids and micro-grids without a tile URL, and locates a clicked micro-grid', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'xishan');
  // No network: every request leaving the test server fails.
  await page.context().route((url) => !url.href.startsWith(app.url), (route) => route.abort());
  await page.goto('/map');
  const config = await page.evaluate(async () => (await fetch('/api/console-config')).json() as Promise<{ tileUrl: string | null }>);
  assert.equal(config.tileUrl, null);
  await page.locator('[data-test=map] svg path').first().waitFor();
  const features = app.demo!.units.filter((u) => u.code.startsWith('330481001001') && u.polygon).length;
  assert.equal(await page.locator('[data-test=map] svg path.leaflet-interactive, [data-test=map] svg path').count(), features);
  assert.equal(await page.locator('[data-test=map] img.leaflet-tile').count(), 0);
  assert.ok((await page.locator('.gz-label').count()) > 0, 'grid names are labelled');

  // Locate a building of the community's last micro-grid by typing its coordinates.
  const micro = app.demo!.units.filter((u) => u.kind === 'microGrid' && u.code.startsWith('330481001001')).at(-1)!;
  const grid = app.demo!.units.find((u) => u.code === micro.parentCode)!;
  const building = app.demo!.buildings.find((b) => b.microGridCode === micro.code)!;
  await page.locator('input[name=lng]').fill(String(building.lng));
  await page.locator('input[name=lat]').fill(String(building.lat));
  await page.locator('[data-test=locate-go]').click();
  const result = page.locator('[data-test=locate-result]');
  await result.waitFor();
  const text = await result.innerText();
  assert.match(text, /位于网格内|位于边界上/);
  assert.match(text, new RegExp(grid.name));
  await page.locator('[data-test=chosen]').waitFor();
  assert.match(await page.locator('[data-test=chosen]').innerText(), new RegExp(micro.name));
  await screenshot(page, 'map');
  await page.context().close();
});

test('the county tree opens down to a household and its residents', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'xishan');
  await page.goto('/tree');
  for (const code of ['330481001001', '330481001001G01', '330481001001G01M01']) await expand(page, code);
  const building = app.demo!.buildings.find((b) => b.microGridCode === '330481001001G01M01')!;
  await expand(page, building.code);
  const household = app.demo!.households.find((h) => h.buildingCode === building.code)!;
  await expand(page, household.code);
  const residents = app.demo!.residents.filter((r) => r.householdCode === household.code);
  const node = page.locator(`.el-tree-node:has(> .el-tree-node__content [data-code="${household.code}"]) > .el-tree-node__children`);
  assert.equal(await node.locator('[data-kind=resident]').count(), residents.length);
  assert.match(await node.innerText(), new RegExp(residents[0]!.name));
  await page.locator(`[data-code="${household.code}"]`).click();
  await page.waitForURL(`**/tree/${household.code}?kind=household`);
  await screenshot(page, 'tree-household');

  await page.goto('/roster');
  await page.locator('[data-test=roster-table] .el-table__row').first().waitFor();
  await screenshot(page, 'roster');
  await page.context().close();
});
