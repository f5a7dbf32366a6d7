import type { Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import { Problem } from '../../../core/http/problem.ts';
import type { TreeService } from '../../tree/index.ts';

export interface Place {
  code: string;
  path: string;
  name: string;
  kind: string;
}

/** Looks a tree node up by code; the parts of decisions hold codes and paths, never tree rows. */
export type PlaceLookup = (code: string) => Promise<Place | undefined>;

export function treePlaces(tree: TreeService): PlaceLookup {
  return async (code) => {
    const unit = await tree.repo.byCode(code);
    return unit ? { code: unit.code, path: unit.path, name: unit.name, kind: unit.kind } : undefined;
  };
}

/** The community (社区/村) a round, campaign or convention belongs to. */
export async function communityPlace(places: PlaceLookup, code: string): Promise<Place> {
  const place = await places(code);
  if (!place) throw new Problem(404, 'tree.unitNotFound', { code });
  if (place.kind !== 'community') throw new Problem(422, 'projects.notACommunity', { code });
  return place;
}

/** Motion windows: ISO instants with an offset, the close after the opening. */
export function checkWindow(opensAt: string, closesAt: string): void {
  const open = Date.parse(opensAt), close = Date.parse(closesAt);
  if (Number.isNaN(open) || Number.isNaN(close) || close <= open) throw new Problem(422, 'projects.badWindow');
}

/** A part's typed transaction handed to the motions API, which knows only its own tables. */
export function asAny<T>(trx: Transaction<T>): Transaction<AnyDB> {
  return trx as unknown as Transaction<AnyDB>;
}
