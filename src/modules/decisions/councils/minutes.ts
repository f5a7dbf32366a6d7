import type { Kysely } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import { t, type Locale } from '../../../core/i18n.ts';
import type { Principal } from '../../access/index.ts';
import { formatShanghai } from '../../calendar/index.ts';
import { canManageCouncil } from './access.ts';
import type { MeetingService } from './meetings.ts';
import { presentMemberIds, seatedOn } from './members.ts';
import { isoDayOf } from './rules.ts';
import type { CouncilTables } from './tables.ts';

/**
 * Minutes (会议纪要): generated from the meeting (attendance, each item with its result and numbers),
 * edited as a draft, then published. Every saved text is kept; a published text never changes (the
 * table's trigger refuses it too).
 */
export class MinutesService {
  constructor(readonly db: Kysely<CouncilTables>, private readonly meetings: MeetingService) {}

  async compose(meetingId: string, locale: Locale): Promise<string> {
    const { meeting, council } = await this.meetings.get(meetingId);
    const m = (key: string, params: Record<string, string | number> = {}) => t(locale, `councils.minutes.${key}`, params);
    const seated = await seatedOn(this.db, council.id, isoDayOf(new Date(meeting.starts_at)));
    const present = await presentMemberIds(this.db, meeting.id);
    const q = await this.meetings.quorum(meeting, council);
    const items = await this.db.selectFrom('council_agenda_items').selectAll().where('meeting_id', '=', meeting.id).orderBy('position').execute();
    const lines = [
      m('heading', { council: council.name, title: meeting.title }),
      '',
      m('when', { time: formatShanghai(new Date(meeting.starts_at)).replace('T', ' '), place: meeting.place || m('noPlace') }),
      m('attendance', { members: q.members, present: q.present, required: q.required }) + (q.met ? m('quorate') : m('notQuorate')),
      m('present', { names: seated.filter((s) => present.has(s.memberId)).map((s) => s.name).join(m('separator')) || m('nobody') }),
      m('absent', { names: seated.filter((s) => s.standing && !present.has(s.memberId)).map((s) => s.name).join(m('separator')) || m('nobody') }),
      '',
      m('agenda'),
    ];
    for (const item of items) {
      lines.push(`${item.position}. ${item.title}${item.on_notice ? '' : m('offNotice')}`);
      if (item.text) lines.push(`   ${item.text}`);
      if (item.status === 'decided' && item.result) {
        const c = item.result.counts;
        const verdict = item.passed ? m('passed') : m('failed', { outcome: t(locale, `councils.outcome.${item.result.outcome}`) });
        const numbers = 'yes' in c
          ? m('numbersMajority', { members: c.members ?? 0, present: c.present ?? 0, yes: c.yes ?? 0, no: c.no ?? 0, abstain: c.abstain ?? 0 })
          : 'yesHeads' in c
            ? m('numbersOwners', { yesHeads: c.yesHeads ?? 0, yesArea: c.yesArea ?? 0, noHeads: c.noHeads ?? 0, noArea: c.noArea ?? 0, abstainHeads: c.abstainHeads ?? 0, abstainArea: c.abstainArea ?? 0, heads: c.electorateHeads ?? 0, area: c.electorateArea ?? 0 })
            : '';
        lines.push(`   ${verdict}${numbers}`);
      } else lines.push(`   ${item.decision ? (item.status === 'voting' ? m('stillVoting') : m('notPut')) : m('discussed')}`);
    }
    return lines.join('\n');
  }

  async generate(principal: Principal, meetingId: string, locale: Locale) {
    const { meeting } = await this.meetings.manageable(principal, meetingId);
    if (meeting.status === 'scheduled' || meeting.status === 'cancelled') throw new Problem(409, 'councils.meetingNotHeld');
    const body = await this.compose(meetingId, locale);
    return this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('council_minutes').selectAll().where('meeting_id', '=', meetingId).forUpdate().executeTakeFirst();
      if (current?.status === 'published') throw new Problem(409, 'councils.minutesPublished');
      const version = (current?.version ?? 0) + 1;
      await tx.insertInto('council_minutes_versions').values({ meeting_id: meetingId, version, body, kind: 'generated', saved_by: principal.accountId }).execute();
      if (current) await tx.updateTable('council_minutes').set({ body, version, updated_at: new Date(), updated_by: principal.accountId }).where('meeting_id', '=', meetingId).execute();
      else await tx.insertInto('council_minutes').values({ meeting_id: meetingId, body, version, updated_by: principal.accountId }).execute();
      return this.read(tx, meetingId);
    });
  }

  /** Saves an edit of the draft; `version` is the one the editor started from, so a concurrent edit is refused, not lost. */
  async edit(principal: Principal, meetingId: string, body: string, version: number) {
    await this.meetings.manageable(principal, meetingId);
    return this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('council_minutes').selectAll().where('meeting_id', '=', meetingId).forUpdate().executeTakeFirst();
      if (!current) throw new Problem(404, 'councils.minutesNotFound');
      if (current.status === 'published') throw new Problem(409, 'councils.minutesPublished');
      if (current.version !== version) throw new Problem(409, 'councils.minutesChanged', { version: current.version });
      await tx.insertInto('council_minutes_versions').values({ meeting_id: meetingId, version: version + 1, body, kind: 'edited', saved_by: principal.accountId }).execute();
      await tx.updateTable('council_minutes').set({ body, version: version + 1, updated_at: new Date(), updated_by: principal.accountId }).where('meeting_id', '=', meetingId).execute();
      return this.read(tx, meetingId);
    });
  }

  async publish(principal: Principal, meetingId: string, version: number) {
    const { meeting } = await this.meetings.manageable(principal, meetingId);
    if (meeting.status !== 'closed') throw new Problem(409, 'councils.meetingNotClosed');
    return this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('council_minutes').selectAll().where('meeting_id', '=', meetingId).forUpdate().executeTakeFirst();
      if (!current) throw new Problem(404, 'councils.minutesNotFound');
      if (current.status === 'published') throw new Problem(409, 'councils.minutesPublished');
      if (current.version !== version) throw new Problem(409, 'councils.minutesChanged', { version: current.version });
      await tx.insertInto('council_minutes_versions').values({ meeting_id: meetingId, version: version + 1, body: current.body, kind: 'published', saved_by: principal.accountId }).execute();
      await tx.updateTable('council_minutes').set({ status: 'published', version: version + 1, published_at: new Date(), published_by: principal.accountId }).where('meeting_id', '=', meetingId).execute();
      return this.read(tx, meetingId);
    });
  }

  /** Managers see the draft; readers of the council see published minutes only. */
  async get(principal: Principal, meetingId: string) {
    const { council } = await this.meetings.readable(principal, meetingId);
    const minutes = await this.read(this.db, meetingId);
    if (!minutes) throw new Problem(404, 'councils.minutesNotFound');
    if (minutes.status !== 'published' && !canManageCouncil(principal, council.scope_path)) throw new Problem(404, 'councils.minutesNotFound');
    return minutes;
  }

  async history(principal: Principal, meetingId: string) {
    await this.meetings.manageable(principal, meetingId);
    const rows = await this.db.selectFrom('council_minutes_versions').selectAll().where('meeting_id', '=', meetingId).orderBy('version').execute();
    return rows.map((r) => ({ version: r.version, kind: r.kind, body: r.body, savedAt: r.saved_at }));
  }

  private async read(db: Kysely<CouncilTables>, meetingId: string) {
    const row = await db.selectFrom('council_minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
    return row ? { meetingId, status: row.status, body: row.body, version: row.version, updatedAt: row.updated_at, publishedAt: row.published_at } : null;
  }
}
