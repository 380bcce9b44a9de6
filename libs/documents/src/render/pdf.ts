import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Block, CertificateModel, DocumentModel } from '../model';
import { tinos } from './fonts';

type Pdf = PDFKit.PDFDocument;

const MM = 72 / 25.4;
/** Decree 30 margins: top and bottom 20 mm, left 30 mm, right 15 mm. */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const BODY = 13;

/**
 * A new PDF with Tinos embedded under four names. pdfkit parses each face used anew per document
 * (most of a one-page document's time); sharing a parsed font between documents garbled the text
 * of later ones, so each document parses its own.
 */
export const newPdf = (layout: 'portrait' | 'landscape' = 'portrait', info: { Title?: string; Subject?: string } = {}): Pdf => {
  const doc = new PDFDocument({ size: 'A4', layout, margins: MARGINS, autoFirstPage: false, info: { ...info, Creator: 'Laurel' }, compress: true });
  const fonts = tinos();
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  doc.registerFont('I', fonts.italic);
  doc.registerFont('BI', fonts.boldItalic);
  return doc;
};

/** The QR code drawn as vector squares: sharp at any print size, and no image to encode. */
export const drawQr = (doc: Pdf, text: string, x: number, y: number, size: number): void => {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const cell = size / (modules.size + 2);
  doc.save().rect(x, y, size, size).fill('#ffffff').fillColor('#000000');
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell, cell);
  }
  doc.fill('#000000').restore();
};

const contentWidth = (doc: Pdf) => doc.page.width - MARGINS.left - MARGINS.right;
const bottom = (doc: Pdf) => doc.page.height - MARGINS.bottom;

const ensure = (doc: Pdf, height: number) => {
  if (doc.y + height > bottom(doc)) doc.addPage();
};

const header = (doc: Pdf, m: DocumentModel) => {
  const left = MARGINS.left - 15 * MM;
  const w = contentWidth(doc) + 15 * MM;
  const leftW = w * 0.42;
  const rightX = left + leftW;
  const rightW = w - leftW;
  const top = doc.y;
  let y = top;
  if (m.header.parent) {
    doc.font('R').fontSize(12).text(m.header.parent, left, y, { width: leftW, align: 'center' });
    y = doc.y;
  }
  doc.font('B').fontSize(12).text(m.header.issuer, left, y, { width: leftW, align: 'center' });
  y = doc.y + 2;
  doc.moveTo(left + leftW * 0.35, y).lineTo(left + leftW * 0.65, y).lineWidth(0.6).stroke();
  doc.font('R').fontSize(BODY).text(m.header.number, left, y + 6, { width: leftW, align: 'center' });
  const leftBottom = doc.y;
  doc.font('B').fontSize(12).text(m.motto[0], rightX, top, { width: rightW, align: 'center' });
  doc.font('B').fontSize(13).text(m.motto[1], rightX, doc.y, { width: rightW, align: 'center' });
  const mottoW = doc.widthOfString(m.motto[1]);
  const ly = doc.y + 2;
  doc.moveTo(rightX + (rightW - mottoW) / 2, ly).lineTo(rightX + (rightW + mottoW) / 2, ly).lineWidth(0.6).stroke();
  doc.font('I').fontSize(BODY).text(m.header.placeDate, rightX, ly + 10, { width: rightW, align: 'center' });
  doc.x = MARGINS.left;
  doc.y = Math.max(leftBottom, doc.y) + 18;
};

const table = (doc: Pdf, b: Extract<Block, { type: 'table' }>) => {
  const width = contentWidth(doc);
  const total = b.widths.reduce((s, x) => s + x, 0);
  const cols = b.widths.map((x) => (x / total) * width);
  const pad = 3;
  const size = b.columns.length > 4 ? 11 : 12;
  if (b.title) {
    ensure(doc, 60);
    doc.font('B').fontSize(BODY).text(b.title, MARGINS.left, doc.y, { width, align: 'center' });
    doc.moveDown(0.5);
  }
  const row = (cells: (string | number)[], bold: boolean) => {
    doc.font(bold ? 'B' : 'R').fontSize(size);
    const heights = cells.map((c, i) => doc.heightOfString(String(c), { width: cols[i] - 2 * pad }));
    const h = Math.max(...heights, size) + 2 * pad;
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      if (!bold) row(b.columns, true);
      doc.font(bold ? 'B' : 'R').fontSize(size);
    }
    const y = doc.y;
    let x = MARGINS.left;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i], h).lineWidth(0.5).stroke();
      doc.text(String(c), x + pad, y + pad, { width: cols[i] - 2 * pad, align: typeof c === 'number' ? 'right' : 'left', lineBreak: true });
      x += cols[i];
    });
    doc.x = MARGINS.left;
    doc.y = y + h;
  };
  if (b.columns.some((c) => c !== '')) row(b.columns, true);
  for (const r of b.rows) row(r, false);
  doc.moveDown(0.6);
};

const block = (doc: Pdf, b: Block) => {
  const width = contentWidth(doc);
  switch (b.type) {
    case 'p':
      ensure(doc, 20);
      doc.font(b.bold ? (b.italic ? 'BI' : 'B') : b.italic ? 'I' : 'R').fontSize(BODY).text(b.text, MARGINS.left, doc.y, { width, align: b.center ? 'center' : 'justify', indent: b.center ? 0 : 28 });
      doc.moveDown(0.4);
      return;
    case 'heading':
      ensure(doc, 40);
      doc.font('B').fontSize(BODY).text(b.text, MARGINS.left, doc.y, { width });
      doc.moveDown(0.3);
      return;
    case 'fields':
      for (const [label, value] of b.rows) {
        ensure(doc, 18);
        doc.font('B').fontSize(BODY).text(`${label}: `, MARGINS.left, doc.y, { width, continued: true }).font('R').text(value);
      }
      doc.moveDown(0.4);
      return;
    case 'table':
      return table(doc, b);
    case 'pageBreak':
      doc.addPage();
      return;
  }
};

const signatures = (doc: Pdf, m: DocumentModel) => {
  ensure(doc, 150);
  const width = contentWidth(doc);
  const top = doc.y + 6;
  const colW = width / 2;
  if (m.recipients) {
    doc.font('BI').fontSize(12).text(m.recipients.label, MARGINS.left, top, { width: colW - 10 });
    doc.font('R').fontSize(11);
    for (const line of m.recipients.lines) doc.text(`- ${line}`, { width: colW - 10 });
  }
  const blocks = m.signatures.length === 1 ? [{ ...m.signatures[0], x: MARGINS.left + colW }] : m.signatures.map((s, i) => ({ ...s, x: MARGINS.left + i * colW }));
  let end = doc.y;
  for (const s of blocks) {
    doc.font('B').fontSize(BODY).text(s.title, s.x, top, { width: colW, align: 'center' });
    doc.font('I').fontSize(11).text(m.lang === 'vi' ? '(Ký, ghi rõ họ tên)' : '(Signature, full name)', s.x, doc.y, { width: colW, align: 'center' });
    if (s.name) doc.font('B').fontSize(BODY).text(s.name, s.x, doc.y + 55, { width: colW, align: 'center' });
    end = Math.max(end, doc.y + (s.name ? 0 : 70));
  }
  doc.x = MARGINS.left;
  doc.y = end + 12;
};

const verification = (doc: Pdf, v: DocumentModel['verification']) => {
  const size = 62;
  ensure(doc, size + 8);
  const y = doc.y;
  drawQr(doc, v.url, MARGINS.left, y, size);
  doc.font('I').fontSize(9).text(v.label, MARGINS.left + size + 8, y + 4, { width: contentWidth(doc) - size - 8 });
  doc.font('R').fontSize(8).text(v.code, { width: contentWidth(doc) - size - 8 });
  doc.y = Math.max(doc.y, y + size) + 4;
};

/** Draws one administrative document into an open PDF, from a new page. */
export const drawDocument = (doc: Pdf, m: DocumentModel): void => {
  doc.addPage();
  header(doc, m);
  doc.font('B').fontSize(14).text(m.title, MARGINS.left, doc.y, { width: contentWidth(doc), align: 'center' });
  if (m.subject) doc.font('B').fontSize(BODY).text(m.subject, { width: contentWidth(doc), align: 'center' });
  doc.moveDown(1);
  for (const b of m.blocks) block(doc, b);
  signatures(doc, m);
  verification(doc, m.verification);
  if (m.annex) {
    doc.addPage();
    for (const b of m.annex) block(doc, b);
  }
};

/** Draws one certificate on a landscape page. */
export const drawCertificate = (doc: Pdf, c: CertificateModel): void => {
  doc.addPage({ size: 'A4', layout: 'landscape', margins: { top: 40, bottom: 30, left: 50, right: 50 } });
  const W = doc.page.width;
  const H = doc.page.height;
  doc.lineWidth(3).strokeColor('#b8860b').rect(22, 22, W - 44, H - 44).stroke();
  doc.lineWidth(1).rect(30, 30, W - 60, H - 60).stroke().strokeColor('#000000');
  const x = 60;
  const w = W - 120;
  doc.fillColor('#000000').font('B').fontSize(13).text(c.motto[0], x, 48, { width: w, align: 'center' });
  doc.font('B').fontSize(14).text(c.motto[1], x, doc.y, { width: w, align: 'center' });
  doc.moveDown(0.8);
  doc.font('B').fontSize(15).text(c.issuer, x, doc.y, { width: w, align: 'center' });
  doc.moveDown(0.6);
  doc.fillColor('#b22222').font('B').fontSize(40).text(c.title, x, doc.y, { width: w, align: 'center' });
  doc.fillColor('#000000').moveDown(0.3);
  doc.font('I').fontSize(16).text(c.presentedTo, x, doc.y, { width: w, align: 'center' });
  doc.font('B').fontSize(22).text(c.recipient, x, doc.y + 4, { width: w, align: 'center' });
  if (c.authors) doc.font('R').fontSize(14).text(c.authors, x, doc.y + 2, { width: w, align: 'center' });
  doc.font('I').fontSize(15).text(c.forInitiative, x, doc.y + 8, { width: w, align: 'center' });
  doc.font('BI').fontSize(17).text(c.citation, x + 40, doc.y + 2, { width: w - 80, align: 'center' });
  const baseY = H - 170;
  doc.font('R').fontSize(12).text(c.decisionRef, x + 10, baseY + 20, { width: w / 2 - 20 });
  drawQr(doc, c.verification.url, x + 10, baseY + 44, 72);
  doc.font('R').fontSize(7).text(c.verification.code, x + 90, baseY + 60, { width: w / 2 - 110 });
  doc.font('I').fontSize(13).text(c.placeDate, x + w / 2, baseY, { width: w / 2, align: 'center' });
  doc.font('B').fontSize(14).text(c.signerTitle, x + w / 2, doc.y + 2, { width: w / 2, align: 'center' });
  doc.font('B').fontSize(14).text(c.signerName, x + w / 2, doc.y + 50, { width: w / 2, align: 'center' });
};

/** Collects a PDF document's bytes once it ends. */
export const pdfBuffer = (doc: Pdf): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });

export const documentPdf = (m: DocumentModel): Promise<Buffer> => {
  const doc = newPdf('portrait', { Title: m.title, Subject: m.verification.code });
  drawDocument(doc, m);
  return pdfBuffer(doc);
};

export const certificatePdf = (c: CertificateModel): Promise<Buffer> => {
  const doc = newPdf('landscape', { Title: c.title, Subject: c.verification.code });
  drawCertificate(doc, c);
  return pdfBuffer(doc);
};
