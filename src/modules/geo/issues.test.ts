import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasKey, locales, t } from '../../core/i18n.ts';
import { geoIssueCodes } from './issues.ts';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('geo issue messages', () => {
  it('exist in every locale with the same placeholders', () => {
    for (const code of geoIssueCodes) {
      for (const locale of locales) assert.ok(hasKey(locale, code), `${locale} ${code}`);
      assert.deepEqual(placeholders(t('zh-CN', code)), placeholders(t('en', code)), code);
    }
  });

  it('are Chinese in zh-CN and filled in', () => {
    for (const code of geoIssueCodes) assert.match(t('zh-CN', code), /\p{Script=Han}/u, code);
    const text = t('zh-CN', 'geo.ringNotClosed', { part: 1, ring: 2 });
    assert.doesNotMatch(text, /[{}]/);
    assert.match(text, /1\D+2/);
  });
});
