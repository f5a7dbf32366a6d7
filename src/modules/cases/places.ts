import { Problem } from '../../core/http/problem.ts';
import type { Crs } from '../geo/index.ts';
import { codesOfPath, type TreeService, type UnitRow } from '../tree/index.ts';
import type { LocatedPlace, UnitRef } from './domain/index.ts';
import type { PlacedUnit } from './policy.ts';

export interface PlaceInput {
  lng?: number;
  lat?: number;
  crs?: Crs;
  /** A tree node (micro-grid, grid …) or a path, when there are no coordinates. */
  path?: string;
}

export interface ResolvedPlace {
  place: LocatedPlace;
  /** The located unit's path, or the community/street standing in for it outside every grid. */
  placePath: string;
  units: Partial<Record<'microGrid' | 'grid' | 'community' | 'street' | 'county', UnitRow>>;
  outsideGrid: boolean;
}

/**
 * Where a matter is, on the governance tree: through `TreeService.locate` for a point (WGS-84, GCJ-02
 * or BD-09), else from a node's path. Outside every grid, the nearest grid's community stands in.
 */
export class Places {
  /** Units by code, kept for a few seconds: intake looks up the same few hundred units over and over. */
  private readonly units = new Map<string, { at: number; unit: UnitRow | undefined }>();

  constructor(private readonly tree: TreeService, private readonly companies: () => Promise<PlacedUnit[]>, private readonly ttlMs = 10_000) {}

  private async byCodes(codes: string[]): Promise<UnitRow[]> {
    const now = Date.now();
    const fresh = (code: string) => {
      const hit = this.units.get(code);
      return hit && now - hit.at < this.ttlMs ? hit : undefined;
    };
    const missing = codes.filter((c) => !fresh(c));
    if (missing.length) {
      const found = new Map((await this.tree.repo.byCodes(missing)).map((u) => [u.code, u]));
      if (this.units.size > 50_000) this.units.clear();
      for (const code of missing) this.units.set(code, { at: now, unit: found.get(code) });
    }
    return codes.map((c) => this.units.get(c)?.unit).filter((u): u is UnitRow => !!u);
  }

  async resolve(input: PlaceInput, fallbackStreet: string): Promise<ResolvedPlace> {
    let path: string | null = null;
    let outside = false;
    if (input.lng !== undefined && input.lat !== undefined) {
      const located = await this.tree.locate(input.lng, input.lat, input.crs ?? 'wgs84');
      outside = located.status === 'outside';
      path = located.path;
    } else if (input.path) {
      path = input.path;
    }
    const units: ResolvedPlace['units'] = {};
    if (path) {
      for (const u of await this.byCodes(codesOfPath(path))) {
        if (u.kind === 'microGrid' || u.kind === 'grid' || u.kind === 'community' || u.kind === 'street' || u.kind === 'county') units[u.kind] = u;
      }
    }
    if (outside) {
      delete units.microGrid;
      delete units.grid;
    }
    if (!units.street) {
      const [street] = await this.byCodes([fallbackStreet]);
      if (street) units.street = street;
    }
    const company = units.community ? (await this.companies()).find((c) => c.path === units.community!.path) : undefined;
    const place: LocatedPlace = {};
    if (units.microGrid) place.microGrid = units.microGrid.code;
    if (units.grid) place.grid = units.grid.code;
    if (units.community) {
      if (outside) place.nearestCommunity = units.community.code;
      else place.community = units.community.code;
    }
    if (units.street) place.street = units.street.code;
    if (company) place.propertyCompany = company.code;
    const placePath = (units.microGrid ?? units.grid ?? units.community ?? units.street)?.path;
    if (!placePath) throw new Problem(422, 'cases.placeUnknown');
    return { place, placePath, units, outsideGrid: outside || (!units.grid && !units.microGrid) };
  }

  /** A unit named by code: a property company, or a tree node (the county acts as its centre). */
  async unit(code: string): Promise<PlacedUnit | undefined> {
    const company = (await this.companies()).find((c) => c.code === code);
    if (company) return company;
    const [u] = await this.byCodes([code]);
    if (!u) return undefined;
    const kinds: Record<string, UnitRef['kind'] | undefined> = { microGrid: 'microGrid', grid: 'grid', community: 'community', street: 'street', county: 'countyDepartment' };
    const kind = kinds[u.kind];
    return kind ? { kind, code: u.code, path: u.path } : undefined;
  }
}
