import type { Transaction } from 'kysely';
import { tablesOf } from '../../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';
import { treePlaces } from '../projects/places.ts';
import { rosterNominees, rosterStairwells } from './nominees.ts';
import { awardRoutes, publicAwardRoutes } from './routes.ts';
import { AwardsService } from './service.ts';
import type { AwardsTables } from './tables.ts';

/** 最美家庭、最美楼道、最美庭院: nominations, a households' vote, winners (docs/awards.md). */
export function createAwardsPart(core: CoreContext, deps: DecisionsDeps & { motions: MotionsApi }) {
  const places = treePlaces(deps.tree);
  const service = new AwardsService(tablesOf<AwardsTables>(core.db), { motions: deps.motions, places, nominees: rosterNominees(deps.roster), stairwells: rosterStairwells(deps.roster) });
  deps.motions.onOutcome('award', (outcome, tx) => service.onOutcome(outcome, tx as unknown as Transaction<AwardsTables>));
  const manifest: ModuleManifest = {
    name: 'decisions.awards',
    routes: async (app) => {
      await app.register(awardRoutes(service));
      await app.register(publicAwardRoutes(service, places));
    },
  };
  return { manifest };
}
