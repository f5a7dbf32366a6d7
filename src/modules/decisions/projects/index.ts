import type { Transaction } from 'kysely';
import { tablesOf } from '../../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';
import { DeliveryService } from './delivery.ts';
import { treePlaces, type PlaceLookup } from './places.ts';
import { projectRoutes } from './project-routes.ts';
import { publicProjectRoutes } from './public-routes.ts';
import { ProjectQueries } from './queries.ts';
import { RoundsService } from './rounds.ts';
import { roundRoutes } from './routes.ts';
import { renewalDueJob, ServiceProjectsService, termOverJob } from './service-projects.ts';
import type { ProjectsTables } from './tables.ts';


/** The services of the yearly cycle, built apart from the HTTP layer so tests can hand in their own motions. */
export function projectServices(core: Pick<CoreContext, 'db' | 'jobs'>, motions: MotionsApi, places: PlaceLookup) {
  const db = tablesOf<ProjectsTables>(core.db);
  const rounds = new RoundsService(db, { motions, places });
  const delivery = new DeliveryService(db, { motions, rounds });
  const service = new ServiceProjectsService(db, { motions, places, jobs: core.jobs });
  const asOwn = (tx: Transaction<object>) => tx as unknown as Transaction<ProjectsTables>;
  motions.onOutcome('projectRound', (outcome, tx) => rounds.onOutcome(outcome, asOwn(tx)));
  motions.onOutcome('projectReview', (outcome, tx) => delivery.onReviewOutcome(outcome, asOwn(tx)));
  motions.onOutcome('serviceProjectApproval', (outcome, tx) => service.onApproval(outcome, asOwn(tx)));
  motions.onOutcome('projectRenewal', (outcome, tx) => service.onRenewal(outcome, asOwn(tx)));
  const jobs = {
    [renewalDueJob]: (payload: unknown, ctx: { trx: Transaction<object> }) => service.renewalDue(payload, asOwn(ctx.trx)),
    [termOverJob]: (payload: unknown, ctx: { trx: Transaction<object> }) => service.termOver(payload, asOwn(ctx.trx)),
  };
  return { rounds, delivery, service, queries: new ProjectQueries(db), jobs };
}

/** 双五工程 rounds, their projects, and five-society service projects with renewals (docs/projects.md). */
export function createProjectsPart(core: CoreContext, deps: DecisionsDeps & { motions: MotionsApi }) {
  const places = treePlaces(deps.tree);
  const s = projectServices(core, deps.motions, places);
  const manifest: ModuleManifest = {
    name: 'decisions.projects',
    routes: async (app) => {
      await app.register(roundRoutes(s.rounds, s.queries));
      await app.register(projectRoutes(s.delivery, s.service, s.queries));
      await app.register(publicProjectRoutes(s.delivery, s.queries, places));
    },
    jobs: s.jobs,
  };
  return { manifest };
}
