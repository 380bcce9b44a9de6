import * as path from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

const COMPILED = __filename.endsWith('.js');

/**
 * How to start one of this folder's thread entry points (`name`: 'hash-worker', …) as a worker
 * thread: the compiled file next to this one, or — when running from the TypeScript sources (the
 * tests, a development run) — a small bootstrap that compiles them as they are required, with the
 * same compiler the tests use (@swc/core, a development dependency), so the threaded paths are the
 * ones the tests run too.
 */
export function threadScript(name: string, workerData: unknown): { script: string; options: WorkerOptions } {
  if (COMPILED) return { script: path.join(__dirname, `${name}.js`), options: { workerData } };
  const file = path.join(__dirname, `${name}.ts`);
  const bootstrap = `
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  module._compile(code, filename);
};
require(${JSON.stringify(file)});
`;
  return { script: bootstrap, options: { eval: true, workerData } };
}
