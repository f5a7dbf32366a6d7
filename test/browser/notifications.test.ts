import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const grid01 = '330481001001G01';
// Both act for grid 01, so both see its inbox; each reads it on their own.
const worker = 'grid-xishan-01';
const colleague = 'gridleader-xishan-01';

const unreadOf = async (page: Page) => Number(await page.locator('[data-test=notice-bell]').getAttribute('data-unread'));

/** Waits until the bell shows `n`. */
async function bellShows(page: Page, n: number): Promise<void> {
  await page.waitForFunction(`document.querySelector('[data-test=notice-bell]')?.getAttribute('data-unread') === '${n}'`);
}

async function openPanel(page: Page): Promise<void> {
  await page.locator('[data-test=notice-bell]').click();
  await page.locator('[data-test=notice-panel] [data-notice]').first().waitFor();
}

test('a grid worker sees a new case’s notice in the bell, opens it onto the case page, and it stays unread for a colleague', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const page = await signedIn(browser, app, worker);
  await page.goto('/cases/inbox');
  await page.locator('[data-test=notice-bell]').waitFor();
  const before = await unreadOf(page);

  // A resident reports a light out in grid 01 while the worker has the console open.
  const b = app.demo!.buildings.find((x) => x.microGridCode.startsWith(grid01))!;
  const res = await app.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: await app.login('resident-xishan') }, payload: { category: 'streetLight', description: '楼道口路灯不亮', lng: b.lng, lat: b.lat } });
  assert.equal(res.statusCode, 201, res.body);
  const number = res.json<{ number: string }>().number;

  // Moving to another page asks for the count again (so does the 30-second poll).
  await page.goto('/cases/map');
  await page.locator('[data-test=notice-bell]').waitFor();
  await bellShows(page, before + 1);
  await openPanel(page);
  const item = page.locator(`[data-test=notice-panel] [data-case="${number}"]`);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-read'), 'false');
  assert.match(await item.innerText(), new RegExp(`您有新的事项 ${number}`));
  await screenshot(page, 'notifications-panel');

  await item.click();
  await page.waitForURL(`**/cases/${number}`);
  assert.equal(await page.locator('[data-test=case-number]').innerText(), number);
  await bellShows(page, before);
  await openPanel(page);
  assert.equal(await page.locator(`[data-test=notice-panel] [data-case="${number}"]`).getAttribute('data-read'), 'true');

  // The colleague shares the grid's inbox but has not read it.
  const other = await signedIn(browser, app, colleague);
  await other.locator('[data-test=notice-bell]').waitFor();
  // The bell shows 0 until its first count arrives: wait for that answer rather than read the placeholder.
  await other.waitForFunction(`Number(document.querySelector('[data-test=notice-bell]')?.getAttribute('data-unread')) > 0`).catch(() => undefined);
  const colleagueUnread = await unreadOf(other);
  assert.ok(colleagueUnread >= 1);
  await openPanel(other);
  const theirs = other.locator(`[data-test=notice-panel] [data-case="${number}"]`);
  assert.equal(await theirs.getAttribute('data-read'), 'false');

  // In English the same notice reads in English; "mark all read" empties the colleague's count only.
  await other.keyboard.press('Escape');
  await other.locator('[data-test=lang-switch]').click();
  await other.locator('.el-dropdown-menu__item[data-lang=en]:visible').click();
  await openPanel(other);
  await other.waitForFunction(`document.querySelector('[data-test=notice-panel] [data-case="${number}"]')?.textContent?.includes('New case ${number}')`);
  await other.locator('[data-test=notice-read-all]').click();
  await bellShows(other, 0);
  assert.ok((await other.locator('[data-test=notice-panel] [data-read=false]').count()) === 0);
  await screenshot(other, 'notifications-read-all-en');
  assert.equal(await unreadOf(page), before, 'the worker’s count is their own');
});
