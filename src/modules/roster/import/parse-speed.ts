/**
 * Micro-benchmark (not a test): builds a 100,000-resident roster .xlsx in memory with the exporter,
 * then times parseRosterFile + validateRoster on it.
 *   node --import tsx src/modules/roster/import/parse-speed.ts [rows] [--exceljs]
 * --exceljs also times exceljs's streaming reader on the same bytes, for decision 0040.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { t } from '../../../core/i18n.ts';
import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';
import { fixtureContext } from './fixtures/fixtures.ts';
import { parseRosterFile, validateRoster, writeRosterXlsx, type HouseholdRole, type RosterContext, type RosterExportRow } from './index.ts';

const args = process.argv.slice(2);
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const buildingCount = 200;
// Realistic cells: Han characters in estate, building, stairwell, name, role, residency and tags.
const stairwells = ['1', '2'].map((n) => `${n}\u5355\u5143`);
const hanName = (i: number): string =>
  String.fromCharCode(0x4e00 + (i % 300), 0x5000 + ((i * 7) % 5000), ...(i % 3 === 0 ? [0x6000 + (i % 4000)] : []));
const tags = fixtureContext().tags;

function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1930, 0, 1) + (i % 30_000) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${330481 + Math.floor(i / 30_000)}${date}${String(i % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckDigit(first17);
}

function makeRows(): RosterExportRow[] {
  const rows: RosterExportRow[] = [];
  const roles: HouseholdRole[] = ['head', 'spouse', 'child'];
  for (let i = 0; i < total; i++) {
    const household = Math.floor(i / 3);
    const id = idNumber(i);
    rows.push({
      estate: t('zh-CN', 'roster.template.estate'),
      building: `${household % buildingCount}\u5e62`,
      stairwell: stairwells[Math.floor(household / buildingCount) % 2]!,
      room: String(101 + Math.floor(household / (buildingCount * 2))),
      floorAreaCenti: 6000 + (household % 9000),
      name: hanName(i),
      idNumber: id,
      phone: `139${String(i).padStart(8, '0')}`,
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
      role: roles[i % 3]!,
      residency: i % 5 === 0 ? 'newResident' : 'local',
      tagLabels: i % 7 === 0 ? [tags[0]!.label, tags[1]!.label] : [],
    });
  }
  return rows;
}

const context: RosterContext = {
  resolveBuilding: (_estate, building) => ({ buildingId: `id-${building}`, stairwells }),
  tags,
  isKnownIdHash: () => false,
};

const t0 = performance.now();
const bytes = await writeRosterXlsx(makeRows());
console.log(`built ${total} rows: ${(bytes.length / 1e6).toFixed(1)} MB xlsx in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

for (let run = 1; run <= 3; run++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const parsed = await parseRosterFile(bytes, 'bench.xlsx');
  const parsedAt = performance.now();
  const cpuParsed = process.cpuUsage(cpuStart);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const result = validateRoster(parsed.sheet, context);
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
  const rate = (ms: number): string => `${Math.round(total / (ms / 1000)).toLocaleString('en')} rows/s`;
  console.log(
    `run ${run}: parse ${(parsedAt - start).toFixed(0)} ms (${rate(parsedAt - start)}), ` +
      `validate ${(end - parsedAt).toFixed(0)} ms (${rate(end - parsedAt)}), ` +
      `parse+validate ${(end - start).toFixed(0)} ms = ${rate(end - start)}; ${result.households.length} households`,
  );
  // Wall time suffers when other processes share the machine; CPU time shows what one core does.
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  console.log(
    `       CPU time: parse ${cpuMs(cpuParsed).toFixed(0)} ms (${rate(cpuMs(cpuParsed))}), ` +
      `parse+validate ${cpuMs(cpu).toFixed(0)} ms = ${rate(cpuMs(cpu))}`,
  );
}

if (args.includes('--exceljs')) {
  const start = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {});
  let rows = 0;
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  const ms = performance.now() - start;
  console.log(`exceljs streaming reader alone: ${rows} rows in ${ms.toFixed(0)} ms = ${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`);
}
