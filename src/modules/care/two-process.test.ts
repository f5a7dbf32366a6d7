import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { buildApp } from '../../app/build.ts';
import { loadDemo } from '../../app/demo-loader.ts';
import { tablesOf } from '../../core/db/database.ts';
import { freshPostgresDatabase } from '../../../test/support/database.ts';
import { hostPort, needService, postgresUrl } from '../../../test/support/services.ts';
import { operatorStream, pressBody, type Device } from './testing/burst.ts';
import { checkBurst } from './testing/checks.ts';
import { addResponders } from './testing/population.ts';
import type { CareTables } from './tables.ts';
import { startServer, type ServerProcess } from './testing/server-process.ts';

const brokerUrl = process.env.MQTT_URL && process.env.MQTT_URL !== 'off' ? process.env.MQTT_URL : 'mqtt://127.0.0.1:1883';

async function until(what: string, ok: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('two server processes on one PostgreSQL: every press one alarm, dispatched once; one killed mid-burst loses no acknowledged alarm and its timers fire on the other', { timeout: 300_000 }, async (t) => {
  const broker = new URL(brokerUrl);
  const pg = hostPort(postgresUrl);
  if (!(await needService(t, 'PostgreSQL', pg.host, pg.port))) return;
  if (!(await needService(t, 'MQTT broker', broker.hostname, Number(broker.port || 1883)))) return;

  const { db, url, drop } = await freshPostgresDatabase(postgresUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'gz-care-two-'));
  const run = `${process.pid}${randomBytes(3).toString('hex')}`;
  // Both servers (and the loader here) must read each other's encrypted fields.
  const secret = randomBytes(32).toString('base64');
  const previousSecret = process.env.GONGZHI_SECRET;
  process.env.GONGZHI_SECRET = secret;
  const servers: ServerProcess[] = [];
  t.after(async () => {
    for (const s of servers) await s.stop();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
    if (previousSecret === undefined) delete process.env.GONGZHI_SECRET;
    else process.env.GONGZHI_SECRET = previousSecret;
  });

  const loader = await buildApp({ db, config: { dataDir, logLevel: 'silent', demo: false }, logger: pino({ level: 'silent' }), runJobs: false });
  const demo = await loadDemo(loader.modules, { scale: 0.3 });
  await addResponders(loader.modules.care.db, loader.modules.tree, demo, 300);
  // One escalation step, due after the kill for every alarm the first server stores.
  const ladderSeconds = 10;
  await sql`UPDATE care_settings SET ladder = ${JSON.stringify([{ afterSeconds: ladderSeconds, action: 'widen', onlyIfUnaccepted: true }])}::jsonb`.execute(db.kysely);
  await loader.close();
  const devices: Device[] = demo.care!.wristbands.map((w) => ({ deviceId: w.deviceId, home: w.home }));

  const start = (name: string) => startServer({ dataDir, databaseUrl: url!, brokerUrl, clientId: `gz-test-two-${run}-${name}`, env: { GONGZHI_SECRET: secret } });
  const [a, b] = await Promise.all([start('a'), start('b')]);
  servers.push(a, b);
  const [streamA, streamB] = await Promise.all([operatorStream(a.url), operatorStream(b.url)]);
  t.after(() => {
    streamA.close();
    streamB.close();
  });

  const total = 240;
  const device = await mqtt.connectAsync(brokerUrl, { clientId: `gz-test-two-press-${run}`, clean: true });
  let brokerAcked = 0;
  let killedAfter = -1;
  let doneBeforeKill = new Set<string>();
  for (let n = 0; n < total; n++) {
    const d = devices[n % devices.length]!;
    // Resolves on the broker's PUBACK: from here on the press must not be lost.
    await device.publishAsync(`gongzhi/devices/${d.deviceId}/events`, pressBody(d, `${run}-${n}`, n), { qos: 1 });
    brokerAcked++;
    if (n === 80) {
      // Kill once the first server is storing alarms: part of the burst behind it, part still to come.
      await until('the first server storing alarms', () => streamA.all.length >= 10, 60_000);
      await a.kill();
      killedAfter = n;
      doneBeforeKill = new Set((await sql<{ unique_key: string }>`SELECT unique_key FROM jobs_done WHERE unique_key LIKE 'care:alarm:%'`.execute(db.kysely)).rows.map((r) => r.unique_key));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await device.endAsync();
  assert.equal(brokerAcked, total);
  assert.ok(killedAfter > 0);

  const ladderLeft = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE unique_key LIKE 'care:alarm:%:ladder:%'`.execute(db.kysely)).rows[0]!.n);
  const alarmCount = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM care_alarms`.execute(db.kysely)).rows[0]!.n);
  await until(`all ${total} alarms`, async () => (await alarmCount()) >= total, 120_000);
  await until('every escalation timer', async () => (await ladderLeft()) === 0, 60_000);

  const check = await checkBurst(tablesOf<CareTables>(db), run, total);
  assert.deepEqual({ events: check.events, alarms: check.alarms, duplicates: check.duplicates, dispatchedTwice: check.dispatchedTwice, lost: check.lost }, { events: total, alarms: total, duplicates: 0, dispatchedTwice: 0, lost: 0 });

  // Each alarm was dispatched by one process: no message id came out of both servers' streams.
  const byA = new Set(streamA.all.map((s) => s.messageId));
  const byB = new Set(streamB.all.map((s) => s.messageId));
  assert.ok(byA.size >= 10 && byB.size > 0, `both processes dispatched (${byA.size}, ${byB.size})`);
  assert.deepEqual([...byA].filter((id) => byB.has(id)), [], 'no alarm dispatched by both');
  assert.equal(streamA.all.length, byA.size);
  assert.equal(streamB.all.length, byB.size);

  // The alarms the killed server acknowledged are stored, and their timers fired once, on the survivor.
  const { rows: timers } = await sql<{ message_id: string; alarm_id: string; runs: number; workers: string[] }>`
    SELECT e.message_id, al.id::text AS alarm_id, count(d.id)::int AS runs, array_agg(DISTINCT d.worker) AS workers
    FROM device_events e JOIN care_alarms al ON al.event_id = e.id
    LEFT JOIN jobs_done d ON d.unique_key = 'care:alarm:' || al.id || ':ladder:0'
    WHERE e.message_id LIKE ${`${run}-%`} GROUP BY e.message_id, al.id`.execute(db.kysely);
  assert.equal(timers.length, total);
  assert.deepEqual(timers.filter((r) => r.runs !== 1).map((r) => r.message_id), [], 'every timer fired exactly once');
  const ofA = timers.filter((r) => byA.has(r.message_id));
  assert.equal(ofA.length, byA.size, 'every alarm the killed server acknowledged is stored');
  // Those still pending when it died (all of them unless this machine was very slow) fired on the survivor.
  const pendingAtKill = ofA.filter((r) => !doneBeforeKill.has(`care:alarm:${r.alarm_id}:ladder:0`));
  assert.ok(pendingAtKill.length >= 5, `timers of the killed server pending at the kill: ${pendingAtKill.length}`);
  assert.deepEqual(pendingAtKill.filter((r) => r.workers.join() !== b.workerId).map((r) => r.message_id), [], 'the killed server\'s timers fired on the survivor');
});
