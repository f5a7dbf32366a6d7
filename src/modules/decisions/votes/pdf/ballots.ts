import type { Selectable } from 'kysely';
import { t, type Locale } from '../../../../core/i18n.ts';
import type { MotionRule, RollEntry } from '../../contracts.ts';
import { choicesOf } from '../rule.ts';
import type { VotesTables } from '../tables.ts';
import { drawQr, newDocument, toBuffer } from './document.ts';

type MotionRow = Selectable<VotesTables['motions']>;

function instruction(rule: MotionRule, locale: Locale): string {
  switch (rule.method) {
    case 'civilCode278':
    case 'simpleMajority':
      return t(locale, 'votes.pdf.tickOne');
    case 'approvalSelect':
      return rule.maxApprovals ? t(locale, 'votes.pdf.tickUpTo', { max: rule.maxApprovals }) : t(locale, 'votes.pdf.tickAny');
    case 'rankedChoice':
      return t(locale, 'votes.pdf.rank');
    case 'score':
      return t(locale, 'votes.pdf.score', { min: rule.minScore, max: rule.maxScore });
  }
}

const when = (d: Date, locale: Locale) => d.toLocaleString(locale, { timeZone: 'Asia/Shanghai', hour12: false });

/** One ballot paper per voter on the frozen roll: the motion, the choices, the voter, a QR code to vote online. */
export async function ballotPapersPdf(m: MotionRow, roll: readonly RollEntry[], url: string, locale: Locale): Promise<Buffer> {
  const doc = newDocument(t(locale, 'votes.pdf.ballotTitle', { title: m.title }));
  const rule = m.rule as MotionRule;
  const choices = choicesOf(rule).map((c) => (c.title ?? (['yes', 'no', 'abstain'].includes(c.id) ? t(locale, `votes.choice.${c.id}`) : c.id)));
  for (const voter of roll) {
    doc.addPage();
    doc.font('cjk');
    drawQr(doc, url, 460, 40, 90);
    doc.fontSize(18).text(t(locale, 'votes.pdf.ballotTitle', { title: m.title }), 50, 50, { width: 400 });
    doc.moveDown(0.5).fontSize(10).text(t(locale, m.secret ? 'votes.pdf.secret' : 'votes.pdf.named'), { width: 400 });
    doc.text(t(locale, 'votes.pdf.period', { opens: when(m.opens_at, locale), closes: when(m.closes_at, locale) }), { width: 400 });
    doc.moveDown().fontSize(11).text(m.text || ' ', 50, doc.y, { width: 495, height: 260, ellipsis: true });
    doc.moveDown().fontSize(12).text(instruction(rule, locale), 50, Math.max(doc.y, 200));
    doc.moveDown(0.5);
    for (const choice of choices) {
      const y = doc.y;
      doc.rect(60, y, 14, 14).stroke();
      doc.text(choice, 85, y, { width: 450 });
      doc.moveDown(0.6);
    }
    const bottom = 700;
    doc.fontSize(11).text(t(locale, 'votes.pdf.voter', { label: voter.label, id: voter.voterId }), 50, bottom, { width: 495 });
    if (voter.unit) doc.text(t(locale, 'votes.pdf.area', { area: voter.unit.area }), 50, doc.y, { width: 495 });
    doc.text(t(locale, m.secret ? 'votes.pdf.noSignature' : 'votes.pdf.signature'), 50, doc.y + 6, { width: 495 });
    doc.fontSize(8).text(t(locale, 'votes.pdf.online', { url }), 50, 760, { width: 495, lineBreak: false });
  }
  if (roll.length === 0) doc.addPage().font('cjk').fontSize(12).text(t(locale, 'votes.pdf.emptyRoll'));
  return toBuffer(doc);
}
