import type { Clause } from './clauses.ts';
import type { AmendmentRow, ConventionRow } from './service.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Clauses with the number a reader sees (第N条 is the position in the version). */
export function numbered(clauses: readonly Clause[]) {
  return clauses.map((c, i) => ({ number: i + 1, key: c.key, text: c.text }));
}

export function presentConvention(c: ConventionRow) {
  return { id: c.id, communityCode: c.scope_code, kind: c.kind, estate: c.estate, title: c.title, currentVersion: c.current_version, createdAt: iso(c.created_at) };
}

/** Amendments are published without their proposer: the text is the community's to judge. */
export function presentAmendment(a: AmendmentRow) {
  return {
    id: a.id, conventionId: a.convention_id, baseVersion: a.base_version, title: a.title, rationale: a.rationale, changes: a.changes,
    status: a.status, motionId: a.motion_id, version: a.version, createdAt: iso(a.created_at), decidedAt: a.decided_at ? iso(a.decided_at) : null,
  };
}
