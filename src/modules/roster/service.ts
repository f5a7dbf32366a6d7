import type { Kysely } from 'kysely';
import { Problem } from '../../core/http/problem.ts';
import type { Locale } from '../../core/i18n.ts';
import type { Secrets } from '../../core/secrets.ts';
import type { TreeService } from '../tree/index.ts';
import { normalizeIdNumber, parseIdNumber } from '../../core/identity/id-number.ts';
import { parsePhone, isPhoneInfo } from '../../core/identity/phone.ts';
import { parseRosterFile, validateRoster, writeRosterXlsx, type RosterExportRow, type ValidHousehold } from './import/index.ts';
import type { HouseholdRole, Residency } from './import/index.ts';
import { idNumberHash, phoneHash, sealIdentity } from './personal-data.ts';
import { RosterRepository, type ResidentRow } from './repository.ts';
import type { RosterTables } from './tables.ts';

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
  /** The blind index of `idNumber` when the caller has it already (an import checks duplicates with it). */
  idNumberHash?: string;
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
  limit: number;
  offset: number;
}

const ageOn = (birthDate: string, today: Date) => {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
};

export function householdCode(buildingCode: string, stairwell: string, room: string): string {
  const clean = (s: string) => s.replace(/[^0-9A-Za-z\u4e00-\u9fff]/g, '');
  return [buildingCode, clean(stairwell) || '0', clean(room)].join('-');
}

export class RosterService {
  readonly repo: RosterRepository;

  constructor(db: Kysely<RosterTables>, private readonly secrets: Secrets, private readonly tree: TreeService) {
    this.repo = new RosterRepository(db);
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
        const sealed = pending.slice(i, i + 5000).map(({ r, household }) => ({
          household_id: household.id,
          path: household.path,
          name: r.name,
          ...sealIdentity(this.secrets, r.idNumber, r.phone, r.idNumberHash),
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
      const residents = pending;
      residentCount = residents.length;
    });
    return { households: households.length, residents: residentCount };
  }

  /** Parses and checks a roster file against the buildings in `scopes`; stores it only if every row is good. */
  async importFile(bytes: Uint8Array, fileName: string, scopes: string[], locale: Locale) {
    const started = performance.now();
    const parsed = await parseRosterFile(bytes, fileName, locale);
    if (!parsed.ok) return parsed;
    const parsedAt = performance.now();
    const buildings = await this.repo.buildingsUnder(scopes);
    const byName = new Map<string, (typeof buildings)[number][]>();
    const norm = (s: string) => s.replace(/\s+/g, '').normalize('NFKC');
    for (const b of buildings) {
      for (const key of [norm(b.code), `${norm(b.estate)}|${norm(b.name)}`, `|${norm(b.name)}`]) {
        byName.set(key, [...(byName.get(key) ?? []), b]);
      }
    }
    const hashes = new Map<string, string>();
    for (const row of parsed.sheet.rows) {
      const info = parseIdNumber(row.cells.idNumber ?? '');
      if (!('problem' in info)) hashes.set(info.normalized, idNumberHash(this.secrets, info.normalized));
    }
    const known = await this.repo.existingIdHashes([...hashes.values()]);
    const tags = await this.repo.tags();
    const validation = validateRoster(parsed.sheet, {
      resolveBuilding: (estate, building) => {
        const candidates = byName.get(norm(building)) ?? byName.get(`${norm(estate ?? '')}|${norm(building)}`) ?? (estate ? [] : byName.get(`|${norm(building)}`) ?? []);
        // A bare building name shared by two estates is ambiguous: treat as unknown so the office adds the estate.
        const b = candidates.length === 1 ? candidates[0]! : null;
        return b ? { buildingId: b.id, stairwells: b.stairwells } : null;
      },
      tags: tags.flatMap((t) => [{ code: t.code, label: t.zh }, { code: t.code, label: t.en }]),
      isKnownIdHash: (id) => known.has(hashes.get(normalizeIdNumber(id)) ?? idNumberHash(this.secrets, id)),
    }, locale);
    if (!validation.ok) return validation;
    const checkedAt = performance.now();
    const byId = new Map(buildings.map((b) => [b.id, b]));
    const result = await this.addHouseholds(validation.households.map((h: ValidHousehold) => {
      const b = byId.get(h.buildingId)!;
      return {
        buildingId: b.id, buildingCode: b.code, buildingPath: b.path, stairwell: h.stairwell ?? '', room: h.room, floorAreaCenti: h.floorAreaCenti,
        residents: h.residents.map((r) => ({
          name: r.name, idNumber: r.idNumber, idNumberHash: hashes.get(r.idNumber), phone: r.phone, birthDate: r.birthDate, gender: r.gender,
          householdRole: r.role, residency: r.residency, tags: r.tagCodes,
        })),
      };
    }));
    const timings = { parseMs: Math.round(parsedAt - started), checkMs: Math.round(checkedAt - parsedAt), writeMs: Math.round(performance.now() - checkedAt) };
    return { ok: true as const, ...result, timings };
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
      age: ageOn(row.birth_date, today),
      gender: row.gender,
      householdRole: row.household_role,
      residency: row.residency,
      tags: row.tags,
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
