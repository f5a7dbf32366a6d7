/** The shapes the conventions API answers with (src/modules/decisions/conventions/). */
export interface ConventionSummary {
  id: string;
  communityCode: string;
  kind: 'resident' | 'estate';
  estate: string | null;
  title: string;
  currentVersion: number;
}

export interface Amendment {
  id: string;
  title: string;
  rationale: string;
  status: string;
  baseVersion: number;
  version: number | null;
  motionId: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface Convention extends ConventionSummary {
  clauses: { number: number; key: string; text: string }[];
  versions: { version: number; amendmentId: string | null; publishedAt: string }[];
  amendments: Amendment[];
  canManage: boolean;
  canPropose: boolean;
}

export interface TextPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export type ClauseDiff =
  | { key: string; status: 'same'; fromNumber: number; toNumber: number; text: string }
  | { key: string; status: 'changed'; fromNumber: number; toNumber: number; parts: TextPart[] }
  | { key: string; status: 'added'; toNumber: number; text: string }
  | { key: string; status: 'removed'; fromNumber: number; text: string };
