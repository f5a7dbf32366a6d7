import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

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
