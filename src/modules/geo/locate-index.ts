import { checkPosition, toWgs84, type Crs } from './crs.ts';
import { GeoError } from './issues.ts';
import { PolygonStore } from './polygon-store.ts';
import { openLength, toParts, type AnyPolygonCoords } from './shape.ts';

export type ZoneKind = 'grid' | 'microGrid';

export interface Zone {
  code: string;
  kind: ZoneKind;
  /** for a micro-grid, the code of its grid */
  parentCode: string | null;
  /** GeoJSON Polygon or MultiPolygon coordinates, WGS-84 [lng, lat] */
  polygon: AnyPolygonCoords;
}

export type LocateStatus = 'inside' | 'border' | 'outside';

export interface LocateResult {
  status: LocateStatus;
  grid: string | null;
  microGrid: string | null;
  /** only when outside every grid and a grid lies within the search radius */
  nearestGrid?: { code: string; distanceM: number };
}

export interface LocateOptions {
  /** how far (metres) to look for the nearest grid when a point is outside all grids; default 2,000 */
  nearestGridRadiusM?: number;
}

export const DEFAULT_NEAREST_GRID_RADIUS_M = 2000;

export interface LocateIndexSize {
  grids: number;
  microGrids: number;
  vertices: number;
}

/**
 * Answers "which grid and micro-grid is this point in" for a whole province from memory. Built once
 * from the stored polygons, then read-only. The rules (border, overlap, outside) are in docs/locate.md.
 */
export class LocateIndex {
  private readonly grids: PolygonStore;
  private readonly microGrids: PolygonStore;
  private readonly radiusM: number;

  /** An array is measured first so storage is allocated once; other iterables are read once. */
  constructor(zones: Iterable<Zone>, options: LocateOptions = {}) {
    this.radiusM = options.nearestGridRadiusM ?? DEFAULT_NEAREST_GRID_RADIUS_M;
    if (Array.isArray(zones)) {
      const sizes = measure(zones as readonly Zone[]);
      this.grids = new PolygonStore(sizes.grid);
      this.microGrids = new PolygonStore(sizes.microGrid);
    } else {
      this.grids = new PolygonStore();
      this.microGrids = new PolygonStore();
    }
    for (const zone of zones) {
      const store = zone.kind === 'grid' ? this.grids : this.microGrids;
      store.add(zone.code, zone.parentCode, zone.polygon);
    }
    this.grids.finish();
    this.microGrids.finish();
  }

  /**
   * @throws GeoError geo.coordinateNotFinite | geo.coordinateOutOfRange | geo.unknownCrs
   */
  locate(lng: number, lat: number, crs: Crs = 'wgs84'): LocateResult {
    let x = lng;
    let y = lat;
    if (crs !== 'wgs84') {
      [x, y] = toWgs84(lng, lat, crs);
    } else {
      // the hot path: same checks as toWgs84 without allocating a pair
      const bad = checkPosition(lng, lat);
      if (bad) throw new GeoError(bad.code, bad.params);
    }
    const m = this.microGrids.pick(x, y);
    if (m >= 0) {
      const status = this.microGrids.lastPickShared ? 'border' : 'inside';
      // the finer polygon is the one people drew with care, so its parent wins over the grid polygon
      const parent = this.microGrids.parents[m] ?? null;
      if (parent !== null) return { status, grid: parent, microGrid: this.microGrids.codes[m]! };
      const g = this.grids.pick(x, y);
      return { status, grid: g >= 0 ? this.grids.codes[g]! : null, microGrid: this.microGrids.codes[m]! };
    }
    const g = this.grids.pick(x, y);
    if (g >= 0) {
      return { status: this.grids.lastPickShared ? 'border' : 'inside', grid: this.grids.codes[g]!, microGrid: null };
    }
    const near = this.grids.nearest(x, y, this.radiusM);
    if (!near) return { status: 'outside', grid: null, microGrid: null };
    return {
      status: 'outside',
      grid: null,
      microGrid: null,
      nearestGrid: { code: this.grids.codes[near.index]!, distanceM: Math.round(near.distanceM * 100) / 100 },
    };
  }

  get size(): LocateIndexSize {
    return {
      grids: this.grids.count,
      microGrids: this.microGrids.count,
      vertices: (this.grids.xy.length + this.microGrids.xy.length) / 2,
    };
  }

  /** Estimate of the bytes the index holds (typed arrays exactly, code strings approximately). */
  memoryBytes(): number {
    return this.grids.memoryBytes() + this.microGrids.memoryBytes();
  }
}

interface StoreSize {
  polygons: number;
  rings: number;
  vertices: number;
}

function measure(zones: readonly Zone[]): Record<ZoneKind, StoreSize> {
  const sizes = {
    grid: { polygons: 0, rings: 0, vertices: 0 },
    microGrid: { polygons: 0, rings: 0, vertices: 0 },
  };
  for (const zone of zones) {
    const size = zone.kind === 'grid' ? sizes.grid : sizes.microGrid;
    size.polygons++;
    if (!Array.isArray(zone.polygon)) continue;
    for (const part of toParts(zone.polygon)) {
      if (!Array.isArray(part)) continue;
      for (const ring of part) {
        size.rings++;
        if (Array.isArray(ring)) size.vertices += openLength(ring);
      }
    }
  }
  return sizes;
}
