/**
 * The layer rule of Offline Seed (docs/architecture.md, "Layers"), as a local ESLint rule in the spirit of VS Code's
 * `code-layering`: every import is resolved to the `src/<layer>` folder it lands in, at any depth, and checked
 * against what the importing file's layer may use.
 *
 *   shared   → nothing else of ours (it runs in the renderer too: no Node built-ins, no Electron)
 *   core     → shared
 *   emulator → shared (it shares no code with core: it is the independent party that checks core)
 *   renderer → shared (no Node built-ins, no Electron: core is reached through the contract only)
 *   preload  → shared, electron
 *   main     → core, shared, electron, and the local Azure's entry `src/emulator/index.ts` (its starter)
 *   host     → core, shared, and the local Azure's entry
 *   cli      → core, shared, and the local Azure's entry
 *
 * Tests are held to the layer of the folder they test (`test/core/**` is core, `test/emulator/**` emulator, …)
 * and may use anything under test/ and Node (they run in Node whatever they test). Shared test wiring (`test/helpers`), e2e/, bench/ and scripts/ are the
 * harness and may import any layer. No file of src/ may import a test.
 */

import path from 'node:path';
import { builtinModules } from 'node:module';

/** What each layer may import besides its own folder. `entries` are other layers reachable only through one file. */
export const layers = {
  shared: { may: [], node: false, electron: false },
  core: { may: ['shared'], node: true, electron: false },
  emulator: { may: ['shared'], node: true, electron: false },
  renderer: { may: ['shared'], node: false, electron: false },
  preload: { may: ['shared'], node: false, electron: true },
  main: { may: ['core', 'shared'], entries: ['emulator'], node: true, electron: true },
  host: { may: ['core', 'shared'], entries: ['emulator'], node: true, electron: false },
  cli: { may: ['core', 'shared'], entries: ['emulator'], node: true, electron: false },
};

/** The one file through which a layer named in `entries` may be imported. */
export const entryFiles = { emulator: 'src/emulator/index.ts' };

const builtins = new Set(builtinModules);
const isBuiltin = (spec) => spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0]);
const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/');

/** The layer a repo-relative path belongs to, and whether it is a test; null for the harness and everything else. */
export function layerOf(rel) {
  const parts = rel.split('/');
  if (parts[0] === 'src' && parts[1] in layers) return { layer: parts[1], test: false };
  if (parts[0] === 'test' && parts[1] in layers) return { layer: parts[1], test: true };
  return null;
}

/** Repo-relative path of an import target without extension, or null when it is not a relative import. */
function resolveTarget(spec, fromFile, root) {
  if (!spec.startsWith('.')) return null;
  const abs = path.resolve(path.dirname(fromFile), spec);
  return path.relative(root, abs).split(path.sep).join('/').replace(/\.(ts|tsx|js|mjs|cjs)$/, '');
}

function describe(layer) {
  const l = layers[layer];
  const list = [...l.may.map((m) => `src/${m}`), ...(l.entries ?? []).map((e) => entryFiles[e])];
  if (l.electron) list.push('electron');
  return list.length ? list.join(', ') : 'nothing outside src/shared';
}

/** @type {import('eslint').Rule.RuleModule} */
export const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layers of docs/architecture.md at any depth.' },
    schema: [],
    messages: {
      layer: "{{who}} may import only {{allowed}}; '{{spec}}' is in src/{{to}} (docs/architecture.md, \"Layers\").",
      entry: "{{who}} may reach src/{{to}} only through {{entry}} (its starter); '{{spec}}' goes around it.",
      test: "Code in src/ may not import tests or the test harness: '{{spec}}'.",
      builtin: "src/{{from}} runs where Node is not available: '{{spec}}' is a Node built-in (docs/architecture.md, \"Layers\").",
      electron: "Only src/main and src/preload may import electron; src/{{from}} may not ('{{spec}}').",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const rel = path.relative(root, file).split(path.sep).join('/');
    const from = layerOf(rel);
    if (!from) return {};
    const rules = layers[from.layer];
    const who = from.test ? `test/${from.layer} (held to the rule of src/${from.layer})` : `src/${from.layer}`;

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      // Which runtime a file runs in matters for src/ only: tests run in Node whatever layer they test.
      if (isElectron(spec)) {
        if (!rules.electron && !from.test) context.report({ node, messageId: 'electron', data: { from: from.layer, spec } });
        return;
      }
      if (isBuiltin(spec)) {
        if (!rules.node && !from.test) context.report({ node, messageId: 'builtin', data: { from: from.layer, spec } });
        return;
      }
      const target = resolveTarget(spec, file, root);
      if (target === null) return;
      const [top, second] = target.split('/');
      if (!from.test && (top === 'test' || top === 'e2e' || top === 'bench')) {
        context.report({ node, messageId: 'test', data: { spec } });
        return;
      }
      if (top !== 'src' || !second || !(second in layers) || second === from.layer) return;
      if (rules.may.includes(second)) return;
      if ((rules.entries ?? []).includes(second)) {
        const entry = entryFiles[second];
        if (target === `src/${second}` || target === entry.replace(/\.ts$/, '')) return;
        context.report({ node, messageId: 'entry', data: { who, to: second, entry, spec } });
        return;
      }
      context.report({ node, messageId: 'layer', data: { who, to: second, spec, allowed: describe(from.layer) } });
    }

    const literal = (n) => (n && n.type === 'Literal' ? n.value : n && n.type === 'TemplateLiteral' && n.expressions.length === 0 ? n.quasis[0].value.cooked : undefined);
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => check(n, literal(n.source)),
      TSImportType: (n) => check(n, literal(n.argument?.literal ?? n.argument)),
      TSExternalModuleReference: (n) => check(n, literal(n.expression)),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1) check(n, literal(n.arguments[0]));
      },
    };
  },
};

export default { meta: { name: 'offline-seed-layers' }, rules: { imports: importsRule } };
