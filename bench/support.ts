import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/core/db/database.ts';

/** One line naming the machine, for every benchmark section. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end`;
}

/** Replaces this benchmark's own section of docs/benchmarks.md (between its markers), or appends it. */
export function writeSection(name: string, body: string): void {
  const path = new URL('../docs/benchmarks.md', import.meta.url);
  const section = `<!-- bench:${name} -->\n${body.trim()}\n<!-- /bench:${name} -->`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nFigures written by `npm run bench:<name>`; each section belongs to its benchmark.\n';
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  writeFileSync(path, re.test(current) ? current.replace(re, () => section) : `${current.trimEnd()}\n\n${section}\n`);
  console.log(section);
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks are 1/100 s). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  await client.end();
  return rows.map((r) => r.pid);
}

/** A fixed CPU-bound query, to compare a busy machine with a quiet one (best of three). */
export async function calibrate(db: Database): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await sql`SELECT sum(i) FROM generate_series(1, 2000000) i`.execute(db.kysely);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}
