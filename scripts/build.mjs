#!/usr/bin/env node
// Builds what Electron loads: the renderer (Vite) into out/renderer, main (ESM) and the sandboxed preload (CJS) with esbuild.
// `--renderer` builds the renderer only (the e2e tests serve it through src/host).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';

const rendererOnly = process.argv.includes('--renderer');

await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
if (!rendererOnly) {
  await esbuild({
    entryPoints: ['src/main/main.ts'],
    outfile: 'out/main/main.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: false,
    logLevel: 'warning',
  });
  await esbuild({
    entryPoints: ['src/preload/index.ts'],
    outfile: 'out/preload/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    logLevel: 'warning',
  });
}
process.stdout.write(`built ${rendererOnly ? 'renderer' : 'renderer, main and preload'} into out/\n`);
