import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  PageBreak,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import QRCode from 'qrcode';
import type { Block, CertificateModel, DocumentModel } from '../model';
import { DOCX_FONT } from './fonts';

/** Half-points: 13 pt body, as Decree 30 asks (13–14). */
const BODY = 26;
const MM = 56.7; // twips per millimetre

const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}) => new TextRun({ text, font: DOCX_FONT, size: o.size ?? BODY, bold: o.bold, italics: o.italics, color: o.color });

/** A paragraph; "\n" in the text becomes a line break. */
const para = (text: string, o: { bold?: boolean; italics?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; color?: string; after?: number } = {}) =>
  new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 60 },
    children: text.split('\n').flatMap((line, i) => [...(i > 0 ? [new TextRun({ break: 1 })] : []), run(line, o)] as ParagraphChild[]),
  });

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const cell = (children: Paragraph[], width: number) => new TableCell({ children, width: { size: width, type: WidthType.PERCENTAGE } });

const header = (m: DocumentModel): Table =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              ...(m.header.parent ? [para(m.header.parent, { align: AlignmentType.CENTER, size: 24, after: 0 })] : []),
              para(m.header.issuer, { bold: true, align: AlignmentType.CENTER, size: 24, after: 120 }),
              para(m.header.number, { align: AlignmentType.CENTER }),
            ],
            42,
          ),
          cell(
            [
              para(m.motto[0], { bold: true, align: AlignmentType.CENTER, size: 24, after: 0 }),
              new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: m.motto[1], font: DOCX_FONT, size: BODY, bold: true, underline: {} })] }),
              para(m.header.placeDate, { italics: true, align: AlignmentType.CENTER }),
            ],
            58,
          ),
        ],
      }),
    ],
  });

const table = (b: Extract<Block, { type: 'table' }>): (Paragraph | Table)[] => {
  const total = b.widths.reduce((s, x) => s + x, 0);
  const row = (cells: (string | number)[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map((c, i) => cell([para(String(c), { bold, size: 24, align: typeof c === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT, after: 0 })], (b.widths[i] / total) * 100)),
    });
  const rows = [...(b.columns.some((c) => c !== '') ? [row(b.columns, true)] : []), ...b.rows.map((r) => row(r, false))];
  return [...(b.title ? [para(b.title, { bold: true, align: AlignmentType.CENTER })] : []), new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }), para('')];
};

const block = (b: Block): (Paragraph | Table)[] => {
  switch (b.type) {
    case 'p':
      return [para(b.text, { bold: b.bold, italics: b.italic, align: b.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED })];
    case 'heading':
      return [para(b.text, { bold: true, align: AlignmentType.LEFT })];
    case 'fields':
      return b.rows.map(([label, value]) => new Paragraph({ spacing: { after: 40 }, children: [run(`${label}: `, { bold: true }), run(value)] }));
    case 'table':
      return table(b);
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
};

const qr = async (text: string, mm: number) =>
  new ImageRun({ type: 'png', data: await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 1, width: 240 }), transformation: { width: mm * 3.78, height: mm * 3.78 } });

const signatures = (m: DocumentModel): Table => {
  const sign = (s: DocumentModel['signatures'][number]) => [
    para(s.title, { bold: true, align: AlignmentType.CENTER, after: 0 }),
    para(m.lang === 'vi' ? '(Ký, ghi rõ họ tên)' : '(Signature, full name)', { italics: true, size: 22, align: AlignmentType.CENTER, after: 1200 }),
    para(s.name ?? '', { bold: true, align: AlignmentType.CENTER }),
  ];
  const left = m.signatures.length === 2 ? sign(m.signatures[0]) : m.recipients ? [para(m.recipients.label, { bold: true, italics: true, size: 24, align: AlignmentType.LEFT, after: 0 }), ...m.recipients.lines.map((l) => para(`- ${l}`, { size: 22, align: AlignmentType.LEFT, after: 0 }))] : [para('')];
  const right = sign(m.signatures[m.signatures.length - 1]);
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, rows: [new TableRow({ children: [cell(left, 50), cell(right, 50)] })] });
};

const verification = async (v: DocumentModel['verification']) => [
  new Paragraph({ spacing: { before: 240 }, children: [await qr(v.url, 22)] }),
  para(v.label, { italics: true, size: 18, align: AlignmentType.LEFT, after: 0 }),
  para(v.code, { size: 16, align: AlignmentType.LEFT }),
];

const PAGE = { margin: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } };

/** The document as a Word file, to edit and sign: the same blocks as the PDF. */
export const documentDocx = async (m: DocumentModel): Promise<Buffer> => {
  const doc = new Document({
    creator: 'Laurel',
    title: m.title,
    styles: { default: { document: { run: { font: DOCX_FONT, size: BODY } } } },
    sections: [
      {
        properties: { page: PAGE },
        children: [
          header(m),
          para(''),
          para(m.title, { bold: true, size: 28, align: AlignmentType.CENTER, after: 0 }),
          ...(m.subject ? [para(m.subject, { bold: true, align: AlignmentType.CENTER, after: 240 })] : []),
          ...m.blocks.flatMap(block),
          signatures(m),
          ...(await verification(m.verification)),
          ...(m.annex ? [new Paragraph({ children: [new PageBreak()] }), ...m.annex.flatMap(block)] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
};

/** A certificate as a Word file (landscape). */
export const certificateDocx = async (c: CertificateModel): Promise<Buffer> => {
  const center = (text: string, o: Parameters<typeof para>[1] = {}) => para(text, { align: AlignmentType.CENTER, ...o });
  const doc = new Document({
    creator: 'Laurel',
    title: c.title,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 15 * MM, bottom: 15 * MM, left: 20 * MM, right: 20 * MM } } },
        children: [
          center(c.motto[0], { bold: true, after: 0 }),
          center(c.motto[1], { bold: true, size: 28 }),
          center(c.issuer, { bold: true, size: 30 }),
          center(c.title, { bold: true, size: 80, color: 'B22222' }),
          center(c.presentedTo, { italics: true, size: 32 }),
          center(c.recipient, { bold: true, size: 44 }),
          ...(c.authors ? [center(c.authors, { size: 28 })] : []),
          center(c.forInitiative, { italics: true, size: 30 }),
          center(c.citation, { bold: true, italics: true, size: 34 }),
          center(c.placeDate, { italics: true }),
          center(c.signerTitle, { bold: true, after: 1000 }),
          center(c.signerName, { bold: true }),
          para(c.decisionRef, { size: 22, align: AlignmentType.LEFT }),
          ...(await verification(c.verification)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
};
