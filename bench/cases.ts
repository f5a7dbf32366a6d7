/**
 * `npm run bench:cases`: (1) case intake over HTTP against a server started like `npm start` (a child
 * process), with locate, routing, persistence, timers, the history event and the indicator facts, on
 * PostgreSQL and on PGlite, compared with a plain INSERT of the same case rows; CPU seconds of the
 * server, the database backends and the load generator say where the time goes, and a CPU profile of
 * the server says which code. (2) The county dashboard (GET /api/cases/indicators) over 1,000,000 cases'
 * facts generated in SQL. Sizes: BENCH_CASES (PostgreSQL intake), BENCH_CASES_PGLITE, BENCH_CONCURRENCY,
 * BENCH_FACTS (dashboard cases), BENCH_FACTS_PGLITE, BENCH_RUNS; BENCH_SKIP_EMBEDDED=1 skips PGlite;
 * BENCH_SKIP_INTAKE=1 runs only the dashboard and prints its section without writing docs/benchmarks.md
 * (whose intake figures it would otherwise erase).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { buildApp } from '../src/app/build.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { generateDemo } from '../src/modules/demo/index.ts';
import { freshPostgresDatabase } from '../test/support/database.ts';
import { backendPids, calibrate, cpuSeconds, machine, writeSection } from './support.ts';
import { generateFacts } from '../src/modules/cases/synthetic-facts.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const pgCases = env('BENCH_CASES', 10_000);
const pgliteCases = env('BENCH_CASES_PGLITE', 2000);
const concurrency = env('BENCH_CONCURRENCY', 32);
const factsCount = env('BENCH_FACTS', 1_000_000);
const pgliteFacts = env('BENCH_FACTS_PGLITE', 100_000);
const runs = env('BENCH_RUNS', 7);
const postgresUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const started = performance.now();

const demo = generateDemo();
const points = demo.buildings.map((b) => ({ lng: b.lng, lat: b.lat }));
const categories = ['sanitation', 'streetLight', 'streetVending', 'neighbourDispute', 'facilityRepair', 'elderlyCare', 'safetyHazard', 'other'];
const body = (i: number) => JSON.stringify({
  category: categories[i % categories.length], description: `热线反映第${i}号事项`, channel: 'hotline', ...points[(i * 7919) % points.length]!,
  reporter: { name: '王先生', phone: `139${String(i % 1e8).padStart(8, '0')}` },
});

interface Server { url: string; pid: number; stop(): Promise<void> }

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

/** `src/main.ts` in a child process, as `npm start` runs it; resolves once it prints its banner. */
async function startServer(target: { databaseUrl?: string; dataDir: string }, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '', LOG_LEVEL: 'warn', MQTT_URL: 'off', DEMO: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Gongzhi 共治')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

/** Self time of a V8 CPU profile grouped by where the code lives: our modules, each package, Node itself, idle. */
function profileSummary(dir: string): string[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return ['| (no profile written) | – |'];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples: number[]; timeDeltas: number[] };
  const place = new Map<number, string>();
  for (const n of profile.nodes) {
    const url = n.callFrame.url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const mod = /\/src\/((?:modules|core|app)\/[^/]+)/.exec(url)?.[1];
    place.set(n.id, pkg ? `package ${pkg}` : mod ? `src/${mod}` : url.startsWith('node:') ? 'Node.js runtime (node:*)'
      : n.callFrame.functionName === '(idle)' ? 'idle (waiting for the database or clients)'
        : n.callFrame.functionName === '(garbage collector)' ? 'garbage collector'
          : n.callFrame.functionName && !n.callFrame.functionName.startsWith('(') ? `native ${n.callFrame.functionName}` : 'V8 (program, builtins)');
  }
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const key = place.get(id) ?? '?';
    time.set(key, (time.get(key) ?? 0) + dt);
  });
  return [...time].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `| ${k} | ${((v / total) * 100).toFixed(1)}% |`);
}

interface Load { cases: number; ms: number; p50: number; p99: number; errors: number }

/** One POST /api/cases on a kept-alive connection (node:http costs the generator less CPU than fetch). */
function post(agent: Agent, base: string, payload: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/cases`, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** N concurrent clients on keep-alive connections, each posting its next case as soon as the last is answered. */
async function load(server: Server, cookie: string, total: number, tag: string): Promise<Load> {
  let next = 0, errors = 0;
  const latencies: number[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      const status = await post(agent, server.url, body(i), { cookie, 'idempotency-key': `${tag}-${i}` });
      if (status !== 201) {
        errors++;
        if (errors < 3) console.error(status, tag);
      }
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - t0;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { cases: total, ms, p50: latencies[Math.floor(latencies.length / 2)]!, p99: latencies[Math.ceil(latencies.length * 0.99) - 1]!, errors };
}

async function login(server: Server): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'county', password: 'gongzhi2026' }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gz_session='));
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** The floor: the same case rows inserted one per statement (autocommit) by as many connections, and 1,000 per statement. */
async function plainInserts(db: Database, pool: pg.Pool | null): Promise<{ singleMs: number; multiMs: number; rows: number }> {
  await sql`CREATE TABLE bench_plain (LIKE cases)`.execute(db.kysely);
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM cases`.execute(db.kysely);
  const columns = Object.keys(rows[0]!);
  const values = (r: Record<string, unknown>) => columns.map((c) => (typeof r[c] === 'object' && r[c] !== null && !(r[c] instanceof Date) ? JSON.stringify(r[c]) : r[c]));
  const insert = `INSERT INTO bench_plain (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const target = pool ?? db.pool;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: pool ? concurrency : 1 }, async () => {
    while (next < rows.length) await target.query(insert, values(rows[next++]!));
  }));
  const singleMs = performance.now() - t0;
  await sql`TRUNCATE bench_plain`.execute(db.kysely);
  const t1 = performance.now();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db.pool.query(`INSERT INTO bench_plain (${columns.join(', ')}) VALUES ${chunk.map((_, k) => `(${columns.map((__, j) => `$${k * columns.length + j + 1}`).join(', ')})`).join(', ')}`, chunk.flatMap(values));
  }
  const multiMs = performance.now() - t1;
  await sql`DROP TABLE bench_plain`.execute(db.kysely);
  return { singleMs, multiMs, rows: rows.length };
}

interface Intake { label: string; load: Load; plain: { singleMs: number; multiMs: number; rows: number }; cpu: { server: number; database: number | null; client: number }; profile: string[] }

async function intake(label: string, target: { databaseUrl?: string; dataDir: string }, total: number): Promise<Intake> {
  const t0 = performance.now();
  let server = await startServer(target);
  console.log(`${label}: server with the demo county ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let cookie = await login(server);
  // Steady state: the first thousand cases also pay for compiling the code paths and filling the caches.
  await load(server, cookie, Math.min(1000, total), 'warm');
  const backends = target.databaseUrl ? await backendPids(target.databaseUrl) : [];
  const before = { server: cpuSeconds(server.pid), db: backends.reduce((s, p) => s + cpuSeconds(p), 0), client: process.cpuUsage() };
  const result = await load(server, cookie, total, 'run');
  const client = process.cpuUsage(before.client);
  const cpu = {
    server: cpuSeconds(server.pid) - before.server,
    database: target.databaseUrl ? (await backendPids(target.databaseUrl)).reduce((s, p) => s + cpuSeconds(p), 0) - before.db : null,
    client: (client.user + client.system) / 1e6,
  };
  console.log(label, result, cpu);
  await server.stop();
  // A second start on the same data (no demo load) under the CPU profiler, for the breakdown by code.
  server = await startServer(target, ['--cpu-prof', `--cpu-prof-dir=${target.dataDir}/prof`]);
  cookie = await login(server);
  await load(server, cookie, Math.min(total, 1000), 'profiled');
  await server.stop();
  const profile = profileSummary(`${target.dataDir}/prof`);
  const db = await openDatabase({ ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : { dataDir: target.dataDir }) });
  const pool = target.databaseUrl ? new pg.Pool({ connectionString: target.databaseUrl, max: concurrency }) : null;
  const plain = await plainInserts(db, pool);
  await pool?.end();
  await db.close();
  return { label, load: result, plain, cpu, profile };
}

interface Dashboard { label: string; facts: number; generateMs: number; warmMs: number; calibrationMs: number; queries: { name: string; first: number; median: number; p99: number }[] }

/** The county dashboard over `count` generated cases: several runs of GET /api/cases/indicators as the county centre. */
async function dashboard(label: string, db: Database, dataDir: string, count: number): Promise<Dashboard> {
  const built = await buildApp({ db, config: { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent', demo: false }, logger: pino({ level: 'silent' }), runJobs: false });
  const t0 = performance.now();
  const now = Date.now();
  await generateFacts(db, built.modules.tree, count, now);
  const generateMs = performance.now() - t0;
  // What `npm start` does after listening: the county's and streets' months by unit and by category.
  const t1 = performance.now();
  await built.modules.cases.warmIndicators(['unit', 'category'], now);
  const warmMs = performance.now() - t1;
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const server: Server = { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, pid: process.pid, stop: async () => undefined };
  const cookie = await login(server);
  const day = 86_400_000;
  const iso = (t: number) => new Date(t).toISOString();
  const queries: Dashboard['queries'] = [];
  for (const [name, from, groupBy] of [['last 30 days, total', now - 30 * day, 'all'], ['last 30 days, by level', now - 30 * day, 'level'], ['last 6 months, by unit (the console’s default)', now - 183 * day, 'unit'], ['last 365 days, by category', now - 365 * day, 'category']] as const) {
    const times: number[] = [];
    let first = 0;
    for (let i = 0; i < runs + 1; i++) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/cases/indicators?from=${iso(from)}&to=${iso(now + 60_000)}&groupBy=${groupBy}`, { headers: { cookie } });
      const report = await res.json() as { total: { received: number } };
      if (res.status !== 200) throw new Error(`indicators: ${res.status} ${JSON.stringify(report)}`);
      if (i > 0) times.push(performance.now() - t);
      else first = performance.now() - t;
      if (i === 0) console.log(label, name, 'received', report.total.received);
    }
    times.sort((a, b) => a - b);
    queries.push({ name, first, median: times[Math.floor(times.length / 2)]!, p99: times[Math.ceil(times.length * 0.99) - 1]! });
  }
  console.log(label, queries);
  const calibrationMs = await calibrate(db);
  await built.close();
  await db.close();
  return { label, facts: count, generateMs, warmMs, calibrationMs, queries };
}

const intakes: Intake[] = [];
const dashboards: Dashboard[] = [];
const pgDir = mkdtempSync(join(tmpdir(), 'gz-bench-cases-'));
const fresh = await freshPostgresDatabase(postgresUrl);
await fresh.db.close();
const skipIntake = Boolean(process.env.BENCH_SKIP_INTAKE);
// Without the intake run, one start of the server loads the demo county the dashboard's facts are placed in.
const demoOnly = async (target: { databaseUrl?: string; dataDir: string }) => (await startServer(target)).stop();
if (skipIntake) await demoOnly({ databaseUrl: fresh.url!, dataDir: pgDir });
else intakes.push(await intake('PostgreSQL 15 (server)', { databaseUrl: fresh.url!, dataDir: pgDir }, pgCases));
dashboards.push(await dashboard('PostgreSQL 15 (server)', await openDatabase({ databaseUrl: fresh.url! }), pgDir, factsCount));
await fresh.drop();
rmSync(pgDir, { recursive: true, force: true });
if (!process.env.BENCH_SKIP_EMBEDDED) {
  const dir = mkdtempSync(join(tmpdir(), 'gz-bench-cases-'));
  if (skipIntake) await demoOnly({ dataDir: dir });
  else intakes.push(await intake('PGlite (embedded)', { dataDir: dir }, pgliteCases));
  dashboards.push(await dashboard('PGlite (embedded)', await openDatabase({ dataDir: dir }), dir, pgliteFacts));
  rmSync(dir, { recursive: true, force: true });
}

const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
const per = (seconds: number | null, n: number) => (seconds === null ? 'in the server process' : `${((seconds / n) * 1e6).toFixed(0)} µs`);
const dashboardLines = [
  `### County dashboard: GET /api/cases/indicators as the county centre, ${runs} runs after one warm-up`,
  '',
  'Facts generated in SQL (`generate_series`) for the demo county: three years of cases, all but 0.5% of those older than a month closed, ~10% with',
  'a superseded version, ratings on most closed cases; `VACUUM ANALYZE` after loading, as autovacuum would.',
  `Calibration (how busy the machine was): \`SELECT sum(i) FROM generate_series(1, 2000000) i\` took ${dashboards.map((d) => `${d.calibrationMs.toFixed(0)} ms on ${d.label}`).join(', ')} (best of three; compare on a quiet machine).`,
  '',
  'A period with two whole months or more reads pre-aggregated months, plus the partial months and what changed since',
  '(docs/decisions/0138-indicator-months.md). A server builds the county\'s and the streets\' months by unit and by category',
  `when it starts (${dashboards.map((d) => `${(d.warmMs / 1000).toFixed(1)} s on ${d.label}`).join(', ')}, done here before the requests), so the`,
  'first request of those reads them; a grouping or scope nobody asked for before pays for its months in its first request',
  '(1–2 s for a year of 1,000,000 cases, the "30 days" rows have none to build).',
  '',
  '| database | cases | generate + index | query | first request | median | p99 | target |',
  '|---|---|---|---|---|---|---|---|',
  ...dashboards.flatMap((d) => d.queries.map((q) => `| ${d.label} | ${d.facts.toLocaleString('en-US')} | ${(d.generateMs / 1000).toFixed(1)} s | ${q.name} | ${q.first.toFixed(0)} ms | ${q.median.toFixed(0)} ms | ${q.p99.toFixed(0)} ms | ${d.label.startsWith('PostgreSQL') && d.facts >= 1_000_000 ? '≤ 500 ms' : '–'} |`)),
];
if (skipIntake) console.log(dashboardLines.join('\n'));
else writeSection('cases', [
  '## Cases: intake over HTTP, and the county dashboard',
  '',
  `Command: \`npm run bench:cases\` (${((performance.now() - started) / 1000).toFixed(0)} s). ${new Date().toISOString().slice(0, 10)}, ${machine()}.`,
  'This is a virtual machine whose speed varies from hour to hour (the same code has measured up to 2× apart): the load',
  'average above says whether anything else ran, and the calibration query below how fast the machine was.',
  '',
  `### Intake: POST /api/cases, ${concurrency} concurrent keep-alive clients`,
  '',
  'The server is `src/main.ts` in a child process, as `npm start` runs it (demo county, `LOG_LEVEL=warn`, MQTT off),',
  'signed in as the county centre entering hotline cases at demo buildings across the county, each with an',
  'Idempotency-Key: locate, routing, the case row, the accept event, followers, two durable timers, the in-app',
  'notice and the indicator facts; the cases that arrive while a batch is being written are written together in one',
  'statement (docs/decisions/0140-intake-batches.md). Measured after 1,000 warm-up cases (steady state: the first ones',
  'also pay for compiling the code paths). The plain INSERT writes the same case rows into a bare copy of `cases`',
  '(no index), one row per statement in autocommit from as many connections, and 1,000 per statement.',
  '',
  '| database | cases | intake cases/s | p50 / p99 latency | plain INSERT rows/s (1 per statement) | intake ÷ plain | 1,000 per statement rows/s | target |',
  '|---|---|---|---|---|---|---|---|',
  ...intakes.map((r) => `| ${r.label} | ${r.load.cases.toLocaleString('en-US')}${r.load.errors ? ` (${r.load.errors} errors)` : ''} | ${perSecond(r.load.cases, r.load.ms)} | ${r.load.p50.toFixed(0)} / ${r.load.p99.toFixed(0)} ms | ${perSecond(r.plain.rows, r.plain.singleMs)} | ${((r.load.cases / r.load.ms) / (r.plain.rows / r.plain.singleMs)).toFixed(2)} | ${perSecond(r.plain.rows, r.plain.multiMs)} | ${r.label.startsWith('PostgreSQL') ? '≥ 1,000 cases/s' : '–'} |`),
  '',
  'Where the time goes, and what was changed to cut it: docs/decisions/0136-intake-path.md (one statement for a case\'s',
  'rows, cached configuration and tree units) and 0140 (batches of the cases that arrive together, session lookups',
  'shared the same way). The dashboard: 0135 and 0138.',
  '',
  'CPU per case during the measured run (user + system; the machine has 2 cores, so 2,000 µs of CPU per case caps it at 1,000 cases/s):',
  '',
  '| database | server process | PostgreSQL backends | load generator |',
  '|---|---|---|---|',
  ...intakes.map((r) => `| ${r.label} | ${per(r.cpu.server, r.load.cases)} | ${per(r.cpu.database, r.load.cases)} | ${per(r.cpu.client, r.load.cases)} |`),
  '',
  'Server CPU profile (a second start on the same data, up to 1,000 cases under `--cpu-prof`; the samples include the start-up, which loads and compiles the modules), self time by where the code lives:',
  '',
  ...intakes.flatMap((r) => [`${r.label}:`, '', '| code | share of the profile samples |', '|---|---|', ...r.profile, '']),
  ...dashboardLines,
].join('\n'));
