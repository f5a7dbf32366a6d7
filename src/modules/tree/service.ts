import type { Kysely } from 'kysely';
import { LocateIndex, type Crs, type LocateResult, type Zone } from '../geo/index.ts';
import { TreeRepository, type UnitRow } from './repository.ts';
import type { TreeTables } from './tables.ts';
import { codesOfPath } from './paths.ts';

export interface Located extends LocateResult {
  /** The chain from the province down to the micro-grid (or the nearest grid when outside). */
  chain: { code: string; kind: string; name: string }[];
  /** The unit a matter here belongs to: the micro-grid, else the grid, else the nearest grid. */
  unit: UnitRow | null;
  /** Path of `unit`, for scope checks and routing. */
  path: string | null;
}

/**
 * Owns the governance tree and its in-memory locate index. The index is rebuilt when `tree_version`
 * changes, so every server process follows imports made by any other process.
 */
export class TreeService {
  readonly repo: TreeRepository;
  private index: LocateIndex | null = null;
  /** Every unit by code, so locate answers from memory without waiting for the database. */
  private units = new Map<string, UnitRow>();
  private indexVersion = -1;
  private building: Promise<void> | null = null;

  constructor(db: Kysely<TreeTables>) {
    this.repo = new TreeRepository(db);
  }

  async refreshIndex(force = false): Promise<void> {
    const version = await this.repo.version();
    if (!force && version === this.indexVersion && this.index) return;
    if (this.building) return this.building;
    this.building = (async () => {
      const [rows, all] = await Promise.all([this.repo.withPolygons(['grid', 'microGrid']), this.repo.all()]);
      this.units = new Map(all.map((u) => [u.code, u]));
      const parentCodes = new Map<string, string>();
      const gridIds = new Map(rows.filter((r) => r.kind === 'grid').map((r) => [r.id, r.code]));
      for (const r of rows) if (r.kind === 'microGrid' && r.parentId) parentCodes.set(r.code, gridIds.get(r.parentId) ?? '');
      const zones: Zone[] = rows.map((r) => ({
        code: r.code,
        kind: r.kind === 'grid' ? 'grid' : 'microGrid',
        parentCode: parentCodes.get(r.code) ?? null,
        polygon: (r.polygon as { coordinates: Zone['polygon'] }).coordinates,
      }));
      this.index = new LocateIndex(zones);
      this.indexVersion = version;
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  /** Point → micro-grid → grid → community → street → county; rules in docs/locate.md. */
  async locate(lng: number, lat: number, crs: Crs = 'wgs84'): Promise<Located> {
    if (!this.index) await this.refreshIndex();
    const result = this.index!.locate(lng, lat, crs);
    const code = result.microGrid ?? result.grid ?? result.nearestGrid?.code ?? null;
    if (!code) return { ...result, chain: [], unit: null, path: null };
    const unit = this.units.get(code) ?? null;
    if (!unit) return { ...result, chain: [], unit: null, path: null };
    const chain = codesOfPath(unit.path).map((c) => this.units.get(c)).filter((u): u is UnitRow => !!u);
    return { ...result, chain: chain.map((u) => ({ code: u.code, kind: u.kind, name: u.name })), unit, path: unit.path };
  }

  indexSize() {
    return this.index ? { ...this.index.size, memoryBytes: this.index.memoryBytes() } : null;
  }
}
