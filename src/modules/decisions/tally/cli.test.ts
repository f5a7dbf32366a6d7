import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { hasKey, locales } from '../../../core/i18n.ts';
import { runTallyCli } from './cli.ts';
import { stepCodes } from './types.ts';

const dir = new URL('./examples/', import.meta.url).pathname;

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({ write(chunk, _enc, done) { buf += String(chunk); done(); } });
  return { stream, text: () => buf };
}

async function run(...argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await runTallyCli(argv, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

const expected: Record<string, string> = {
  'civil278-elevator.json': 'PASSED',
  'civil278-deemed.json': 'PASSED',
  'civil278-fund-fails.json': 'FAILED_APPROVAL',
  'simple-majority.json': 'PASSED',
  'approval-select.json': 'ELECTED',
  'ranked-choice.json': 'ELECTED',
  'ranked-choice-tie.json': 'TIE',
  'score.json': 'ELECTED',
};

test('every example file counts to its documented outcome, with a rendered explanation', async () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'invalid.json');
  assert.deepEqual(files.sort(), Object.keys(expected).sort());
  for (const f of files) {
    const { code, out, err } = await run(dir + f);
    assert.equal(code, 0, `${f}: ${err}`);
    const result = JSON.parse(out) as { outcome: string; locale: string; explanation: { code: string; text: string }[] };
    assert.equal(result.outcome, expected[f], f);
    assert.equal(result.locale, 'zh-CN');
    for (const s of result.explanation) assert.ok(!s.text.includes('{') && s.text !== `tally.${s.code}`, `${f}: ${s.text}`);
  }
});

test('--lang en renders English beside the same codes', async () => {
  const zh = JSON.parse((await run(dir + 'civil278-deemed.json')).out) as { explanation: { code: string; text: string }[] };
  const en = JSON.parse((await run(dir + 'civil278-deemed.json', '--lang', 'en')).out) as typeof zh;
  assert.deepEqual(en.explanation.map((s) => s.code), zh.explanation.map((s) => s.code));
  assert.match(en.explanation.at(-1)!.text, /Strict count: failed for participation; deemed-consent count: passed\./);
  const eq = JSON.parse((await run(`--lang=en`, dir + 'score.json')).out) as { locale: string };
  assert.equal(eq.locale, 'en');
});

test('the strict and deemed results of the deemed-consent example are both printed', async () => {
  const r = JSON.parse((await run(dir + 'civil278-deemed.json')).out) as { strict: { outcome: string }; deemed: { outcome: string } };
  assert.equal(r.strict.outcome, 'FAILED_QUORUM');
  assert.equal(r.deemed.outcome, 'PASSED');
});

test('an invalid file gets one error per bad field and exit code 1', async () => {
  const { code, out, err } = await run(dir + 'invalid.json', '--lang', 'en');
  assert.equal(code, 1);
  assert.equal(out, '');
  const lines = err.trim().split('\n');
  for (const path of ['/deadline', '/matter', '/units/1/area', '/units/2/color', '/ballots/0/choice', '/ballots/0/channel']) {
    assert.ok(lines.some((l) => l.startsWith(`Field ${path}:`)), `${path} in\n${err}`);
  }
  assert.match(lines.at(-1)!, /6 errors; nothing was counted/);
});

test('semantic errors are reported after the shape is right', async () => {
  const { parseTallyFile } = await import('./parse.ts');
  const r = parseTallyFile({
    method: 'civilCode278', matter: 4, deadline: '2025-05-01T00:00:00Z',
    units: [{ id: 'U1', area: '0.00', owners: [] }, { id: 'U1', area: '1.00', owners: ['p'] }, { id: 'developer', area: '1.00', owners: ['p'] }],
    scope: { units: ['U9'] },
    ballots: [{ id: 'x', voter: 'U1', choice: 'yes', time: '2025-13-01T00:00:00Z', channel: 'web' }, { id: 'x', voter: 'U1', choice: 'no', time: '2025-04-01T00:00:00Z', channel: 'web' }],
  });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(r.errors.map((e) => `${e.path} ${e.code}`).sort(), [
      '/ballots/0/time badTime', '/ballots/1 duplicateId', '/scope/units/0 unknownUnit', '/units/0/area zeroArea',
      '/units/0/owners noOwners', '/units/1 duplicateId', '/units/2/id reservedId',
    ]);
  }
  const t = parseTallyFile({ method: 'simpleMajority', members: [], quorum: { atLeast: '3/2', moreThan: '1/2' }, deadline: '2025-05-01T00:00:00Z', ballots: [] });
  assert.equal(t.ok, false);
  assert.equal(parseTallyFile([]).ok, false);
  assert.equal(parseTallyFile({ method: 'borda' }).ok, false);
});

test('usage errors exit with 2; unreadable and malformed files with 1', async () => {
  assert.equal((await run()).code, 2);
  assert.equal((await run('a.json', 'b.json')).code, 2);
  assert.equal((await run(dir + 'score.json', '--lang', 'fr')).code, 2);
  assert.equal((await run(dir + 'missing.json')).code, 1);
  assert.equal((await run(new URL('./cli.ts', import.meta.url).pathname)).code, 1);
});

test('every explanation code, coded value and error has a template in every locale', () => {
  const zh = JSON.parse(readFileSync(new URL('../../../locales/zh-CN/tally.json', import.meta.url), 'utf8')) as Record<string, string>;
  const en = JSON.parse(readFileSync(new URL('../../../locales/en/tally.json', import.meta.url), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  for (const locale of locales) for (const code of stepCodes) assert.ok(hasKey(locale, `tally.${code}`), `${locale} ${code}`);
  for (const [key, text] of Object.entries(en)) {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(text), names(zh[key]!), `placeholders of ${key}`);
  }
});
