import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import type { Principal } from '../access/index.ts';
import type { IntakeInput } from './service.ts';

let app: TestApp;
let staff: Principal;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  const cookie = await app.login('grid-xishan-01');
  staff = (await app.modules.access.principalFromSession(cookie.split('=')[1]!))!;
});
after(() => app.stop());

const input = (i: number, extra: Partial<IntakeInput> = {}): IntakeInput => {
  const b = app.demo!.buildings[(i * 17) % app.demo!.buildings.length]!;
  return { category: i % 2 ? 'sanitation' : 'streetLight', description: `批量第${i}件`, channel: 'hotline', lng: b.lng, lat: b.lat, crs: 'wgs84', signers: [], ...extra };
};
const count = async (query: string, id: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(query)} WHERE case_id = ${id}`.execute(app.core.db.kysely)).rows[0]!.n;

test('cases arriving together are written in shared batches, each whole: number, event, facts, follower, timers, notice', async () => {
  const cases = app.modules.cases;
  const before = { ...cases.intake.stats };
  const stored = await Promise.all(Array.from({ length: 40 }, (_, i) => cases.submit(staff, input(i, i % 3 ? { idempotencyKey: `batch-${i}` } : {}))));
  assert.ok(stored.every((s) => s.created));
  assert.equal(new Set(stored.map((s) => s.row.number)).size, 40);
  const batches = cases.intake.stats.batches - before.batches;
  assert.equal(cases.intake.stats.items - before.items, 40);
  assert.ok(batches < 40, `40 concurrent cases took ${batches} batches`);
  for (const { row } of stored) {
    assert.match(row.number, /^GZ-\d{4}-\d{6}$/);
    assert.equal(await count('case_events', row.id), 1);
    assert.equal(await count('case_facts', row.id), 1);
    assert.equal(await count('case_followers', row.id), 1);
    assert.equal(await count('notifications', row.id), 1);
    const timers = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key LIKE ${`case-timer:${row.id}:%`}`.execute(app.core.db.kysely);
    assert.equal(timers.rows[0]!.n, 2);
  }
});

test('a key sent twice in one batch makes one case; a case the database refuses fails alone, the rest of its batch is stored', async () => {
  const cases = app.modules.cases;
  const prepared = await Promise.all(Array.from({ length: 6 }, (_, i) => cases.prepare(staff, input(100 + i, i < 2 ? { idempotencyKey: 'same-key' } : {}))));
  // Its first event names a case that does not exist: the foreign key refuses the whole statement.
  prepared[4]!.event.case_id = randomUUID();
  const outcomes = await Promise.allSettled(prepared.map((p) => cases.intake.write(p)));
  assert.equal(outcomes[4]!.status, 'rejected');
  const ok = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  assert.equal(ok.length, 5);
  assert.equal(ok[0]!.row.id, ok[1]!.row.id, 'the second use of the key answers with the first case');
  // Two batches may run at once, so either use of the key can be the first.
  assert.deepEqual([ok[0]!.created, ok[1]!.created].sort(), [false, true]);
  assert.deepEqual(ok.slice(2).map((o) => o.created), [true, true, true]);
  const refused = prepared[4]!.row.id!;
  assert.equal(await count('case_events', refused), 0);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE id = ${refused}`.execute(app.core.db.kysely)).rows[0]!.n, 0);
  for (const o of ok.filter((x) => x.created)) assert.equal(await count('case_facts', o.row.id), 1);
});
