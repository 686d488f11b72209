/**
 * The import rules `npm run lint` enforces (dependency-cruiser). They keep the layering visible: the kernel is
 * what every feature uses and imports no feature; vendor folders import only the kernel; the library never
 * reaches into the CDK app, local mode, the CLI or a function; functions never import each other; and nothing
 * imports in a circle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle hides which module is the foundation; move what both need into a third file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-a-library',
      severity: 'error',
      comment: 'shared/ is the library: it never imports the CDK app, local mode, the CLI or a function.',
      from: { path: '^shared/' },
      to: { path: '^(infra|functions|bench|test)/' },
    },
    {
      name: 'kernel-imports-no-feature',
      severity: 'error',
      comment: 'shared/kernel/ is what every feature uses; a feature import would turn it into a feature.',
      from: { path: '^shared/kernel/' },
      to: { path: '^shared/', pathNot: '^shared/kernel/' },
    },
    {
      name: 'adapters-of-the-kernel-stay-generic',
      severity: 'error',
      comment: 'Kernel adapters implement kernel ports only.',
      from: { path: '^shared/adapters/kernel/' },
      to: { path: '^shared/', pathNot: '^shared/(kernel|adapters/kernel)/' },
    },
    {
      name: 'vendors-know-no-feature',
      severity: 'error',
      comment: "A vendor folder holds a vendor's facts that features share; they use it, never the reverse.",
      from: { path: '^shared/vendors/' },
      to: { path: '^shared/', pathNot: '^shared/(kernel|vendors)/' },
    },
    {
      name: 'functions-are-independent',
      severity: 'error',
      comment: 'One Lambda never imports another: what two functions need belongs in shared/.',
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^functions/', pathNot: '^functions/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
