import { type CommunitySpec, type EstateSpec, communities, communityCode, street } from './communities.ts';
import { latticePoints, pointAt, rectPolygon, treemap } from './geometry.ts';
import type { Rng } from './prng.ts';
import type { DemoBuilding, DemoHousehold, DemoUnit } from './types.ts';

/** The built environment of one community: grids → micro-grids → buildings → households. */
export interface PlannedBuilding {
  building: DemoBuilding;
  housing: EstateSpec['housing'];
  households: DemoHousehold[];
}
export interface PlannedMicroGrid {
  unit: DemoUnit;
  buildings: PlannedBuilding[];
}
export interface PlannedGrid {
  unit: DemoUnit;
  number: number;
  microGrids: PlannedMicroGrid[];
}
export interface PlannedCommunity {
  spec: CommunitySpec;
  unit: DemoUnit;
  grids: PlannedGrid[];
}

interface BuildingDraft {
  estate: EstateSpec;
  number: number;
  floors: number;
  stairwells: number;
  /** Floor area per room position on a floor, in 0.01 m². */
  areas: number[];
  households: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function areaCenti(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return rng.int(lo * 100, hi * 100);
}

function draftBuildings(rng: Rng, estate: EstateSpec, scale: number): BuildingDraft[] {
  const count = Math.max(1, Math.round(estate.buildings * scale));
  const drafts: BuildingDraft[] = [];
  for (let i = 1; i <= count; i++) {
    const floors = rng.int(estate.floors[0], estate.floors[1]);
    const stairwells = estate.housing === 'house' ? 0 : rng.int(estate.stairwells[0], estate.stairwells[1]);
    const areas = Array.from({ length: estate.perFloor }, () => areaCenti(rng, estate.area));
    const households = estate.housing === 'house' ? 1 : floors * stairwells * estate.perFloor;
    drafts.push({ estate, number: i, floors, stairwells, areas, households });
  }
  return drafts;
}

/**
 * Micro-grids never cross an estate. Apartment buildings (20–50 households each) are grouped greedily
 * up to 50 households; village houses are split evenly into groups of about 32.
 */
function groupMicroGrids(drafts: BuildingDraft[]): BuildingDraft[][] {
  const first = drafts[0];
  if (!first) return [];
  if (first.estate.housing === 'house') {
    const groups = Math.max(1, Math.round(drafts.length / 32));
    return Array.from({ length: groups }, (_, g) =>
      drafts.slice(Math.round((g * drafts.length) / groups), Math.round(((g + 1) * drafts.length) / groups)),
    );
  }
  const groups: BuildingDraft[][] = [];
  let current: BuildingDraft[] = [];
  let sum = 0;
  for (const d of drafts) {
    if (current.length > 0 && sum + d.households > 50) {
      groups.push(current);
      current = [];
      sum = 0;
    }
    current.push(d);
    sum += d.households;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Contiguous runs of micro-grids with about equal households, so estates stay together where they can. */
function splitGrids(groups: BuildingDraft[][], gridCount: number): BuildingDraft[][][] {
  const weights = groups.map((g) => g.reduce((s, d) => s + d.households, 0));
  const total = weights.reduce((s, w) => s + w, 0);
  const target = total / Math.max(1, gridCount);
  const grids: BuildingDraft[][][] = [];
  let before = 0;
  groups.forEach((g, i) => {
    const w = weights[i]!;
    const index = Math.min(gridCount - 1, Math.floor((before + w / 2) / target));
    (grids[index] ??= []).push(g);
    before += w;
  });
  return grids.filter((g) => g.length > 0);
}

function microGridName(group: BuildingDraft[]): string {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  if (first.estate.housing === 'house') return `${first.estate.name}${first.number}-${last.number}号微网格`;
  const span = first.number === last.number ? `${first.number}` : `${first.number}-${last.number}`;
  return `${first.estate.name}${span}幢微网格`;
}

function plannedHouseholds(d: BuildingDraft, buildingCode: string, rng: Rng): {
  stairwells: string[];
  households: DemoHousehold[];
} {
  const households: DemoHousehold[] = [];
  const code = (): string => `${buildingCode}H${pad(households.length + 1, 3)}`;
  if (d.estate.housing === 'house') {
    households.push({ code: code(), buildingCode, stairwell: '', room: '', floorAreaCenti: areaCenti(rng, d.estate.area) });
    return { stairwells: [], households };
  }
  const stairwells = Array.from({ length: d.stairwells }, (_, s) => `${s + 1}单元`);
  for (const stairwell of stairwells) {
    for (let floor = 1; floor <= d.floors; floor++) {
      d.areas.forEach((floorAreaCenti, k) => {
        households.push({ code: code(), buildingCode, stairwell, room: `${floor}${pad(k + 1, 2)}`, floorAreaCenti });
      });
    }
  }
  return { stairwells, households };
}

export function planCommunity(spec: CommunitySpec, scale: number, rng: Rng): PlannedCommunity {
  const code = communityCode(spec);
  const groups = spec.estates.flatMap((e) => groupMicroGrids(draftBuildings(rng, e, scale)));
  const gridDrafts = splitGrids(groups, Math.max(1, Math.round(spec.grids * scale)));
  const hh = (g: BuildingDraft[]): number => g.reduce((s, d) => s + d.households, 0);
  const gridRects = treemap(spec.rect, gridDrafts.map((mgs) => mgs.reduce((s, g) => s + hh(g), 0)));
  let buildingSeq = 0;
  const grids: PlannedGrid[] = gridDrafts.map((mgDrafts, gi) => {
    const gridCode = `${code}G${pad(gi + 1, 2)}`;
    const gridRect = gridRects[gi]!;
    const mgRects = treemap(gridRect, mgDrafts.map(hh));
    const microGrids = mgDrafts.map((group, mi): PlannedMicroGrid => {
      const mgCode = `${gridCode}M${pad(mi + 1, 2)}`;
      const points = latticePoints(mgRects[mi]!, group.length, () => rng.next());
      const buildings = group.map((d, bi): PlannedBuilding => {
        const buildingCode = `${code}B${pad(++buildingSeq, 4)}`;
        const { stairwells, households } = plannedHouseholds(d, buildingCode, rng);
        const { lng, lat } = pointAt(points[bi]!.u, points[bi]!.v);
        const name = d.estate.housing === 'house' ? `${d.number}号` : `${d.number}幢`;
        return {
          building: { code: buildingCode, microGridCode: mgCode, estate: d.estate.name, name, lng, lat, floors: d.floors, stairwells },
          housing: d.estate.housing,
          households,
        };
      });
      return {
        unit: { code: mgCode, kind: 'microGrid', name: microGridName(group), parentCode: gridCode, polygon: rectPolygon(mgRects[mi]!) },
        buildings,
      };
    });
    return {
      unit: { code: gridCode, kind: 'grid', name: `${spec.name}第${gi + 1}网格`, parentCode: code, polygon: rectPolygon(gridRect) },
      number: gi + 1,
      microGrids,
    };
  });
  return {
    spec,
    unit: { code, kind: 'community', name: spec.name, parentCode: street.code, polygon: rectPolygon(spec.rect) },
    grids,
  };
}

export function planCommunities(scale: number, rng: (label: string) => Rng): PlannedCommunity[] {
  return communities.map((spec) => planCommunity(spec, scale, rng(`layout:${spec.suffix}`)));
}
