import { city, county, province, street } from './communities.ts';
import { planCommunities } from './layout.ts';
import { createRng } from './prng.ts';
import { Registry, generateResidents } from './residents.ts';
import { demoTags } from './tags.ts';
import { buildAccounts, buildTeam } from './team.ts';
import type { DemoData, DemoOptions, DemoResident, DemoUnit } from './types.ts';

export const defaultSeed = 20260101;

/**
 * The demo county: pure and seeded, so the same seed and scale give byte-identical output
 * (no Math.random, no clock).
 */
export function generateDemo(options: DemoOptions = {}): DemoData {
  const seed = (options.seed ?? defaultSeed) >>> 0;
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 20)) throw new RangeError('scale must be in (0, 20]');
  const stream = (label: string) => createRng(seed, label);

  const plan = planCommunities(scale, stream);
  const registry = new Registry();
  const peopleRng = stream('people');
  const byHousehold = new Map<string, DemoResident[]>();
  const residents: DemoResident[] = [];
  for (const c of plan) {
    for (const g of c.grids) {
      for (const mg of g.microGrids) {
        for (const b of mg.buildings) {
          for (const h of b.households) {
            const people = generateResidents(peopleRng, registry, h.code, c.spec.kind).residents;
            byHousehold.set(h.code, people);
            residents.push(...people);
          }
        }
      }
    }
  }
  const residentsOf = (code: string): readonly DemoResident[] => byHousehold.get(code) ?? [];
  const team = buildTeam(stream('team'), registry, plan, residentsOf);
  const accounts = buildAccounts(stream('accounts'), registry, plan, team, residentsOf);

  const units: DemoUnit[] = [
    { code: province.code, kind: 'province', name: province.name, parentCode: null },
    { code: city.code, kind: 'city', name: city.name, parentCode: province.code },
    { code: county.code, kind: 'county', name: county.name, parentCode: city.code },
    { code: street.code, kind: 'street', name: street.name, parentCode: county.code },
  ];
  for (const c of plan) {
    units.push(c.unit);
    for (const g of c.grids) {
      units.push(g.unit);
      for (const mg of g.microGrids) units.push(mg.unit);
    }
  }
  const plannedBuildings = plan.flatMap((c) => c.grids.flatMap((g) => g.microGrids.flatMap((mg) => mg.buildings)));
  return {
    seed,
    tags: demoTags.map((t) => ({ ...t })),
    units,
    buildings: plannedBuildings.map((b) => b.building),
    households: plannedBuildings.flatMap((b) => b.households),
    residents,
    team,
    accounts,
  };
}
