import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoOffset, parseW3cDate, toJson, toXml } from './xml.ts';

test('arrays become repeated elements named after their container', () => {
  const xml = toXml('services', [{ service_code: 'a', keywords: '' }, { service_code: 'b&c', keywords: null }]);
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>a</service_code><keywords/></service><service><service_code>b&amp;c</service_code><keywords/></service></services>');
});

test('errors serialise as the specification shows', () => {
  assert.match(toXml('errors', [{ code: 403, description: 'x<y' }]), /<errors><error><code>403<\/code><description>x&lt;y<\/description><\/error><\/errors>$/);
  assert.equal(toJson([{ code: 403, description: 'x', z: undefined }]), '[{"code":403,"description":"x","z":null}]');
});

test('dates carry an offset and W3C dates parse', () => {
  assert.equal(isoOffset(Date.UTC(1994, 10, 5, 13, 15, 30)), '1994-11-05T21:15:30+08:00');
  assert.equal(parseW3cDate('1994-11-05T08:15:30-05:00')?.toISOString(), '1994-11-05T13:15:30.000Z');
  assert.equal(parseW3cDate('1994-11-05T13:15:30Z')?.getTime(), Date.UTC(1994, 10, 5, 13, 15, 30));
  assert.equal(parseW3cDate('2010-01-01')?.toISOString(), '2010-01-01T00:00:00.000Z');
  assert.equal(parseW3cDate('yesterday'), null);
  assert.equal(parseW3cDate('2010-13-45T00:00:00Z'), null);
  assert.equal(parseW3cDate('2010-02-30T00:00:00Z'), null);
});
