import { sql, type Kysely } from 'kysely';
import type { StanceCounts } from './present.ts';
import type { ProjectsTables } from './tables.ts';

/** Reads for lists and pages; writes live in the services. */
export class ProjectQueries {
  constructor(readonly db: Kysely<ProjectsTables>) {}

  rounds(prefixes: string[], filter: { communityCode?: string; statuses?: string[] }) {
    if (prefixes.length === 0) return Promise.resolve([]);
    let q = this.db.selectFrom('project_rounds').selectAll()
      .where((eb) => eb.or(prefixes.map((p) => eb('community_path', 'like', `${p}%`))));
    if (filter.communityCode) q = q.where('community_code', '=', filter.communityCode);
    if (filter.statuses) q = q.where('status', 'in', filter.statuses);
    return q.orderBy('year', 'desc').orderBy('community_code').limit(200).execute();
  }

  proposals(roundId: string) {
    return this.db.selectFrom('project_proposals').selectAll().where('round_id', '=', roundId)
      .orderBy(sql`approvals DESC NULLS LAST`).orderBy('created_at').execute();
  }

  async stances(roundId: string): Promise<Map<string, StanceCounts>> {
    const rows = await this.db.selectFrom('project_comments as c').innerJoin('project_proposals as p', 'p.id', 'c.proposal_id')
      .select(['c.proposal_id', 'c.stance', (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.round_id', '=', roundId).groupBy(['c.proposal_id', 'c.stance']).execute();
    const out = new Map<string, StanceCounts>();
    for (const r of rows) {
      const s = out.get(r.proposal_id) ?? { for: 0, against: 0, neutral: 0 };
      s[r.stance as keyof StanceCounts] = Number(r.n);
      out.set(r.proposal_id, s);
    }
    return out;
  }

  comments(proposalId: string) {
    return this.db.selectFrom('project_comments').selectAll().where('proposal_id', '=', proposalId).orderBy('created_at').execute();
  }

  projectsOfRound(roundId: string) {
    return this.db.selectFrom('projects').selectAll().where('round_id', '=', roundId).orderBy('created_at').execute();
  }

  /** `decidedOnly` (public pages): what the assembly approved or the round chose, not what is still before it. */
  projects(prefixes: string[], filter: { kind?: 'doubleFive' | 'service'; communityCode?: string; decidedOnly?: boolean }) {
    if (prefixes.length === 0) return Promise.resolve([]);
    let q = this.db.selectFrom('projects').selectAll()
      .where((eb) => eb.or(prefixes.map((p) => eb('community_path', 'like', `${p}%`))));
    if (filter.decidedOnly) q = q.where('status', 'not in', ['proposed', 'rejected']);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.communityCode) q = q.where('community_code', '=', filter.communityCode);
    return q.orderBy('created_at', 'desc').limit(500).execute();
  }
}
