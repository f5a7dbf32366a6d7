#!/usr/bin/env node
// Builds the web console before `npm start` when web/dist is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    t = Math.max(t, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return t;
}

if (!existsSync('web/src')) process.exit(0);
const built = existsSync('web/dist/index.html') ? statSync('web/dist/index.html').mtimeMs : 0;
if (built >= Math.max(newest('web/src'), statSync('web/index.html').mtimeMs)) process.exit(0);
console.log('Building the web console (first start only)…');
const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
