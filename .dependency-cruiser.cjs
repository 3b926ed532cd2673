// The layers, checked by `npm run lint` (dependency-cruiser): what may import what. See CONTRIBUTING.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle, type-only imports included: a cycle hides which module is the lower layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing of the hosts, the features or the CLI (and lint keeps vscode and Node built-ins out).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(host|features|cli|manifest)/|^src/extension\\.ts$' },
    },
    {
      name: 'manifest-is-data',
      comment: 'src/manifest (the settings and commands tables package.json is generated from) may import only the core.',
      severity: 'error',
      from: { path: '^src/manifest/' },
      to: { path: '^src/(host|features|cli)/|^src/extension\\.ts$' },
    },
    {
      name: 'host-below-features',
      comment: 'Host adapters (src/host) serve the features; they never import one.',
      severity: 'error',
      from: { path: '^src/host/' },
      to: { path: '^src/(features|cli)/|^src/extension\\.ts$' },
    },
    {
      name: 'node-host-has-no-vscode',
      comment: 'src/host/node serves the CLI too: no vscode there.',
      severity: 'error',
      from: { path: '^src/(host/node|cli)/' },
      to: { path: '^src/(host/vscode|features)/|^src/extension\\.ts$' },
    },
    {
      name: 'no-feature-imports-another',
      comment: 'A feature (src/features/<feature>/) never imports another feature: what two share lives in src/host or src/core.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: '^src/features/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.json$' },
  },
};
