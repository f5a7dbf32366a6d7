import Flatbush from 'flatbush';
import { Float64Buffer, Uint32Buffer } from './buffers.ts';
import { GeoError } from './issues.ts';
import { BOUNDARY, INSIDE, METRES_PER_DEGREE, classifyPoint, ringSignedArea, segmentDistance2 } from './planar.ts';
import { toParts, type AnyPolygonCoords } from './shape.ts';

/** A point this close (degrees, ~0.1 mm) to an edge is on it: exact in intent, robust to rounding. */
export const EDGE_EPS_DEG = 1e-9;

/**
 * All polygons of one kind in flat typed arrays (WGS-84 degrees, rings open) plus a flatbush index
 * of their boxes. Polygon p owns rings polyRings[p] .. polyRings[p + 1] - 1.
 */
export class PolygonStore {
  readonly codes: string[] = [];
  readonly parents: (string | null)[] = [];
  private xyBuf: Float64Buffer;
  private ringBuf: Uint32Buffer;
  private polyBuf: Uint32Buffer;
  private areaBuf: Float64Buffer;
  private boxBuf: Float64Buffer;
  private seen = new Set<string>();

  /**
   * Exact sizes, when the caller knows them, let every buffer be allocated once: growing them by
   * doubling at province scale costs several full garbage collections over the caller's input.
   */
  constructor(size: { polygons: number; rings: number; vertices: number } = { polygons: 4096, rings: 4096, vertices: 65536 }) {
    this.xyBuf = new Float64Buffer(2 * size.vertices);
    this.ringBuf = new Uint32Buffer(size.rings + 1);
    this.polyBuf = new Uint32Buffer(size.polygons + 1);
    this.areaBuf = new Float64Buffer(size.polygons);
    this.boxBuf = new Float64Buffer(4 * size.polygons);
  }

  xy: Float64Array = new Float64Array(0);
  ringStart: Uint32Array = new Uint32Array(0);
  polyRings: Uint32Array = new Uint32Array(0);
  /** planar area in square degrees: only ever compared between polygons under the same point */
  area: Float64Array = new Float64Array(0);
  /** minX, minY, maxX, maxY per polygon */
  boxes: Float64Array = new Float64Array(0);
  index: Flatbush | null = null;

  // state of the current pick, kept on the instance so a lookup allocates nothing here
  private qx = 0;
  private qy = 0;
  private bestInside = -1;
  private bestOnEdge = -1;
  private onEdgeCount = 0;
  /** whether the last `pick` was decided on a border shared by two or more polygons */
  lastPickShared = false;
  private stack = new Int32Array(0);
  private collect: number[] | null = null;

  private visit(i: number): void {
    if (this.collect) {
      this.collect.push(i);
      return;
    }
    const where = classifyPoint(this.xy, this.ringStart, this.polyRings[i]!, this.polyRings[i + 1]!, this.qx, this.qy, EDGE_EPS_DEG);
    if (where === INSIDE) {
      const b = this.bestInside;
      if (b < 0 || this.area[i]! < this.area[b]! || (this.area[i] === this.area[b] && this.codes[i]! < this.codes[b]!)) {
        this.bestInside = i;
      }
    } else if (where === BOUNDARY) {
      this.onEdgeCount++;
      if (this.bestOnEdge < 0 || this.codes[i]! < this.codes[this.bestOnEdge]!) this.bestOnEdge = i;
    }
  }

  get count(): number {
    return this.codes.length;
  }

  add(code: string, parentCode: string | null, polygon: AnyPolygonCoords): void {
    if (this.seen.has(code)) throw new GeoError('geo.duplicateCode', { code });
    this.seen.add(code);
    this.polyBuf.push(this.ringBuf.length);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let area = 0;
    for (const part of toParts(polygon)) {
      for (let r = 0; r < part.length; r++) {
        const ring = part[r]!;
        let n = ring.length;
        const first = ring[0];
        const last = ring[n - 1];
        if (n > 1 && first && last && first[0] === last[0] && first[1] === last[1]) n--;
        const start = this.xyBuf.length / 2;
        this.ringBuf.push(start);
        for (let i = 0; i < n; i++) {
          const p = ring[i];
          const x = p?.[0];
          const y = p?.[1];
          if (typeof x !== 'number' || typeof y !== 'number' || !(x >= -180 && x <= 180 && y >= -90 && y <= 90)) {
            throw new GeoError('geo.invalidStructure', { code, path: `ring ${r + 1} position ${i + 1}` });
          }
          this.xyBuf.push(x);
          this.xyBuf.push(y);
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        const a = Math.abs(ringSignedArea(this.xyBuf.data, start, start + n));
        area += r === 0 ? a : -a;
      }
    }
    if (minX === Infinity) throw new GeoError('geo.invalidStructure', { code, path: 'coordinates' });
    this.codes.push(code);
    this.parents.push(parentCode);
    this.areaBuf.push(area);
    this.boxBuf.push(minX);
    this.boxBuf.push(minY);
    this.boxBuf.push(maxX);
    this.boxBuf.push(maxY);
  }

  finish(): void {
    this.polyBuf.push(this.ringBuf.length);
    this.ringBuf.push(this.xyBuf.length / 2);
    this.xy = this.xyBuf.trimmed();
    this.ringStart = this.ringBuf.trimmed();
    this.polyRings = this.polyBuf.trimmed();
    this.area = this.areaBuf.trimmed();
    this.boxes = this.boxBuf.trimmed();
    const boxes = this.boxes;
    const n = this.count;
    if (n > 0) {
      const index = new Flatbush(n);
      for (let i = 0; i < n; i++) index.add(boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!);
      index.finish();
      this.index = index;
      // a depth-first walk holds at most nodeSize children per level, two slots each
      this.stack = new Int32Array(2 * index.nodeSize * index._levelBounds.length + 2);
    }
    this.xyBuf = new Float64Buffer(1);
    this.ringBuf = new Uint32Buffer(1);
    this.polyBuf = new Uint32Buffer(1);
    this.areaBuf = new Float64Buffer(1);
    this.boxBuf = new Float64Buffer(1);
    this.seen = new Set();
  }

  /**
   * The polygon holding (x, y), or -1. Interior beats edge; among interiors (overlaps) the smallest
   * area wins, then the smallest code; among edges the smallest code. `lastPickShared` tells whether
   * the answer came from a border of two or more polygons.
   */
  pick(x: number, y: number): number {
    this.lastPickShared = false;
    if (!this.index) return -1;
    this.qx = x;
    this.qy = y;
    this.bestInside = -1;
    this.bestOnEdge = -1;
    this.onEdgeCount = 0;
    this.pointQuery(this.index, x, y);
    if (this.bestInside >= 0) return this.bestInside;
    this.lastPickShared = this.onEdgeCount > 1;
    return this.bestOnEdge;
  }

  /**
   * `index.search(x, y, x, y)` without its two arrays and callback per call: a depth-first walk of
   * flatbush's packed tree (`_boxes`, `_indices`, `_levelBounds`, public in its typings). The layout
   * is pinned with the version; polygon-store.test.ts compares this walk with `search`.
   */
  private pointQuery(index: Flatbush, x: number, y: number): void {
    const boxes = index._boxes;
    const indices = index._indices;
    const levelBounds = index._levelBounds;
    const nodeSize4 = index.nodeSize * 4;
    const leaves4 = index.numItems * 4;
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = boxes.length - 4;
    stack[sp++] = levelBounds.length - 1;
    while (sp > 0) {
      const level = stack[--sp]!;
      const node = stack[--sp]!;
      const end = Math.min(node + nodeSize4, levelBounds[level]!);
      const leaf = node < leaves4;
      for (let pos = node; pos < end; pos += 4) {
        if (x < boxes[pos]! || y < boxes[pos + 1]! || x > boxes[pos + 2]! || y > boxes[pos + 3]!) continue;
        const id = indices[pos >> 2]! | 0;
        if (leaf) {
          this.visit(id);
        } else {
          stack[sp++] = id;
          stack[sp++] = level - 1;
        }
      }
    }
  }

  /** Ids of the polygons whose boxes hold the point, found by the walk above (for tests). */
  walk(x: number, y: number): number[] {
    const found: number[] = [];
    if (!this.index) return found;
    this.collect = found;
    try {
      this.pointQuery(this.index, x, y);
    } finally {
      this.collect = null;
    }
    return found.sort((p, q) => p - q);
  }

  /**
   * Nearest polygon to (x, y) within `radiusM` metres, measured to its edges in a local equirectangular
   * projection centred on the point; null when none is that close.
   */
  nearest(x: number, y: number, radiusM: number): { index: number; distanceM: number } | null {
    if (!this.index) return null;
    const ky = METRES_PER_DEGREE;
    const latReach = radiusM / ky;
    const coldest = Math.min(89.9, Math.abs(y) + latReach);
    const kx = METRES_PER_DEGREE * Math.cos((y * Math.PI) / 180);
    // boxes are searched in plain degrees; shrinking a degree of longitude to its length at the
    // highest latitude in reach makes the degree radius a safe over-estimate
    const degRadius = radiusM / (METRES_PER_DEGREE * Math.cos((coldest * Math.PI) / 180));
    const found = this.index.neighbors(x, y, Infinity, degRadius);
    const boxes = this.boxes;
    let best = -1;
    let bestD2 = radiusM * radiusM;
    for (const i of found) {
      // the box distance is a lower bound; skip polygons that cannot beat the best so far
      const dx = Math.max(boxes[4 * i]! - x, x - boxes[4 * i + 2]!, 0) * kx;
      const dy = Math.max(boxes[4 * i + 1]! - y, y - boxes[4 * i + 3]!, 0) * ky;
      if (dx * dx + dy * dy > bestD2) continue;
      const d2 = this.distance2(i, x, y, kx, ky);
      if (d2 <= bestD2) {
        if (d2 < bestD2 || best < 0 || this.codes[i]! < this.codes[best]!) best = i;
        bestD2 = d2;
      }
    }
    return best < 0 ? null : { index: best, distanceM: Math.sqrt(bestD2) };
  }

  private distance2(i: number, x: number, y: number, kx: number, ky: number): number {
    let best = Infinity;
    const xy = this.xy;
    for (let r = this.polyRings[i]!; r < this.polyRings[i + 1]!; r++) {
      const s = this.ringStart[r]!;
      const e = this.ringStart[r + 1]!;
      let jx = (xy[2 * e - 2]! - x) * kx;
      let jy = (xy[2 * e - 1]! - y) * ky;
      for (let k = s; k < e; k++) {
        const ix = (xy[2 * k]! - x) * kx;
        const iy = (xy[2 * k + 1]! - y) * ky;
        const d2 = segmentDistance2(0, 0, ix, iy, jx, jy);
        if (d2 < best) best = d2;
        jx = ix;
        jy = iy;
      }
    }
    return best;
  }

  memoryBytes(): number {
    let strings = 0;
    for (const c of this.codes) strings += 16 + Math.ceil(c.length / 8) * 8;
    for (const p of this.parents) if (p !== null) strings += 16 + Math.ceil(p.length / 8) * 8;
    return (
      this.xy.byteLength +
      this.ringStart.byteLength +
      this.polyRings.byteLength +
      this.area.byteLength +
      this.boxes.byteLength +
      (this.index?.data.byteLength ?? 0) +
      strings +
      (this.codes.length + this.parents.length) * 8
    );
  }
}
