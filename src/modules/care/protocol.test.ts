import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalDeviceId, deviceIdOfTopic, parseDeviceMessage, parseDeviceTime } from './protocol.ts';

const now = new Date('2026-11-22T05:00:00Z');

test('the documented message parses without quirks', () => {
  const r = parseDeviceMessage(JSON.stringify({ id: 'm1', type: 'alarm', at: '2026-11-22T04:59:58Z', lat: 30.5, lng: 120.6, crs: 'gcj02', battery: 80 }), now);
  assert.ok(r.ok);
  assert.deepEqual(r.event, { messageId: 'm1', type: 'alarm', at: new Date('2026-11-22T04:59:58Z'), lng: 120.6, lat: 30.5, crs: 'gcj02', battery: 80, quirks: [] });
});

test('vendor quirks are tolerated: unpadded codes and times, stray spaces, missing optional fields', () => {
  const r = parseDeviceMessage('  { " Type ": " 01 ", "id": 42, "at": "2026-3-5T8:4:9", "lat": " 30.51 ", "lng": "120.68" } ', now);
  assert.ok(r.ok);
  assert.equal(r.event.type, 'alarm');
  assert.equal(r.event.messageId, '42');
  assert.equal(r.event.at.toISOString(), '2026-03-05T00:04:09.000Z', 'no zone means China time');
  assert.equal(r.event.lat, 30.51);
  assert.equal(r.event.crs, 'wgs84');
  const bare = parseDeviceMessage('{"type":"heartbeat"}', now);
  assert.ok(bare.ok);
  assert.equal(bare.event.at, now);
  assert.deepEqual(bare.event.quirks.sort(), ['missingAt', 'missingId']);
  const again = parseDeviceMessage('{"type":"heartbeat"}', now);
  assert.ok(again.ok && again.event.messageId === bare.event.messageId, 'a redelivered copy without id keeps one identity');
});

test('unusable messages come back with a reason', () => {
  assert.deepEqual(parseDeviceMessage('not json', now), { ok: false, reason: 'notJson' });
  assert.deepEqual(parseDeviceMessage('[1]', now), { ok: false, reason: 'notAnObject' });
  assert.deepEqual(parseDeviceMessage('{"type":"dance"}', now), { ok: false, reason: 'unknownType' });
  assert.deepEqual(parseDeviceMessage('{"id":"x"}', now), { ok: false, reason: 'missingType' });
  assert.deepEqual(parseDeviceMessage('', now), { ok: false, reason: 'empty' });
  assert.deepEqual(parseDeviceMessage('{"type":"battery"}', now), { ok: false, reason: 'batteryWithoutLevel' });
});

test('a bad position is dropped, the event kept', () => {
  const r = parseDeviceMessage('{"id":"a","type":"fall","lat":95,"lng":120}', now);
  assert.ok(r.ok);
  assert.equal(r.event.lat, null);
  assert.ok(r.event.quirks.includes('badPosition'));
});

test('device ids and topics', () => {
  assert.equal(canonicalDeviceId(' hb-0042 '), 'HB-42');
  assert.equal(canonicalDeviceId('HB-42'), 'HB-42');
  assert.equal(canonicalDeviceId('000'), '0');
  assert.equal(deviceIdOfTopic('gongzhi/devices/W-7/events'), 'W-7');
  assert.equal(deviceIdOfTopic('gongzhi/devices/W-7/other'), null);
  assert.equal(parseDeviceTime('2026-11-22 13:00:00+0800')?.toISOString(), '2026-11-22T05:00:00.000Z');
  assert.equal(parseDeviceTime('yesterday'), null);
});
