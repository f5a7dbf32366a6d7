import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const xishan = '330481001001';
const constituencies = ['partyMember', 'localResident', 'newResident'];

async function call<T = { id: string; motionId: string }>(method: string, url: string, cookie: string, payload?: object): Promise<T> {
  const res = await app.app.inject({ method: method as 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.body}`);
  return res.json() as T;
}
const window = () => ({ opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() });

/** A council of nine representatives (three per constituency), a counted round with progress, and a convention amended once. */
async function seed(staff: string) {
  const council = await call('POST', '/api/councils', staff, { kind: 'representativeAssembly', name: '西山社区居民代表大会', scopeCode: xishan });
  const term = await call('POST', `/api/councils/${council.id}/terms`, staff, { name: '第一届', startsOn: '2024-01-01', endsOn: '2029-12-31' });
  const { rows } = await sql<{ id: string; household: string }>`
    SELECT DISTINCT ON (h.code) r.id, h.code AS household FROM residents r JOIN households h ON h.id = r.household_id
    WHERE h.code LIKE ${`${xishan}%`} ORDER BY h.code, r.id LIMIT 9`.execute(app.core.db.kysely);
  const members: string[] = [];
  for (const [i, r] of rows.entries()) {
    members.push((await call('POST', `/api/councils/${council.id}/members`, staff, { householdCode: r.household, residentId: r.id, seat: { termId: term.id, constituency: constituencies[Math.floor(i / 3)] } })).id);
  }

  const round = await call('POST', '/api/decisions/rounds', staff, { communityCode: xishan, year: 2026, councilId: council.id, seats: [{ constituency: 'newResident', count: 1 }, { count: 2 }] });
  const titles = ['暖新坊员工扩面', '景观河路灯增亮', '暖心四堂', '电动车充电棚'];
  const ids: string[] = [];
  for (const title of titles) ids.push((await call('POST', `/api/decisions/rounds/${round.id}/proposals`, staff, { title, description: `${title}：说明` })).id);
  await call('POST', `/api/decisions/rounds/${round.id}/deliberation`, staff, {});
  for (const [i, id] of ids.entries()) await call('POST', `/api/decisions/proposals/${id}/ballot`, staff, { status: 'onBallot', constituency: i === 0 ? 'newResident' : null });
  const voting = await call('POST', `/api/decisions/rounds/${round.id}/vote`, staff, window());
  const choices = [[ids[1], ids[2]], [ids[1], ids[2]], [ids[1]], [ids[1], ids[3]], [ids[2]], [ids[1]], [ids[0]], [ids[0], ids[1]], [ids[0]]];
  for (const [i, choice] of choices.entries()) await call('POST', `/api/motions/${voting.motionId}/ballots`, staff, { voterId: members[i], channel: 'paper', choice });
  await call('POST', `/api/decisions/rounds/${round.id}/vote/close`, staff, {});
  const detail = await call<{ projects: { id: string; title: string }[] }>('GET', `/api/decisions/rounds/${round.id}`, staff);
  const lights = detail.projects.find((p) => p.title === '景观河路灯增亮')!;
  await call('POST', `/api/decisions/projects/${lights.id}/milestones`, staff, { title: '三方排摸昏暗点位' });
  await call('POST', `/api/decisions/projects/${lights.id}/progress`, staff, { percent: 60, note: '已加装太阳能灯 30 处' });

  const convention = await call('POST', '/api/decisions/conventions', staff, { communityCode: xishan, title: '西山社区居民公约', clauses: ['爱护公共设施，保持楼道整洁。', '电动车不得进入楼道充电。', '邻里和睦，互帮互助。'] });
  const amendment = await call('POST', `/api/decisions/conventions/${convention.id}/amendments`, staff, { title: '集中充电', changes: [{ op: 'change', key: 'k2', text: '电动自行车应当在集中充电点充电，不得进入楼道。' }, { op: 'add', after: 'k3', text: '高空不抛物。' }] });
  const motion = await call('POST', `/api/decisions/amendments/${amendment.id}/vote`, staff, { electorate: { councilId: council.id }, ...window() });
  for (const m of members.slice(0, 6)) await call('POST', `/api/motions/${motion.motionId}/ballots`, staff, { voterId: m, channel: 'paper', choice: 'yes' });
  await call('POST', `/api/decisions/amendments/${amendment.id}/vote/close`, staff, {});
  return { round, convention };
}

test('the projects page shows the counted round by constituency and the progress; the conventions page shows text, history and a word-level diff', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const staff = await app.login('xishan');
  const { round, convention } = await seed(staff);

  const page = await signedIn(browser, app, 'xishan');
  await page.goto(`/projects/${round.id}`);
  await page.locator('[data-test=round-status]').filter({ hasText: '已公布' }).waitFor();
  const results = page.locator('[data-test=results-table]');
  await results.locator('.el-table__row').first().waitFor();
  const header = await results.locator('thead').innerText();
  for (const label of ['党员', '本地居民', '新居民', '总票数']) assert.match(header, new RegExp(label));
  const first = await results.locator('.el-table__row').first().innerText();
  assert.match(first, /景观河路灯增亮/);
  assert.match(first, /入选/);
  assert.match(await page.locator('[data-test=ballots-by-constituency]').innerText(), /党员 3，本地居民 3，新居民 3/);
  await screenshot(page, 'projects-results');
  await page.locator('.el-tabs__item', { hasText: '实施进度' }).click();
  const projects = page.locator('[data-test=projects-table]');
  await projects.locator('.el-table__row').first().waitFor();
  assert.equal(await projects.locator('.el-table__row').count(), 3);
  await projects.locator('.el-table__row', { hasText: '景观河路灯增亮' }).click();
  const drawer = page.locator('.el-drawer');
  await drawer.getByText('已加装太阳能灯 30 处').waitFor();
  assert.match(await drawer.innerText(), /三方排摸昏暗点位/);
  await screenshot(page, 'projects-progress');
  // Staff report progress from the drawer; the server keeps it.
  const percent = drawer.locator('.el-slider .el-input-number input');
  await percent.fill('80');
  await percent.press('Enter');
  await drawer.locator('textarea').first().fill('再加装 20 处，监控同步修复');
  await drawer.getByRole('button', { name: '填报进展' }).click();
  await drawer.getByText('再加装 20 处，监控同步修复').waitFor();
  const lightsId = (await call<{ projects: { id: string; title: string }[] }>('GET', `/api/decisions/rounds/${round.id}`, staff)).projects.find((p) => p.title === '景观河路灯增亮')!.id;
  assert.equal((await call<{ progress: number }>('GET', `/api/public/projects/${lightsId}`, staff)).progress, 80);

  await page.goto(`/conventions/${convention.id}`);
  await page.locator('[data-test=current-version]').filter({ hasText: '现行第2版' }).waitFor();
  const clauses = await page.locator('[data-test=clauses]').innerText();
  assert.match(clauses, /第2条 电动自行车应当在集中充电点充电/);
  assert.match(clauses, /第4条 高空不抛物。/);
  await page.locator('.el-tabs__item', { hasText: '版本比较' }).click();
  await page.locator('[data-test=compare]').click();
  const diff = page.locator('[data-test=diff]');
  await diff.locator('[data-status=changed]').waitFor();
  assert.equal(await diff.locator('[data-status=added] ins').innerText(), '高空不抛物。');
  const inserted = await diff.locator('[data-status=changed] ins').allInnerTexts();
  assert.ok(inserted.some((s) => s.includes('集中充电点')), inserted.join('|'));
  assert.equal(await diff.locator('[data-status=changed] del').innerText(), '充电', 'only the words that went are struck through');
  await screenshot(page, 'conventions-diff');
  await page.context().close();

  // The community's public board, without signing in.
  const visitor = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
  const board = await visitor.newPage();
  await board.goto(`/board/${xishan}`);
  await board.locator('[data-test=public-board] .clauses').getByText('高空不抛物。').waitFor();
  const text = await board.locator('[data-test=public-board]').innerText();
  assert.match(text, /景观河路灯增亮/);
  assert.match(text, /80%/);
  assert.match(text, /第4条 高空不抛物。/);
  assert.match(board.url(), /\/board\//, 'no redirect to the login page');
  await screenshot(board, 'decisions-board');
  await visitor.close();
});
