import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { gb11643CheckDigit } from '../../src/core/identity/id-number.ts';
import { areaText, parseArea } from '../../web/src/components/roster/area.ts';
import type { DemoResident } from '../../src/modules/demo/types.ts';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

/** Keeping the roster from the console (decision 0148): the resident and household drawers, in Chinese. */
let app: TestApp;
useConsoleApp((started) => (app = started));

const grid = '330481001001G01';

/** Households of the grid worker's grid with a head and at least two others, and their members. */
function families() {
  const d = app.demo!;
  const inGrid = new Set(d.buildings.filter((b) => b.microGridCode.startsWith(`${grid}M`)).map((b) => b.code));
  return d.households
    .filter((h) => inGrid.has(h.buildingCode))
    .map((h) => ({ household: h, members: d.residents.filter((r) => r.householdCode === h.code) }))
    .filter((f) => f.members.length >= 3 && f.members.some((m) => m.householdRole === 'head'));
}
const notHead = (members: DemoResident[]) => members.find((m) => m.householdRole !== 'head')!;
const mobile = (m: DemoResident) => m.phone !== null && /^1\d{10}$/.test(m.phone);

async function apiResident(id: string) {
  const res = await app.app.inject({ method: 'GET', url: `/api/residents/${id}`, headers: { cookie: await app.login('county') } });
  return res.json<{ phone: string | null; tags: string[]; status: string; changes: unknown[] }>();
}

/** Searches the roster page for one ID number and waits for the table to answer. */
async function find(page: Page, idNumber: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes('/api/residents?') && r.url().includes(`q=${idNumber}`));
  // Element Plus puts the attribute on the <input> itself.
  const box = page.locator('input[data-test=roster-q]');
  await box.fill(idNumber);
  await box.press('Enter');
  await answered;
}

/** Picks an option of an Element Plus select (its dropdown lives at the end of the body). */
async function choose(page: Page, select: string, label: string): Promise<void> {
  await page.locator(`${select} .el-select__wrapper`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}

test('the area typed in m² becomes 0.01 m² exactly, without floating point', () => {
  assert.deepEqual(parseArea('89.3'), { centi: 8930 });
  assert.deepEqual(parseArea(' 1.15 '), { centi: 115 }, '1.15 * 100 is 114.99999999999999 in floating point');
  assert.deepEqual(parseArea('0.07'), { centi: 7 });
  assert.deepEqual(parseArea('120'), { centi: 12000 });
  assert.deepEqual(parseArea('120.'), { centi: 12000 });
  assert.deepEqual(parseArea(''), { centi: null });
  assert.deepEqual(parseArea('89.555'), { problem: 'format' });
  assert.deepEqual(parseArea('-3'), { problem: 'format' });
  assert.deepEqual(parseArea('1e3'), { problem: 'format' });
  assert.deepEqual(parseArea('0'), { problem: 'range' });
  assert.equal(areaText(8930), '89.30');
  assert.equal(areaText(7), '0.07');
  for (const centi of [1, 115, 1005, 99_999_999]) assert.deepEqual(parseArea(areaText(centi)), { centi });
});

test('a grid worker corrects a phone and a tag, sees a bad phone refused under its field, records a death and adds a newborn', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const [first, second, third] = families();
  assert.ok(first && second && third, 'the demo has three families in the grid');
  const tags = app.demo!.tags;
  const edited = first.members.find((m) => m.householdRole !== 'head' && mobile(m)) ?? notHead(first.members);
  const newTag = tags.find((tag) => !edited.tags.includes(tag.code) && tag.code !== 'child')!;
  const page = await signedIn(browser, app, 'grid-xishan-01');
  await page.goto('/roster');
  const table = page.locator('[data-test=roster-table]');
  await table.locator('.el-table__row').first().waitFor();

  // Open the resident: a drawer with their facts and history, masked.
  await find(page, edited.idNumber);
  await table.locator('.el-table__row').first().waitFor();
  assert.equal(await table.locator('.el-table__row').count(), 1);
  await table.locator('[data-test=resident-link]').first().click();
  const drawer = page.locator('[data-test=resident-drawer]');
  await drawer.locator('[data-test=resident-name]').waitFor();
  assert.equal(await drawer.locator('[data-test=resident-name]').innerText(), edited.name);
  assert.match(await drawer.locator('[data-test=resident-id-number]').innerText(), /^\d{3}\*+[\dX]{4}$/);
  assert.match(await drawer.locator('[data-test=resident-status]').innerText(), /在册/);
  const actions = await drawer.locator('[data-test=resident-actions]').innerText();
  for (const label of ['编辑', '迁至其他住户', '迁出/死亡注销']) assert.match(actions, new RegExp(label));
  assert.match(await drawer.innerText(), /查看完整信息/);

  // A new mobile and one more tag: the table shows the new masked phone and the tag; the history says what changed.
  const before = (await apiResident(await idOf(edited.idNumber))).changes.length;
  await drawer.locator('[data-test=resident-edit]').click();
  const form = page.locator('[data-test=person-form]');
  await form.waitFor();
  await form.locator('[data-test=field-phone] input').fill('13912345678');
  await choose(page, '[data-test=field-tags]', newTag.zh);
  await page.locator('.el-dialog__title', { hasText: '编辑居民信息' }).click(); // closes the tag dropdown
  await page.locator('[data-test=person-submit]').click();
  await form.waitFor({ state: 'hidden' });
  await page.waitForFunction("document.querySelector('[data-test=roster-table] [data-test=phone]')?.textContent === '139****5678'");
  assert.match(await table.locator('.el-table__row').first().innerText(), new RegExp(newTag.zh));
  await page.waitForFunction("document.querySelector('[data-test=resident-phone]')?.textContent === '139****5678'");
  const history = drawer.locator('[data-test=history] .el-timeline-item').first();
  await history.waitFor();
  const line = await history.innerText();
  assert.match(line, /修改/);
  assert.match(line, /grid-xishan-01/);
  assert.match(line, /手机号/);
  assert.match(line, /139\*\*\*\*5678/);
  assert.match(line, /标签/);
  assert.match(line, new RegExp(newTag.zh));
  await screenshot(page, 'roster-resident-drawer');
  await page.screenshot({ path: '/tmp/roster-resident-drawer.png' });

  // A phone too short: the Chinese message stands under the phone field, the dialog stays, nothing changes.
  await drawer.locator('[data-test=resident-edit]').click();
  await form.waitFor();
  await form.locator('[data-test=field-phone] input').fill('1391234');
  await page.locator('[data-test=person-submit]').click();
  const fieldError = form.locator('[data-test=field-phone] .el-form-item__error');
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /电话号码“1391234”格式错误/);
  assert.equal(await form.locator('.el-form-item__error').count(), 1, 'only the phone is wrong');
  await screenshot(page, 'roster-phone-refused');
  await page.locator('.el-dialog__footer button', { hasText: '取消' }).click();
  await form.waitFor({ state: 'hidden' });
  assert.equal(await table.locator('[data-test=phone]').first().innerText(), '139****5678');
  const after = await apiResident(await idOf(edited.idNumber));
  assert.equal(after.phone, '139****5678');
  assert.equal(after.changes.length, before + 1, 'one edit in the history, the refused one not');
  await page.locator('.el-drawer', { has: drawer }).locator('.el-drawer__close-btn').click();
  await drawer.waitFor({ state: 'hidden' });

  // A death with its date: the resident leaves the active list and is found under 已迁出或注销 with 死亡注销.
  const deceased = notHead(second.members);
  const day = yesterday();
  await find(page, deceased.idNumber);
  await table.locator('[data-test=resident-link]').first().click();
  await drawer.locator('[data-test=resident-name]', { hasText: deceased.name }).waitFor();
  await drawer.locator('[data-test=resident-depart]').click();
  const departure = page.locator('[data-test=departure-form]');
  await departure.waitFor();
  await departure.locator('[data-reason=deceased]').click();
  const date = departure.locator('[data-test=field-on] input');
  await date.fill(day);
  await date.press('Enter');
  await departure.locator('[data-test=field-note] textarea').fill('已见死亡医学证明');
  await page.locator('[data-test=departure-submit]').click();
  await departure.waitFor({ state: 'hidden' });
  await drawer.locator('[data-test=resident-status]', { hasText: '死亡注销' }).waitFor();
  assert.match(await drawer.locator('[data-test=resident-departure]').innerText(), new RegExp(`死亡注销 ${day}`));
  assert.equal(await drawer.locator('[data-test=resident-actions]').count(), 0, 'a departed resident is not edited');
  await page.locator('.el-drawer', { has: drawer }).locator('.el-drawer__close-btn').click();
  await drawer.waitFor({ state: 'hidden' });
  await table.locator('.el-table__empty-text').waitFor();
  assert.equal(await table.locator('.el-table__row').count(), 0, 'gone from the active roster');
  const departedAnswer = page.waitForResponse((r) => r.url().includes('status=departed'));
  await page.locator('[data-test=roster-status] [data-status=departed]').click();
  await departedAnswer;
  await table.locator('.el-table__row').first().waitFor();
  const row = await table.locator('.el-table__row').first().innerText();
  assert.match(row, new RegExp(deceased.name));
  assert.match(row, /死亡注销/);
  assert.match(row, new RegExp(day));
  await screenshot(page, 'roster-departed');

  // A newborn in another family, from a resident's household drawer: with a GB 11643 check digit.
  await page.locator('[data-test=roster-status] [data-status=active]').click();
  const member = notHead(third.members);
  await find(page, member.idNumber);
  await table.locator('[data-test=resident-link]').first().click();
  await drawer.locator('[data-test=resident-name]', { hasText: member.name }).waitFor();
  await drawer.locator('[data-test=resident-open-household]').click();
  const household = page.locator('[data-test=household-drawer]');
  await household.locator('[data-test=household-members] .el-table__row').first().waitFor();
  assert.equal(await household.locator('[data-test=household-members] .el-table__row').count(), third.members.length);
  assert.equal(await household.locator('[data-test=headless]').count(), 0);
  const first17 = `330481${newbornBirth()}118`;
  const idNumber = `${first17}${gb11643CheckDigit(first17)}`;
  await household.locator('[data-test=household-add-resident]').click();
  await form.waitFor();
  await form.locator('[data-test=field-name] input').fill('钱小满');
  await form.locator('[data-test=field-idNumber] input').fill(idNumber);
  await choose(page, '[data-test=field-householdRole]', '孙子女');
  await page.locator('[data-test=person-submit]').click();
  await form.waitFor({ state: 'hidden' });
  await household.locator('[data-test=household-members] .el-table__row', { hasText: '钱小满' }).waitFor();
  assert.equal(await household.locator('[data-test=household-members] .el-table__row').count(), third.members.length + 1);
  assert.match(await household.locator('[data-test=household-members] .el-table__row', { hasText: '钱小满' }).innerText(), /孙子女/);
  await screenshot(page, 'roster-household-drawer');
  // The member link opens the newborn's drawer: added to this household, by the grid worker.
  await household.locator('[data-test=member-link]', { hasText: '钱小满' }).click();
  await drawer.locator('[data-test=resident-name]', { hasText: '钱小满' }).waitFor();
  assert.equal(await drawer.locator('[data-test=resident-id-number]').innerText(), `330***********${idNumber.slice(-4)}`);
  const added = await drawer.locator('[data-test=history] .el-timeline-item').first().innerText();
  assert.match(added, /新增/);
  assert.match(added, new RegExp(third.household.code));
  await page.context().close();
});

test('a household added from its building in the tree: people added, the head handed over, the area corrected exactly, a resident brought back', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const d = app.demo!;
  const building = d.buildings.find((b) => b.microGridCode.startsWith(`${grid}M`) && b.stairwells.length > 1)!;
  const leaver = notHead(families()[3]!.members);
  const grid1 = await app.login('grid-xishan-01');
  const left = await app.app.inject({ method: 'POST', url: `/api/residents/${await idOf(leaver.idNumber)}/departure`, headers: { cookie: grid1 }, payload: { reason: 'movedOut', on: yesterday() } });
  assert.equal(left.statusCode, 200, left.body);

  const page = await signedIn(browser, app, 'grid-xishan-01');
  await page.goto(`/tree/${building.code}?kind=building`);
  await page.locator('[data-test=add-household]').click();
  const dialog = page.locator('[data-test=household-form]');
  await dialog.waitFor();
  await choose(page, '[data-test=field-stairwell]', building.stairwells[1]!);
  await dialog.locator('[data-test=field-room] input').fill('9901');
  await dialog.locator('[data-test=field-floorAreaCenti] input').fill('1.15');
  await page.locator('[data-test=household-submit]').click();
  await dialog.waitFor({ state: 'hidden' });

  // The new household opens in its drawer: no head yet, the area as typed.
  const household = page.locator('[data-test=household-drawer]');
  await household.locator('[data-test=household-address]', { hasText: '9901' }).waitFor();
  assert.match(await household.locator('[data-test=household-address]').innerText(), new RegExp(building.stairwells[1]!));
  assert.equal(await household.locator('[data-test=household-area]').innerText(), '1.15 ㎡');
  await household.locator('[data-test=headless]').waitFor();
  assert.match(await household.locator('[data-test=headless]').innerText(), /无户主/);
  assert.match(await household.locator('[data-test=history]').innerText(), /新增[\s\S]*建筑面积[\s\S]*1\.15 ㎡/);
  await page.locator('.el-table__row', { hasText: '9901' }).first().waitFor(); // the building's list shows it too

  const form = page.locator('[data-test=person-form]');
  async function add(name: string, idNumber: string, role: string): Promise<void> {
    await household.locator('[data-test=household-add-resident]').click();
    await form.waitFor();
    await form.locator('[data-test=field-name] input').fill(name);
    await form.locator('[data-test=field-idNumber] input').fill(idNumber);
    await choose(page, '[data-test=field-householdRole]', role);
    await page.locator('[data-test=person-submit]').click();
    await form.waitFor({ state: 'hidden' });
    await household.locator('[data-test=household-members] .el-table__row', { hasText: name }).waitFor();
  }
  const id = (birth: string, seq: string) => `330481${birth}${seq}${gb11643CheckDigit(`330481${birth}${seq}`)}`;
  await add('孙立新', id('19800512', '031'), '户主');
  await household.locator('[data-test=headless]').waitFor({ state: 'detached' });
  assert.equal(await household.locator('[data-test=household-head]').innerText(), '孙立新');
  await add('孙小北', id('20080301', '042'), '子女');

  // Someone who moved away comes to live here: the same person, back on the roster.
  await add(leaver.name, leaver.idNumber, '其他');
  await page.locator('.el-message--success', { hasText: '已恢复在册' }).waitFor();
  assert.equal(await household.locator('[data-test=household-members] .el-table__row').count(), 3);

  // The headship handed over in one step: the former head becomes the new head's parent.
  await household.locator('[data-test=household-change-head]').click();
  const head = page.locator('[data-test=head-form]');
  await head.waitFor();
  await choose(page, '[data-test=field-residentId]', '孙小北');
  await choose(page, '[data-test=field-formerHeadRole]', '父母');
  await page.locator('[data-test=head-submit]').click();
  await head.waitFor({ state: 'hidden' });
  await household.locator('[data-test=household-head]', { hasText: '孙小北' }).waitFor();
  assert.match(await household.locator('[data-test=household-members] .el-table__row', { hasText: '孙立新' }).innerText(), /父母/);
  await household.locator('[data-test=history]', { hasText: '户主' }).waitFor();
  assert.match(await household.locator('[data-test=history] .el-timeline-item').first().innerText(), /户主[\s\S]*孙立新[\s\S]*孙小北/);

  // The area: three decimals refused under the field before any request, then 89.3 stored as 8930 exactly.
  await household.locator('[data-test=household-edit-area]').click();
  const area = page.locator('[data-test=area-form]');
  await area.waitFor();
  assert.equal(await area.locator('input').inputValue(), '1.15');
  await area.locator('input').fill('89.555');
  await page.locator('[data-test=area-submit]').click();
  assert.match(await area.locator('.el-form-item__error').innerText(), /最多两位小数/);
  await area.locator('input').fill('89.3');
  await page.locator('[data-test=area-submit]').click();
  await area.waitFor({ state: 'hidden' });
  await household.locator('[data-test=household-area]', { hasText: '89.30 ㎡' }).waitFor();
  const code = await household.locator('[data-test=household-facts] .mono').first().innerText();
  const stored = await app.app.inject({ method: 'GET', url: `/api/households/${code}`, headers: { cookie: grid1 } });
  assert.equal(stored.json<{ floorAreaCenti: number }>().floorAreaCenti, 8930);
  await screenshot(page, 'roster-household-kept');
  await page.context().close();
});

test('a micro-grid leader reads the drawers without any edit button', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, 'mg-xishan-01-01');
  await page.goto('/roster');
  const table = page.locator('[data-test=roster-table]');
  await table.locator('[data-test=resident-link]').first().waitFor();
  const name = await table.locator('[data-test=resident-link]').first().innerText();
  await table.locator('[data-test=resident-link]').first().click();
  const drawer = page.locator('[data-test=resident-drawer]');
  await drawer.locator('[data-test=resident-name]', { hasText: name }).waitFor();
  assert.match(await drawer.locator('[data-test=resident-id-number]').innerText(), /\*{4,}/);
  const text = await drawer.innerText();
  assert.match(text, /变更记录/);
  for (const label of ['编辑', '迁至其他住户', '迁出/死亡注销', '查看完整信息']) assert.doesNotMatch(text, new RegExp(label));
  assert.equal(await drawer.locator('button', { hasText: /编辑|迁/ }).count(), 0);
  await drawer.locator('[data-test=resident-open-household]').click();
  const household = page.locator('[data-test=household-drawer]');
  await household.locator('[data-test=household-members] .el-table__row').first().waitFor();
  const householdText = await household.innerText();
  for (const label of ['添加居民', '更换户主', '修改面积']) assert.doesNotMatch(householdText, new RegExp(label));
  assert.equal(await household.locator('[data-test=household-actions]').count(), 0);
  await screenshot(page, 'roster-drawer-read-only');
  await page.context().close();
});

async function idOf(idNumber: string): Promise<string> {
  const res = await app.app.inject({ method: 'GET', url: `/api/residents?q=${idNumber}&status=all`, headers: { cookie: await app.login('county') } });
  return res.json<{ items: { id: string }[] }>().items[0]!.id;
}

/** Yesterday in China time: a date the server takes for a departure (not after today). */
function yesterday(): string {
  return new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

/** A birth date in the last year, as YYYYMMDD. */
function newbornBirth(): string {
  return new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
}
