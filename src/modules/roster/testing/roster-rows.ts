import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';
import type { RosterExportRow } from '../import/index.ts';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗沈钱顾陆';
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华玉兰桂凤建国平红霞志';

/** A distinct Chinese name for every number (no digits: the import refuses names with digits). */
export function nameOf(n: number): string {
  let name = surnames[n % surnames.length]!;
  let rest = Math.floor(n / surnames.length);
  do {
    name += givenChars[rest % givenChars.length];
    rest = Math.floor(rest / givenChars.length);
  } while (rest > 0);
  return name;
}

/**
 * `total` good roster rows for benchmarks and tests: households of one to three people spread over the
 * given buildings (rooms from 8000 up, so they do not meet the demo's), unique valid ID numbers.
 */
export function rosterRows(buildings: { estate: string; name: string; stairwells: string[] }[], total: number): RosterExportRow[] {
  const rows: RosterExportRow[] = [];
  const day0 = Date.UTC(1940, 0, 1);
  let person = 0;
  for (let h = 0; rows.length < total; h++) {
    const b = buildings[h % buildings.length]!;
    const room = String(8000 + Math.floor(h / buildings.length));
    const size = 1 + (h % 3);
    for (let m = 0; m < size && rows.length < total; m++) {
      person++;
      const birth = new Date(day0 + (person % 20_000) * 86_400_000).toISOString().slice(0, 10);
      const id17 = `659001${birth.replaceAll('-', '')}${String(900 + Math.floor(person / 20_000))}`;
      rows.push({
        estate: b.estate, building: b.name, stairwell: b.stairwells[0] ?? null, room,
        floorAreaCenti: 8000 + (h % 5000), name: nameOf(person), idNumber: `${id17}${gb11643CheckDigit(id17)}`,
        phone: `139${String(person).padStart(8, '0')}`, role: m === 0 ? 'head' : 'other', residency: 'local', tagLabels: [],
      });
    }
  }
  return rows;
}
