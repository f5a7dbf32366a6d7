import type { Locale } from '../../core/i18n.ts';
import type { Secrets } from '../../core/secrets.ts';
import { normalizeIdNumber, parseIdNumber } from '../../core/identity/id-number.ts';
import { RosterValidator, type ParsedSheet, type RosterIssue, type ValidResident } from './import/index.ts';
import type { BackgroundSealer } from './import/sealer.ts';
import { idNumberHash, sealIdentity } from './personal-data.ts';
import type { RosterRepository } from './repository.ts';
import { householdCode } from './household-code.ts';

type Building = Awaited<ReturnType<RosterRepository['buildingsUnder']>>[number];

export type ImportOutcome =
  | { ok: true; households: number; residents: number; timings: { parseMs: number; checkMs: number; writeMs: number } }
  | { ok: false; issues: RosterIssue[] };

/** Thrown inside the transaction to roll back what was written while rows were still being checked. */
class Rejected extends Error {
  constructor(readonly issues: RosterIssue[]) {
    super('roster rejected');
  }
}

interface CleanRow {
  resident: ValidResident;
  code: string;
  building: Building;
  stairwell: string;
  room: string;
  areaCenti: number | null;
}

const batchSize = 5_000;
const yieldEvery = 250;

/**
 * Checks a parsed roster and stores it, all or nothing, in one transaction. Rows that pass their own
 * checks are written while later rows are still being checked (the database works while this thread
 * checks); the first problem stops the writing, every row is still checked for the report, and the
 * transaction rolls back.
 */
export async function runImport(
  ctx: { repo: RosterRepository; secrets: Secrets },
  sheet: ParsedSheet,
  scopes: string[],
  locale: Locale,
  sealer: BackgroundSealer | null,
  started: { startedAt: number; parsedAt: number },
): Promise<ImportOutcome> {
  const { repo, secrets } = ctx;
  const buildings = await repo.buildingsUnder(scopes);
  const byName = new Map<string, Building[]>();
  const norm = (s: string) => s.replace(/\s+/g, '').normalize('NFKC');
  for (const b of buildings) {
    for (const key of [norm(b.code), `${norm(b.estate)}|${norm(b.name)}`, `|${norm(b.name)}`]) byName.set(key, [...(byName.get(key) ?? []), b]);
  }
  const byId = new Map(buildings.map((b) => [b.id, b]));
  const hashes = new Map<string, string>();
  for (const row of sheet.rows) {
    const info = parseIdNumber(row.cells.idNumber ?? '');
    if (!('problem' in info)) hashes.set(info.normalized, idNumberHash(secrets, info.normalized));
  }
  const known = await repo.existingIdHashes([...hashes.values()]);
  const tags = await repo.tags();
  const validator = new RosterValidator({
    resolveBuilding: (estate, building) => {
      const candidates = byName.get(norm(building)) ?? byName.get(`${norm(estate ?? '')}|${norm(building)}`) ?? (estate ? [] : byName.get(`|${norm(building)}`) ?? []);
      // A bare building name shared by two estates is ambiguous: treat as unknown so the office adds the estate.
      const b = candidates.length === 1 ? candidates[0]! : null;
      return b ? { buildingId: b.id, stairwells: b.stairwells } : null;
    },
    tags: tags.flatMap((t) => [{ code: t.code, label: t.zh }, { code: t.code, label: t.en }]),
    isKnownIdHash: (id) => known.has(hashes.get(normalizeIdNumber(id)) ?? idNumberHash(secrets, id)),
  }, locale, sheet);

  let checkedAt = 0;
  let counts = { households: 0, residents: 0 };
  try {
    await repo.db.transaction().execute(async (trx) => {
      const stored = new Map<string, { id: string; path: string; areaCenti: number | null | 'kept' }>();
      let writing: Promise<void> = Promise.resolve();
      let failure: unknown = null;
      let written = 0;

      const write = async (batch: CleanRow[]) => {
        const fresh = new Map<string, CleanRow>();
        const areas = new Map<string, number>();
        for (const r of batch) {
          if (stored.has(r.code)) continue;
          if (!fresh.has(r.code)) fresh.set(r.code, r);
          if (r.areaCenti !== null && !areas.has(r.code)) areas.set(r.code, r.areaCenti);
        }
        if (fresh.size > 0) {
          const rows = [...fresh.values()].map((r) => ({
            code: r.code, building_id: r.building.id, stairwell: r.stairwell, room: r.room, path: `${r.building.path}${r.code}/`,
            // The area may be on a later member's row: corrected below once every row is checked.
            floor_area_centi: areas.get(r.code) ?? null,
          }));
          for (const h of await repo.upsertHouseholds(trx, rows)) {
            // A household already on the roster keeps its area, as before streaming.
            stored.set(h.code, { id: h.id, path: h.path, areaCenti: h.added ? (areas.get(h.code) ?? null) : 'kept' });
          }
        }
        if (sealer) await sealer.waitFor(batch[batch.length - 1]!.resident.rowNumber);
        await repo.insertResidents(trx, batch.map(({ resident: r, code }) => {
          const household = stored.get(code)!;
          const hash = hashes.get(r.idNumber);
          return {
            household_id: household.id, path: household.path, name: r.name,
            ...(sealer ? sealer.sealedFor(r.rowNumber, r.idNumber, r.phone, hash) : sealIdentity(secrets, r.idNumber, r.phone, hash)),
            birth_date: r.birthDate, gender: r.gender, household_role: r.role, residency: r.residency, tags: r.tagCodes,
          };
        }));
        written += batch.length;
      };
      const enqueue = (batch: CleanRow[]) => {
        writing = writing.then(() => (failure || validator.issueCount > 0 ? undefined : write(batch))).catch((error: unknown) => {
          failure ??= error;
        });
      };

      let batch: CleanRow[] = [];
      let checked = 0;
      for (const row of sheet.rows) {
        const { draft, clean } = validator.check(row);
        if (clean && validator.issueCount === 0) {
          const building = byId.get(draft.place!.buildingId)!;
          const stairwell = draft.place!.stairwell ?? '';
          batch.push({
            resident: draft.resident as ValidResident, building, stairwell, room: draft.room,
            code: householdCode(building.code, stairwell, draft.room), areaCenti: typeof draft.member.areaCenti === 'number' ? draft.member.areaCenti : null,
          });
        }
        if (batch.length >= batchSize) {
          enqueue(batch);
          batch = [];
        }
        // The writer's statements complete only when this loop yields: yield often, or the database waits for the checks.
        if (++checked % yieldEvery === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (batch.length > 0) enqueue(batch);
      const validation = validator.finish(sheet.rows.length);
      checkedAt = performance.now();
      await writing;
      if (!validation.ok) throw new Rejected(validation.issues);
      if (failure) throw failure;
      if (written !== validation.residentCount) throw new Error(`roster import wrote ${written} of ${validation.residentCount} residents`);

      // Households whose first rows had no area take the one the checks settled on.
      const corrections: { id: string; area: number }[] = [];
      for (const h of validation.households) {
        const code = householdCode(byId.get(h.buildingId)!.code, h.stairwell ?? '', h.room);
        const s = stored.get(code)!;
        if (s.areaCenti !== 'kept' && s.areaCenti !== h.floorAreaCenti) corrections.push({ id: s.id, area: h.floorAreaCenti });
      }
      await repo.setHouseholdAreas(trx, corrections);
      counts = { households: validation.households.length, residents: written };
    });
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, issues: error.issues };
    throw error;
  }
  const timings = { parseMs: Math.round(started.parsedAt - started.startedAt), checkMs: Math.round(checkedAt - started.parsedAt), writeMs: Math.round(performance.now() - checkedAt) };
  return { ok: true, ...counts, timings };
}
