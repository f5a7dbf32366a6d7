import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CopyBuffer, copyTextArray, copyValue } from './copy-text.ts';

test('COPY text escapes backslash, tab and line breaks, and writes null as \\N', () => {
  assert.equal(copyValue('王建国'), '王建国');
  assert.equal(copyValue('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
  assert.equal(copyValue(null), '\\N');
  assert.equal(copyValue(8950), '8950');
  assert.equal(copyValue('\\N'), '\\\\N', 'the two characters \\N stay text, not null');
});

test('text arrays are quoted element by element, then escaped for COPY', () => {
  assert.equal(copyTextArray([]), '{}');
  assert.equal(copyTextArray(['livingAlone', 'aged80']), '{"livingAlone","aged80"}');
  // Array quoting first ("a\"b" → {"a\"b"}), then COPY doubles the backslash.
  assert.equal(copyTextArray(['a"b', 'c\\d', 'e,f']), '{"a\\\\"b","c\\\\\\\\d","e,f"}');
});

test('CopyBuffer writes the same bytes as the text form, growing as it needs', () => {
  const out = new CopyBuffer(4);
  for (let i = 0; i < 100; i++) out.ascii('3f2c9a1e-0000-4000-8000-00000000000a').tab().text('王建国\t二').tab().text(null).tab().escaped(copyTextArray(['高龄'])).endRow();
  const line = `3f2c9a1e-0000-4000-8000-00000000000a\t${copyValue('王建国\t二')}\t\\N\t{"高龄"}\n`;
  assert.equal(out.done().toString('utf8'), line.repeat(100));
});
