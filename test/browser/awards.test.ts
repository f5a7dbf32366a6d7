import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const xishan = '330481001001';

async function call<T = { id: string }>(method: string, url: string, cookie: string, payload?: object): Promise<T> {
  const res = await app.app.inject({ method: method as 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.body}`);
  return res.json() as T;
}

async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.locator(`[data-test=${select}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** Households of Xishan other than the resident's own, with the label the public sees. */
function neighbours() {
  const own = app.demo!.accounts.find((a) => a.username === 'resident-xishan')!.unitCode;
  return app.demo!.households.filter((h) => h.code.startsWith(xishan) && h.code !== own).map((h) => {
    const b = app.demo!.buildings.find((x) => x.code === h.buildingCode)!;
    return { ...h, place: `${b.estate}${b.name}${h.stairwell}` };
  });
}

test('最美家庭: a resident nominates, staff shortlist and open the vote, households score, staff publish, the resident sees the winner', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const staffCookie = await app.login('xishan');
  const [chosen, second, third] = neighbours().filter((h, i, all) => all.findIndex((x) => x.place === h.place) === i) as [ReturnType<typeof neighbours>[0], ReturnType<typeof neighbours>[0], ReturnType<typeof neighbours>[0]];

  // Staff open the campaign from the console.
  const page = await signedIn(browser, app, 'xishan');
  await page.locator('[data-menu=awards]').click();
  await page.locator('[data-test=new-campaign]').click();
  await page.locator('[data-kind=family]').click();
  await page.locator('input[name=campaign-title]').fill('2026年度西山社区最美家庭');
  await page.locator('input[name=campaign-winners] , [name=campaign-winners] input').first().fill('1');
  await page.locator('[data-test=create-campaign]').click();
  await page.locator('[data-test=campaign-status]').filter({ hasText: '推荐中' }).waitFor();
  const campaignId = page.url().split('/').pop()!;
  assert.match(campaignId, /^[0-9a-f-]{36}$/);
  await call('POST', `/api/decisions/awards/${campaignId}/nominations`, staffCookie, { nomineeCode: second.code, reason: '邻里和睦' });
  await call('POST', `/api/decisions/awards/${campaignId}/nominations`, staffCookie, { nomineeCode: third.code, reason: '绿色家庭', agreedName: '金家' });

  // A resident nominates a neighbouring family on the phone: the stairwell from the list, then the room.
  const phone = await signedIn(browser, app, 'resident-xishan');
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto('/my-awards');
  await phone.locator(`[data-my-campaign="${campaignId}"]`).click();
  await phone.locator('[data-test=my-campaign-title]').filter({ hasText: '2026年度西山社区最美家庭' }).waitFor();
  await choose(phone, 'nominate-stairwell', chosen.place);
  await phone.locator('input[name=nominate-room]').fill(chosen.room);
  await phone.locator('textarea[name=nominate-reason]').fill('照顾瘫痪老人二十年，孝老爱亲');
  await phone.locator('[data-test=nominate]').click();
  await phone.locator('.el-message--success').waitFor();
  await phone.locator('.pending', { hasText: chosen.place }).waitFor();
  await screenshot(phone, 'awards-nominate-phone');

  // Staff shortlist it and open the vote.
  await page.reload();
  const row = page.locator('[data-test=nominations] .el-table__row', { hasText: chosen.place });
  await row.locator('[data-nomination-status=nominated]').waitFor();
  await row.locator('[data-accept]').click();
  await row.locator('[data-nomination-status=accepted]').waitFor();
  await page.locator('[data-test=open-vote]').click();
  await page.locator('[data-test=campaign-status]').filter({ hasText: '投票中' }).waitFor();
  const detail = await call<{ motionId: string; nominations: { id: string; label: string; nomineeCode: string }[] }>('GET', `/api/decisions/awards/${campaignId}`, staffCookie);
  const idOf = (code: string) => detail.nominations.find((n) => n.nomineeCode === code)!.id;
  const [a, b, c] = [idOf(chosen.code), idOf(second.code), idOf(third.code)];
  assert.equal(detail.nominations.find((n) => n.id === c)!.label, `金家（${third.place}）`);

  // The resident votes through the votes page the campaign links to.
  await phone.reload();
  await phone.locator('[data-test=go-vote]').click();
  await phone.locator('[data-test=my-motion-title]').filter({ hasText: '2026年度西山社区最美家庭' }).waitFor();
  for (const [id, score] of [[a, '5'], [b, '3'], [c, '2']] as const) {
    const input = phone.locator(`[data-choice="${id}"] input`);
    await input.fill(score);
    await input.press('Tab');
  }
  await phone.locator('[data-test=cast]').click();
  await phone.locator('[data-test=my-vote-status]').filter({ hasText: '已于' }).waitFor();
  await screenshot(phone, 'awards-vote-phone');

  // Other households on paper, entered by staff.
  const roll = await call<{ entries: { voterId: string }[] }>('GET', `/api/motions/${detail.motionId}/roll`, staffCookie);
  const own = app.demo!.accounts.find((x) => x.username === 'resident-xishan')!.unitCode;
  const others = roll.entries.map((e) => e.voterId).filter((v) => v !== own).slice(0, 3);
  const papers = [{ [a]: 4, [b]: 5 }, { [a]: 5, [c]: 3 }, { [b]: 4, [c]: 4 }];
  for (const [i, choice] of papers.entries()) await call('POST', `/api/motions/${detail.motionId}/ballots`, staffCookie, { voterId: others[i], channel: 'paper', choice });

  // Staff close and publish: 14 for the resident's nominee against 12 and 9.
  await page.reload();
  await page.locator('[data-test=close-vote]').click();
  await page.locator('[data-test=campaign-status]').filter({ hasText: '已公布' }).waitFor();
  await page.locator(`[data-test=winners] [data-winner="${a}"]`).waitFor();
  const totals = await page.locator('[data-test=nominations]').innerText();
  assert.match(totals, /14 \/ 3/);
  await screenshot(page, 'awards-published');

  await phone.goto(`/my-awards/${campaignId}`);
  await phone.locator('[data-test=my-campaign-status]').filter({ hasText: '已公布' }).waitFor();
  const winners = await phone.locator('[data-test=winners]').innerText();
  assert.match(winners, new RegExp(chosen.place));
  assert.doesNotMatch(winners, new RegExp(chosen.room), 'the public label stops at the stairwell');
  assert.equal(await phone.locator('[data-test=winners] [data-winner]').count(), 1);
  await screenshot(phone, 'awards-winners-phone');
  await phone.context().close();
  await page.context().close();
});

test('a tie at the last award: staff pick among the tied with a note, and the winner is published with it', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const staffCookie = await app.login('xishan');
  const campaign = await call<{ id: string }>('POST', '/api/decisions/awards', staffCookie, { communityCode: xishan, kind: 'courtyard', year: 2026, title: '2026年度最美庭院', winners: 1 });
  const homes = neighbours().slice(-3);
  const ids: string[] = [];
  for (const h of homes) ids.push((await call('POST', `/api/decisions/awards/${campaign.id}/nominations`, staffCookie, { nomineeCode: h.code, reason: '庭院整洁，花木繁盛' })).id);
  const voting = await call<{ motionId: string }>('POST', `/api/decisions/awards/${campaign.id}/vote`, staffCookie, { opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() });
  const roll = await call<{ entries: { voterId: string }[] }>('GET', `/api/motions/${voting.motionId}/roll`, staffCookie);
  const [first, second] = ids as [string, string];
  await call('POST', `/api/motions/${voting.motionId}/ballots`, staffCookie, { voterId: roll.entries[0]!.voterId, channel: 'paper', choice: { [first]: 5, [second]: 3 } });
  await call('POST', `/api/motions/${voting.motionId}/ballots`, staffCookie, { voterId: roll.entries[1]!.voterId, channel: 'paper', choice: { [first]: 3, [second]: 5 } });
  assert.equal((await call<{ status: string }>('POST', `/api/decisions/awards/${campaign.id}/vote/close`, staffCookie, {})).status, 'tied');

  const page = await signedIn(browser, app, 'xishan');
  await page.goto(`/awards/${campaign.id}`);
  await page.locator('[data-test=campaign-status]').filter({ hasText: '票数并列待定' }).waitFor();
  assert.equal(await page.locator('[data-test=tie] [data-tied]').count(), 2, 'only the tied are offered');
  await page.locator(`[data-tied="${second}"]`).click();
  await page.locator('input[name=tie-note]').fill('评审小组实地查看后复议');
  await page.locator('[data-test=settle]').click();
  await page.locator('[data-test=campaign-status]').filter({ hasText: '已公布' }).waitFor();
  await page.locator(`[data-test=winners] [data-winner="${second}"]`).waitFor();
  assert.match(await page.locator('[data-test=winners]').innerText(), /并列处理：评审小组实地查看后复议/);
  await page.locator('[data-test=campaign-select]').filter({ hasText: '已公布' }).waitFor();
  await screenshot(page, 'awards-tie-settled');
  await page.context().close();
});
