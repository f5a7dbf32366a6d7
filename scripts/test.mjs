#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's test runner (Node 20 does not expand globs).
// `npm test -- src/modules/tree` runs only the files under the given paths.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = (roots.length ? roots : ['src', 'test']).flatMap((r) => (r.endsWith('.test.ts') ? [r] : find(r))).sort();
const mode = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host})` : 'embedded PGlite';
console.log(`# running ${files.length} test files against ${mode}`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=300000', ...flags, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
