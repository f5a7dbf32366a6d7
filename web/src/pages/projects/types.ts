/** The shapes the projects API answers with (src/modules/decisions/projects/present.ts). */
export interface Seat {
  constituency?: string;
  count: number;
}

export interface ProposalResult {
  proposalId: string;
  approvals: number;
  byConstituency: Record<string, number>;
  chosen: boolean;
}

export interface Round {
  id: string;
  communityCode: string;
  year: number;
  councilId: string;
  seats: Seat[];
  status: string;
  actions: string[];
  motionId: string | null;
  tieNote: string | null;
  result: { outcome: string; chosen: string[]; tied: string[]; ballotsByConstituency: Record<string, number>; proposals: ProposalResult[] } | null;
}

export interface Proposal {
  id: string;
  title: string;
  description: string;
  source: string;
  sourceRef: string | null;
  constituency: string | null;
  status: string;
  approvals: number | null;
  byConstituency: Record<string, number> | null;
  comments: { for: number; against: number; neutral: number };
}

export interface Project {
  id: string;
  kind: string;
  title: string;
  status: string;
  progress: number;
  proposalId: string | null;
  reviewMotionId: string | null;
}

export interface RoundDetail extends Round {
  proposals: Proposal[];
  projects: Project[];
}

export interface Milestone {
  id: string;
  title: string;
  dueOn: string | null;
  doneOn: string | null;
}

export interface ProgressReport {
  id: string;
  percent: number;
  note: string;
  photos: string[];
  at: string;
}

export interface ProjectDetail extends Project {
  milestones: Milestone[];
  milestoneShare: number;
  progressReports: ProgressReport[];
}

export const constituencies = ['partyMember', 'localResident', 'newResident'] as const;
export const managerRoles = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'ownersCommittee'];
