import type { RosterRepository, NewHouseholdRow, NewResidentRow } from './repository.ts';

type Db = Parameters<RosterRepository['lockReferenced']>[0];

/** A household or building the import's rows refer to is gone (deleted meanwhile): the import runs again and sees that. */
export class ReferencesChanged extends Error {}

/**
 * The foreign keys of an import's households and residents, checked once for all their rows instead of
 * once per row, where the connection may (decision 0146): per row, they are the largest part of the
 * server's work on a large import. Elsewhere the foreign keys check each row as always, and this does nothing.
 */
export class ReferenceCheck {
  /** Households this transaction wrote: nobody else sees them before it commits, so they are there. */
  private readonly created = new Set<string>();
  /** Households on the roster that residents joined, and the buildings of the households written. */
  private readonly joined = new Set<string>();
  private readonly buildings = new Set<string>();

  private constructor(private readonly repo: RosterRepository, private readonly db: Db, readonly once: boolean) {}

  /** Inside the import's transaction, before its first write. */
  static async start(repo: RosterRepository, db: Db): Promise<ReferenceCheck> {
    const once = await repo.mayCheckReferencesOnce(db);
    if (once) await repo.setRowTriggers(db, false);
    return new ReferenceCheck(repo, db, once);
  }

  householdsWritten(rows: readonly NewHouseholdRow[]): void {
    if (!this.once) return;
    for (const r of rows) {
      this.created.add(r.id);
      this.buildings.add(r.building_id);
    }
  }

  residentsWritten(rows: readonly Pick<NewResidentRow, 'household_id'>[]): void {
    if (this.once) for (const r of rows) if (!this.created.has(r.household_id)) this.joined.add(r.household_id);
  }

  /** After the last write: triggers on again, and every row referred to (but the households written here) locked and there, or ReferencesChanged. */
  async finish(): Promise<void> {
    if (!this.once) return;
    await this.repo.setRowTriggers(this.db, true);
    const found = await this.repo.lockReferenced(this.db, [...this.joined], [...this.buildings]);
    const missing = this.joined.size - found.households + this.buildings.size - found.buildings;
    if (missing > 0) throw new ReferencesChanged(`${missing} of the households and buildings this import refers to are gone`);
  }
}
