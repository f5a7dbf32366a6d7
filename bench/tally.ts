/**
 * `npm run bench:tally` (node --import tsx bench/tally.ts): a 10,000-owner assembly counted with
 * civilCode278. Writes its figures between the bench:tally markers of docs/benchmarks.md.
 */
import { writeSection } from './support.ts';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  civilCode278,
  countTally,
  formatArea,
  parseTallyFile,
  type Ballot,
  type Civil278Input,
  type Unit,
  type YesNoAbstain,
} from '../src/modules/decisions/tally/index.ts';

const owners = 10_000;
const runs = 200;
const budgetMs = 50;

/** A seeded generator so every run counts the same assembly. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assembly(): Civil278Input {
  const rnd = mulberry32(20250520);
  const units: Unit[] = [];
  const area = (): bigint => BigInt(6000 + Math.floor(rnd() * 9000));
  let n = 0;
  const unitId = (): string => {
    n += 1;
    return `${1 + Math.floor((n - 1) / 120)}-${1 + (Math.floor((n - 1) / 40) % 3)}-${String(n).padStart(5, '0')}`;
  };
  // 10,000 owning heads: 8,500 single owners, 1,000 co-owned units, 500 buyers of 2–3 units, and the developer.
  for (let h = 0; h < owners - 1; h++) {
    const kind = h < 8_500 ? 'single' : h < 9_500 ? 'coOwned' : 'multi';
    const people = kind === 'coOwned' ? [`p${h}a`, `p${h}b`] : [`p${h}`];
    const count = kind === 'multi' ? 2 + Math.floor(rnd() * 2) : 1;
    for (let k = 0; k < count; k++) units.push({ id: unitId(), area: area(), owners: people });
  }
  for (let k = 0; k < 250; k++) units.push({ id: unitId(), area: area(), owners: [], developerHeld: true });

  const ballots: Ballot<YesNoAbstain>[] = [];
  const choices: YesNoAbstain[] = ['yes', 'yes', 'yes', 'yes', 'no', 'abstain'];
  const channels = ['web', 'web', 'web', 'paper', 'doorToDoor'] as const;
  const at = (day: number, minute: number) => new Date(Date.UTC(2025, 4, day, 0, minute)).toISOString();
  const seen = new Set<string>();
  let id = 0;
  for (const u of units) {
    const head = u.developerHeld ? 'developer' : u.owners.join('|');
    if (seen.has(head) || rnd() > 0.8) continue; // ~80% turnout, one ballot per head
    seen.add(head);
    const cast = (day: number) =>
      ballots.push({ id: `b${++id}`, voter: u.id, choice: choices[Math.floor(rnd() * choices.length)]!, time: at(day, Math.floor(rnd() * 1440)), channel: channels[Math.floor(rnd() * channels.length)]! });
    cast(1 + Math.floor(rnd() * 10));
    if (rnd() < 0.05) cast(12 + Math.floor(rnd() * 3)); // re-vote
    if (rnd() < 0.01) cast(20); // after the deadline
  }
  for (let k = 0; k < 50; k++) ballots.push({ id: `x${k}`, voter: `elsewhere-${k}`, choice: 'yes', time: at(3, k), channel: 'paper' });
  return { units, ballots, deadline: '2025-05-15T12:00:00Z', matter: 7 };
}

function time(fn: () => unknown, count: number): number[] {
  for (let i = 0; i < 20; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (x: number): string => `${x.toFixed(2)} ms`;

const load = loadavg()[0]!;
const input = assembly();
const file = {
  version: 1, method: 'civilCode278', matter: input.matter, deadline: input.deadline,
  units: input.units.map((u) => ({ ...u, area: formatArea(u.area) })),
  ballots: input.ballots,
};
const text = JSON.stringify(file);
const result = civilCode278(input);
const counted = time(() => civilCode278(input), runs);
const fromFile = time(() => {
  const parsed = parseTallyFile(JSON.parse(text));
  if (!parsed.ok) throw new Error('bench file invalid');
  return countTally(parsed.request);
}, 50);

const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}; load average ${load.toFixed(1)} at the start (shared machine)`;
const section = [
  '## Tally: 10,000-owner assembly (civilCode278)',
  '',
  `- Command: \`npm run bench:tally\` (\`node --import tsx bench/tally.ts\`)`,
  `- Date: ${new Date().toISOString().slice(0, 10)}`,
  `- Machine: ${machine}`,
  `- Assembly: ${input.units.length} units, ${result.strict.electorate.heads} heads (co-owned units, multi-unit buyers, ` +
    `${input.units.filter((u) => u.developerHeld).length} developer units as one head), ${input.ballots.length} ballots ` +
    `(${result.ballots.effective} effective, ${result.ballots.superseded.length} superseded re-votes, ${result.ballots.rejected.length} rejected); ` +
    `turnout ${((100 * result.strict.participating.heads) / result.strict.electorate.heads).toFixed(1)}% of heads; outcome ${result.outcome}`,
  '',
  '| measure | runs | median | p99 | target |',
  '|---|---|---|---|---|',
  `| \`civilCode278(input)\` (effective ballots, heads, strict count, explanation) | ${runs} | ${ms(pct(counted, 50))} | ${ms(pct(counted, 99))} | ≤ ${budgetMs} ms |`,
  `| tally file: \`JSON.parse\` + \`parseTallyFile\` (TypeBox validation) + \`countTally\` (${(text.length / 1e6).toFixed(1)} MB) | 50 | ${ms(pct(fromFile, 50))} | ${ms(pct(fromFile, 99))} | – |`,
].join('\n');

writeSection('tally', section);
if (pct(counted, 50) > budgetMs) process.exitCode = 1;
