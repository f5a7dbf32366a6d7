import { tablesOf } from '../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import type { AuditWriter } from '../access/index.ts';
import type { TreeService } from '../tree/index.ts';
import { PlaceFinder } from './places/finder.ts';
import { placeRoutes } from './places/routes.ts';
import { rosterRoutes } from './routes.ts';
import { HouseholdUpkeep } from './upkeep/households.ts';
import { UpkeepRepository } from './upkeep/repository.ts';
import { ResidentUpkeep } from './upkeep/residents.ts';
import { upkeepRoutes } from './upkeep/routes.ts';
import { RosterService } from './service.ts';
import type { RosterTables } from './tables.ts';

export { PlaceFinder } from './places/finder.ts';
export { householdAddress } from './address.ts';
export type { PlaceMatch } from './places/gazetteer.ts';
export type { RollHousehold } from './roll.ts';
export type { RosterChange, RosterChangeListener, DepartureReason, ResidentPlace } from './upkeep/events.ts';
export { RosterService, householdCode, type NewBuilding, type NewHousehold, type NewResident } from './service.ts';
export { parseIdNumber, gb11643CheckDigit, normalizeIdNumber } from '../../core/identity/id-number.ts';
export { maskIdNumber, maskPhone } from '../../core/identity/mask.ts';

export function createRosterModule(core: CoreContext, deps: { tree: TreeService; audit: AuditWriter }) {
  const service = new RosterService(tablesOf<RosterTables>(core.db), core.secrets, deps.tree, core.db.kind === 'postgres' ? core.db.pool : null);
  const places = new PlaceFinder(tablesOf<RosterTables>(core.db));
  const upkeep = { repo: new UpkeepRepository(tablesOf<RosterTables>(core.db)), roster: service, secrets: core.secrets, audit: deps.audit };
  const residents = new ResidentUpkeep(upkeep);
  const households = new HouseholdUpkeep(upkeep);
  const manifest: ModuleManifest = {
    name: 'roster',
    routes: async (app) => {
      await app.register(rosterRoutes(service, deps.tree, deps.audit));
      await app.register(placeRoutes(places));
      await app.register(upkeepRoutes(residents, households, service));
    },
    tag: { name: 'roster', description: 'Buildings, households and residents (台账), import and export' },
  };
  return { manifest, service, places, residents, households };
}
