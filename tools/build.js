#!/usr/bin/env node
// Compiles every app and lib in one TypeScript program into dist/, then makes
// the `@catalyse/*` aliases of tsconfig.base.json resolvable at run time by
// writing tiny forwarding modules into dist/node_modules.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
  cwd: root,
});

const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const compiled = path.join(dist, target.replace(/\.ts$/, '.js'));
  const stub = path.join(dist, 'node_modules', `${alias}.js`);
  const alt = path.join(dist, 'node_modules', alias, 'index.js');
  // `@catalyse/x` resolves to node_modules/@catalyse/x/index.js (a folder, since
  // `@catalyse/x/testing` may exist beside it); a subpath to its own file.
  const file = alias.split('/').length === 2 ? alt : stub;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let rel = path.relative(path.dirname(file), compiled).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  fs.writeFileSync(file, `module.exports = require(${JSON.stringify(rel)});\n`);
}

// The console (apps/console, Preact + Chart.js): one browser bundle that the api
// serves at `/`, with no CDN (docs/adr/0016-typed-client-and-console.md).
const consoleOut = path.join(dist, 'apps', 'console', 'public');
fs.rmSync(consoleOut, { recursive: true, force: true });
require('esbuild').buildSync({
  absWorkingDir: root,
  entryPoints: { main: 'apps/console/src/main.tsx' },
  outdir: consoleOut,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  tsconfig: path.join(root, 'apps', 'console', 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'apps', 'console', 'src', 'index.html'), path.join(consoleOut, 'index.html'));

fs.writeFileSync(path.join(dist, '.built'), new Date().toISOString());
