// The gateway's layers, highest first: a module may import its own layer and the ones below it,
// never one above. `npm test` runs this (npm run lint:layers); README "Architecture" explains it.
const LAYERS = [
  { name: 'entry points', path: '^src/(main|demo)\\.ts$' },
  {
    name: 'server wiring, plugins and observability',
    path: '^src/(server|graphiql)\\.ts$|^src/plugins/|^src/observability/(use-metrics|metrics|tracing|access-log|route-template)\\.ts$',
  },
  { name: 'schema', path: '^src/schema/' },
  { name: 'request context and loaders', path: '^src/(context|data-loaders)\\.ts$|^src/observability/(operation-scope|request-id)\\.ts$' },
  { name: 'upstream API modules', path: '^src/upstream/(ai-gateway|openrouter|index)\\.ts$' },
  { name: 'upstream client', path: '^src/upstream/(client|http-exchange|response-shape)\\.ts$' },
  {
    name: 'config, errors, logging and the contract',
    path: '^src/(config|errors|logger|secrets|operation-memo|request-path|persisted-operations)\\.ts$|^src/contract/',
  },
];

const upward = LAYERS.flatMap((layer, index) =>
  index === 0
    ? []
    : [
        {
          name: `layer-${index}-points-down`,
          comment: `${layer.name} may not import a layer above it (${LAYERS.slice(0, index)
            .map((above) => above.name)
            .join(', ')}).`,
          severity: 'error',
          from: { path: layer.path },
          to: {
            path: LAYERS.slice(0, index)
              .map((above) => `(${above.path})`)
              .join('|'),
          },
        },
      ],
);

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'every-module-has-a-layer',
      comment: 'A gateway module outside every layer: add it to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/simulator/', ...LAYERS.map((layer) => layer.path)] },
      to: {},
    },
    {
      name: 'simulator-shares-only-the-contract',
      comment: 'The simulator stands apart from the gateway: it may import only itself and src/contract/.',
      severity: 'error',
      from: { path: '^src/simulator/' },
      to: { path: '^src/', pathNot: '^src/(simulator|contract)/' },
    },
    {
      name: 'gateway-does-not-import-the-simulator',
      comment: 'Only the demo entry point starts the simulator beside the gateway.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/simulator/', '^src/demo\\.ts$'] },
      to: { path: '^src/simulator/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/contract/(ai-gateway|openrouter)\\.ts$' },
  },
};
