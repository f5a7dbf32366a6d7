import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { openDatabase } from '../../core/db/database.ts';
import { needService } from '../../../test/support/services.ts';
import { forgetSessions } from './testing/server-process.ts';

const brokerUrl = process.env.MQTT_URL && process.env.MQTT_URL !== 'off' ? process.env.MQTT_URL : 'mqtt://127.0.0.1:1883';
const serve = new URL('./testing/serve.ts', import.meta.url).pathname;

interface Server { child: ChildProcess; last: { alarms: number; ladderDone: number } }

function start(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', serve], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const server: Server = { child, last: { alarms: -1, ladderDone: -1 } };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('ready')) resolve(server);
      const m = [...text.matchAll(/alarms (\d+) ladderDone (\d+)/g)].at(-1);
      if (m) server.last = { alarms: Number(m[1]), ladderDone: Number(m[2]) };
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal})`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a server killed in the middle of a burst loses no acknowledged alarm, and its escalation timers fire after restart', { timeout: 240_000 }, async (t) => {
  const broker = new URL(brokerUrl);
  if (!(await needService(t, 'MQTT broker', broker.hostname, Number(broker.port || 1883)))) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'gz-care-restart-'));
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const env = {
    DATA_DIR: dataDir, MQTT_URL: brokerUrl, MQTT_CLIENT_ID: `gz-test-restart-${run}`, DEMO: '0', DATABASE_URL: '', JOB_CONCURRENCY: '1',
    CARE_LADDER_JSON: JSON.stringify([{ afterSeconds: 3, action: 'widen', onlyIfUnaccepted: true }]),
  };
  let server: Server | null = null;
  t.after(async () => {
    server?.child.kill('SIGKILL');
    await forgetSessions(brokerUrl, env.MQTT_CLIENT_ID);
    rmSync(dataDir, { recursive: true, force: true });
  });

  server = await start(env);
  const first = server;
  const device = await mqtt.connectAsync(brokerUrl, { clientId: `gz-test-burst-${run}` });
  const total = 300;
  let acked = 0;
  for (let i = 0; i < total; i++) {
    // publishAsync resolves on the broker's PUBACK: from here on the alarm must not be lost.
    await device.publishAsync(`gongzhi/devices/B${run}/events`, JSON.stringify({ id: `burst-${i}`, type: 'alarm', lat: 30.526, lng: 120.688 }), { qos: 1 });
    acked++;
    if (i === 100) {
      // Kill once the server is busy storing: part of the burst stored, part acknowledged by the broker only.
      await until('the first alarms stored', () => first.last.alarms >= 10, 30_000);
      first.child.kill('SIGKILL');
    }
  }
  await device.endAsync();
  await exited(first.child);
  const beforeKill = first.last.alarms;
  assert.ok(beforeKill > 0 && beforeKill < total, `the kill landed mid-burst (${beforeKill} stored)`);

  // Same data, same MQTT session: the broker delivers what the dead server never acknowledged.
  server = await start(env);
  const second = server;
  await until(`all ${total} alarms`, () => second.last.alarms >= total, 90_000);
  await until('every ladder timer', () => second.last.ladderDone >= total, 60_000);
  second.child.kill('SIGTERM');
  await exited(second.child);
  server = null;

  const db = await openDatabase({ dataDir });
  try {
    const { rows } = await db.pool.query<{ events: number; alarms: number; ids: number; pending: number; done: number; done_once: number }>(
      `SELECT (SELECT count(*)::int FROM device_events) AS events, (SELECT count(*)::int FROM care_alarms) AS alarms,
              (SELECT count(DISTINCT message_id)::int FROM device_events) AS ids,
              (SELECT count(*)::int FROM jobs WHERE unique_key LIKE 'care:alarm:%:ladder:%') AS pending,
              (SELECT count(*)::int FROM jobs_done WHERE unique_key LIKE 'care:alarm:%:ladder:%') AS done,
              (SELECT count(DISTINCT unique_key)::int FROM jobs_done WHERE unique_key LIKE 'care:alarm:%:ladder:%') AS done_once`);
    assert.equal(acked, total);
    assert.deepEqual(rows[0], { events: total, alarms: total, ids: total, pending: 0, done: total, done_once: total });
  } finally {
    await db.close();
  }
});
