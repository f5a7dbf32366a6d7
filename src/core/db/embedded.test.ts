import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../../app/build.ts';
import { openDatabase } from './database.ts';

test('a 2-second query on the embedded database does not stall HTTP or timers', async (t) => {
  const db = await openDatabase({ dataDir: null });
  const dataDir = mkdtempSync(join(tmpdir(), 'gz-embedded-'));
  const app = await buildApp({ db, config: { dataDir, logLevel: 'silent', demo: false }, logger: pino({ level: 'silent' }), runJobs: false });
  t.after(async () => {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // A blocked event loop shows as one long gap between ticks (about the query's 2 s).
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  const slow = db.pool.query('SELECT pg_sleep(2)');
  const started = Date.now();
  const latencies: number[] = [];
  while (Date.now() - started < 1800) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/health/live`);
    assert.equal(res.status, 200);
    latencies.push(performance.now() - t0);
  }
  // A request that needs the database is queued behind the slow query, not refused.
  const ready = fetch(`${base}/api/health`);
  await slow;
  const elapsed = Date.now() - started;
  clearInterval(timer);
  assert.equal((await ready).status, 200);

  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
  assert.ok(latencies.length > 100, `HTTP kept being served during the query (${latencies.length} requests)`);
  assert.ok(p99 < 200, `p99 ${p99.toFixed(1)} ms while the database was busy`);
  assert.ok(elapsed >= 1900, 'the query really took about 2 s');
  assert.ok(maxGap < 300, `timers kept firing: longest gap ${maxGap.toFixed(0)} ms during a ${elapsed} ms query`);
});
