import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import type { AuditWriter } from '../access/index.ts';
import type { RosterService } from '../roster/index.ts';
import type { TreeService } from '../tree/index.ts';
import { createAwardsPart } from './awards/index.ts';
import { createConventionsPart } from './conventions/index.ts';
import { createCouncilsPart } from './councils/index.ts';
import { createProjectsPart } from './projects/index.ts';
import { createVotesPart } from './votes/index.ts';

export type { MotionsApi, MotionOutcome, NewMotion, ElectorateSource } from './contracts.ts';

export interface DecisionsDeps {
  tree: TreeService;
  roster: RosterService;
  audit: AuditWriter;
}

/**
 * 民事民议、民事民决: councils and meetings, motions and ballots, the yearly 双五工程 round, conventions and
 * awards. Votes come first: every other part creates motions through its `MotionsApi` and hears outcomes.
 */
export function createDecisionsModule(core: CoreContext, deps: DecisionsDeps) {
  const votes = createVotesPart(core, deps);
  const parts = [
    votes,
    createCouncilsPart(core, { ...deps, motions: votes.motions }),
    createProjectsPart(core, { ...deps, motions: votes.motions }),
    createConventionsPart(core, { ...deps, motions: votes.motions }),
    createAwardsPart(core, { ...deps, motions: votes.motions }),
  ];
  const manifest: ModuleManifest = {
    name: 'decisions',
    routes: async (app) => {
      for (const part of parts) if (part.manifest.routes) await app.register(part.manifest.routes);
    },
    jobs: Object.assign({}, ...parts.map((p) => p.manifest.jobs ?? {})),
    tag: { name: 'decisions', description: 'Councils, meetings, motions and ballots, 双五工程 projects, conventions and awards' },
  };
  return { manifest, motions: votes.motions };
}
