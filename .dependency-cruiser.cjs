/**
 * Architectural boundaries, checked in CI (`npm run boundaries`).
 * The domain library is pure TypeScript: no framework, no infrastructure, no Node built-ins, no
 * packages at all — only its own files.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain may import only its own files: no @nestjs/*, pg, ioredis, bullmq, node: built-ins or any other package.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { pathNot: '^libs/domain/' },
    },
    {
      name: 'event-store-has-no-framework',
      comment: 'libs/event-store is a plain library: adapters may use their drivers, never Nest.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '(^|/)node_modules/@nestjs/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'console-features-are-independent',
      comment: 'A console feature (apps/console/src/features/X) never imports another feature (features/Y): shared code goes to src/lib or src/components, the app composes features (docs/console.md).',
      severity: 'error',
      from: { path: '^apps/console/src/features/([^/]+)/' },
      to: { path: '^apps/console/src/features/([^/]+)/', pathNot: '^apps/console/src/features/$1/' },
    },
    {
      name: 'console-lib-does-not-import-features',
      comment: 'src/lib and src/components are shared by every feature: they never import one.',
      severity: 'error',
      from: { path: '^apps/console/src/(lib|components)/' },
      to: { path: '^apps/console/src/features/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    // Node built-ins are reported as core modules; the domain rule must catch them too.
    builtInModules: { add: [] },
  },
};
