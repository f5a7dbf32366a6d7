import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

async function call<T>(method: string, url: string, cookie: string, payload?: object): Promise<T> {
  const res = await app.app.inject({ method: method as 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.body}`);
  return res.json() as T;
}

test('a resident votes on the phone page; staff announce, enter a paper ballot, close and read the result', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const household = app.demo!.accounts.find((a) => a.username === 'resident-xishan')!.unitCode;
  const building = app.demo!.households.find((h) => h.code === household)!.buildingCode;
  const neighbour = app.demo!.households.find((h) => h.buildingCode === building && h.code !== household)!.code;
  const staff = await app.login('xishan');
  const motion = await call<{ id: string }>('POST', '/api/motions', staff, {
    title: '楼道加装声控灯', text: '本楼道加装声控灯，费用由维修资金列支。', rule: { method: 'civilCode278', matter: 5 },
    electorate: { kind: 'owners', scopeCode: building }, scopeCode: '330481001001',
    opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString(),
  });

  const page = await signedIn(browser, app, 'xishan');
  await page.locator('[data-menu=votes]').click();
  await page.locator(`[data-motion="${motion.id}"]`).click();
  await page.locator('[data-test=motion-title]').filter({ hasText: '楼道加装声控灯' }).waitFor();
  await page.locator('[data-test=announce]').click();
  await page.locator('[data-test=motion-phase]').filter({ hasText: '投票中' }).waitFor();
  assert.match(await page.locator('[data-test=roll-size]').innerText(), /已投 0/);

  const phone = await signedIn(browser, app, 'resident-xishan');
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto('/vote');
  await phone.locator(`[data-my-motion="${motion.id}"]`).click();
  await phone.locator('[data-test=my-motion-title]').filter({ hasText: '楼道加装声控灯' }).waitFor();
  await phone.locator('[data-choice=no]').click();
  await phone.locator('[data-test=cast]').click();
  await phone.locator('[data-test=my-vote-status]').filter({ hasText: '已于' }).waitFor();
  // Changing one's mind before the deadline: the later ballot is the one that counts.
  await phone.locator('[data-choice=yes]').click();
  await phone.locator('[data-test=cast]').filter({ hasText: '改投' }).click();
  await phone.waitForFunction("document.querySelectorAll('.el-message--success').length >= 2");
  await screenshot(phone, 'votes-phone');

  await call('POST', `/api/motions/${motion.id}/ballots`, staff, { voterId: neighbour, channel: 'paper', choice: 'yes' });
  await page.reload();
  await page.locator('[data-test=ballots]').filter({ hasText: '已被替代' }).waitFor();
  await page.locator('[data-test=close]').click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await page.locator('[data-test=outcome]').waitFor();
  const explanation = await page.locator('[data-test=explanation]').innerText();
  assert.match(explanation, /共收到 3 张选票/);
  assert.ok((await page.locator('[data-test=explanation] li').count()) > 5);
  assert.match(await page.locator('[data-test=outcome]').innerText(), /未通过|通过/);
  await screenshot(page, 'votes-result');

  await phone.reload();
  await phone.locator('[data-test=outcome]').waitFor();
  assert.equal(await phone.locator('[data-test=outcome]').innerText(), await page.locator('[data-test=outcome]').innerText());
});
