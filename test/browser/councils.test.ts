import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const xishan = '330481001001';

async function call<T>(method: string, url: string, cookie: string, payload?: object): Promise<T> {
  const res = await app.app.inject({ method: method as 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.body}`);
  return res.json() as T;
}

test('staff run a meeting from the console: QR check-in to quorum, an item voted, minutes published', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const staff = await app.login('xishan');
  const council = await call<{ id: string }>('POST', '/api/councils', staff, { kind: 'sevenPlusX', name: '紫微小区自治理事会', scopeCode: xishan, noticeDays: 0 });
  const term = await call<{ id: string }>('POST', `/api/councils/${council.id}/terms`, staff, { name: '第一届', startsOn: '2026-01-01' });
  const own = app.demo!.accounts.find((a) => a.username === 'resident-xishan')!.unitCode;
  const { rows } = await sql<{ id: string; code: string }>`
    SELECT * FROM (SELECT DISTINCT ON (h.code) r.id, h.code FROM residents r JOIN households h ON h.id = r.household_id
    WHERE h.code LIKE ${`${xishan}%`} ORDER BY h.code, r.id) x ORDER BY code <> ${own}, code LIMIT 3`.execute(app.core.db.kysely);
  assert.equal(rows[0]!.code, own);
  const members: string[] = [];
  for (const r of rows) members.push((await call<{ id: string }>('POST', `/api/councils/${council.id}/members`, staff, { householdCode: r.code, residentId: r.id, seat: { termId: term.id } })).id);
  await call('POST', `/api/councils/${council.id}/members`, staff, { name: '物业王经理', seat: { termId: term.id, standing: false } });
  const meeting = await call<{ id: string }>('POST', `/api/councils/${council.id}/meetings`, staff, {
    title: '快鹿公园改造', startsAt: new Date(Date.now() + 10 * 60_000).toISOString(), place: '邻舍家',
    items: [{ title: '花园改造方案', decision: { electorate: 'attendees', rule: { method: 'simpleMajority' } } }],
  });

  const page = await signedIn(browser, app, 'xishan');
  await page.locator('[data-menu=councils]').click();
  await page.locator(`[data-council="${council.id}"]`).click();
  await page.locator('[data-test=council-name]').filter({ hasText: '紫微小区自治理事会' }).waitFor();
  assert.match(await page.locator('[data-test=members]').innerText(), /物业王经理/);
  assert.match(await page.locator('[data-test=members]').innerText(), /志愿（X）/);
  await screenshot(page, 'council');

  await page.locator(`[data-meeting="${meeting.id}"]`).click();
  await page.locator('[data-test=meeting-title]').filter({ hasText: '快鹿公园改造' }).waitFor();
  await page.locator('input[name=notice-text]').fill('请各位理事准时参加');
  await page.locator('[data-test=publish-notice]').click();
  await page.locator('[data-test=notice]').waitFor();
  // The notice is public, like the paper one on the board.
  const anonymous = await (await browser.newContext({ baseURL: app.url, locale: 'zh-CN' })).newPage();
  await anonymous.goto(`/notices/${meeting.id}`);
  await anonymous.locator('[data-test=public-notice]').waitFor();
  assert.match(await anonymous.locator('[data-test=public-notice]').innerText(), /花园改造方案[\s\S]*请各位理事准时参加|请各位理事准时参加[\s\S]*花园改造方案/);
  await anonymous.context().close();
  await page.locator('[data-test=qr]').waitFor();
  await page.waitForFunction("document.querySelector('[data-test=qr]')?.naturalWidth > 0");
  const link = await page.locator('[data-test=checkin-link]').innerText();
  assert.match(link, /\/checkin\/[A-Za-z0-9_-]+$/);
  await page.locator('[data-test=live]').waitFor();
  assert.match(await page.locator('[data-test=quorum]').innerText(), /未达法定人数.*应到 3 人，实到 0 人，需 2 人/);

  // The resident scans the QR code on a phone and checks in; the staff page follows live.
  const phone = await signedIn(browser, app, 'resident-xishan');
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(new URL(link).pathname);
  await phone.locator('[data-test=check-me-in]').click();
  await phone.locator('[data-test=me-present]').waitFor();
  await screenshot(phone, 'council-checkin-phone');
  await page.locator('[data-test=quorum]').filter({ hasText: '实到 1 人' }).waitFor();

  // Staff check the second member in from the list: quorate.
  await page.locator(`[data-check-in="${members[1]}"]`).click();
  await page.locator('[data-test=quorum]').filter({ hasText: '已达法定人数' }).waitFor();
  await page.locator('[data-test=put-to-vote]').click();
  await page.locator('[data-item-status=voting]').waitFor();
  const item = (await call<{ items: { motionId: string }[] }>('GET', `/api/meetings/${meeting.id}`, staff)).items[0]!;
  for (const m of members.slice(0, 2)) await call('POST', `/api/motions/${item.motionId}/ballots`, staff, { voterId: m, channel: 'paper', choice: 'yes' });
  await page.locator('[data-test=close-vote]').click();
  await page.locator('[data-test=item-result]').filter({ hasText: '通过' }).waitFor();
  assert.match(await page.locator('[data-test=agenda]').innerText(), /同意 2，反对 0，弃权 0/);

  await page.locator('[data-test=close-meeting]').click();
  await page.locator('[data-test=meeting-status]').filter({ hasText: '已结束' }).waitFor();
  await page.locator('[data-test=generate-minutes]').click();
  await page.locator('[data-test=minutes-body]').waitFor();
  const body = page.locator('textarea[data-test=minutes-body]');
  assert.match(await body.inputValue(), /表决通过。应表决 2 人/);
  await body.fill(`${await body.inputValue()}\n记录人：社区工作人员`);
  await page.locator('[data-test=save-minutes]').click();
  await page.locator('[data-test=minutes-state]').filter({ hasText: '第 2 版' }).waitFor();
  await screenshot(page, 'council-meeting');
  await page.locator('[data-test=publish-minutes]').click();
  await page.locator('[data-test=minutes-state]').filter({ hasText: '已发布' }).waitFor();
  const published = await app.app.inject({ url: `/api/public/meetings/${meeting.id}/minutes` });
  assert.match(published.json<{ body: string }>().body, /记录人：社区工作人员/);
  await phone.context().close();
  await page.context().close();
});
