import { tablesOf } from '../../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';
import { votesRoutes } from './api/routes.ts';
import { closeJob, Motions } from './motions.ts';
import { householdsResolver, ownersResolver } from './resolvers.ts';
import type { VotesTables } from './tables.ts';

/** Motions and ballots (docs/votes.md): the `MotionsApi` every other decisions part creates motions through. */
export function createVotesPart(core: CoreContext, deps: DecisionsDeps): { manifest: ModuleManifest; motions: MotionsApi } {
  const motions = new Motions(tablesOf<VotesTables>(core.db), core.jobs, deps.tree);
  motions.registerRoll('owners', ownersResolver(deps.roster));
  motions.registerRoll('households', householdsResolver(deps.roster));
  const manifest: ModuleManifest = {
    name: 'decisions.votes',
    routes: votesRoutes(motions, { db: core.db, audit: deps.audit }),
    jobs: { [closeJob]: (payload, { trx }) => motions.onCloseJob(payload, trx) },
  };
  return { manifest, motions };
}
