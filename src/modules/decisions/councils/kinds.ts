import type { ThresholdFile } from '../tally/schema.ts';

/** The bodies of the seed articles (001–004); labels live in the locale files (`councils.kind.*`). */
export const councilKinds = [
  'representativeAssembly', // 居民代表大会
  'council', // 议事会 / 议事堂
  'adviceHall', // 建言堂, meets monthly on the 20th
  'ownersAssembly', // 业主大会
  'ownersCommittee', // 业委会
  'sevenPlusX', // 7+X 小区自治理事会
  'buildingCouncil', // 楼道 / 楼栋议事会
  'gridCouncil', // 网格议事会
] as const;
export type CouncilKind = (typeof councilKinds)[number];

/** 双五工程 constituencies of a seat. */
export const constituencies = ['partyMember', 'localResident', 'newResident'] as const;
export type Constituency = (typeof constituencies)[number];

export interface KindDefaults {
  /** Days between the notice and the meeting day (Shanghai calendar days). */
  noticeDays: number;
  /** Members present out of voting members needed for the meeting to be quorate. */
  quorum: ThresholdFile;
  /** Day of the month the body meets on, when it meets on a fixed day. */
  monthlyDay: number | null;
  /** Standing seats the body is meant to have (7 for 7+X), shown against the members it has. */
  standingSeats: number | null;
}

/**
 * Defaults per kind, overridable per council. Owners' assemblies give 15 days' notice (物业管理条例 art. 14);
 * the others are community practice: a week for representative assemblies, three days for small bodies.
 * Owners' assemblies count owners by the Civil Code rule of each item, so the meeting quorum shown is a
 * guide (more than half), not the legal participation test of art. 278.
 */
export const kindDefaults: Record<CouncilKind, KindDefaults> = {
  representativeAssembly: { noticeDays: 7, quorum: { atLeast: '2/3' }, monthlyDay: null, standingSeats: null },
  council: { noticeDays: 3, quorum: { moreThan: '1/2' }, monthlyDay: null, standingSeats: null },
  adviceHall: { noticeDays: 3, quorum: { atLeastCount: 1 }, monthlyDay: 20, standingSeats: null },
  ownersAssembly: { noticeDays: 15, quorum: { moreThan: '1/2' }, monthlyDay: null, standingSeats: null },
  ownersCommittee: { noticeDays: 3, quorum: { moreThan: '1/2' }, monthlyDay: null, standingSeats: null },
  sevenPlusX: { noticeDays: 3, quorum: { moreThan: '1/2' }, monthlyDay: null, standingSeats: 7 },
  buildingCouncil: { noticeDays: 1, quorum: { moreThan: '1/2' }, monthlyDay: null, standingSeats: null },
  gridCouncil: { noticeDays: 3, quorum: { moreThan: '1/2' }, monthlyDay: null, standingSeats: null },
};
