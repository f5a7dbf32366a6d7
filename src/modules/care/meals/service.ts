import { sql, type Kysely } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import type { Principal } from '../../access/index.ts';
import type { TreeService } from '../../tree/index.ts';
import { recordHours } from '../hours/record.ts';
import { roundMinutes } from '../hours/rules.ts';
import { communityPathOf } from '../scopes.ts';
import type { CareService } from '../service.ts';
import { mayAt, needAny, needAt, overlapsScopes } from '../visits/access.ts';
import type { LoopTables } from '../visits/tables.ts';
import { doorSeconds, orderAllowed, type Meal } from './rules.ts';
import { raiseWelfareCheck } from './welfare.ts';

/** Kitchens, orders, rounds and the hand-off at the door. */
export class CareMeals {
  constructor(private readonly db: Kysely<LoopTables>, private readonly care: CareService, private readonly jobs: JobQueue, private readonly tree: TreeService) {}

  async addKitchen(principal: Principal, k: { unitCode: string; name: string; lng?: number; lat?: number }): Promise<string> {
    const unit = await this.tree.repo.byCode(k.unitCode);
    if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: k.unitCode });
    needAt(principal, 'meals', unit.path);
    const row = await this.db.insertInto('care_kitchens').values({ path: unit.path, community_path: communityPathOf(unit.path) ?? unit.path, name: k.name, lng: k.lng ?? null, lat: k.lat ?? null })
      .returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async kitchens(principal: Principal) {
    const scopes = needAny(principal, 'meals');
    return this.db.selectFrom('care_kitchens').select(['id', 'name', 'path', 'community_path as communityPath', 'lng', 'lat'])
      .where(overlapsScopes('community_path', scopes)).orderBy('name').execute();
  }

  private async kitchen(principal: Principal, id: string) {
    const k = await this.db.selectFrom('care_kitchens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!k) throw new Problem(404, 'care.kitchenNotFound');
    // A kitchen serves its community: the grid team of that community may use it.
    if (!needAny(principal, 'meals').some((s) => s.startsWith(k.community_path) || k.path.startsWith(s))) throw new Problem(403, 'common.problem.outsideScope');
    return k;
  }

  async order(principal: Principal, o: { profileId: string; kitchenId: string; serviceDate: string; meal: Meal }, now = new Date()): Promise<number> {
    const profile = await this.db.selectFrom('care_profiles').select(['id', 'path', 'community_path', 'closed_at']).where('id', '=', o.profileId).executeTakeFirst();
    if (!profile || !mayAt(principal, 'meals', profile.path)) throw new Problem(404, 'care.profileNotFound');
    if (profile.closed_at) throw new Problem(409, 'care.profileClosed');
    await this.kitchen(principal, o.kitchenId);
    const allowed = orderAllowed(o.meal, o.serviceDate, now);
    if (!allowed.ok) throw new Problem(422, `care.order.${allowed.reason}`);
    const row = await this.db.insertInto('care_meal_orders').values({
      profile_id: profile.id, kitchen_id: o.kitchenId, community_path: profile.community_path, service_date: o.serviceDate, meal: o.meal, ordered_by: principal.accountId,
    }).onConflict((oc) => oc.columns(['profile_id', 'service_date', 'meal']).doNothing()).returning('id').executeTakeFirst();
    if (!row) throw new Problem(409, 'care.orderExists');
    return Number(row.id);
  }

  async orders(principal: Principal, q: { kitchenId: string; serviceDate: string; meal?: Meal }) {
    await this.kitchen(principal, q.kitchenId);
    let query = this.db.selectFrom('care_meal_orders as o').innerJoin('care_profiles as p', 'p.id', 'o.profile_id')
      .select(['o.id', 'o.profile_id as profileId', 'p.name', 'p.address', 'o.meal', 'o.status', 'o.round_id as roundId', 'o.handed_at as handedAt', 'o.door_seconds as doorSeconds', 'o.alarm_id as alarmId'])
      .where('o.kitchen_id', '=', q.kitchenId).where('o.service_date', '=', q.serviceDate);
    if (q.meal) query = query.where('o.meal', '=', q.meal);
    return query.orderBy('p.address').execute();
  }

  /** A round: one kitchen, one volunteer, orders of one day and meal that no other round carries. */
  async createRound(principal: Principal, r: { kitchenId: string; volunteerAccountId: string; serviceDate: string; meal: Meal; orderIds: number[] }): Promise<number> {
    const kitchen = await this.kitchen(principal, r.kitchenId);
    return this.db.transaction().execute(async (trx) => {
      const round = await trx.insertInto('care_meal_rounds').values({
        kitchen_id: kitchen.id, community_path: kitchen.community_path, volunteer_id: r.volunteerAccountId, service_date: r.serviceDate, meal: r.meal, created_by: principal.accountId,
      }).returning('id').executeTakeFirstOrThrow();
      const taken = await trx.updateTable('care_meal_orders').set({ round_id: round.id })
        .where('id', 'in', r.orderIds).where('kitchen_id', '=', kitchen.id).where('service_date', '=', r.serviceDate).where('meal', '=', r.meal)
        .where('status', '=', 'ordered').where('round_id', 'is', null).returning('id').execute();
      if (taken.length !== new Set(r.orderIds).size) throw new Problem(409, 'care.ordersNotFree');
      return Number(round.id);
    });
  }

  private async round(principal: Principal, id: number, asVolunteer: boolean) {
    const round = await this.db.selectFrom('care_meal_rounds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!round) throw new Problem(404, 'care.roundNotFound');
    const mine = round.volunteer_id === principal.accountId;
    if (!(asVolunteer && mine)) await this.kitchen(principal, round.kitchen_id);
    return round;
  }

  /** The kitchen hands the meals over: the clock for "10 minutes to the door" starts. */
  async dispatch(principal: Principal, id: number): Promise<Date> {
    await this.round(principal, id, true);
    const row = await this.db.updateTable('care_meal_rounds').set({ dispatched_at: sql<Date>`coalesce(dispatched_at, now())` }).where('id', '=', id).returning('dispatched_at').executeTakeFirstOrThrow();
    return row.dispatched_at!;
  }

  /**
   * At the door: handed over, or nobody answered (a welfare check is raised through the alarm path). The
   * last door of a round closes it and credits the volunteer's service time. Repeating a no-answer whose
   * alarm could not be raised raises it again (the order's message id keeps it to one alarm).
   */
  async handoff(principal: Principal, orderId: number, h: { outcome: 'handedOver' | 'noAnswer'; lng?: number; lat?: number; note?: string }) {
    const order = await this.db.selectFrom('care_meal_orders as o').innerJoin('care_profiles as p', 'p.id', 'o.profile_id')
      .select(['o.id', 'o.round_id', 'o.status', 'o.alarm_id', 'o.profile_id', 'p.home_lng', 'p.home_lat', 'p.closed_at']).where('o.id', '=', orderId).executeTakeFirst();
    if (!order?.round_id) throw new Problem(404, 'care.orderNotFound');
    const round = await this.round(principal, order.round_id, true);
    if (!round.dispatched_at) throw new Problem(409, 'care.roundNotDispatched');
    const retry = order.status === 'noAnswer' && order.alarm_id === null && h.outcome === 'noAnswer';
    if (order.status !== 'ordered' && !retry) throw new Problem(409, 'care.orderDone');
    let doorSecs: number | null = null;
    if (!retry) {
      doorSecs = await this.db.transaction().execute(async (trx) => {
        const now = (await sql<{ now: Date }>`SELECT now() AS now`.execute(trx)).rows[0]!.now;
        const seconds = doorSeconds(new Date(round.dispatched_at!), new Date(now));
        const done = await trx.updateTable('care_meal_orders').set({ status: h.outcome, handed_at: now, door_seconds: seconds, lng: h.lng ?? null, lat: h.lat ?? null, note: h.note ?? null })
          .where('id', '=', orderId).where('status', '=', 'ordered').returning('id').executeTakeFirst();
        if (!done) throw new Problem(409, 'care.orderDone');
        await this.closeRoundIfDone(trx, round.id, round.volunteer_id === principal.accountId ? principal.displayName : null);
        return seconds;
      });
    }
    let alarmId: number | null = order.alarm_id;
    // Nobody is expected behind the door of someone who has left the roster: no welfare check.
    if (h.outcome === 'noAnswer' && !order.closed_at) {
      const home = order.home_lng != null && order.home_lat != null ? { lng: order.home_lng, lat: order.home_lat } : null;
      alarmId = await raiseWelfareCheck(this.care, this.jobs, this.db, { id: orderId, profileId: order.profile_id, home });
      if (alarmId) await this.db.updateTable('care_meal_orders').set({ alarm_id: alarmId }).where('id', '=', orderId).execute();
    }
    return { orderId, outcome: h.outcome, doorSeconds: doorSecs, alarmId };
  }

  private async closeRoundIfDone(trx: Kysely<LoopTables>, roundId: number, volunteerName: string | null): Promise<void> {
    const round = await trx.selectFrom('care_meal_rounds').selectAll().where('id', '=', roundId).forUpdate().executeTakeFirstOrThrow();
    const orders = await trx.selectFrom('care_meal_orders').select(['status', 'handed_at']).where('round_id', '=', roundId).execute();
    if (round.completed_at || orders.some((o) => o.status === 'ordered')) return;
    await trx.updateTable('care_meal_rounds').set({ completed_at: sql<Date>`now()` }).where('id', '=', roundId).execute();
    const minutes = roundMinutes(round.dispatched_at, orders.flatMap((o) => (o.handed_at ? [new Date(o.handed_at)] : [])));
    if (minutes !== null) await recordHours(trx, { accountId: round.volunteer_id, volunteerName, source: 'meal', sourceId: String(roundId), communityPath: round.community_path, startedAt: round.dispatched_at!, minutes });
  }

  /** The volunteer's rounds of a day, with the doors to go to. */
  async myRounds(principal: Principal, serviceDate: string) {
    const rounds = await this.db.selectFrom('care_meal_rounds as r').innerJoin('care_kitchens as k', 'k.id', 'r.kitchen_id')
      .select(['r.id', 'r.meal', 'r.service_date as serviceDate', 'k.name as kitchen', 'r.dispatched_at as dispatchedAt', 'r.completed_at as completedAt'])
      .where('r.volunteer_id', '=', principal.accountId).where('r.service_date', '=', serviceDate).orderBy('r.id').execute();
    if (rounds.length === 0) return [];
    const orders = await this.db.selectFrom('care_meal_orders as o').innerJoin('care_profiles as p', 'p.id', 'o.profile_id')
      .select(['o.id', 'o.round_id', 'p.name', 'p.address', 'o.status', 'o.door_seconds as doorSeconds']).where('o.round_id', 'in', rounds.map((r) => r.id)).orderBy('p.address').execute();
    return rounds.map((r) => ({ ...r, orders: orders.filter((o) => o.round_id === r.id).map(({ round_id: _r, ...o }) => o) }));
  }
}
