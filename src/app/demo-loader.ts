import type { Logger } from 'pino';
import { generateDemo, type DemoData } from '../modules/demo/index.ts';
import type { AccessService, Role } from '../modules/access/index.ts';
import type { CareService } from '../modules/care/index.ts';
import { loadDemoCare, type DemoCare } from './demo-care.ts';
import type { RosterService } from '../modules/roster/index.ts';
import { importGeoJson, type TreeService } from '../modules/tree/index.ts';

export interface DemoModules {
  access: AccessService;
  tree: TreeService;
  roster: RosterService;
  care?: CareService;
}

/**
 * Loads the demo county through the same paths real data takes: the tree through the GeoJSON import
 * (so the demo polygons pass the same checks), the roster through the roster service.
 */
export async function loadDemo(modules: DemoModules, options: { seed?: number; scale?: number; log?: Logger } = {}): Promise<DemoData & { care?: DemoCare }> {
  const started = Date.now();
  const data = generateDemo({ ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.scale !== undefined ? { scale: options.scale } : {}) });
  await modules.roster.repo.upsertTags(data.tags.map((t, i) => ({ code: t.code, zh: t.zh, en: t.en, sort: i })));

  const tree = await importGeoJson(modules.tree.repo.db, {
    type: 'FeatureCollection',
    features: data.units.map((u) => ({
      type: 'Feature',
      properties: { code: u.code, kind: u.kind, name: u.name, parentCode: u.parentCode },
      geometry: u.polygon ? { type: 'Polygon', coordinates: u.polygon } : null,
    })),
  }, { locale: 'en', onApplied: () => modules.tree.refreshIndex(true) });
  if (!tree.ok) throw new Error(`demo tree rejected: ${tree.issues.slice(0, 5).map((i) => `${i.code}: ${i.message}`).join('; ')}`);

  const buildings = await modules.roster.addBuildings(data.buildings.map((b) => ({
    code: b.code, microGridCode: b.microGridCode, estate: b.estate, name: b.name, lng: b.lng, lat: b.lat, floors: b.floors, stairwells: b.stairwells,
  })));
  const residentsByHousehold = new Map<string, DemoData['residents']>();
  for (const r of data.residents) residentsByHousehold.set(r.householdCode, [...(residentsByHousehold.get(r.householdCode) ?? []), r]);
  await modules.roster.addHouseholds(data.households.map((h) => {
    const b = buildings.get(h.buildingCode)!;
    return {
      code: h.code, buildingId: b.id, buildingCode: h.buildingCode, buildingPath: b.path, stairwell: h.stairwell, room: h.room, floorAreaCenti: h.floorAreaCenti,
      residents: (residentsByHousehold.get(h.code) ?? []).map((r) => ({
        name: r.name, idNumber: r.idNumber, phone: r.phone, birthDate: r.birthDate, gender: r.gender, householdRole: r.householdRole, residency: r.residency, tags: r.tags,
      })),
    };
  }));

  const units = new Map((await modules.tree.repo.byCodes(data.units.map((u) => u.code))).map((u) => [u.code, u]));
  await modules.tree.repo.db.transaction().execute(async (trx) => {
    await modules.tree.repo.insertTeam(trx, data.team.map((m) => ({
      unit_id: units.get(m.unitCode)!.id, role: m.role, name: m.name, phone: m.phone, building_code: m.buildingCode ?? null, resident_id: null, account_id: null,
    })));
  });

  // Password hashing is deliberately slow; the thread pool hashes four at a time.
  await Promise.all(data.accounts.map(async (a) => {
    const unit = units.get(a.unitCode);
    const household = unit ? null : await modules.roster.repo.householdByCode(a.unitCode);
    const path = unit?.path ?? household?.path;
    if (!path) throw new Error(`demo account ${a.username} is bound to unknown ${a.unitCode}`);
    await modules.access.createAccount({
      username: a.username, displayName: a.displayName, password: a.password,
      bindings: [{ role: a.role as Role, scopePath: path, scopeCode: a.unitCode, scopeName: unit?.name ?? a.displayName }],
    });
  }));
  const care = modules.care ? await loadDemoCare({ ...modules, care: modules.care }, data) : undefined;
  options.log?.info({ ms: Date.now() - started, units: data.units.length, households: data.households.length, residents: data.residents.length, accounts: data.accounts.length, careProfiles: care?.profiles, wristbands: care?.wristbands.length }, 'demo data loaded');
  return care ? { ...data, care } : data;
}
