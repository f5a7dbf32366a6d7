import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { hasKey, locales } from '../../../core/i18n.ts';

const parts = ['projects', 'conventions', 'awards'];
const namespaces = ['projects', 'residentConventions', 'awards'];

/** Codes built from a rule's answer (`projects.${problem.code}`), which a scan of literals cannot see. */
const dynamic = [
  'projects.seatsInvalid', 'projects.ballotTooShort', 'projects.constituencyShort', 'projects.progressOutOfRange', 'projects.progressBackwards',
  'projects.roundWrongStatus', 'projects.tiePickNotTied', 'projects.tiePickCount',
  'residentConventions.clauseUnknown', 'residentConventions.clauseTouchedTwice', 'residentConventions.clauseTextEmpty',
  'residentConventions.amendmentEmpty', 'residentConventions.conventionEmpty',
  'awards.awardWrongStatus', 'awards.awardWinnersInvalid', 'awards.awardRankedChoiceOneWinner', 'awards.awardTooFewNominees',
];

test('every problem code of the cycle, conventions and awards has a message in both locales', () => {
  const found = new Set(dynamic);
  for (const part of parts) {
    const dir = new URL(`../${part}/`, import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(/'((?:projects|residentConventions|awards)\.[A-Za-z]+)'/g)) found.add(m[1]!);
    }
  }
  assert.ok(found.size > 30);
  for (const locale of locales) for (const key of found) assert.ok(hasKey(locale, key), `${locale} ${key}`);
});

test('the zh-CN and en files have the same keys', () => {
  for (const ns of namespaces) {
    const keys = (locale: string) => Object.keys(JSON.parse(readFileSync(new URL(`../../../locales/${locale}/${ns}.json`, import.meta.url), 'utf8')) as object).sort();
    assert.deepEqual(keys('en'), keys('zh-CN'), ns);
  }
});
