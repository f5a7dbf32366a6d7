import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { isForeignKeyViolation, isUniqueViolation } from '../../core/db/errors.ts';
import type { Locale } from '../../core/i18n.ts';
import type { Secrets } from '../../core/secrets.ts';
import { RosterValidator, UnreadableRows, readAll, rowCountIssue, type HouseholdOnRoster, type OpenedSheet, type RosterContext, type RosterIssue, type RosterValidation, type SheetRow, type ValidResident } from './import/index.ts';
import { sealChunkSize, type BackgroundSealer } from './import/sealer.ts';
import { sealIdentity } from './personal-data.ts';
import { sealedColumns } from './import/sealed-text.ts';
import type { NewHouseholdRow, NewResidentRow, RosterRepository } from './repository.ts';
import { householdCode } from './household-code.ts';
import { inImportTransaction, type PreparedWrite } from './import-writer.ts';
import { ReferencesChanged } from './import-references.ts';
import { knownIdNumbers } from './import-known.ts';

type Building = Awaited<ReturnType<RosterRepository['buildingsUnder']>>[number];

export type ImportOutcome =
  | { ok: true; households: number; residents: number; timings: { openMs: number; checkMs: number; writeMs: number } }
  | { ok: false; issues: RosterIssue[] };

/** The file as a whole is refused (no rows, too many): only this is reported. */
class Refused extends Error {
  constructor(readonly issues: RosterIssue[]) {
    super('roster file refused');
  }
}

/** Thrown inside the transaction to roll back what was written while rows were still being checked. */
class Stopped extends Error {
  constructor(readonly validation: RosterValidation, readonly failure: unknown) {
    super('roster import stopped');
  }
}

/** Another import added one of this file's households meanwhile: running the import again finds it. */
export class HouseholdsChanged extends Error {}

/** A household of the import by place (placeKey): new, or already on the roster (`onRoster`). */
interface StoredHousehold {
  id: string;
  path: string;
  areaCenti: number | null;
  onRoster?: HouseholdOnRoster;
}

interface CleanRow {
  resident: ValidResident;
  /** Building, stairwell and room: what identifies a household (older households have codes of another form). */
  place: string;
  building: Building;
  stairwell: string;
  room: string;
  areaCenti: number | null;
}

const batchSize = 5_000;
/** The first batches are smaller, so the database starts writing sooner; it is the longest path of a large import. */
const firstBatchSizes = [1_250, 2_500];
const yieldEvery = 250;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const placeKey = (buildingId: string, stairwell: string, room: string) => `${buildingId}\u0000${stairwell}\u0000${room}`;

const isHouseholdConflict = (error: unknown) => isUniqueViolation(error, 'households');
/** A second active head in a household (decision 0148): rows are written before the checks across a household end. */
const isHeadConflict = (error: unknown) => isUniqueViolation(error, 'residents') && (error as { constraint?: unknown }).constraint === 'residents_one_head';

/**
 * Checks a parsed roster and stores it, all or nothing, in one transaction. Rows that pass their own
 * checks are written while later rows are still being checked (the database works while this thread
 * checks); the first problem stops the writing, every row is still checked for the report, and the
 * transaction rolls back.
 *
 * People already on the roster are not looked up before writing: the unique index on the ID number's
 * blind index refuses them as they are written, and only a refused import looks them up to report them.
 */
export async function runImport(
  ctx: { repo: RosterRepository; secrets: Secrets; pool: pg.Pool | null },
  input: OpenedSheet,
  /** The same file opened again: a refused import reads its rows a second time for the report. */
  reopen: () => OpenedSheet,
  scopes: string[],
  locale: Locale,
  sealer: BackgroundSealer | null,
  started: { startedAt: number; openedAt: number },
): Promise<ImportOutcome> {
  const { repo, secrets } = ctx;
  const buildings = await repo.buildingsUnder(scopes);
  const byName = new Map<string, Building[]>();
  const norm = (s: string) => s.replace(/\s+/g, '').normalize('NFKC');
  for (const b of buildings) {
    for (const key of [norm(b.code), `${norm(b.estate)}|${norm(b.name)}`, `|${norm(b.name)}`]) byName.set(key, [...(byName.get(key) ?? []), b]);
  }
  const byId = new Map(buildings.map((b) => [b.id, b]));
  const resolved = new Map<string, Building | null>();
  const resolve = (estate: string | undefined, building: string): Building | null => {
    const key = `${estate ?? ''}\u0000${building}`;
    let b = resolved.get(key);
    if (b === undefined) {
      const candidates = byName.get(norm(building)) ?? byName.get(`${norm(estate ?? '')}|${norm(building)}`) ?? (estate ? [] : byName.get(`|${norm(building)}`) ?? []);
      // A bare building name shared by two estates is ambiguous: treat as unknown so the office adds the estate.
      b = candidates.length === 1 ? candidates[0]! : null;
      resolved.set(key, b);
    }
    return b;
  };
  const tags = await repo.tags();
  // Buildings the file names (for the report of a refused import), and the households of the import by place.
  const named = new Set<string>();
  const stored = new Map<string, StoredHousehold>();
  // Buildings whose households on the roster have been asked for (each once, when a batch first names it).
  const asked = new Set<string>();
  const keep = (found: Awaited<ReturnType<RosterRepository['householdsOfBuildings']>>) => {
    for (const h of found) {
      const areaCenti = h.floor_area_centi === null ? null : Number(h.floor_area_centi);
      stored.set(placeKey(h.building_id, h.stairwell, h.room), { id: h.id, path: h.path, areaCenti, onRoster: { hasHead: h.has_head, areaCenti } });
    }
  };
  const context: RosterContext = {
    resolveBuilding: (estate, building) => {
      const b = resolve(estate, building);
      if (b) named.add(b.id);
      return b ? { buildingId: b.id, stairwells: b.stairwells } : null;
    },
    tags: tags.flatMap((t) => [{ code: t.code, label: t.zh }, { code: t.code, label: t.en }]),
    householdOnRoster: (buildingId, stairwell, room) => stored.get(placeKey(buildingId, stairwell, room))?.onRoster,
  };
  // Rows are not kept once checked (and written): a refused import reads the file again for its report.
  const validator = new RosterValidator(context, locale, input.sheet, { keepResidents: false });
  let rowCount = 0;

  let checkedAt = 0;
  let counts = { households: 0, residents: 0 };
  try {
    await inImportTransaction(repo, ctx.pool, async (writer) => {
      let preparing: Promise<unknown> = Promise.resolve();
      let writing: Promise<void> = Promise.resolve();
      let failure: unknown = null;
      let abandoned = false;
      let written = 0;
      const stopped = () => abandoned || failure !== null || validator.issueCount > 0;

      const enqueue = (batch: CleanRow[]) => {
        const buildingIds = [...new Set(batch.map((r) => r.building.id))].filter((id) => !asked.has(id));
        for (const id of buildingIds) asked.add(id);
        // Asked now, answered while earlier batches are written (outside the transaction on a server; see ImportWriter).
        const onRoster = writer.householdsOf(buildingIds);
        onRoster.catch(() => undefined);
        // Households get their ids here, in batch order, so their residents can be encoded before any of them is written.
        const households: Promise<PreparedWrite | null> = preparing.then(async () => {
          keep(await onRoster);
          const fresh: NewHouseholdRow[] = [];
          const areas = new Map<string, number>();
          for (const r of batch) if (r.areaCenti !== null && !areas.has(r.place)) areas.set(r.place, r.areaCenti);
          for (const r of batch) {
            if (stored.has(r.place)) continue;
            const id = randomUUID();
            // Made only for a household that is new, not for every row.
            const code = householdCode(r.building.code, r.stairwell, r.room);
            const path = `${r.building.path}${code}/`;
            // The area may be on a later member's row: corrected below once every row is checked.
            const areaCenti = areas.get(r.place) ?? null;
            stored.set(r.place, { id, path, areaCenti });
            fresh.push({ id, code, building_id: r.building.id, stairwell: r.stairwell, room: r.room, path, floor_area_centi: areaCenti });
          }
          return fresh.length > 0 ? writer.prepareHouseholds(fresh) : null;
        });
        preparing = households.catch(() => undefined);
        const sealed = sealer ? sealer.waitFor(batch[batch.length - 1]!.resident.rowNumber) : Promise.resolve();
        const residents: Promise<PreparedWrite> = Promise.all([households, sealed]).then(() => writer.prepareResidents(batch.map(({ resident: r, place }): NewResidentRow => {
          const household = stored.get(place)!;
          return {
            household_id: household.id, path: household.path, name: r.name,
            sealed: sealer ? sealer.sealedColumnsFor(r.rowNumber, r.idNumber, r.phone) : sealedColumns(sealIdentity(secrets, r.idNumber, r.phone)),
            birth_date: r.birthDate, gender: r.gender, household_role: r.role, residency: r.residency, tags: r.tagCodes,
          };
        })));
        residents.catch(() => undefined);
        writing = writing.then(async () => {
          if (stopped()) return;
          await (await households)?.();
          await (await residents)();
          written += batch.length;
        }).catch((error: unknown) => {
          failure ??= error;
        });
      };

      let batch: CleanRow[] = [];
      let batches = 0;
      let checked = 0;
      const check = async (chunk: SheetRow[]) => {
        for (const row of chunk) {
          const { draft, clean } = validator.check(row);
          if (clean && !stopped()) {
            const building = byId.get(draft.place!.buildingId)!;
            const stairwell = draft.place!.stairwell ?? '';
            batch.push({
              resident: draft.resident as ValidResident, building, stairwell, room: draft.room, place: placeKey(building.id, stairwell, draft.room),
              areaCenti: typeof draft.member.areaCenti === 'number' ? draft.member.areaCenti : null,
            });
          }
          if (batch.length >= (firstBatchSizes[batches] ?? batchSize)) {
            batches++;
            enqueue(batch);
            batch = [];
          }
          // The writer's statements complete only when this thread yields: yield often, or the database waits for the checks.
          if (++checked % yieldEvery === 0) await tick();
        }
      };
      const seal = (chunk: SheetRow[]) => sealer?.seal(chunk.map((r) => ({ rowNumber: r.rowNumber, idNumber: r.cells.idNumber, phone: r.cells.phone })));
      // Rows are checked a chunk behind the reading, so the sealer works on a chunk while the one before it is checked.
      let sealing: SheetRow[] = [];
      let reading: SheetRow[] = [];
      try {
        for (let r = input.rows.next(); !r.done; r = input.rows.next()) {
          reading.push(r.value);
          if (++rowCount % yieldEvery === 0) await tick();
          // Chunks of the sealer's size: each is handed over whole, then checked while the next is sealed.
          if (reading.length === sealChunkSize) {
            seal(reading);
            await check(sealing);
            sealing = reading;
            reading = [];
          }
        }
        const countIssue = rowCountIssue(locale, input.read());
        if (countIssue) throw new Refused([countIssue]);
        seal(reading);
        await check(sealing);
        await check(reading);
      } catch (error) {
        // Nothing more may be sent on the connection once the transaction is rolled back.
        abandoned = true;
        await writing;
        throw error;
      }
      if (batch.length > 0 && !stopped()) enqueue(batch);
      // The checks across a household need what the roster holds for it: every lookup answered.
      await preparing;
      const validation = validator.finish(rowCount);
      checkedAt = performance.now();
      await writing;
      if (!validation.ok || failure) throw new Stopped(validation, failure);
      if (written !== validation.residentCount) throw new Error(`roster import wrote ${written} of ${validation.residentCount} residents`);
      await writer.finishWrites();

      // Households whose first rows had no area (or that were stored without one) take the one the checks settled on.
      const corrections: { id: string; area: number }[] = [];
      for (const h of validation.households) {
        const s = stored.get(placeKey(h.buildingId, h.stairwell ?? '', h.room))!;
        if (h.floorAreaCenti !== null && s.areaCenti !== h.floorAreaCenti) corrections.push({ id: s.id, area: h.floorAreaCenti });
      }
      await repo.setHouseholdAreas(writer.db, corrections);
      counts = { households: validation.households.length, residents: written };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, issues: error.issues };
    if (error instanceof UnreadableRows) return { ok: false, issues: [error.issue] };
    // A household (or building) the rows joined was deleted meanwhile, found by the check at the end or by a row's foreign key.
    if (error instanceof ReferencesChanged) throw new HouseholdsChanged('households removed meanwhile', { cause: error });
    if (!(error instanceof Stopped)) throw error;
    // Another import added one of these households meanwhile: the checks ran against a roster that has
    // changed since (a household they took for new has a head now), so they run again, whatever they found.
    if (isHouseholdConflict(error.failure)) throw new HouseholdsChanged('households added by another import meanwhile', { cause: error.failure });
    if (isForeignKeyViolation(error.failure)) throw new HouseholdsChanged('households removed meanwhile', { cause: error.failure });
    // A second head: the file's (its checks report it as headOnRoster), or, if they found none, one given meanwhile.
    if (isHeadConflict(error.failure) && error.validation.ok) throw new HouseholdsChanged('a head given meanwhile', { cause: error.failure });
    // Rolled back. People already on the roster are reported with the rest (they stopped the writing if
    // nothing else did): check the file again, this time knowing them, for the report as it always was.
    // The writing may also have stopped before every building's households were looked up: look up the rest.
    // The file was read whole once already, so it reads again to the same end.
    const rows = readAll(reopen());
    const known = await knownIdNumbers(repo, secrets, rows);
    const before = stored.size;
    keep(await repo.householdsOfBuildings(repo.db, [...named].filter((id) => !asked.has(id))));
    if (known.size > 0 || stored.size > before) {
      const again = new RosterValidator({ ...context, isKnownIdHash: (id) => known.has(id) }, locale, input.sheet, { keepResidents: false });
      for (const row of rows) again.check(row);
      const validation = again.finish(rowCount);
      if (!validation.ok) return { ok: false, issues: validation.issues };
    }
    if (!error.validation.ok) return { ok: false, issues: error.validation.issues };
    throw error.failure;
  }
  const timings = { openMs: Math.round(started.openedAt - started.startedAt), checkMs: Math.round(checkedAt - started.openedAt), writeMs: Math.round(performance.now() - checkedAt) };
  return { ok: true, ...counts, timings };
}
