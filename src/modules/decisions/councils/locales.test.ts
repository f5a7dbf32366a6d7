import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { hasKey, locales } from '../../../core/i18n.ts';
import { councilKinds } from './kinds.ts';

const dir = new URL('./', import.meta.url).pathname;
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => readFileSync(`${dir}${f}`, 'utf8'));
const apiDir = `${dir}api/`;
sources.push(...readdirSync(apiDir).filter((f) => f.endsWith('.routes.ts')).map((f) => readFileSync(`${apiDir}${f}`, 'utf8')));

test('every problem code the councils part raises has a message in both locales', () => {
  const codes = new Set(sources.flatMap((s) => [...s.matchAll(/'(councils\.[A-Za-z]+)'/g)].map((m) => m[1]!)));
  assert.ok(codes.size > 20);
  for (const locale of locales) for (const code of codes) assert.ok(hasKey(locale, code), `${locale} ${code}`);
});

test('every kind, outcome and minutes phrase is in both locales', () => {
  const keys = [
    ...councilKinds.map((k) => `councils.kind.${k}`),
    ...['PASSED', 'FAILED_QUORUM', 'FAILED_APPROVAL', 'NO_ELECTORATE', 'ELECTED', 'TIE', 'PARTIAL', 'NO_BALLOTS'].map((o) => `councils.outcome.${o}`),
    ...[...sources.join('\n').matchAll(/\bm\('([A-Za-z]+)'/g)].map((m) => `councils.minutes.${m[1]}`),
  ];
  for (const locale of locales) for (const key of keys) assert.ok(hasKey(locale, key), `${locale} ${key}`);
});
