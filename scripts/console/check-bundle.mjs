#!/usr/bin/env node
/* global process, console */
// The console's first load: the JavaScript a browser fetches before the first screen (the entry
// chunk and, transitively, its static imports — never the lazily imported chunks), gzipped.
// Fails above the budget (issue 10: ≤ 300 kB), or when ECharts or mermaid is part of the first load.
// Reads Vite's manifest (dist/console/.vite/manifest.json); run after `npm run console:build`.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
const dist = resolve(process.argv[2] ?? 'dist/console');
const manifestFile = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`check-bundle: no ${manifestFile}: build the console first (npm run console:build)`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (!entries.length) {
  console.error('check-bundle: the manifest names no entry chunk');
  process.exit(2);
}

// The first load: entries and their static imports, transitively (dynamicImports are lazy).
const firstLoad = new Map();
const visit = (key) => {
  if (firstLoad.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) return;
  firstLoad.set(key, chunk);
  for (const next of chunk.imports ?? []) visit(next);
};
for (const [key] of entries) visit(key);

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
let js = 0;
let css = 0;
const rows = [];
for (const [key, chunk] of firstLoad) {
  const size = gz(chunk.file);
  js += size;
  rows.push(`  ${kB(size).padStart(10)}  ${chunk.file}  (${key})`);
  for (const sheet of chunk.css ?? []) css += gz(sheet);
}
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && ![...firstLoad.values()].includes(c));
console.log(`console first load: ${kB(js)} of JavaScript gzipped (budget ${kB(BUDGET_BYTES)}), ${kB(css)} of CSS; ${firstLoad.size} chunk(s) at first load, ${lazy.length} lazy`);
for (const row of rows) console.log(row);

const heavy = [...firstLoad.entries()].filter(([key, c]) => /echarts|mermaid|zrender|cytoscape|dagre|katex/i.test(`${key} ${c.file} ${c.name ?? ''}`));
let failed = false;
if (heavy.length) {
  console.error(`check-bundle: heavy libraries in the first load (load them with import() in the screen that needs them): ${heavy.map(([k]) => k).join(', ')}`);
  failed = true;
}
if (js > BUDGET_BYTES) {
  console.error(`check-bundle: the first load is ${kB(js)} gzipped, over the ${kB(BUDGET_BYTES)} budget`);
  failed = true;
}
process.exit(failed ? 1 : 0);
