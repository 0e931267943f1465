// Bundles server.ts (and the API and domain code it imports) into dist/server.cjs. CommonJS, because an
// ESM bundle breaks next-auth v4's exports; packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['server.ts'],
  outfile: 'dist/server.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  tsconfig: 'tsconfig.json',
});
console.log('built dist/server.cjs');
