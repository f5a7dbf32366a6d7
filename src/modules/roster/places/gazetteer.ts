/**
 * Addresses as residents type them ("西山新村3幢2单元301", "新街花苑 三栋", "山下庄12号") matched to the
 * roster's buildings, so a matter reported with an address but no map pin still lands in the right
 * micro-grid. Pure: built from the buildings, no I/O.
 */
export interface GazetteerBuilding {
  code: string;
  estate: string;
  name: string;
  path: string;
  lng: number | null;
  lat: number | null;
}

export interface PlaceMatch {
  /** 'building' when the building was named, 'estate' when only the estate was (its buildings' centre). */
  precision: 'building' | 'estate';
  estate: string;
  building: { code: string; name: string } | null;
  lng: number;
  lat: number;
  /** Tree path of the building, or the deepest path all the estate's buildings share. */
  path: string;
}

const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三十二 → 32, 十五 → 15, 一百零八 → 108; anything else unchanged. */
function chineseNumber(text: string): number | null {
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(text)) return null;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = current * 10 + digits[ch]!;
  }
  return total + current;
}

/** Full-width to half-width, no spaces, Chinese numerals before a building word as digits, 栋/号楼/座 as 幢. */
export function normalizeAddress(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/([零〇一二两三四五六七八九十百]+)(?=幢|栋|号楼|号|座|单元)/g, (m) => String(chineseNumber(m) ?? m))
    .replace(/(\d+)(栋|号楼|座)/g, '$1幢');
}

function commonPath(paths: string[]): string {
  let prefix = paths[0] ?? '';
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return prefix;
}

export class Gazetteer {
  private readonly estates = new Map<string, GazetteerBuilding[]>();
  /** Longest first, so "西山新村二期" wins over "西山新村". */
  private readonly estateNames: string[];

  constructor(buildings: GazetteerBuilding[]) {
    for (const b of buildings) {
      if (b.lng === null || b.lat === null) continue;
      const key = normalizeAddress(b.estate);
      const list = this.estates.get(key);
      if (list) list.push(b);
      else this.estates.set(key, [b]);
    }
    this.estateNames = [...this.estates.keys()].filter((k) => k !== '').sort((a, b) => b.length - a.length);
  }

  /** The best match for an address, or null when no estate is named in it. */
  find(text: string): PlaceMatch | null {
    const address = normalizeAddress(text);
    for (const estate of this.estateNames) {
      const at = address.indexOf(estate);
      if (at < 0) continue;
      const buildings = this.estates.get(estate)!;
      const rest = address.slice(at + estate.length);
      const named = /^(\d+)(幢|号)/.exec(rest);
      const building = named ? buildings.find((b) => normalizeAddress(b.name) === `${Number(named[1])}${named[2]}`) : undefined;
      if (building) {
        return { precision: 'building', estate: building.estate, building: { code: building.code, name: building.name }, lng: building.lng!, lat: building.lat!, path: building.path };
      }
      const lng = buildings.reduce((s, b) => s + b.lng!, 0) / buildings.length;
      const lat = buildings.reduce((s, b) => s + b.lat!, 0) / buildings.length;
      return { precision: 'estate', estate: buildings[0]!.estate, building: null, lng, lat, path: commonPath(buildings.map((b) => b.path)) };
    }
    return null;
  }
}
