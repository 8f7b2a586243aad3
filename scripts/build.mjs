#!/usr/bin/env node
// Builds everything that runs from out/ (`npm install` runs it as `prepare`; `npm test` and `npm start` run it first):
//   renderer  Vite → out/renderer (Electron's app:// and src/host serve it)
//   main      Electron main, ESM, every package inlined but the native zstd-napi → out/main/main.mjs
//   preload   the sandboxed preload, CJS → out/preload/preload.cjs
//   azurite   the app's Azurite process: src/emulator/azuriteWatchdog.cjs with Azurite inlined, CJS → out/azurite/azurite.cjs
//             (the app runs it in a utility process from outside the asar: electron-builder.yml unpacks out/azurite)
//   cli       the command, ESM with one chunk per command → out/cli/index.mjs (bin/offline-seed runs it)
//   host      the wizard over a local WebSocket → out/host/index.mjs (`npm start` without Electron)
//
// Usage: node scripts/build.mjs [target...]   (no target: all; `--renderer` is the same as `renderer`)
//
// Adding a Node bundle: one entry in `nodeBundles`. A file that code finds beside itself at run time
// (`new URL('./x', import.meta.url)`) goes in its `beside` list: it is copied next to the bundle's files.
// Each bundle writes `.inputs.json`: its source files (from esbuild's metafile, or the modules Vite read for the
// renderer) with their size and mtime, which scripts/lib/freshness.mjs compares to tell whether the bundle still
// matches its sources.
import { build as esbuild } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/**
 * Packages bundled into the command and the host instead of loaded from node_modules: pure JavaScript on the
 * startup path, where loading them whole from node_modules costs more than the rest of `--version` together
 * (zod alone ~65 ms). Everything else stays external: native addons (zstd-napi), Azurite (run as its own process
 * from its package folder), Electron, and SDKs that only the command that needs them loads.
 */
const inlinePackages = ['zod', 'i18next'];

/** Bare imports stay `import 'pkg'` unless listed in `inline`. */
function externalPackages(inline) {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return inline.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * zod's `locales` namespace (its error messages in ~60 languages, 0.37 MB of JavaScript) reduced to English, the one
 * zod registers by default. Nothing here reads zod's messages in another language: a failed parse becomes our own
 * sentence from our catalogs. Without this every start compiled all of them.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.resolve(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(args.path)};\n`,
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }));
    },
  };
}

const watchdog = 'src/emulator/azuriteWatchdog.cjs';

const catalogSources = 'src/shared/i18n/locales';

/**
 * The message catalogs of a Node bundle, read from disk when first used (src/core/platform/catalogFile.ts): each
 * `locales/<lang>/<ns>.json` import becomes `catalogFromFile('locales/<lang>/<ns>.json')`, and the folder is copied
 * beside the bundle. A command then reads its own language and English instead of compiling all six at every start.
 */
function lazyCatalogs() {
  const loader = path.join(root, 'src/core/platform/catalogFile.ts');
  return {
    name: 'lazy-catalogs',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]shared[\\/]i18n[\\/]locales[\\/][a-z]{2}[\\/]\w+\.json$/ }, (args) => {
        const relative = path.relative(path.join(root, 'src/shared/i18n'), args.path).split(path.sep).join('/');
        return {
          contents: `import { catalogFromFile } from ${JSON.stringify(loader)};\nexport default catalogFromFile(${JSON.stringify(relative)});\n`,
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  };
}

/**
 * Packages Electron's main process loads from node_modules: only the native addon. Everything else is inlined, so the
 * packaged app needs no other node_modules (electron-builder.yml's `files`) and loads one file from its asar.
 * @azure/msal-node-extensions (the command line's OS secret store for the token cache, with native modules) stays
 * out: the app protects its token cache with Electron's safeStorage, and where that is missing the import fails and
 * the cache is a 0600 file with a warning (src/core/azure/tokenCacheStore.ts).
 */
const electronMainExternal = ['electron', 'zstd-napi', '@azure/msal-node-extensions'];

/**
 * `catalogs`: the message catalogs are read from out/<bundle>/locales when first used (lazyCatalogs) instead of being
 * compiled into the bundle.
 * @type {Record<string, { options: import('esbuild').BuildOptions, outdir: string, beside?: string[], inline?: string[] | 'all', catalogs?: boolean }>}
 */
const nodeBundles = {
  main: {
    outdir: 'out/main',
    inline: 'all',
    catalogs: true,
    // Electron 45 runs Node 22.
    options: { entryPoints: { main: 'src/main/main.ts' }, format: 'esm', target: 'node22', external: electronMainExternal, outExtension: { '.js': '.mjs' } },
  },
  azurite: {
    outdir: 'out/azurite',
    inline: 'all',
    // pg-hstore: Azurite's SQL metadata store (sequelize's PostgreSQL dialect), used only with AZURITE_DB set; never here.
    options: { entryPoints: { azurite: watchdog }, format: 'cjs', target: 'node22', external: ['pg-hstore'], outExtension: { '.js': '.cjs' } },
  },
  preload: {
    outdir: 'out/preload',
    // Sandboxed: it cannot load from node_modules, so everything but electron is bundled.
    inline: 'all',
    options: { entryPoints: { preload: 'src/preload/index.ts' }, format: 'cjs', target: 'chrome140', external: ['electron'], outExtension: { '.js': '.cjs' } },
  },
  cli: {
    outdir: 'out/cli',
    beside: [watchdog],
    inline: inlinePackages,
    catalogs: true,
    // One chunk per command (they are imported lazily), so `--version` and `--help` load only what they use.
    options: { entryPoints: { index: 'src/cli/index.ts' }, format: 'esm', target: 'node20', splitting: true, chunkNames: '[name]-[hash]', outExtension: { '.js': '.mjs' } },
  },
  host: {
    outdir: 'out/host',
    beside: [watchdog],
    inline: inlinePackages,
    catalogs: true,
    options: { entryPoints: { index: 'src/host/index.ts' }, format: 'esm', target: 'node20', splitting: true, chunkNames: '[name]-[hash]', outExtension: { '.js': '.mjs' } },
  },
};

async function buildNode(name) {
  const t = nodeBundles[name];
  const started = Date.now();
  // Whole folder rebuilt: chunks are named by content hash, so stale ones would otherwise pile up.
  rmSync(t.outdir, { recursive: true, force: true });
  const result = await esbuild({
    bundle: true,
    platform: 'node',
    outdir: t.outdir,
    sourcemap: false,
    logLevel: 'warning',
    metafile: true,
    plugins: [...(t.inline === 'all' ? [] : [externalPackages(t.inline ?? [])]), ...(t.catalogs ? [lazyCatalogs(), zodEnglishOnly()] : [])],
    // Bundled CommonJS (from inlined packages) may call require(); give ESM output a real one.
    ...(t.options.format === 'esm' ? { banner: { js: "import { createRequire as __osCreateRequire } from 'node:module'; const require = __osCreateRequire(import.meta.url);" } } : {}),
    ...t.options,
  });
  for (const file of t.beside ?? []) copyFileSync(file, path.join(t.outdir, path.basename(file)));
  if (t.catalogs) cpSync(catalogSources, path.join(t.outdir, 'locales'), { recursive: true });
  const files = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/')), ...(t.beside ?? [])];
  writeInputs(t.outdir, files, started);
}

/**
 * out/<bundle>/.inputs.json: each source (paths relative to the checkout) as it was when read, and this script. A file
 * changed while the build ran gets no entry that could match, so the next check rebuilds.
 */
function writeInputs(outdir, files, started) {
  const inputs = {};
  for (const f of [...new Set(files), 'scripts/build.mjs']) {
    const st = statSync(f);
    inputs[f] = st.mtimeMs > started ? 'changed during the build' : `${st.size}:${st.mtimeMs}`;
  }
  writeFileSync(path.join(outdir, '.inputs.json'), JSON.stringify({ inputs }, null, 1) + '\n');
}

/** The files below a folder, relative to the checkout. */
const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));

async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  const started = Date.now();
  /** Every module Vite read (index.html, scripts, styles, catalogs), as files of this checkout. */
  const read = [];
  const collect = {
    name: 'collect-inputs',
    generateBundle() {
      for (const id of this.getModuleIds()) {
        // Vite's ids use forward slashes on every system; path.relative takes either on Windows.
        const file = id.split('?')[0];
        if (!id.startsWith('\0') && path.isAbsolute(file) && !/[\\/]node_modules[\\/]/.test(file)) read.push(path.relative(root, file));
      }
    },
  };
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn', plugins: [collect] });
  // Without this file every freshness check of the renderer (the tests that run the host as another user check it
  // first) rebuilt it, emptying out/renderer while another test's browser was loading it.
  writeInputs('out/renderer', [...read, ...filesUnder('src/renderer/public'), 'vite.config.ts'], started);
}

const all = ['renderer', ...Object.keys(nodeBundles)];
const asked = process.argv
  .slice(2)
  .filter((a) => a !== '--quiet')
  .map((a) => (a === '--renderer' ? 'renderer' : a));
const unknown = asked.filter((a) => !all.includes(a));
if (unknown.length > 0) {
  process.stderr.write(`build: unknown target ${unknown.join(', ')}; the targets are ${all.join(', ')}.\n`);
  process.exit(2);
}
const targets = asked.length > 0 ? asked : all;
mkdirSync('out', { recursive: true });
await Promise.all(targets.map((t) => (t === 'renderer' ? buildRenderer() : buildNode(t))));
if (!process.argv.includes('--quiet')) process.stdout.write(`built ${targets.join(', ')} into out/\n`);
