import ExcelJS from 'exceljs';
import type { HoursRow } from './service.ts';
import type { HoursTotals } from './rules.ts';

export interface ExportLabels {
  sheet: string;
  title: string;
  columns: { date: string; source: string; minutes: string; hours: string; status: string; reason: string };
  sources: Record<HoursRow['source'], string>;
  statuses: Record<HoursRow['status'], string>;
  totals: string;
}

const chinaDay = (d: Date) => new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** One volunteer's service hours as an .xlsx: one row per entry, then totals by status. */
export async function hoursWorkbook(volunteer: string, rows: readonly HoursRow[], sums: HoursTotals, labels: ExportLabels): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Gongzhi';
  const sheet = book.addWorksheet(labels.sheet);
  sheet.addRow([labels.title, volunteer]).font = { bold: true };
  sheet.addRow([]);
  const header = sheet.addRow([labels.columns.date, labels.columns.source, labels.columns.minutes, labels.columns.hours, labels.columns.status, labels.columns.reason]);
  header.font = { bold: true };
  for (const r of [...rows].sort((a, b) => new Date(a.startedAt).getTime() - new Date(b.startedAt).getTime())) {
    sheet.addRow([chinaDay(r.startedAt), labels.sources[r.source], r.minutes, Math.round((r.minutes / 60) * 100) / 100, labels.statuses[r.status], r.reason ?? '']);
  }
  sheet.addRow([]);
  for (const s of ['approved', 'pending', 'declined'] as const) sheet.addRow([labels.totals, labels.statuses[s], null, sums[s]]).font = { bold: s === 'approved' };
  sheet.columns.forEach((c, i) => (c.width = [18, 12, 10, 10, 10, 30][i] ?? 12));
  return Buffer.from(await book.xlsx.writeBuffer());
}
