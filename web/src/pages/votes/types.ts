/** A motion as `GET /api/motions/:id` returns it. */
export interface Motion {
  id: string;
  title: string;
  text: string;
  scopeCode: string;
  method: 'civilCode278' | 'simpleMajority' | 'approvalSelect' | 'rankedChoice' | 'score';
  rule: { method: string; maxApprovals?: number; minScore?: number; maxScore?: number };
  choices: { id: string; title?: string }[];
  electorate: { kind: string; scopeCode?: string };
  secret: boolean;
  state: string;
  phase: string;
  opensAt: string;
  closesAt: string;
  rollSize: number | null;
  outcome: string | null;
  selected: string[] | null;
  canManage: boolean;
  canCollect: boolean;
  myVote?: { voterId: string; label: string; votedAt: string | null; channel: string | null; choice: unknown } | null;
}

export interface RollView {
  size: number;
  voted: number | null;
  entries: { voterId: string; label: string; area?: string | null; votedAt?: string | null; channel?: string | null }[];
}

export interface Result {
  outcome: string;
  explanation: { code: string; text: string }[];
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '');
