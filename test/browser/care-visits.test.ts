import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from '../support/app.ts';
import { browserFor, screenshot, signedIn, useConsoleApp } from './support.ts';

let app: TestApp;
useConsoleApp((started) => (app = started));

const api = async <T>(url: string, username: string): Promise<T> => {
  const res = await app.app.inject({ method: 'GET', url, headers: { cookie: await app.login(username) } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<T>();
};

test('a volunteer logs a visit at the door; the community coordinator approves the hours', async (t) => {
  const browser = await browserFor(t);
  if (!browser) return;
  const due = await api<{ items: { profileId: string; name: string }[] }>('/api/care/visits/due', 'volunteer-xishan');
  const person = due.items[0]!;
  const { home } = await api<{ home: { lng: number; lat: number } }>(`/api/care/profiles/${person.profileId}`, 'xishan');

  const volunteer = await signedIn(browser, app, 'volunteer-xishan');
  await volunteer.context().grantPermissions(['geolocation'], { origin: app.url });
  await volunteer.context().setGeolocation({ longitude: home.lng, latitude: home.lat + 30 / 111_195 });
  await volunteer.locator('[data-menu=careVisits]').waitFor({ state: 'attached' });
  await volunteer.goto('/care/visits');
  await volunteer.locator(`[data-test="log-${person.profileId}"]`).click();
  await volunteer.locator('[data-test=visit-form]').waitFor();
  await volunteer.locator('[data-test=minutes] input').fill('45');
  await volunteer.locator('[data-test=finding-allWell]').click();
  await volunteer.locator('textarea[data-test=notes]').fill('陪老人聊天，测了血压，一切正常');
  await screenshot(volunteer, 'care-visit-log');
  await volunteer.locator('[data-test=save-visit]').click();
  await volunteer.locator('.el-message--success').filter({ hasText: '走访已登记' }).waitFor();

  const visits = await api<{ items: { minutes: number; far: boolean; findings: string[]; notes: string }[] }>(`/api/care/profiles/${person.profileId}/visits`, 'xishan');
  assert.deepEqual(visits.items.map((v) => ({ minutes: v.minutes, far: v.far, findings: v.findings, notes: v.notes })), [{ minutes: 45, far: false, findings: ['allWell'], notes: '陪老人聊天，测了血压，一切正常' }]);
  await volunteer.context().close();

  const coordinator = await signedIn(browser, app, 'xishan');
  await coordinator.goto('/care/visits');
  await coordinator.locator('.el-tabs__item').filter({ hasText: '服务时长' }).click();
  const row = coordinator.locator('[data-test=hours-table] .el-table__row').filter({ hasText: '上门走访' });
  await row.locator('[data-test=approve]').click();
  await coordinator.locator('.el-message--success').filter({ hasText: '已审核' }).waitFor();
  await row.locator('[data-test=hours-status]').filter({ hasText: '已通过' }).waitFor();
  await screenshot(coordinator, 'care-hours');
  const { rows } = await sql<{ status: string; minutes: number; decided_by: string | null }>`SELECT status, minutes, decided_by FROM care_service_hours WHERE source = 'visit'`.execute(app.core.db.kysely);
  assert.deepEqual(rows.map((r) => [r.status, r.minutes, r.decided_by !== null]), [['approved', 45, true]]);
  await coordinator.context().close();
});
