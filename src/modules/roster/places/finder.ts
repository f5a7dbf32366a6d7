import type { Kysely } from 'kysely';
import type { RosterTables } from '../tables.ts';
import { Gazetteer, type PlaceMatch } from './gazetteer.ts';

// Buildings change with imports only; a short cache keeps every typed address from reading them all.
const maxAgeMs = 30_000;

/** Finds the place an address names among the roster's buildings (see gazetteer.ts). */
export class PlaceFinder {
  private cached: { at: number; gazetteer: Promise<Gazetteer> } | null = null;

  constructor(private readonly db: Kysely<RosterTables>) {}

  async find(text: string): Promise<PlaceMatch | null> {
    return (await this.gazetteer()).find(text);
  }

  private gazetteer(): Promise<Gazetteer> {
    if (!this.cached || Date.now() - this.cached.at > maxAgeMs) {
      const loading = this.db.selectFrom('buildings').select(['code', 'estate', 'name', 'path', 'lng', 'lat']).execute().then((rows) => new Gazetteer(rows));
      this.cached = { at: Date.now(), gazetteer: loading };
      loading.catch(() => (this.cached = null));
    }
    return this.cached.gazetteer;
  }
}
