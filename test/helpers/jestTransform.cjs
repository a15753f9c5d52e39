// How every jest configuration of the project reads TypeScript: swc transpiles, nothing type-checks (npm run build
// type-checks src/, npm run typecheck everything).
module.exports = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};
