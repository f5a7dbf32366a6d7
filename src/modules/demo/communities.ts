import type { UvRect } from './geometry.ts';

/**
 * The demo street and its communities, modelled on the seed articles (西山社区 with nine older estates,
 * 新街社区 a new mixed resettlement community, 百合社区 of the 家文化 stairwells, 山下庄村 a village of
 * houses). Names are data. Codes follow the statistical division rule: 001–199 residents' committees,
 * 200–399 village committees.
 */
export type CommunityKind = 'olderUrban' | 'resettlement' | 'urban' | 'village';

export interface EstateSpec {
  name: string;
  /** Buildings at scale 1; for houses, the number of houses. */
  buildings: number;
  housing: 'apartment' | 'house';
  floors: readonly [number, number];
  stairwells: readonly [number, number];
  perFloor: number;
  /** Floor area range in m². */
  area: readonly [number, number];
}

export interface CommunitySpec {
  suffix: string;
  name: string;
  /** Used in demo usernames. */
  slug: string;
  kind: CommunityKind;
  grids: number;
  rect: UvRect;
  estates: readonly EstateSpec[];
}

export const province = { code: '33', name: '浙江省' } as const;
export const city = { code: '3304', name: '嘉兴市' } as const;
export const county = { code: '330481', name: '海宁市' } as const;
export const street = { code: '330481001', name: '硖石街道' } as const;

const oldBlock = (name: string, buildings: number, area: readonly [number, number] = [48, 92]): EstateSpec => ({
  name, buildings, housing: 'apartment', floors: [5, 7], stairwells: [2, 3], perFloor: 2, area,
});

const houses = (name: string, count: number): EstateSpec => ({
  name, buildings: count, housing: 'house', floors: [2, 4], stairwells: [0, 0], perFloor: 1, area: [150, 320],
});

export const communities: readonly CommunitySpec[] = [
  {
    suffix: '001', name: '西山社区', slug: 'xishan', kind: 'olderUrban', grids: 4,
    rect: { u0: 0.06, v0: 0.46, u1: 0.30, v1: 0.72 },
    estates: [
      oldBlock('西山新村', 8), oldBlock('水月亭小区', 6), oldBlock('联合新村', 6), oldBlock('工人新村', 5, [45, 76]),
      oldBlock('紫微小区', 4), oldBlock('南关厢小区', 5), oldBlock('河东公寓', 4, [62, 118]),
      oldBlock('文苑小区', 4), oldBlock('西山花园', 4, [75, 135]),
    ],
  },
  {
    suffix: '002', name: '新街社区', slug: 'xinjie', kind: 'resettlement', grids: 3,
    rect: { u0: 0.32, v0: 0.26, u1: 0.55, v1: 0.48 },
    estates: [
      { name: '新街花苑', buildings: 14, housing: 'apartment', floors: [11, 11], stairwells: [2, 2], perFloor: 2, area: [68, 132] },
      { name: '新街公寓', buildings: 8, housing: 'apartment', floors: [6, 6], stairwells: [2, 3], perFloor: 2, area: [60, 110] },
    ],
  },
  {
    suffix: '003', name: '百合社区', slug: 'baihe', kind: 'urban', grids: 3,
    rect: { u0: 0.32, v0: 0.50, u1: 0.52, v1: 0.72 },
    estates: [
      { name: '百合新城', buildings: 10, housing: 'apartment', floors: [6, 6], stairwells: [2, 3], perFloor: 2, area: [78, 136] },
      { name: '百合花苑', buildings: 8, housing: 'apartment', floors: [11, 11], stairwells: [1, 1], perFloor: 4, area: [72, 140] },
      { name: '金色家园', buildings: 6, housing: 'apartment', floors: [6, 6], stairwells: [2, 2], perFloor: 2, area: [85, 128] },
    ],
  },
  {
    suffix: '201', name: '山下庄村', slug: 'shanxiazhuang', kind: 'village', grids: 2,
    rect: { u0: 0.58, v0: 0.10, u1: 0.94, v1: 0.56 },
    estates: [houses('山下庄', 160), houses('沈家浜', 140), houses('陆家埭', 120), houses('钱家桥', 130)],
  },
];

export function communityCode(spec: CommunitySpec): string {
  return `${street.code}${spec.suffix}`;
}
