import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Tinos (Apache 2.0, from @expo-google-fonts/tinos): metric-compatible with Times New Roman and
 * covering Vietnamese. PDFs embed it (subset); DOCX files name "Times New Roman", which Word has,
 * and whose metrics Tinos shares, so the pages break the same.
 */
export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
const FILES: Record<FontStyle, string> = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

let cache: Record<FontStyle, Buffer> | undefined;

/** The four faces, read once per process. */
export const tinos = (): Record<FontStyle, Buffer> => {
  if (!cache) {
    const root = dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
    cache = Object.fromEntries(Object.entries(FILES).map(([style, file]) => [style, readFileSync(join(root, file))])) as Record<FontStyle, Buffer>;
  }
  return cache;
};

export const DOCX_FONT = 'Times New Roman';
