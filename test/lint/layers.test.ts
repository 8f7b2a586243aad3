/**
 * The layer rule (lint/layers.js) through the repository's own ESLint configuration, on sample files at several
 * depths: what crosses a forbidden layer fails, what follows docs/architecture.md passes.
 */

import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layer rule's messages for `code` linted as if it were the file `file` (repo-relative; it need not exist). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'layers/imports' || m.fatal).map((m) => m.message);
}

describe('the layer rule refuses', () => {
  it.each([
    // The old renderer pattern only knew '../core/*' and '../../core/*'.
    ['src/renderer/pages/workflow/Deep.tsx', "import { JobRunner } from '../../../core/jobs';\nexport const x = JobRunner;\n", /src\/renderer may import only src\/shared; '..\/..\/..\/core\/jobs' is in src\/core/],
    ['src/renderer/a/b/c/d/Deeper.tsx', "export { x } from '../../../../../core/formats/driveManifest';\n", /is in src\/core/],
    ['src/renderer/pages/Lazy.tsx', "export const load = () => import('../../core/runtime');\n", /is in src\/core/],
    ['src/renderer/App2.tsx', "import type { Handlers } from '../core/handlers';\nexport type H = Handlers;\n", /is in src\/core/],
    ['src/renderer/Fs.tsx', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n", /Node built-in/],
    ['src/renderer/Ipc.tsx', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", /Only src\/main and src\/preload may import electron/],
    ['src/shared/rules/deep/x.ts', "export * from '../../../core/jobs';\n", /src\/shared may import only nothing outside src\/shared; .* is in src\/core/],
    ['src/shared/y.ts', "import path from 'path';\nexport const p = path;\n", /Node built-in/],
    ['src/core/azure/deep/starter.ts', "import { startEmulator } from '../../../emulator';\nexport const s = startEmulator;\n", /src\/core may import only src\/shared; .* is in src\/emulator/],
    ['src/core/x.ts', "import { receiveDrives } from '../emulator/datacenter';\nexport const r = receiveDrives;\n", /is in src\/emulator/],
    ['src/emulator/manifest2.ts', "import { parseDriveManifestXml } from '../core/formats/driveManifest';\nexport const p = parseDriveManifestXml;\n", /src\/emulator may import only src\/shared; .* is in src\/core/],
    ['src/emulator/x.ts', "const { writeFileAtomic } = require('../core/session/sessionFile');\nexport const w = writeFileAtomic;\n", /is in src\/core/],
    ['src/core/y.ts', "import { x } from '../renderer/App';\nexport const y = x;\n", /is in src\/renderer/],
    ['src/host/z.ts', "import { receiveDrives } from '../emulator/datacenter';\nexport const r = receiveDrives;\n", /src\/host may reach src\/emulator only through src\/emulator\/index\.ts/],
    ['src/cli/commands/z.ts', "import { x } from '../../main/main';\nexport const y = x;\n", /is in src\/main/],
    ['src/preload/z.ts', "import { createRuntime } from '../core/runtime';\nexport const c = createRuntime;\n", /is in src\/core/],
    ['src/core/w.ts', "import { startLocalAzure } from '../../test/helpers/localAzure';\nexport const s = startLocalAzure;\n", /may not import tests/],
    ['src/core/v.ts', "import { app } from 'electron';\nexport const a = app;\n", /Only src\/main and src\/preload may import electron/],
    // Tests are held to the layer they test.
    ['test/emulator/deep/a/b.test.ts', "import { parseDriveManifestXml } from '../../../../src/core/formats/driveManifest';\nexport const p = parseDriveManifestXml;\n", /test\/emulator \(held to the rule of src\/emulator\) may import only src\/shared; .* is in src\/core/],
    ['test/core/azure/tls.test.ts', "import { ensureTls } from '../../../src/emulator/tls';\nexport const e = ensureTls;\n", /test\/core \(held to the rule of src\/core\) may import only src\/shared; .* is in src\/emulator/],
    ['test/core/usecases/render.test.ts', "import { statusLines } from '../../../src/cli/statusText';\nexport const s = statusLines;\n", /is in src\/cli/],
    ['test/shared/rules/z.test.ts', "import { parseLsblk } from '../../../src/core/platform/linux/lsblk';\nexport const p = parseLsblk;\n", /is in src\/core/],
  ])('%s', async (file, code, why) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(why);
  });
});

describe('the layer rule lets through', () => {
  it.each([
    ['src/renderer/pages/workflow/Ok.tsx', "import type { StepId } from '../../../shared/errors';\nexport type S = StepId;\n"],
    ['src/core/formats/deep/ok.ts', "import { promises as fs } from 'node:fs';\nimport { OfflineSeedError } from '../../../shared/errors';\nimport { md5Hex } from '../driveManifest';\nexport const x = [fs, OfflineSeedError, md5Hex];\n"],
    ['src/emulator/ok.ts', "import { localCloudProfileSchema } from '../shared/cloud';\nimport { replaceFile } from './files';\nexport const x = [localCloudProfileSchema, replaceFile];\n"],
    ['src/host/ok.ts', "import { startEmulator } from '../emulator';\nimport { createRuntime } from '../core/runtime';\nexport const x = [startEmulator, createRuntime];\n"],
    ['src/main/ok.ts', "import { startEmulator } from '../emulator/index';\nimport { app } from 'electron';\nexport const x = [startEmulator, app];\n"],
    ['src/cli/commands/ok.ts', "export const load = () => import('../../emulator');\n"],
    ['src/preload/ok.ts', "import { contextBridge } from 'electron';\nimport { requestNames } from '../shared/contract';\nexport const x = [contextBridge, requestNames];\n"],
    ['test/core/deep/a/ok.test.ts', "import { readFile } from 'node:fs/promises';\nimport { localAzureStarter } from '../../../helpers/localAzure';\nimport { createRuntime } from '../../../../src/core/runtime';\nexport const x = [readFile, localAzureStarter, createRuntime];\n"],
    ['test/helpers/ok.ts', "import { startEmulator } from '../../src/emulator';\nimport { ensureTls } from '../../src/emulator/tls';\nexport const x = [startEmulator, ensureTls];\n"],
    ['e2e/ok.spec.ts', "import { startEmulator } from '../src/emulator';\nimport { startLocalRehearsal } from '../src/core/azure/localRehearsal';\nexport const x = [startEmulator, startLocalRehearsal];\n"],
  ])('%s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});

describe('the folders of src/core', () => {
  it('import each other without a cycle (drives/ and copy/ once did)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const core = path.join(root, 'src/core');
    const folderOf = (file: string) => path.relative(core, file).split(path.sep)[0]!.replace(/\.tsx?$/, '');
    const edges = new Map<string, Set<string>>();
    for (const entry of await readdir(core, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      for (const m of (await readFile(file, 'utf8')).matchAll(/(?:from|import\(?)\s*'(\.[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), m[1]!);
        if (!target.startsWith(core + path.sep)) continue;
        const [a, b] = [folderOf(file), folderOf(target)];
        if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
      }
    }
    // Depth-first search; a folder met again while still on the path closes a cycle.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (n: string, trail: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'open');
      for (const m of edges.get(n) ?? []) visit(m, [...trail, n]);
      state.set(n, 'done');
    };
    for (const n of edges.keys()) visit(n, []);
    expect(edges.get('copy')).toContain('formats');
    expect(cycles).toEqual([]);
  });
});
