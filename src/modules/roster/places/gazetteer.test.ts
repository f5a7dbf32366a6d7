import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gazetteer, normalizeAddress, type GazetteerBuilding } from './gazetteer.ts';

const b = (estate: string, name: string, lng: number, lat: number, path: string): GazetteerBuilding => ({ code: `${estate}-${name}`, estate, name, lng, lat, path });
const gazetteer = new Gazetteer([
  b('西山新村', '3幢', 120.1, 30.1, '/33/a/m1/'),
  b('西山新村', '13幢', 120.3, 30.3, '/33/a/m2/'),
  b('西山新村二期', '3幢', 120.5, 30.5, '/33/b/m3/'),
  b('山下庄', '12号', 120.7, 30.7, '/33/c/m4/'),
  b('无坐标', '1幢', 0, 0, '/33/d/'),
]);

test('addresses are normalised the way offices and residents write them', () => {
  assert.equal(normalizeAddress('西山新村 三栋 2单元'), '西山新村3幢2单元');
  assert.equal(normalizeAddress('西山新村十三号楼'), '西山新村13幢');
  assert.equal(normalizeAddress('西山新村１３幢'), '西山新村13幢');
  assert.equal(normalizeAddress('一百零八号'), '108号');
});

test('a named building gives its own place', () => {
  const m = gazetteer.find('海宁市硖石街道西山新村3幢2单元301室');
  assert.equal(m?.precision, 'building');
  assert.deepEqual([m?.lng, m?.lat, m?.path, m?.building?.name], [120.1, 30.1, '/33/a/m1/', '3幢']);
  assert.equal(gazetteer.find('西山新村十三栋')?.building?.name, '13幢', '13 is not 3');
  assert.equal(gazetteer.find('山下庄 12 号')?.building?.name, '12号');
});

test('the longest estate name wins', () => {
  assert.equal(gazetteer.find('西山新村二期3幢')?.path, '/33/b/m3/');
});

test('an estate without a known building gives the centre of its buildings and their shared path', () => {
  const m = gazetteer.find('西山新村99幢');
  assert.equal(m?.precision, 'estate');
  assert.equal(m?.building, null);
  assert.ok(Math.abs(m!.lng - 120.2) < 1e-9 && Math.abs(m!.lat - 30.2) < 1e-9);
  assert.equal(m?.path, '/33/a/');
});

test('an address naming no estate is not guessed', () => {
  assert.equal(gazetteer.find('人民路88号'), null);
  assert.equal(gazetteer.find(''), null);
});
