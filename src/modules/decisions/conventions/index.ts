import type { Transaction } from 'kysely';
import { tablesOf } from '../../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';
import { treePlaces, type PlaceLookup } from '../projects/places.ts';
import { conventionRoutes, publicConventionRoutes } from './routes.ts';
import { ConventionsService } from './service.ts';
import type { ConventionsTables } from './tables.ts';

export function conventionsService(core: Pick<CoreContext, 'db'>, motions: MotionsApi, places: PlaceLookup): ConventionsService {
  const service = new ConventionsService(tablesOf<ConventionsTables>(core.db), { motions, places });
  motions.onOutcome('conventionAmendment', (outcome, tx) => service.onOutcome(outcome, tx as unknown as Transaction<ConventionsTables>));
  return service;
}

/** 居民公约 / 小区公约: clause-by-clause versions, amendments ratified by a motion (docs/resident-conventions.md). */
export function createConventionsPart(core: CoreContext, deps: DecisionsDeps & { motions: MotionsApi }) {
  const places = treePlaces(deps.tree);
  const service = conventionsService(core, deps.motions, places);
  const manifest: ModuleManifest = {
    name: 'decisions.conventions',
    routes: async (app) => {
      await app.register(conventionRoutes(service));
      await app.register(publicConventionRoutes(service, places));
    },
  };
  return { manifest };
}
