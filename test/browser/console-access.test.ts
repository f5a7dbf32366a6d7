import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import { browserFor, expand, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const unitName = (code: string) => app.demo!.units.find((u) => u.code === code)!.name;

/** Residents the demo put in the micro-grids of `gridCode`. */
function residentsOfGrid(gridCode: string): number {
  const buildings = new Set(app.demo!.buildings.filter((b) => b.microGridCode.startsWith(`${gridCode}M`)).map((b) => b.code));
  const households = new Set(app.demo!.households.filter((h) => buildings.has(h.buildingCode)).map((h) => h.code));
  return app.demo!.residents.filter((r) => households.has(r.householdCode)).length;
}

test('the county centre sees the whole county in the tree and the audit log in the menu', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'county');
  await page.waitForURL('**/tree');
  const roots = page.locator('[data-test=tree] > .el-tree-node');
  await roots.first().waitFor();
  assert.equal(await roots.count(), 1);
  assert.match(await roots.first().innerText(), new RegExp(unitName('330481')));
  // Down the county: street, then the four communities.
  await page.locator('[data-code="330481"]').click();
  await expand(page, '330481');
  await expand(page, '330481001');
  await page.locator('[data-code="330481001201"]').waitFor();
  for (const code of ['330481001001', '330481001002', '330481001003', '330481001201']) {
    assert.match(await page.locator(`[data-code="${code}"]`).innerText(), new RegExp(unitName(code)));
  }
  assert.match(await page.locator('[data-test=unit-detail]').innerText(), new RegExp(unitName('330481')));
  assert.match(await page.locator('.topbar').innerText(), /县级社会治理中心/);
  await screenshot(page, 'tree-county');

  const auditItem = page.locator('.sidebar [data-menu=audit]');
  assert.equal(await auditItem.count(), 1);
  assert.match(await auditItem.innerText(), /审计日志/);
  await auditItem.click();
  await page.waitForURL('**/audit');
  await page.locator('[data-test=audit-table] .el-table__row').first().waitFor();
  assert.match(await page.locator('[data-test=audit-table]').innerText(), /登录/);
  await screenshot(page, 'audit');
  await page.context().close();
});

test('a grid worker sees only their grid, its residents, and is refused elsewhere', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'grid-xishan-01');
  await page.waitForURL('**/tree');
  const roots = page.locator('[data-test=tree] > .el-tree-node');
  await roots.first().waitFor();
  assert.equal(await roots.count(), 1);
  assert.equal(await page.locator('[data-test=tree] > .el-tree-node [data-kind]').first().getAttribute('data-code'), '330481001001G01');
  assert.match(await roots.first().innerText(), new RegExp(unitName('330481001001G01')));
  assert.equal(await page.locator('.sidebar [data-menu=audit]').count(), 0, 'no audit log for a grid worker');

  // The grid's team (一格六员) shows when the grid is selected.
  await page.locator('[data-code="330481001001G01"]').click();
  await page.locator('[data-test=team] .el-table__row').first().waitFor();
  assert.match(await page.locator('[data-test=team]').innerText(), /网格员/);
  await screenshot(page, 'tree-grid');

  // Another community, and another grid (of their own community when the demo scale leaves one), are refused by URL.
  const otherGrid = app.demo!.units.find((u) => u.kind === 'grid' && u.code !== '330481001001G01' && u.code.startsWith('330481001001'))
    ?? app.demo!.units.find((u) => u.kind === 'grid' && u.code !== '330481001001G01')!;
  for (const code of ['330481001002', otherGrid.code]) {
    await page.goto(`/tree/${code}`);
    const refused = page.locator('[data-test=refused]');
    await refused.waitFor();
    const text = await refused.innerText();
    assert.match(text, /无权访问/);
    assert.match(text, /不在您负责的辖区/);
    assert.doesNotMatch(text, new RegExp(unitName(code)));
  }
  await screenshot(page, 'tree-refused');

  // The roster holds exactly the grid's residents, masked until the switch is turned on.
  await page.goto('/roster');
  const table = page.locator('[data-test=roster-table]');
  await table.locator('.el-table__row').first().waitFor();
  assert.match(await page.locator('.el-pagination__total').innerText(), new RegExp(`${residentsOfGrid('330481001001G01')}`));
  const firstId = table.locator('[data-test=id-number]').first();
  assert.match(await firstId.innerText(), /^\d{3}\*+\d{4}$|^\d{3}\*+\d{3}X$/);
  await page.locator('[data-test=unmask]').click();
  // A string, evaluated in the page: the root tsconfig has no DOM types.
  await page.waitForFunction("!document.querySelector('[data-test=id-number]')?.textContent?.includes('*')");
  assert.match(await firstId.innerText(), /^\d{17}[\dX]$/);
  await page.context().close();
});

test('a micro-grid leader sees masked values and no unmask switch', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'mg-xishan-01-01');
  await page.goto('/roster');
  const table = page.locator('[data-test=roster-table]');
  await table.locator('.el-table__row').first().waitFor();
  const ids = await table.locator('[data-test=id-number]').allInnerTexts();
  assert.ok(ids.length > 0);
  for (const id of ids) assert.match(id, /\*{4,}/);
  const phones = (await table.locator('[data-test=phone]').allInnerTexts()).filter((p) => /\d/.test(p));
  for (const phone of phones) assert.match(phone, /^\d{3}\*{4}\d{4}$/);
  assert.equal(await page.locator('[data-test=unmask]').count(), 0);
  assert.equal(await page.locator('[data-test=export]').count(), 0);
  assert.equal(await page.locator('.sidebar [data-menu=import]').count(), 0);
  await screenshot(page, 'roster-masked');
  await page.context().close();
});

test('switching the language to English changes the menu', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'street');
  const menu = page.locator('.sidebar');
  assert.match(await menu.innerText(), /辖区树/);
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('.el-dropdown-menu [data-lang=en]').click();
  await page.waitForFunction("document.querySelector('.sidebar')?.textContent?.includes('Jurisdiction tree')");
  const text = await menu.innerText();
  assert.match(text, /Grid map/);
  assert.match(text, /Resident roster/);
  assert.doesNotMatch(text, /辖区树/);
  assert.match(await page.locator('.topbar').innerText(), /Street office/);
  await screenshot(page, 'english');
  await page.context().close();
});
