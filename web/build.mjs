// Builds the browser side of cartelgraph into dist/, self-contained (no URL
// outside the server), which the Go package web embeds:
//
//   index.html, playground.js, playground.css   the GraphiQL playground (/)
//   graph.html, graph.js, graph.css             the graph view (/graph)
//
// Run it through scripts/web-build.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dist = 'dist';
mkdirSync(dist, { recursive: true });
for (const f of readdirSync(dist)) {
  if (!f.startsWith('.')) rmSync(join(dist, f), { recursive: true, force: true });
}

await esbuild.build({
  entryPoints: { playground: 'src/main.jsx', graph: 'src/graph/main.js' },
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'info',
});
copyFileSync('src/index.html', join(dist, 'index.html'));
copyFileSync('src/graph/graph.html', join(dist, 'graph.html'));
