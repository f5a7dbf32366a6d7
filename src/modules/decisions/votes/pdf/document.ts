import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** The CJK font the CI installs (fonts-wqy-microhei); PDFs in Chinese cannot be made without one. */
export const cjkFont = process.env.GONGZHI_CJK_FONT ?? '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export function newDocument(title: string): PDFKit.PDFDocument {
  if (!existsSync(cjkFont)) throw new Error(`CJK font missing: ${cjkFont} (apt-get install fonts-wqy-microhei)`);
  const doc = new PDFDocument({ size: 'A4', margin: 50, autoFirstPage: false, info: { Title: title, Producer: 'Gongzhi' } });
  doc.registerFont('cjk', cjkFont, 'WenQuanYiMicroHei');
  return doc;
}

export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Draws a QR code as vector squares: crisp at any print size, and no image per page. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 8);
  const origin = { x: x + 4 * cell, y: y + 4 * cell };
  doc.save().fillColor('#000');
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) doc.rect(origin.x + c * cell, origin.y + r * cell, cell, cell);
  }
  doc.fill().restore();
}
