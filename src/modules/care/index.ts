import { tablesOf } from '../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import type { AuditWriter } from '../access/index.ts';
import type { RosterService } from '../roster/index.ts';
import type { TreeService } from '../tree/index.ts';
import { CarePeople } from './people.ts';
import { PushHub } from './push.ts';
import { careRoutes } from './routes.ts';
import { CareService } from './service.ts';
import type { CareTables } from './tables.ts';

export { CareService } from './service.ts';
export { deviceTopic } from './mqtt.ts';
export { parseDeviceMessage, canonicalDeviceId } from './protocol.ts';

export function createCareModule(core: CoreContext, deps: { tree: TreeService; roster: RosterService; audit: AuditWriter; ladderScale?: number }) {
  const db = tablesOf<CareTables>(core.db);
  const hub = new PushHub();
  const service = new CareService(db, { jobs: core.jobs, secrets: core.secrets, log: core.log, tree: deps.tree, audit: deps.audit, hub, ...(deps.ladderScale ? { ladderScale: deps.ladderScale } : {}) });
  const people = new CarePeople(db, core.secrets, deps.roster);
  const manifest: ModuleManifest = {
    name: 'care',
    routes: careRoutes(service, people, deps.tree, hub),
    jobs: service.jobHandlers,
    tag: { name: 'care', description: 'Elderly care: wristbands, alarms, dispatch and the 1-3-10 figures' },
  };
  return { manifest, service, people, hub };
}
