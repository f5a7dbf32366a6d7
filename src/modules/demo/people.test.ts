import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIdNumber } from '../../core/identity/id-number.ts';
import { type DemoResident, generateDemo, referenceDate } from './index.ts';
import { createRng } from './prng.ts';
import { ageOn, birthDateForAge } from './residents.ts';

const data = generateDemo();
const age = (r: DemoResident): number => ageOn(r.birthDate, referenceDate);
const households = new Map<string, DemoResident[]>();
for (const r of data.residents) {
  const list = households.get(r.householdCode) ?? [];
  list.push(r);
  households.set(r.householdCode, list);
}

test('birth dates give exactly the drawn age on the reference date', () => {
  const rng = createRng(1, 'test');
  for (let a = 0; a <= 100; a++) {
    for (let i = 0; i < 20; i++) assert.equal(ageOn(birthDateForAge(rng, a), '2026-01-01'), a);
  }
  assert.equal(ageOn('1946-01-05', '2026-01-01'), 79);
  assert.equal(ageOn('1946-01-01', '2026-01-01'), 80);
});

test('every ID number passes GB 11643 and matches birth date and gender', () => {
  for (const r of data.residents) {
    const info = parseIdNumber(r.idNumber);
    assert.ok(!('problem' in info), `${r.idNumber}: ${JSON.stringify(info)}`);
    assert.equal(info.birthDate, r.birthDate);
    assert.equal(info.gender, r.gender);
    assert.match(info.areaCode, /^[1-6]\d{5}$/);
  }
});

test('ID numbers and phones are unique, adults mostly have a phone, minors none', () => {
  assert.equal(new Set(data.residents.map((r) => r.idNumber)).size, data.residents.length);
  const phones = data.residents.flatMap((r) => (r.phone ? [r.phone] : []));
  assert.equal(new Set(phones).size, phones.length);
  for (const p of phones) assert.match(p, /^1[3-9]\d{9}$/);
  // Staff from outside the roll never share a resident's number.
  const residentPhones = new Set(phones);
  for (const m of data.team) if (!m.residentIdNumber) assert.ok(!residentPhones.has(m.phone), m.name);
  for (const r of data.residents) if (age(r) < 18) assert.equal(r.phone, null);
  const adults = data.residents.filter((r) => age(r) >= 18 && age(r) < 70);
  assert.ok(adults.filter((r) => r.phone).length / adults.length > 0.95);
});

test('newcomers come from other areas and gather in the resettlement community', () => {
  const share = (community: string) => {
    const rs = data.residents.filter((r) => r.householdCode.startsWith(community));
    return rs.filter((r) => r.residency === 'newResident').length / rs.length;
  };
  assert.ok(share('330481001002') > 0.25);
  for (const c of ['330481001001', '330481001003', '330481001201']) assert.ok(share(c) < 0.15, c);
  for (const r of data.residents) if (r.residency === 'newResident') assert.notEqual(r.idNumber.slice(0, 6), '330481');
  for (const list of households.values()) assert.equal(new Set(list.map((r) => r.residency)).size, 1);
});

test('tags agree with ages and households on the reference date', () => {
  const known = new Set(data.tags.map((t) => t.code));
  for (const [code, list] of households) {
    const alone = list.length === 1 && age(list[0]!) >= 60;
    const allOld = list.length > 1 && list.every((r) => age(r) >= 60);
    const hardship = list.map((r) => r.tags.includes('hardship'));
    assert.ok(hardship.every((h) => h === hardship[0]), code);
    for (const r of list) {
      for (const t of r.tags) assert.ok(known.has(t), t);
      const a = age(r);
      assert.equal(r.tags.includes('livingAlone'), alone, `${code} livingAlone`);
      assert.equal(r.tags.includes('emptyNest'), allOld, `${code} emptyNest`);
      assert.equal(r.tags.includes('advancedAge'), a >= 80, `${r.idNumber} advancedAge`);
      assert.equal(r.tags.includes('child'), a < 18, `${r.idNumber} child`);
      if (r.tags.includes('partyMember')) assert.ok(a >= 18);
      if (r.tags.includes('sosWristband')) assert.ok(alone || a >= 80);
    }
  }
});

test('an ageing population with many elderly living alone and about 8% party members', () => {
  const n = data.residents.length;
  const count = (f: (r: DemoResident) => boolean) => data.residents.filter(f).length;
  const old = count((r) => age(r) >= 60) / n;
  assert.ok(old > 0.24 && old < 0.4, `60+ ${old}`);
  assert.ok(count((r) => r.tags.includes('livingAlone')) > 250);
  const party = count((r) => r.tags.includes('partyMember')) / n;
  assert.ok(party > 0.06 && party < 0.1, `party ${party}`);
  assert.ok(count((r) => r.tags.includes('child')) / n > 0.08);
  for (const r of data.residents) assert.ok(age(r) >= 0 && age(r) <= 100);
});

test('family roles are plausible', () => {
  for (const [code, list] of households) {
    const head = list.find((r) => r.householdRole === 'head')!;
    assert.equal(list[0], head, `${code}: head first`);
    for (const r of list) {
      if (r.householdRole === 'spouse') assert.ok(age(r) >= 18 && r.gender !== head.gender, code);
      if (r.householdRole === 'parent') assert.ok(age(r) > age(head) + 15, code);
      if (r.householdRole === 'grandchild') assert.ok(age(r) < age(head) - 30, code);
    }
  }
});
