// Nest 12 ships as ESM; jest's CommonJS runtime cannot require() ESM on Node 20,
// so @swc/jest also compiles those few node_modules packages to CommonJS.
const swc = ['@swc/jest', {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
  module: { type: 'commonjs' },
}];
// Fastify's plugins load some ESM dependencies (cookie, content-disposition) with import(): compiled too.
const esmPackages = ['@nestjs', 'jose', 'uid', 'file-type', 'strtok3', 'token-types', 'peek-readable', '@tokenizer', 'uint8array-extras', '@fastify', 'cookie', 'content-disposition'];
const common = {
  transform: { '^.+\\.(t|m?j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@laurel/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
    '^@laurel/(domain|event-store|infra|application|projections|read-models|testing|notifications|documents)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      // 60 s per test: set in integration-timeout.ts (jest ignores testTimeout in a project).
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/integration-timeout.ts'],
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      setupFiles: ['<rootDir>/libs/testing/src/setup-env.ts'],
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    // The KurrentDB contract run (`npm run test:kurrentdb`): only with a server at KURRENTDB_URL.
    ...(process.env.KURRENTDB_URL ? [{ ...common, displayName: 'kurrentdb', testMatch: ['<rootDir>/libs/**/*.kurrentdb-spec.ts'], setupFiles: ['<rootDir>/libs/testing/src/setup-env.ts'], setupFilesAfterEnv: ['<rootDir>/libs/testing/src/integration-timeout.ts'] }] : []),
  ],
};
