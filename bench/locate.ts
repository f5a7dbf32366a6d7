/**
 * Point → grid / micro-grid lookup at province scale. Run: npm run bench:locate
 * (node --import tsx --expose-gc bench/locate.ts). Writes its section of docs/benchmarks.md.
 */
import { writeSection } from './support.ts';
import os from 'node:os';
import { LocateIndex, findOverlaps, fromWgs84, validatePolygon, type Zone } from '../src/modules/geo/index.ts';

// Zhejiang's bounding box, tiled by 340 × 250 = 85,000 grids; each grid is 12 × 8 cells of a jittered
// lattice shared by all polygons, so neighbours have identical edges and nothing overlaps.
const LNG0 = 118;
const LAT0 = 27;
const LNG1 = 123;
const LAT1 = 31.2;
/** `--quick`: a tenth of the province and no write to docs, to check the script itself */
const QUICK = process.argv.includes('--quick');
const GRID_COLS = QUICK ? 34 : 340;
const GRID_ROWS = 250;
const CELLS_X = 12;
const CELLS_Y = 8;
const CELL_W = (LNG1 - LNG0) / (340 * CELLS_X);
const CELL_H = (LAT1 - LAT0) / (GRID_ROWS * CELLS_Y);
const LOOKUPS = 1_000_000;
const LATENCY_SAMPLE = 200_000;
const TARGETS = { buildS: 10, lookupsPerS: 200_000, p99Us: 50, rssGb: 1.5 };

function hash01(i: number, j: number, salt: number): number {
  let h = Math.imul(i, 0x27d4eb2d) ^ Math.imul(j, 0x165667b1) ^ Math.imul(salt, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function vertex(i: number, j: number): number[] {
  return [
    LNG0 + (i + 0.6 * (hash01(i, j, 1) - 0.5)) * CELL_W,
    LAT0 + (j + 0.6 * (hash01(i, j, 2) - 0.5)) * CELL_H,
  ];
}

/** Counter-clockwise ring around lattice cells [i0, i1) × [j0, j1), closed. */
function block(i0: number, j0: number, i1: number, j1: number): number[][][] {
  const pts: number[][] = [];
  for (let i = i0; i < i1; i++) pts.push(vertex(i, j0));
  for (let j = j0; j < j1; j++) pts.push(vertex(i1, j));
  for (let i = i1; i > i0; i--) pts.push(vertex(i, j1));
  for (let j = j1; j > j0; j--) pts.push(vertex(i0, j));
  pts.push(pts[0]!);
  return [pts];
}

/** 85,000 grids; 25,000 split into 6 micro-grids of 4 × 4 cells, 60,000 into 5 (two merged). */
function* province(): Generator<Zone> {
  for (let gx = 0; gx < GRID_COLS; gx++) {
    for (let gy = 0; gy < GRID_ROWS; gy++) {
      const code = `33${String(gx).padStart(4, '0')}${String(gy).padStart(4, '0')}`;
      const i0 = gx * CELLS_X;
      const j0 = gy * CELLS_Y;
      yield { code, kind: 'grid', parentCode: null, polygon: block(i0, j0, i0 + CELLS_X, j0 + CELLS_Y) };
      const five = (gx * GRID_ROWS + gy) % 17 < 12;
      let k = 0;
      for (let by = 0; by < 2; by++) {
        for (let bx = 0; bx < 3; bx++) {
          if (five && by === 0 && bx === 2) continue;
          const wide = five && by === 0 && bx === 1 ? 2 : 1;
          const polygon = block(i0 + 4 * bx, j0 + 4 * by, i0 + 4 * (bx + wide), j0 + 4 * by + 4);
          yield { code: `${code}${String(++k).padStart(2, '0')}`, kind: 'microGrid', parentCode: code, polygon };
        }
      }
    }
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

function collect(): void {
  globalThis.gc?.();
  globalThis.gc?.();
}

/** Mostly inside (97 %); the rest just beyond the province edge, half of them within 2 km. */
function randomPoints(n: number, seed: number): Float64Array {
  let s = seed;
  const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const pts = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    if (rnd() < 0.97) {
      pts[2 * k] = LNG0 + 0.01 + rnd() * (GRID_COLS * CELLS_X * CELL_W - 0.02);
      pts[2 * k + 1] = LAT0 + 0.01 + rnd() * (LAT1 - LAT0 - 0.02);
    } else {
      pts[2 * k] = LNG0 + rnd() * GRID_COLS * CELLS_X * CELL_W;
      pts[2 * k + 1] = LAT0 - 0.001 - rnd() * 0.04; // 100 m to 4.5 km south of the edge
    }
  }
  return pts;
}

const load0 = os.loadavg();
const rss0 = process.memoryUsage().rss;

let t = performance.now();
const zones = [...province()];
const genMs = performance.now() - t;
let microVertices = 0;
let micro = 0;
for (const z of zones) {
  if (z.kind === 'microGrid') {
    micro++;
    microVertices += (z.polygon[0] as number[][]).length;
  }
}
collect();
const rssInput = process.memoryUsage().rss;

t = performance.now();
let index: LocateIndex | null = new LocateIndex(zones);
const buildMs = performance.now() - t;
const rssPeak = process.memoryUsage().rss;

// import checks on one county's worth of micro-grids (the first 20,000)
const sample = zones.filter((z) => z.kind === 'microGrid').slice(0, 20_000);
t = performance.now();
let issues = 0;
for (const z of sample) issues += validatePolygon(z.polygon).length;
const validateMs = performance.now() - t;
t = performance.now();
const overlaps = findOverlaps(sample).length;
const overlapMs = performance.now() - t;

zones.length = 0;
collect();
const mem = process.memoryUsage();
const size = index.size;
const estimate = index.memoryBytes();

const points = randomPoints(LOOKUPS, 42);
const counts = { inside: 0, border: 0, outside: 0, nearest: 0, withMicro: 0 };
for (let k = 0; k < 100_000; k++) index.locate(points[2 * k]!, points[2 * k + 1]!); // warm-up
t = performance.now();
const cpu0 = process.cpuUsage();
for (let k = 0; k < LOOKUPS; k++) {
  const r = index.locate(points[2 * k]!, points[2 * k + 1]!);
  counts[r.status]++;
  if (r.nearestGrid) counts.nearest++;
  if (r.microGrid) counts.withMicro++;
}
const lookupMs = performance.now() - t;
const cpu1 = process.cpuUsage(cpu0);
const perS = LOOKUPS / (lookupMs / 1000);
// CPU time of the process (GC threads included): what one core does when not waiting for it
const perCpuS = LOOKUPS / ((cpu1.user + cpu1.system) / 1e6);

// GCJ-02 input (what WeChat and AMap hand us) adds one gcoord conversion per lookup
const gcj = new Float64Array(2 * LATENCY_SAMPLE);
for (let k = 0; k < LATENCY_SAMPLE; k++) {
  const [x, y] = fromWgs84(points[2 * k]!, points[2 * k + 1]!, 'gcj02');
  gcj[2 * k] = x;
  gcj[2 * k + 1] = y;
}
t = performance.now();
for (let k = 0; k < LATENCY_SAMPLE; k++) index.locate(gcj[2 * k]!, gcj[2 * k + 1]!, 'gcj02');
const gcjPerS = LATENCY_SAMPLE / ((performance.now() - t) / 1000);

const lat = new Float64Array(LATENCY_SAMPLE);
for (let k = 0; k < LATENCY_SAMPLE; k++) {
  const x = points[2 * k]!;
  const y = points[2 * k + 1]!;
  const a = process.hrtime.bigint();
  index.locate(x, y);
  lat[k] = Number(process.hrtime.bigint() - a) / 1000;
}
lat.sort();
const pct = (p: number): number => lat[Math.min(LATENCY_SAMPLE - 1, Math.floor(p * LATENCY_SAMPLE))]!;
const [p50, p99, p999] = [pct(0.5), pct(0.99), pct(0.999)];
const maxUs = lat[LATENCY_SAMPLE - 1]!;
const rssEnd = process.memoryUsage().rss;
const load1 = os.loadavg();
index = null;

const ok = (pass: boolean): string => (pass ? 'met' : '**missed**');
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const cpu = os.cpus();
const shared = Math.max(load0[0]!, load1[0]!) > 0.5;
const section = `
## locate: point → grid / micro-grid (\`src/modules/geo\`)

- Command: \`npm run bench:locate\` (\`node --import tsx --expose-gc bench/locate.ts\`)
- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}, one core used
- Load average 1 min at start / end: ${fmt(load0[0]!, 2)} / ${fmt(load1[0]!, 2)}${shared ? ' — **the machine was shared with other jobs during the run; figures are conservative**' : ' (machine otherwise idle)'}
- Data: synthetic Zhejiang (lng ${LNG0}–${LNG1}, lat ${LAT0}–${LAT1}), ${fmt(size.grids)} grids (40 vertices each) and ${fmt(size.microGrids)} micro-grids (${fmt(microVertices / micro, 1)} positions each on average) tiling a jittered lattice without overlaps; ${fmt(size.vertices)} vertices stored. Generating the input arrays took ${fmt(genMs / 1000, 1)} s (not counted in the build).
- Queries: ${fmt(LOOKUPS)} random WGS-84 points, ${fmt((100 * (counts.inside + counts.border)) / LOOKUPS, 1)} % inside (${fmt(counts.withMicro)} in a micro-grid, ${fmt(counts.border)} on a border), ${fmt(counts.outside)} outside (${fmt(counts.nearest)} with a nearest grid within 2 km).

| measure | result | target | |
|---|---|---|---|
| index build (${fmt(size.grids + size.microGrids)} polygons) | ${fmt(buildMs / 1000, 2)} s | ≤ ${TARGETS.buildS} s | ${ok(buildMs / 1000 <= TARGETS.buildS)} |
| lookups per second, one core (WGS-84) | ${fmt(perS)} | ≥ ${fmt(TARGETS.lookupsPerS)} | ${ok(perS >= TARGETS.lookupsPerS)} |
| lookups per CPU-second (process CPU time, so less sensitive to other jobs) | ${fmt(perCpuS)} | | |
| lookups per second, GCJ-02 input (${fmt(LATENCY_SAMPLE)} points) | ${fmt(gcjPerS)} | | |
| latency p50 / p99 / p99.9 / max (${fmt(LATENCY_SAMPLE)} timed one by one, timer overhead included) | ${fmt(p50, 1)} / ${fmt(p99, 1)} / ${fmt(p999, 1)} / ${fmt(maxUs)} µs | p99 ≤ ${TARGETS.p99Us} µs | ${ok(p99 <= TARGETS.p99Us)} |
| process RSS, index built and input released | ${fmt(mb(mem.rss))} MB (heap ${fmt(mb(mem.heapUsed))} MB, typed arrays ${fmt(mb(mem.arrayBuffers))} MB) | ≤ ${TARGETS.rssGb} GB | ${ok(mem.rss <= TARGETS.rssGb * 2 ** 30)} |
| process RSS with the input arrays still alive (peak) | ${fmt(mb(Math.max(rssPeak, rssInput)))} MB (before build: ${fmt(mb(rssInput))} MB, empty process: ${fmt(mb(rss0))} MB) | ≤ ${TARGETS.rssGb} GB | ${ok(Math.max(rssPeak, rssInput) <= TARGETS.rssGb * 2 ** 30)} |
| \`memoryBytes()\` estimate of the index | ${fmt(mb(estimate))} MB | | |
| RSS after the lookups | ${fmt(mb(rssEnd))} MB | | |
| \`validatePolygon\` on 20,000 micro-grids | ${fmt(validateMs)} ms (${issues} issues) | | |
| \`findOverlaps\` on the same 20,000 | ${fmt(overlapMs)} ms (${overlaps} pairs) | | |
`;

if (QUICK) console.log(section);
else writeSection('locate', section);
