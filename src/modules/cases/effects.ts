import type { Logger } from 'pino';
import type { Transaction } from 'kysely';
import type { Executor } from '../../core/jobs/types.ts';
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
  const executor = trx as unknown as Executor;
  const outgoing: OutgoingNotification[] = [];
  let followers: Recipient[] | undefined;
  const loadFollowers = async () => {
    followers ??= (await trx.selectFrom('case_followers').select(['account_id', 'resident_id']).where('case_id', '=', ctx.caseId).execute())
      .map((f) => (f.account_id ? { accountId: f.account_id } : { residentId: f.resident_id ?? '' }));
    return followers;
  };
  const humanize = (m: Message): Message => {
    const params = { ...m.params };
    if (params.caseId === ctx.caseId) params.caseId = ctx.number;
    if (typeof params.of === 'string' && ctx.numbers?.[params.of]) params.of = ctx.numbers[params.of]!;
    return { key: m.key, params };
  };
  for (const e of effects) {
    switch (e.type) {
      case 'scheduleTimer':
        await deps.jobs.schedule(timerJob, { caseId: e.timer.caseId, timerId: e.timer.id }, { runAt: new Date(e.timer.at), uniqueKey: timerKey(e.timer.id) }, executor);
        break;
      case 'cancelTimer':
        await deps.jobs.cancel(timerKey(e.id), executor);
        break;
      case 'notify': {
        const message = humanize(e.message);
        let recipients: Recipient[] = [];
        if (e.audience === 'followers') recipients = await loadFollowers();
        else if (e.audience === 'responsible') recipients = [{ unit: e.unit ?? ctx.state.responsible }];
        else if (e.audience === 'supervisor') recipients = [{ unit: ctx.state.supervisor ?? ctx.state.responsible }];
        else if (e.audience === 'unit' && e.unit) recipients = [{ unit: e.unit }];
        else if (e.audience === 'unitAbove') {
          const above = unitAbove(ctx.responsible, ctx.communityPath);
          recipients = [{ unit: above ?? ctx.state.responsible }];
        }
        for (const recipient of recipients) outgoing.push({ recipient, caseId: ctx.caseId, message });
        break;
      }
      case 'requestRating':
        for (const recipient of await loadFollowers()) {
          outgoing.push({ recipient, caseId: ctx.caseId, message: { key: 'cases.notice.rateRequest', params: { caseId: ctx.number } } });
        }
        break;
      case 'escalate':
        deps.log.info({ caseId: e.caseId, from: e.from, scope: e.scope, level: e.level }, 'case escalated');
        break;
      case 'mergeFollowers': {
        const rows = await trx.selectFrom('case_followers').selectAll().where('case_id', '=', e.caseId).execute();
        if (rows.length) {
          await trx.insertInto('case_followers')
            .values(rows.map((r) => ({ case_id: e.into, follower: r.follower, kind: 'merged' as const, account_id: r.account_id, resident_id: r.resident_id, household: r.household, via_case: e.caseId })))
            .onConflict((oc) => oc.columns(['case_id', 'follower']).doNothing())
            .execute();
        }
        break;
      }
    }
  }
  await deps.notifier.send(outgoing, trx);
}
