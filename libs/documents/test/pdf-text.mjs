// Reads PDFs with pdfjs-dist (ESM, Node 20: the legacy build) and prints, per file, the text of
// each page and the document's Subject (Laurel puts the verification code there), as JSON. Run as a child process: jest's CommonJS sandbox cannot import ESM.
import { readFile } from 'node:fs/promises';
import process from 'node:process';

// pdfjs-dist 6 calls Promise.withResolvers, which Node 20 lacks (it came in Node 22).
Promise.withResolvers ??= function withResolvers() {
  let resolve, reject;
  const promise = new this((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');

const out = [];
for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(await readFile(path));
  const pdf = await getDocument({ data, verbosity: 0, useSystemFonts: false, disableFontFace: true }).promise;
  const pages = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    let text = '';
    for (const item of content.items) text += item.str + (item.hasEOL ? '\n' : ' ');
    pages.push(text);
  }
  const { info } = await pdf.getMetadata();
  out.push({ pages, subject: info?.Subject ?? null });
}
process.stdout.write(JSON.stringify(out));
