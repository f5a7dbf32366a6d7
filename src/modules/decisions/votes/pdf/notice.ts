import type { Selectable } from 'kysely';
import { t, type Locale } from '../../../../core/i18n.ts';
import { renderExplanation, type TallyResult } from '../../tally/index.ts';
import type { VotesTables } from '../tables.ts';
import { newDocument, toBuffer } from './document.ts';

type MotionRow = Selectable<VotesTables['motions']>;
const when = (d: Date | null, locale: Locale) => (d ? d.toLocaleString(locale, { timeZone: 'Asia/Shanghai', hour12: false }) : '');

/** The result notice (公告) to post in the estate: outcome first, then every step of the count. */
export async function resultNoticePdf(m: MotionRow, locale: Locale): Promise<Buffer> {
  const result = m.result as TallyResult;
  const doc = newDocument(t(locale, 'votes.pdf.noticeTitle'));
  doc.addPage().font('cjk');
  doc.fontSize(20).text(t(locale, 'votes.pdf.noticeTitle'), { align: 'center' });
  doc.moveDown().fontSize(14).text(m.title, { align: 'center' });
  doc.moveDown().fontSize(11);
  doc.text(t(locale, 'votes.pdf.period', { opens: when(m.opens_at, locale), closes: when(m.closes_at, locale) }));
  doc.text(t(locale, 'votes.pdf.closedAt', { at: when(m.closed_at, locale), roll: m.roll_size ?? 0 }));
  doc.moveDown().fontSize(14).text(t(locale, 'votes.pdf.outcome', { outcome: t(locale, `votes.outcome.${result.outcome}`) }));
  doc.moveDown().fontSize(10);
  for (const s of renderExplanation(result.explanation, locale)) doc.text(`· ${s.text}`, { width: 495 });
  doc.moveDown().fontSize(9).text(t(locale, 'votes.pdf.recount', { id: m.id }), { width: 495 });
  return toBuffer(doc);
}
