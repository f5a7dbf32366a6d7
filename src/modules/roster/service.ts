import type { Kysely, Transaction } from 'kysely';
import type pg from 'pg';
import { Problem } from '../../core/http/problem.ts';
import type { Locale } from '../../core/i18n.ts';
import type { Secrets } from '../../core/secrets.ts';
import type { TreeService } from '../tree/index.ts';
import { normalizeIdNumber, parseIdNumber } from '../../core/identity/id-number.ts';
import { parsePhone, isPhoneInfo } from '../../core/identity/phone.ts';
import { openRosterFile, writeRosterXlsx, type OpenedSheet, type RosterExportRow } from './import/index.ts';
import type { HouseholdRole, Residency } from './import/index.ts';
import { idNumberHash, phoneHash, sealIdentities } from './personal-data.ts';
import { BackgroundSealer } from './import/sealer.ts';
import { householdCode } from './household-code.ts';
import { HouseholdsChanged, runImport } from './import-run.ts';
import { RosterRepository, type ResidentRow, type StatusFilter } from './repository.ts';
import type { RosterTables } from './tables.ts';
import { rollHouseholds, type RollHousehold } from './roll.ts';
import { RosterEvents, type RosterChangeListener } from './upkeep/events.ts';
import type { AnyDB } from '../../core/db/database.ts';

export interface NewBuilding {
  code: string;
  microGridCode: string;
  estate: string;
  name: string;
  lng: number | null;
  lat: number | null;
  floors: number | null;
  stairwells: string[];
}

export interface NewResident {
  name: string;
  idNumber: string;
  phone: string | null;
  birthDate: string;
  gender: 'M' | 'F';
  householdRole: HouseholdRole;
  residency: Residency;
  tags: string[];
}

export interface NewHousehold {
  code?: string;
  buildingId: string;
  buildingCode: string;
  buildingPath: string;
  stairwell: string;
  room: string;
  floorAreaCenti: number | null;
  residents: NewResident[];
}

export interface ResidentQuery {
  under?: string;
  q?: string;
  tags?: string[];
  status?: StatusFilter;
  limit: number;
  offset: number;
}

const ageOn = (birthDate: string, today: Date) => {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
};

export { householdCode } from './household-code.ts';

/** About 1,500 rows of .xlsx (an .xlsx row takes ~70 bytes, a CSV row more): below that a worker costs more to start than the encryption it saves. */
const sealerStartBytes = 100_000;

export class RosterService {
  readonly repo: RosterRepository;
  /** Departures, moves and new names, told to other modules inside the change's transaction (decision 0148). */
  readonly events = new RosterEvents();

  /**
   * `bulkPool`: the PostgreSQL server's pool, for imports by COPY; null on the embedded database, whose
   * socket cannot carry COPY (the import then sends arrays).
   */
  constructor(db: Kysely<RosterTables>, private readonly secrets: Secrets, private readonly tree: TreeService, private readonly bulkPool: pg.Pool | null = null) {
    this.repo = new RosterRepository(db);
  }

  /** `listener` hears of every departure, move and new name, inside the transaction of the change. */
  onChange(listener: RosterChangeListener): void {
    this.events.on(listener);
  }

  /** Households under a scope with floor area and people, for vote rolls; reads through `executor` (a transaction). */
  rollHouseholds(scopeCode: string, executor: Kysely<AnyDB> | Transaction<AnyDB>): Promise<RollHousehold[] | null> {
    return rollHouseholds(this.tree, executor, scopeCode);
  }

  async addBuildings(buildings: NewBuilding[]): Promise<Map<string, { id: string; path: string }>> {
    const units = new Map((await this.tree.repo.byCodes([...new Set(buildings.map((b) => b.microGridCode))])).map((u) => [u.code, u]));
    const out = new Map<string, { id: string; path: string }>();
    await this.repo.db.transaction().execute(async (trx) => {
      for (let i = 0; i < buildings.length; i += 1000) {
        const chunk = buildings.slice(i, i + 1000);
        const rows = chunk.map((b) => {
          const unit = units.get(b.microGridCode);
          if (!unit) throw new Error(`unknown micro-grid ${b.microGridCode} for building ${b.code}`);
          return { code: b.code, unit_id: unit.id, path: `${unit.path}${b.code}/`, estate: b.estate, name: b.name, lng: b.lng, lat: b.lat, floors: b.floors };
        });
        const inserted = await this.repo.insertBuildings(trx, rows);
        const byCode = new Map(inserted.map((r) => [r.code, r]));
        await this.repo.insertStairwells(trx, chunk.flatMap((b) => b.stairwells.map((name) => ({ building_id: byCode.get(b.code)!.id, name }))));
        for (const r of inserted) out.set(r.code, { id: r.id, path: r.path });
      }
    });
    return out;
  }

  /** Writes households and their residents in one transaction: all of them or none. */
  async addHouseholds(households: NewHousehold[]): Promise<{ households: number; residents: number }> {
    let residentCount = 0;
    await this.repo.db.transaction().execute(async (trx) => {
      const rows = households.map((h) => {
        const code = h.code ?? householdCode(h.buildingCode, h.stairwell, h.room);
        return { code, building_id: h.buildingId, stairwell: h.stairwell, room: h.room, path: `${h.buildingPath}${code}/`, floor_area_centi: h.floorAreaCenti };
      });
      const stored = new Map((await this.repo.upsertHouseholds(trx, rows)).map((r) => [r.code, r]));
      const pending = households.flatMap((h, i) => h.residents.map((r) => ({ r, household: stored.get(rows[i]!.code)! })));
      // Encrypting is the CPU-heavy part: seal the next chunk while the database writes the previous one.
      let writing: Promise<unknown> = Promise.resolve();
      for (let i = 0; i < pending.length; i += 5000) {
        const chunk = pending.slice(i, i + 5000);
        const identities = sealIdentities(this.secrets, chunk.map(({ r }) => r));
        const sealed = chunk.map(({ r, household }, j) => ({
          household_id: household.id,
          path: household.path,
          name: r.name,
          ...identities[j]!,
          birth_date: r.birthDate,
          gender: r.gender,
          household_role: r.householdRole,
          residency: r.residency,
          tags: r.tags,
        }));
        await writing;
        writing = this.repo.insertResidents(trx, sealed);
      }
      await writing;
      residentCount = pending.length;
    });
    return { households: households.length, residents: residentCount };
  }

  /** Parses and checks a roster file against the buildings in `scopes`; stores it only if every row is good. */
  async importFile(bytes: Uint8Array, fileName: string, scopes: string[], locale: Locale) {
    const startedAt = performance.now();
    // A file this large will most likely have rows enough for the sealing worker: start it now, so its
    // start-up (~0.2 s) overlaps the unpacking on the other core.
    const sealer: BackgroundSealer | null = bytes.length >= sealerStartBytes ? new BackgroundSealer(this.secrets) : null;
    try {
      const opened = openRosterFile(bytes, fileName, locale);
      if (!opened.ok) return opened;
      const started = { startedAt, openedAt: performance.now() };
      const ctx = { repo: this.repo, secrets: this.secrets, pool: this.bulkPool };
      const reopen = (): OpenedSheet => {
        const again = openRosterFile(bytes, fileName, locale);
        // The same bytes opened once already: this does not happen.
        if (!again.ok) throw new Error('a roster file that opened once did not open again');
        return again;
      };
      try {
        return await runImport(ctx, opened, reopen, scopes, locale, sealer, started);
      } catch (error) {
        // Households are added without ON CONFLICT, and joined without locking them first: another import that
        // added one of them, or a household removed meanwhile, is seen the second time.
        if (!(error instanceof HouseholdsChanged)) throw error;
        return await runImport(ctx, reopen(), reopen, scopes, locale, sealer, started);
      }
    } finally {
      await sealer?.close();
    }
  }

  async findResidents(scopes: string[], query: ResidentQuery) {
    const q = query.q?.trim();
    let filter: { name?: string; idNumberHash?: string; phoneHash?: string } = {};
    if (q) {
      const id = parseIdNumber(q);
      const phone = parsePhone(q);
      if (!('problem' in id)) filter = { idNumberHash: idNumberHash(this.secrets, id.normalized) };
      else if (/^\d{6,}[\dxX]?$/.test(q) && isPhoneInfo(phone)) filter = { phoneHash: phoneHash(this.secrets, phone.normalized) };
      else filter = { name: q };
    }
    return this.repo.residents({
      scopes, limit: query.limit, offset: query.offset,
      ...(query.under ? { under: query.under } : {}),
      ...(query.tags?.length ? { tags: query.tags } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...filter,
    });
  }

  /** The API's view of a resident: masked unless `unmask`, birth date only when unmasked (it is in the ID). */
  present(row: ResidentRow, unmask: boolean, today = new Date()) {
    return {
      id: row.id,
      name: row.name,
      idNumber: unmask ? this.secrets.decrypt(row.id_number_enc) : row.id_number_masked,
      phone: unmask ? (row.phone_enc ? this.secrets.decrypt(row.phone_enc) : null) : row.phone_masked,
      masked: !unmask,
      birthDate: unmask ? row.birth_date : null,
      // The age at death stays the age: it is what the register says of a deceased resident.
      age: ageOn(row.birth_date, row.status === 'deceased' && row.departed_on ? new Date(`${row.departed_on}T12:00:00Z`) : today),
      gender: row.gender,
      householdRole: row.household_role,
      residency: row.residency,
      tags: row.tags,
      status: row.status,
      departedOn: row.departed_on,
      path: row.path,
      household: {
        id: row.household_id, code: row.household_code, room: row.room, stairwell: row.stairwell,
        floorAreaCenti: row.floor_area_centi == null ? null : Number(row.floor_area_centi),
        building: row.building_name, buildingCode: row.building_code, estate: row.estate,
      },
    };
  }

  async exportXlsx(rows: ResidentRow[], unmask: boolean, locale: Locale): Promise<Buffer> {
    const tags = new Map((await this.repo.tags()).map((t) => [t.code, locale === 'en' ? t.en : t.zh]));
    const exportRows: RosterExportRow[] = rows.map((r) => ({
      estate: r.estate || null,
      building: r.building_name,
      stairwell: r.stairwell || null,
      room: r.room,
      floorAreaCenti: r.floor_area_centi == null ? null : Number(r.floor_area_centi),
      name: r.name,
      idNumber: unmask ? this.secrets.decrypt(r.id_number_enc) : r.id_number_masked,
      phone: unmask ? (r.phone_enc ? this.secrets.decrypt(r.phone_enc) : null) : r.phone_masked,
      birthDate: unmask ? r.birth_date : null,
      gender: r.gender,
      role: r.household_role as HouseholdRole,
      residency: r.residency,
      tagLabels: r.tags.map((t) => tags.get(t) ?? t),
    }));
    return writeRosterXlsx(exportRows, locale);
  }
}

export function assertNormalizedId(raw: string): string {
  const parsed = parseIdNumber(raw);
  if ('problem' in parsed) throw new Problem(400, `roster.idNumber.${parsed.problem}`);
  return normalizeIdNumber(raw);
}
