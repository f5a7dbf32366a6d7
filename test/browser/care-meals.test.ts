import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const call = async <T>(method: 'GET' | 'POST', url: string, username: string, payload?: object): Promise<T> => {
  const res = await app.app.inject({ method, url, headers: { cookie: await app.login(username) }, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
};
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface Order { id: number; profileId: string; status: string; roundId: number | null; doorSeconds: number | null; alarmId: number | null }

test('staff order soup and send a round from the kitchen; the volunteer on a phone hands one over and finds nobody at the other', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const people = (await call<{ items: { profileId: string; address: string }[] }>('GET', '/api/care/visits/due', 'grid-xishan-01')).items.slice(0, 2);
  assert.equal(people.length, 2);

  const staff = await signedIn(browser, app, 'xishan');
  await staff.locator('[data-menu=careMeals]').waitFor({ state: 'attached' });
  await staff.goto('/care/meals');
  await staff.locator('[data-test=add-kitchen]').click();
  await staff.locator('.el-message-box input').fill('西山共享厨房');
  await staff.locator('.el-message-box .el-button--primary').click();
  await staff.locator('[data-test=kitchen]').filter({ hasText: '西山共享厨房' }).waitFor();
  const kitchenId = (await call<{ items: { id: string; name: string }[] }>('GET', '/api/care/kitchens', 'xishan')).items.find((k) => k.name === '西山共享厨房')!.id;
  await call('POST', '/api/care/meal-orders', 'xishan', { profileId: people[1]!.profileId, kitchenId, serviceDate: chinaToday(), meal: 'soup' });
  await staff.reload();
  await staff.locator('[data-test=orders-table] .el-table__row').first().waitFor();
  await staff.locator('[data-test=add-order]').click();
  await staff.locator('[data-test=order-person]').click();
  await staff.locator('.el-select-dropdown__item:visible').filter({ hasText: people[0]!.address }).first().click();
  await staff.locator('[data-test=save-order]').click();
  await staff.locator('.el-message--success').filter({ hasText: '订单已添加' }).waitFor();
  await staff.locator('[data-test=orders-table] .el-table__row').nth(1).waitFor();

  const orders = (await call<{ items: Order[] }>('GET', `/api/care/meal-orders?kitchenId=${kitchenId}&serviceDate=${chinaToday()}`, 'xishan')).items;
  assert.deepEqual(orders.map((o) => o.profileId).sort(), people.map((p) => p.profileId).sort());
  await staff.locator('[data-test=orders-table] .el-table__header .el-checkbox').click();
  await staff.locator('[data-test=new-round]').click();
  await staff.locator('[data-test=round-volunteer]').click();
  await staff.locator('.el-select-dropdown__item:visible').filter({ hasText: '(volunteer-xishan)' }).click();
  await staff.locator('[data-test=save-round]').click();
  await staff.locator('.el-message--success').filter({ hasText: '送餐批次' }).waitFor();
  const roundIds = (await call<{ items: Order[] }>('GET', `/api/care/meal-orders?kitchenId=${kitchenId}&serviceDate=${chinaToday()}`, 'xishan')).items.map((o) => o.roundId);
  assert.ok(roundIds[0] !== null && roundIds.every((id) => id === roundIds[0]), 'both orders ride on the new round');
  const round = { id: roundIds[0]! };
  await staff.locator(`[data-test=dispatch-${round.id}]`).click();
  await staff.locator('.el-message--success').filter({ hasText: '已出发' }).waitFor();
  await screenshot(staff, 'care-meals');
  await staff.context().close();

  const [handed, absent] = orders;
  const phone = await browser.newContext({ baseURL: app.url, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.grantPermissions(['geolocation'], { origin: app.url });
  await phone.setGeolocation({ longitude: 119.9, latitude: 30.9 });
  const volunteer = await phone.newPage();
  volunteer.setDefaultTimeout(15_000);
  await volunteer.goto('/login');
  await volunteer.locator('input[name=username]').fill('volunteer-xishan');
  await volunteer.locator('input[name=password]').fill(app.demo?.accounts.find((a) => a.username === 'volunteer-xishan')?.password ?? '');
  await volunteer.locator('[data-test=login-submit]').click();
  await volunteer.locator('.sidebar').waitFor({ state: 'attached' });
  await volunteer.goto('/care/rounds');
  await volunteer.locator(`[data-test=round-${round.id}] [data-test=since]`).waitFor();
  await volunteer.locator(`[data-test=door-${handed!.id}] [data-test=handed]`).click();
  await volunteer.locator(`[data-test=door-${handed!.id}] [data-test=outcome]`).filter({ hasText: '送达' }).waitFor();
  await volunteer.locator(`[data-test=door-${absent!.id}] [data-test=no-answer]`).click();
  await volunteer.locator(`[data-test=door-${absent!.id}] [data-test=alarm]`).filter({ hasText: '已发起探视告警 #' }).waitFor();
  await screenshot(volunteer, 'care-my-rounds');
  await phone.close();

  const after = new Map((await call<{ items: Order[] }>('GET', `/api/care/meal-orders?kitchenId=${kitchenId}&serviceDate=${chinaToday()}`, 'xishan')).items.map((o) => [o.id, o]));
  const a = after.get(handed!.id)!;
  const b = after.get(absent!.id)!;
  assert.equal(a.status, 'handedOver');
  assert.equal(b.status, 'noAnswer');
  for (const o of [a, b]) assert.ok(o.doorSeconds !== null && o.doorSeconds >= 0 && o.doorSeconds < 600, `door time ${o.doorSeconds}`);
  assert.equal(a.alarmId, null);
  assert.ok(b.alarmId !== null, 'nobody answering raised a welfare-check alarm');
  const alarms = (await call<{ items: { id: number; device_id?: string }[] }>('GET', '/api/care/alarms', 'county')).items;
  assert.ok(alarms.some((x) => Number(x.id) === Number(b.alarmId)), 'the welfare alarm is on the operators’ list');

  const figures = (await call<{ items: { level: string; kitchen: string | null; doors: number; within10Min: number }[] }>('GET', '/api/care/meals/figures', 'xishan')).items;
  assert.deepEqual(figures.filter((f) => f.level === 'kitchen').map((f) => [f.kitchen, f.doors, f.within10Min]), [['西山共享厨房', 2, 2]]);
  const office = await signedIn(browser, app, 'xishan');
  await office.goto('/care/meals');
  await office.locator('.el-tabs__item').filter({ hasText: '10分钟送达率' }).click();
  await office.locator('[data-test=figures-table] .el-table__row').filter({ hasText: '西山共享厨房' }).filter({ hasText: '100%' }).waitFor();
  await screenshot(office, 'care-meal-figures');
  await office.context().close();
});

test('a coordinator forms a mutual-aid group with a volunteer as lead covering an elder', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const person = (await call<{ items: { profileId: string; address: string }[] }>('GET', '/api/care/visits/due', 'grid-xishan-01')).items[2]!;
  const volunteerId = (await call<{ accountId: string }>('GET', '/api/auth/me', 'volunteer-xishan')).accountId;
  const staff = await signedIn(browser, app, 'xishan');
  await staff.locator('[data-menu=careGroups]').waitFor({ state: 'attached' });
  await staff.goto('/care/groups');
  await staff.locator('[data-test=new-group]').click();
  await staff.locator('input[data-test=group-name]').fill('西山新村邻里互助组');
  const form = staff.locator('[data-test=group-form]');
  await form.locator('.el-form-item').nth(2).locator('.el-select').click();
  await staff.locator('.el-select-dropdown__item:visible').filter({ hasText: '(volunteer-xishan)' }).click();
  await form.locator('.el-form-item').nth(4).locator('.el-select').click();
  await staff.locator('.el-select-dropdown__item:visible').filter({ hasText: person.address }).first().click();
  // A multiple select stays open after a pick; clicking elsewhere in the form closes it.
  await staff.locator('input[data-test=group-name]').click();
  await staff.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
  await staff.locator('[data-test=save-group]').click();
  await staff.locator('.el-message--success').filter({ hasText: '小组已保存' }).waitFor();
  await staff.locator('[data-test=groups-table] .el-table__row').filter({ hasText: '西山新村邻里互助组' }).waitFor();
  await screenshot(staff, 'care-groups');
  await staff.context().close();

  const groups = (await call<{ items: { name: string; leadAccountId: string; memberAccountIds: string[]; profiles: { id: string }[] }[] }>('GET', '/api/care/groups', 'xishan')).items;
  const group = groups.find((g) => g.name === '西山新村邻里互助组');
  assert.ok(group);
  assert.equal(group.leadAccountId, volunteerId);
  assert.deepEqual(group.memberAccountIds, [volunteerId]);
  assert.deepEqual(group.profiles.map((p) => p.id), [person.profileId]);
});
