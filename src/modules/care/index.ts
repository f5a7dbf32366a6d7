import { tablesOf } from '../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import type { AuditWriter } from '../access/index.ts';
import type { RosterService } from '../roster/index.ts';
import type { TreeService } from '../tree/index.ts';
import { CarePeople } from './people.ts';
import { PushHub } from './push.ts';
import { onRosterChange } from './roster-changes.ts';
import { careRoutes } from './routes.ts';
import { CareService } from './service.ts';
import type { CareTables } from './tables.ts';
import { hoursRoutes } from './hours/routes.ts';
import { mealRoutes } from './meals/routes.ts';
import { dailyJob, dailyJobHandler } from './visits/sweep.ts';
import { visitRoutes } from './visits/routes.ts';
import type { LoopTables } from './visits/tables.ts';

export { CareService } from './service.ts';
export { deviceTopic } from './mqtt.ts';
export { parseDeviceMessage, canonicalDeviceId } from './protocol.ts';

export function createCareModule(core: CoreContext, deps: { tree: TreeService; roster: RosterService; audit: AuditWriter; ladderScale?: number }) {
  const db = tablesOf<CareTables>(core.db);
  const hub = new PushHub();
  const service = new CareService(db, { jobs: core.jobs, secrets: core.secrets, log: core.log, tree: deps.tree, audit: deps.audit, hub, ...(deps.ladderScale ? { ladderScale: deps.ladderScale } : {}) });
  const people = new CarePeople(db, core.secrets, deps.roster);
  // Departures close the profile, moves and new names update its copies, in the roster's transaction.
  deps.roster.onChange((change, trx) => onRosterChange({ jobs: core.jobs }, change, trx));
  const manifest: ModuleManifest = {
    name: 'care',
    routes: async (app) => {
      await app.register(careRoutes(service, people, deps.tree, hub));
      // The care loop (visits, meals, hours: docs/care-visits.md), each with its own plugin.
      const loop = tablesOf<LoopTables>(core.db);
      await app.register(visitRoutes(loop, deps.tree, core.jobs));
      await app.register(mealRoutes(loop, service, core.jobs, deps.tree));
      await app.register(hoursRoutes(loop));
    },
    jobs: { ...service.jobHandlers, [dailyJob]: dailyJobHandler(core.jobs) },
    tag: { name: 'care', description: 'Elderly care: wristbands, alarms, dispatch and the 1-3-10 figures' },
  };
  return { manifest, service, people, hub };
}
