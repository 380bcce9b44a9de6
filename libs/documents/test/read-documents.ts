import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const run = promisify(execFile);
const SCRIPT = join(__dirname, 'pdf-text.mjs');

/** The text of every page of each PDF, read by pdfjs-dist in a child process. */
export async function pdfPages(...pdfs: Buffer[]): Promise<string[][]> {
  return (await readPdfs(pdfs)).map((d) => d.pages);
}

/** The verification code each PDF carries in its metadata (the same as printed under its QR). */
export async function pdfCodes(...pdfs: Buffer[]): Promise<(string | null)[]> {
  return (await readPdfs(pdfs)).map((d) => d.subject);
}

async function readPdfs(pdfs: Buffer[]): Promise<{ pages: string[]; subject: string | null }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'laurel-pdf-'));
  try {
    const paths = await Promise.all(pdfs.map(async (pdf, i) => {
      const path = join(dir, `${i}.pdf`);
      await writeFile(path, pdf);
      return path;
    }));
    const { stdout } = await run(process.execPath, [SCRIPT, ...paths], { maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout) as { pages: string[]; subject: string | null }[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whitespace collapsed: pdf text items split lines and words where the layout wraps them. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The text of a DOCX: the w:t runs of word/document.xml, paragraphs on their own lines. */
export async function docxText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  let text = '';
  for (const m of xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<\/w:p>|<w:br\/>/g)) text += m[1] ?? '\n';
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}
