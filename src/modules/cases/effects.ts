import type { Logger } from 'pino';
import type { Transaction } from 'kysely';
import type { Executor, NewJob } from '../../core/jobs/types.ts';
import type { JobQueue } from '../../core/jobs/queue.ts';
import type { CaseState, Effect, Message } from './domain/index.ts';
import type { Notifier, OutgoingNotification, Recipient } from './notifier.ts';
import { unitAbove, type PlacedUnit } from './policy.ts';
import type { CasesTables } from './tables.ts';

export const timerJob = 'cases.timer';
export const timerKey = (timerId: string) => `case-timer:${timerId}`;

export interface EffectContext {
  caseId: string;
  number: string;
  state: CaseState;
  responsible: PlacedUnit;
  communityPath: string | undefined;
  /** Numbers of other cases named in messages (a duplicate's survivor). */
  numbers?: Record<string, string>;
}

/** What a step's effects amount to, gathered so that several steps (a batch of new cases) write them together. */
export interface EffectPlan {
  /** Timer jobs to add or cancel, in the order the domain asked. */
  jobs: ({ op: 'schedule'; job: NewJob } | { op: 'cancel'; key: string })[];
  outgoing: OutgoingNotification[];
}

/** How planning reads and merges followers: from the database in a step, from memory for a new case. */
export interface FollowerAccess {
  followers(): Promise<Recipient[]>;
  merge(caseId: string, into: string): Promise<void>;
}

/**
 * Carries out the domain's effects inside the step's transaction: timers become durable jobs (keyed by
 * the domain's versioned timer ids), notifications go through the Notifier, followers are merged.
 */
export async function runEffects(
  deps: { jobs: JobQueue; notifier: Notifier; log: Logger },
  trx: Transaction<CasesTables>,
  ctx: EffectContext,
  effects: Effect[],
): Promise<void> {
  const plan = await planEffects(deps, ctx, effects, storedFollowers(trx, ctx.caseId));
  await applyPlans(deps, trx, [plan]);
}

export function storedFollowers(trx: Transaction<CasesTables>, caseId: string): FollowerAccess {
  let followers: Recipient[] | undefined;
  return {
    async followers() {
      followers ??= (await trx.selectFrom('case_followers').select(['account_id', 'resident_id']).where('case_id', '=', caseId).execute())
        .map((f) => (f.account_id ? { accountId: f.account_id } : { residentId: f.resident_id ?? '' }));
      return followers;
    },
    async merge(from, into) {
      const rows = await trx.selectFrom('case_followers').selectAll().where('case_id', '=', from).execute();
      if (rows.length) {
        await trx.insertInto('case_followers')
          .values(rows.map((r) => ({ case_id: into, follower: r.follower, kind: 'merged' as const, account_id: r.account_id, resident_id: r.resident_id, household: r.household, via_case: from })))
          .onConflict((oc) => oc.columns(['case_id', 'follower']).doNothing())
          .execute();
      }
    },
  };
}

/** Turns effects into jobs and notifications; merges run at once, so followers read afterwards include them. */
export async function planEffects(deps: { log: Logger }, ctx: EffectContext, effects: Effect[], access: FollowerAccess): Promise<EffectPlan> {
  const plan: EffectPlan = { jobs: [], outgoing: [] };
  const humanize = (m: Message): Message => {
    const params = { ...m.params };
    if (params.caseId === ctx.caseId) params.caseId = ctx.number;
    if (typeof params.of === 'string' && ctx.numbers?.[params.of]) params.of = ctx.numbers[params.of]!;
    return { key: m.key, params };
  };
  for (const e of effects) {
    switch (e.type) {
      case 'scheduleTimer':
        plan.jobs.push({ op: 'schedule', job: { kind: timerJob, payload: { caseId: e.timer.caseId, timerId: e.timer.id }, options: { runAt: new Date(e.timer.at), uniqueKey: timerKey(e.timer.id) } } });
        break;
      case 'cancelTimer':
        plan.jobs.push({ op: 'cancel', key: timerKey(e.id) });
        break;
      case 'notify': {
        const message = humanize(e.message);
        let recipients: Recipient[] = [];
        if (e.audience === 'followers') recipients = await access.followers();
        else if (e.audience === 'responsible') recipients = [{ unit: e.unit ?? ctx.state.responsible }];
        else if (e.audience === 'supervisor') recipients = [{ unit: ctx.state.supervisor ?? ctx.state.responsible }];
        else if (e.audience === 'unit' && e.unit) recipients = [{ unit: e.unit }];
        else if (e.audience === 'unitAbove') {
          const above = unitAbove(ctx.responsible, ctx.communityPath);
          recipients = [{ unit: above ?? ctx.state.responsible }];
        }
        for (const recipient of recipients) plan.outgoing.push({ recipient, caseId: ctx.caseId, message });
        break;
      }
      case 'requestRating':
        for (const recipient of await access.followers()) {
          plan.outgoing.push({ recipient, caseId: ctx.caseId, message: { key: 'cases.notice.rateRequest', params: { caseId: ctx.number } } });
        }
        break;
      case 'escalate':
        deps.log.info({ caseId: e.caseId, from: e.from, scope: e.scope, level: e.level }, 'case escalated');
        break;
      case 'mergeFollowers':
        await access.merge(e.caseId, e.into);
        break;
    }
  }
  return plan;
}

/** Writes the plans' jobs (runs of schedules as one statement each, in order) and all their notifications at once. */
export async function applyPlans(deps: { jobs: JobQueue; notifier: Notifier }, trx: Transaction<CasesTables>, plans: EffectPlan[]): Promise<void> {
  const executor = trx as unknown as Executor;
  let run: NewJob[] = [];
  for (const op of plans.flatMap((p) => p.jobs)) {
    if (op.op === 'schedule') {
      run.push(op.job);
      continue;
    }
    await deps.jobs.scheduleMany(run, executor);
    run = [];
    await deps.jobs.cancel(op.key, executor);
  }
  await deps.jobs.scheduleMany(run, executor);
  await deps.notifier.send(plans.flatMap((p) => p.outgoing), trx);
}
