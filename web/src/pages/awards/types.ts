/** The shapes the awards API answers with (src/modules/decisions/awards/routes.ts). */
export const awardKinds = ['family', 'stairwell', 'courtyard'] as const;
export type AwardKind = (typeof awardKinds)[number];

export interface AwardResult {
  status: 'published' | 'tied';
  winners: string[];
  tied: string[];
  tieNote?: string;
  /** The count as the votes part made it: score totals per option, or ranked-choice rounds. */
  tally?: { method: string; options?: { id: string; total: number; ratings: number; mean: string }[] };
}

export interface Campaign {
  id: string;
  communityCode: string;
  kind: AwardKind;
  year: number;
  title: string;
  method: 'score' | 'rankedChoice';
  winners: number;
  status: 'nominating' | 'voting' | 'tied' | 'published';
  motionId: string | null;
  result: AwardResult | null;
  createdAt: string;
}

export interface Nomination {
  id: string;
  label: string;
  reason: string;
  status: 'nominated' | 'accepted' | 'declined' | 'winner' | 'notChosen';
  byStaff: boolean;
  /** Managers only. */
  nomineeCode?: string;
  createdAt: string;
}

export interface CampaignDetail extends Campaign {
  canManage: boolean;
  nominations: Nomination[];
}

export interface Stairwell {
  code: string;
  label: string;
}

export const managerRoles = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'ownersCommittee'];
