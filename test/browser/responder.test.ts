import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DemoCare } from '../../src/app/demo-care.ts';
import type { DemoData } from '../../src/modules/demo/index.ts';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const careOf = (demo: DemoData | null): DemoCare => {
  const care = (demo as (DemoData & { care?: DemoCare }) | null)?.care;
  assert.ok(care, 'the demo loads its care data');
  return care;
};

test('a volunteer goes on duty, gets a wristband alarm live, accepts, sees the key-safe code and closes it', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const care = careOf(app.demo);
  const band = care.wristbands.find((w) => w.pairedUsernames.includes('volunteer-xishan'));
  assert.ok(band, 'the demo pairs volunteer-xishan with a wristband wearer');
  assert.ok(care.responders.some((r) => r.username === 'volunteer-xishan' && r.home), 'the volunteer is a responder with a home');

  const page = await signedIn(browser, app, 'volunteer-xishan');
  await page.context().grantPermissions(['geolocation'], { origin: app.url });
  // Standing about 20 m from the elder's building.
  await page.context().setGeolocation({ longitude: band.home.lng, latitude: band.home.lat + 20 / 111_195 });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('[data-menu=respond]').waitFor({ state: 'attached' });
  await page.goto('/respond');
  await page.locator('[data-test=live]').filter({ hasText: '实时连接' }).waitFor();
  assert.match(await page.locator('[data-test=respond]').innerText(), /暂无求助/);

  await page.locator('[data-test=duty]').click();
  await page.locator('.el-message--success').filter({ hasText: '已上岗' }).waitFor();
  const db = app.core.db.kysely;
  const accountId = (await app.modules.access.findAccountId('volunteer-xishan'))!;
  const responder = async () => (await sql<{ on_duty: boolean; lng: number | null }>`SELECT on_duty, lng FROM care_responders WHERE account_id = ${accountId}`.execute(db)).rows[0];
  for (let i = 0; i < 50 && (await responder())?.lng == null; i++) await page.waitForTimeout(100);
  const duty = await responder();
  assert.equal(duty?.on_duty, true);
  assert.ok(duty?.lng != null, 'the browser position was sent');
  // After a reload the switch shows the server's record, not what this browser remembers.
  await page.evaluate('localStorage.clear()');
  await page.reload();
  await page.locator('[data-test=live]').filter({ hasText: '实时连接' }).waitFor();
  await page.waitForFunction("document.querySelector('[data-test=duty]')?.classList.contains('is-checked') === true");

  // The wristband presses, over the device endpoint with its own token.
  const pressed = await fetch(`${app.url}/api/devices/${band.deviceId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-token': band.token },
    body: JSON.stringify({ id: `press-${Date.now()}`, type: 'alarm', at: new Date().toISOString() }),
  });
  assert.equal(pressed.status, 201);
  const { alarmId } = (await pressed.json()) as { alarmId: number };
  assert.ok(alarmId);

  await page.locator('[data-test=live-alert]').waitFor();
  assert.match(await page.locator('[data-test=live-alert]').innerText(), /新的求助/);
  assert.match(await page.locator('[data-test=current]').innerText(), /一键求助/);
  assert.match(await page.locator('[data-test=current]').innerText(), /结对老人/);
  assert.equal(await page.locator('[data-test=key-safe]').count(), 0, 'no key-safe code before accepting');
  await page.locator('[data-test=respond-map] path.leaflet-interactive').first().waitFor();
  await screenshot(page, 'responder-offer');

  await page.locator('[data-test=accept]').click();
  await page.locator('[data-test=key-safe] strong').waitFor();
  assert.match(await page.locator('[data-test=key-safe] strong').innerText(), /^\d{4}$/);
  assert.equal(await page.locator('[data-test=live-alert]').count(), 0);

  await page.locator('[data-test=departed]').click();
  await page.locator('[data-test=outcome]').waitFor();
  await page.locator('[data-test=arrived]').click();
  await page.locator('[data-test=arrived].is-disabled').waitFor();
  await page.locator('textarea[data-test=note]').fill('已帮老人买菜，老人情况良好');
  await screenshot(page, 'responder');
  await page.locator('[data-test=done]').click();
  await page.locator('[data-test=outcome]').filter({ hasText: '已完成' }).waitFor();
  assert.match(await page.locator('[data-test=outcome]').innerText(), /已帮老人买菜/);
  assert.match(await page.locator('[data-test=history]').innerText(), /已完成/);
  await screenshot(page, 'responder-outcome');

  // The alarm's timeline, as the API records it.
  const res = await app.app.inject({ method: 'GET', url: `/api/alarms/${alarmId}`, headers: { cookie: await app.login('volunteer-xishan') } });
  assert.equal(res.statusCode, 200, res.body);
  const alarm = res.json<{ status: string; timeline: Record<string, string | null>; arrival: { checked: boolean; distanceM: number }; note: string; offers: { accountId: string; status: string }[] }>();
  assert.equal(alarm.status, 'resolved');
  const order = ['pressed', 'offered', 'accepted', 'departed', 'arrived', 'resolved'].map((k) => {
    assert.ok(alarm.timeline[k], `${k} is recorded`);
    return Date.parse(alarm.timeline[k]!);
  });
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'pressed → offered → accepted → departed → arrived → resolved');
  assert.equal(alarm.arrival.checked, true);
  assert.ok(alarm.arrival.distanceM < 150);
  assert.equal(alarm.note, '已帮老人买菜，老人情况良好');
  assert.ok(alarm.offers.some((o) => o.accountId === accountId && o.status === 'accepted'));
  const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'care.keySafe' AND account_id = ${accountId}`.execute(db);
  assert.equal(audit.rows[0]!.n, 1, 'the key-safe release is audited once');
  await page.context().close();
});
