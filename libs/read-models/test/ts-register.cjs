/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
// Lets a child `node` process run the TypeScript sources directly (as jest does with @swc/jest):
// compiles .ts on require and maps the @laurel/* aliases to libs/*/src.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const alias = /^@laurel\/([a-z-]+)(\/.+)?$/.exec(request);
  const mapped = alias ? path.join(root, 'libs', alias[1], 'src', alias[2] ?? 'index.ts') : request;
  return resolveFilename.call(this, mapped, parent, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
