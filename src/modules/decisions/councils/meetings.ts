import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import { Problem } from '../../../core/http/problem.ts';
import { within, type Principal } from '../../access/index.ts';
import type { MotionOutcome, MotionsApi } from '../contracts.ts';
import { canCheckIn, canManageCouncil, needManage, needRead } from './access.ts';
import { maskName, residentHouseholds } from '../policy.ts';
import { electorateOf, motionRuleOf, type ItemDecision } from './decision.ts';
import type { MeetingHub } from './hub.ts';
import { presentMemberIds, seatedOn, votingMembersOn } from './members.ts';
import { itemResultOf } from './outcome.ts';
import { checkNotice, isoDayOf, monthlyDays, quorum, shanghaiInstant, thresholdOf, type Quorum } from './rules.ts';
import type { CouncilRow, CouncilService } from './service.ts';
import type { CouncilTables } from './tables.ts';
import type { ThresholdFile } from '../tally/schema.ts';

export type MeetingRow = Selectable<CouncilTables['council_meetings']>;
export interface NewItem { title: string; text?: string; decision?: ItemDecision | null }
export interface NewMeeting { title: string; startsAt: string; endsAt?: string; place?: string; items?: NewItem[] }

const newToken = () => randomBytes(18).toString('base64url');
const hours = (n: number) => n * 3_600_000;

/** Meetings: agenda, notice, attendance and the live quorum, items put to the vote one by one. */
export class MeetingService {
  constructor(readonly db: Kysely<CouncilTables>, private readonly councils: CouncilService, private readonly motions: MotionsApi, private readonly hub: MeetingHub) {}

  async schedule(principal: Principal, councilId: string, input: NewMeeting): Promise<MeetingRow> {
    const council = await this.councils.manageable(principal, councilId);
    if (input.endsAt && input.endsAt <= input.startsAt) throw new Problem(422, 'councils.meetingBackwards');
    return this.db.transaction().execute(async (tx) => {
      const meeting = await tx.insertInto('council_meetings').values({
        council_id: council.id, title: input.title, starts_at: input.startsAt, ends_at: input.endsAt ?? null, place: input.place ?? '',
        checkin_token: newToken(), generated_month: null, notice_days: null, created_by: principal.accountId,
      }).returningAll().executeTakeFirstOrThrow();
      for (const [i, item] of (input.items ?? []).entries()) await this.insertItem(tx, meeting.id, i + 1, item);
      return meeting;
    });
  }

  /** Meetings on the council's monthly day (建言堂: the 20th); months already generated are left alone. */
  async generateMonthly(principal: Principal, councilId: string, from: string, months: number, title: string) {
    const council = await this.councils.manageable(principal, councilId);
    if (!council.monthly_day) throw new Problem(422, 'councils.notMonthly');
    const days = monthlyDays(from, months, council.monthly_day);
    return this.db.transaction().execute(async (tx) => {
      const created: MeetingRow[] = [];
      for (const day of days) {
        const startsAt = shanghaiInstant(day, council.monthly_time);
        const row = await tx.insertInto('council_meetings').values({
          council_id: council.id, title, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + hours(2)), place: '',
          checkin_token: newToken(), generated_month: day.slice(0, 7), notice_days: null, created_by: principal.accountId,
        }).onConflict((oc) => oc.columns(['council_id', 'generated_month']).doNothing()).returningAll().executeTakeFirst();
        if (row) created.push(row);
      }
      return { days, created: created.map((m) => m.id) };
    });
  }

  private async insertItem(tx: Kysely<CouncilTables>, meetingId: string, position: number, item: NewItem) {
    return tx.insertInto('council_agenda_items').values({
      meeting_id: meetingId, position, title: item.title, text: item.text ?? '', decision: item.decision ? JSON.stringify(item.decision) : null,
    }).returningAll().executeTakeFirstOrThrow();
  }

  async get(id: string): Promise<{ meeting: MeetingRow; council: CouncilRow }> {
    const meeting = await this.db.selectFrom('council_meetings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!meeting) throw new Problem(404, 'councils.meetingNotFound');
    return { meeting, council: await this.councils.get(meeting.council_id) };
  }

  async readable(principal: Principal, id: string) {
    const found = await this.get(id);
    needRead(principal, found.council.scope_path);
    return found;
  }

  async manageable(principal: Principal, id: string) {
    const found = await this.readable(principal, id);
    needManage(principal, found.council.scope_path);
    return found;
  }

  /** An item added after the notice is on the agenda for discussion, never for a vote. */
  async addItem(principal: Principal, meetingId: string, item: NewItem) {
    const { meeting } = await this.manageable(principal, meetingId);
    if (meeting.status === 'closed' || meeting.status === 'cancelled') throw new Problem(409, 'councils.meetingClosed');
    return this.db.transaction().execute(async (tx) => {
      await tx.selectFrom('council_meetings').select('id').where('id', '=', meetingId).forUpdate().execute();
      const last = await tx.selectFrom('council_agenda_items').select((eb) => eb.fn.max('position').as('p')).where('meeting_id', '=', meetingId).executeTakeFirst();
      return this.insertItem(tx, meetingId, Number(last?.p ?? 0) + 1, item);
    });
  }

  async publishNotice(principal: Principal, meetingId: string, text: string, now = new Date()) {
    const { meeting, council } = await this.manageable(principal, meetingId);
    const { noticeDays } = await this.councils.effective(council);
    return this.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('council_meetings').select(['status', 'starts_at']).where('id', '=', meeting.id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'scheduled') throw new Problem(409, 'councils.noticeAlreadyPublished');
      const items = await tx.selectFrom('council_agenda_items').select('id').where('meeting_id', '=', meeting.id).execute();
      if (items.length === 0) throw new Problem(422, 'councils.emptyAgenda');
      const check = checkNotice(now, new Date(locked.starts_at), noticeDays);
      if (!check.ok) throw new Problem(422, 'councils.noticeTooLate', { required: check.required, given: check.given, earliest: check.earliest });
      await tx.updateTable('council_agenda_items').set({ on_notice: true }).where('meeting_id', '=', meeting.id).execute();
      return tx.updateTable('council_meetings').set({ status: 'noticed', notice_text: text, notice_published_at: now, notice_days: noticeDays })
        .where('id', '=', meeting.id).returningAll().executeTakeFirstOrThrow();
    });
  }

  async close(principal: Principal, meetingId: string) {
    const { meeting } = await this.manageable(principal, meetingId);
    return this.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('council_meetings').select('status').where('id', '=', meeting.id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'noticed') throw new Problem(409, 'councils.meetingNotOpen');
      const voting = await tx.selectFrom('council_agenda_items').select('id').where('meeting_id', '=', meeting.id).where('status', '=', 'voting').executeTakeFirst();
      if (voting) throw new Problem(409, 'councils.itemStillVoting');
      return tx.updateTable('council_meetings').set({ status: 'closed', closed_at: new Date() }).where('id', '=', meeting.id).returningAll().executeTakeFirstOrThrow();
    });
  }

  /** Voting members present out of voting members on the meeting day, by the council's quorum rule. */
  async quorum(meeting: MeetingRow, council: CouncilRow, db: Kysely<CouncilTables> = this.db, given?: ThresholdFile): Promise<Quorum> {
    // Inside a transaction the rule is passed in: the embedded database has one connection to wait for.
    const rule = given ?? (await this.councils.effective(council)).quorum;
    const members = await votingMembersOn(db, council.id, isoDayOf(new Date(meeting.starts_at)));
    const present = await presentMemberIds(db, meeting.id);
    return quorum(members.length, members.filter((m) => present.has(m.memberId)).length, thresholdOf(rule)!);
  }

  async checkIn(meeting: MeetingRow, council: CouncilRow, memberId: string, via: 'self' | 'staff', by: string) {
    if (meeting.status !== 'noticed') throw new Problem(409, 'councils.meetingNotOpen');
    const seated = await seatedOn(this.db, council.id, isoDayOf(new Date(meeting.starts_at)));
    const member = seated.find((m) => m.memberId === memberId);
    if (!member) throw new Problem(422, 'councils.notSeated');
    const row = await this.db.insertInto('council_attendance').values({ meeting_id: meeting.id, member_id: memberId, via, by_account: by })
      .onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doNothing()).returning('checked_in_at').executeTakeFirst();
    const q = await this.quorum(meeting, council);
    this.hub.publish({ meetingId: meeting.id, event: 'quorum', data: { ...q } });
    return { memberId, already: !row, quorum: q };
  }

  async staffCheckIn(principal: Principal, meetingId: string, memberId: string) {
    const { meeting, council } = await this.readable(principal, meetingId);
    if (!canCheckIn(principal, council.scope_path)) throw new Problem(403, 'common.problem.outsideScope');
    return this.checkIn(meeting, council, memberId, 'staff', principal.accountId);
  }

  private async byToken(token: string) {
    const meeting = await this.db.selectFrom('council_meetings').selectAll().where('checkin_token', '=', token).executeTakeFirst();
    if (!meeting) throw new Problem(404, 'councils.meetingNotFound');
    return { meeting, council: await this.councils.get(meeting.council_id) };
  }

  /** Members a signed-in resident may check in as: those living in a household their account is bound to. */
  private async mine(principal: Principal, council: CouncilRow, meeting: MeetingRow) {
    const households = residentHouseholds(principal);
    if (households.length === 0) return [];
    const seated = new Map((await seatedOn(this.db, council.id, isoDayOf(new Date(meeting.starts_at)))).map((m) => [m.memberId, m]));
    const rows = await this.db.selectFrom('council_members').select(['id', 'name', 'path']).where('council_id', '=', council.id).where('path', 'is not', null).execute();
    return rows.filter((r) => seated.has(r.id) && households.some((h) => within(r.path!, h)));
  }

  /** The phone page behind the QR code. */
  async checkinView(principal: Principal, token: string) {
    const { meeting, council } = await this.byToken(token);
    const staff = canCheckIn(principal, council.scope_path);
    const present = await presentMemberIds(this.db, meeting.id);
    const mine = await this.mine(principal, council, meeting);
    const everyone = staff ? await seatedOn(this.db, council.id, isoDayOf(new Date(meeting.starts_at))) : [];
    return {
      meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.starts_at, place: meeting.place, status: meeting.status },
      council: { id: council.id, name: council.name, kind: council.kind },
      quorum: await this.quorum(meeting, council), staff,
      mine: mine.map((m) => ({ memberId: m.id, name: m.name, present: present.has(m.id) })),
      members: everyone.map((m) => ({ memberId: m.memberId, name: m.name, standing: m.standing, present: present.has(m.memberId) })),
    };
  }

  async selfCheckIn(principal: Principal, token: string, memberId?: string) {
    const { meeting, council } = await this.byToken(token);
    const mine = await this.mine(principal, council, meeting);
    const chosen = memberId ? mine.find((m) => m.id === memberId) : mine.length === 1 ? mine[0] : undefined;
    if (!chosen) {
      if (memberId && canCheckIn(principal, council.scope_path)) return this.checkIn(meeting, council, memberId, 'staff', principal.accountId);
      throw new Problem(mine.length > 1 ? 422 : 403, mine.length > 1 ? 'councils.whichMember' : 'councils.notAMember');
    }
    return this.checkIn(meeting, council, chosen.id, 'self', principal.accountId);
  }

  /**
   * Puts an item to the vote: only an item of the published notice, only one at a time, and for a vote of
   * the body or of those present only when the meeting is quorate. The motion is created and announced
   * (its roll frozen) in the same transaction.
   */
  async putToVote(principal: Principal, meetingId: string, itemId: string, closesAt?: string) {
    const { meeting, council } = await this.manageable(principal, meetingId);
    const { quorum: councilQuorum } = await this.councils.effective(council);
    const result = await this.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('council_meetings').select('status').where('id', '=', meeting.id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'noticed') throw new Problem(409, 'councils.meetingNotOpen');
      const item = await tx.selectFrom('council_agenda_items').selectAll().where('id', '=', itemId).where('meeting_id', '=', meeting.id).executeTakeFirst();
      if (!item) throw new Problem(404, 'councils.itemNotFound');
      if (!item.on_notice) throw new Problem(422, 'councils.itemNotOnNotice', { title: item.title });
      if (!item.decision) throw new Problem(422, 'councils.itemNotForVote', { title: item.title });
      if (item.status !== 'pending') throw new Problem(409, 'councils.itemAlreadyVoted', { title: item.title });
      const other = await tx.selectFrom('council_agenda_items').select('title').where('meeting_id', '=', meeting.id).where('status', '=', 'voting').executeTakeFirst();
      if (other) throw new Problem(409, 'councils.oneItemAtATime', { title: other.title });
      if (item.decision.electorate !== 'owners') {
        const q = await this.quorum(meeting, council, tx, councilQuorum);
        if (!q.met) throw new Problem(422, 'councils.notQuorate', { present: q.present, required: q.required, members: q.members });
      }
      const now = new Date();
      const any = tx as unknown as Transaction<AnyDB>;
      const motion = await this.motions.createMotion({
        title: item.title, ...(item.text ? { text: item.text } : {}), rule: motionRuleOf(item.decision, councilQuorum),
        electorate: electorateOf(item.decision, { councilId: council.id, meetingId: meeting.id, scopeCode: council.scope_code }),
        scopeCode: council.scope_code, subject: { kind: 'meetingItem', id: item.id },
        opensAt: now.toISOString(), closesAt: closesAt ?? new Date(now.getTime() + hours(2)).toISOString(),
      }, principal.accountId, any);
      await this.motions.announce(motion.id, principal.accountId, any);
      return tx.updateTable('council_agenda_items').set({ status: 'voting', motion_id: motion.id }).where('id', '=', item.id).returningAll().executeTakeFirstOrThrow();
    });
    this.hub.publish({ meetingId: meeting.id, event: 'item', data: { itemId, status: 'voting' } });
    return presentItem(result);
  }

  async closeItem(principal: Principal, meetingId: string, itemId: string) {
    const { meeting } = await this.manageable(principal, meetingId);
    const result = await this.db.transaction().execute(async (tx) => {
      const item = await tx.selectFrom('council_agenda_items').selectAll().where('id', '=', itemId).where('meeting_id', '=', meeting.id).forUpdate().executeTakeFirst();
      if (!item) throw new Problem(404, 'councils.itemNotFound');
      if (item.status !== 'voting' || !item.motion_id) throw new Problem(409, 'councils.itemNotVoting', { title: item.title });
      const outcome = await this.motions.close(item.motion_id, principal.accountId, tx as unknown as Transaction<AnyDB>);
      // The outcome listener has usually recorded it already; recording twice changes nothing.
      await this.applyOutcome(outcome, tx);
      return tx.selectFrom('council_agenda_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    });
    this.hub.publish({ meetingId: meeting.id, event: 'item', data: { itemId, status: result.status } });
    return presentItem(result);
  }

  /** onOutcome('meetingItem'): the closed motion's result, recorded on its item in the closing transaction. */
  async applyOutcome(outcome: MotionOutcome, tx: Kysely<CouncilTables>): Promise<void> {
    const result = itemResultOf(outcome);
    await tx.updateTable('council_agenda_items')
      .set({ status: 'decided', passed: outcome.passed, result: JSON.stringify(result), decided_at: new Date(outcome.closedAt) })
      .where('motion_id', '=', outcome.motionId).where('status', '=', 'voting').execute();
  }

  async listForCouncil(principal: Principal, councilId: string) {
    const council = await this.councils.readable(principal, councilId);
    const rows = await this.db.selectFrom('council_meetings').selectAll().where('council_id', '=', council.id).orderBy('starts_at', 'desc').limit(200).execute();
    return rows.map((m) => presentMeeting(m, false));
  }

  async detail(principal: Principal, meetingId: string) {
    const { meeting, council } = await this.readable(principal, meetingId);
    const staff = canCheckIn(principal, council.scope_path);
    const manage = canManageCouncil(principal, council.scope_path);
    const [items, attendance, seated, minutes] = await Promise.all([
      this.db.selectFrom('council_agenda_items').selectAll().where('meeting_id', '=', meeting.id).orderBy('position').execute(),
      this.db.selectFrom('council_attendance').selectAll().where('meeting_id', '=', meeting.id).orderBy('checked_in_at').execute(),
      seatedOn(this.db, council.id, isoDayOf(new Date(meeting.starts_at))),
      this.db.selectFrom('council_minutes').select(['status', 'version', 'published_at']).where('meeting_id', '=', meeting.id).executeTakeFirst(),
    ]);
    const present = new Set(attendance.map((a) => a.member_id));
    return {
      ...presentMeeting(meeting, staff), council: { id: council.id, name: council.name, kind: council.kind, scope: { code: council.scope_code, name: council.scope_name } },
      canManage: manage, canCheckIn: staff, quorum: await this.quorum(meeting, council),
      items: items.map(presentItem),
      members: seated.map((m) => ({ memberId: m.memberId, name: staff ? m.name : maskName(m.name), standing: m.standing, title: m.title, constituency: m.constituency, present: present.has(m.memberId) })),
      minutes: minutes ? { status: minutes.status, version: minutes.version, publishedAt: minutes.published_at } : null,
    };
  }
}

export function presentMeeting(m: MeetingRow, withToken: boolean) {
  return {
    id: m.id, councilId: m.council_id, title: m.title, startsAt: m.starts_at, endsAt: m.ends_at, place: m.place, status: m.status,
    notice: m.notice_published_at ? { publishedAt: m.notice_published_at, text: m.notice_text, days: m.notice_days } : null,
    generatedMonth: m.generated_month, closedAt: m.closed_at, ...(withToken ? { checkinToken: m.checkin_token } : {}),
  };
}

export function presentItem(i: Selectable<CouncilTables['council_agenda_items']>) {
  return { id: i.id, position: i.position, title: i.title, text: i.text, decision: i.decision, onNotice: i.on_notice, status: i.status, motionId: i.motion_id, passed: i.passed, result: i.result, decidedAt: i.decided_at };
}

/** Meetings of councils placed under a node, for the community calendar. */
export function meetingsUnder(db: Kysely<CouncilTables>, path: string) {
  return db.selectFrom('council_meetings as m').innerJoin('councils as c', 'c.id', 'm.council_id')
    .select(['m.id', 'm.title', 'm.starts_at', 'm.ends_at', 'm.place', 'm.status', 'm.notice_published_at', 'c.name as council_name', 'c.id as council_id'])
    .where('c.scope_path', 'like', `${path}%`).where('m.notice_published_at', 'is not', null).where('m.status', '!=', 'cancelled')
    .orderBy('m.starts_at').limit(1000).execute();
}

