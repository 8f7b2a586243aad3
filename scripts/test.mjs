#!/usr/bin/env node
// `npm test`: prerequisites (scripts/prerequisites.mjs: installs or lists what is missing, exit 2 before anything
// runs), the build (so no test runs an old bundle), type checks, ESLint, Vitest, Playwright; it stops at the first
// step that fails, like `a && b && c`, and ends with one summary line (scripts/test-summary.mjs) that shows skipped
// tests and why they were skipped.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, summaryText } from './test-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const require = createRequire(import.meta.url);

/** `npm run <script>` through the npm that runs us (npm sets npm_execpath), else the npm on PATH. */
const npmRun = (script) =>
  process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];

const steps = [
  { name: 'prerequisites', cmd: [process.execPath, ['scripts/prerequisites.mjs']] },
  { name: 'build', cmd: [process.execPath, ['scripts/build.mjs']] },
  { name: 'typecheck', cmd: npmRun('typecheck') },
  { name: 'lint', cmd: npmRun('lint') },
  { name: 'unit and integration tests', cmd: npmRun('test:unit'), tests: true },
  // Playwright directly: the renderer was built above (npm run test:e2e would build it again).
  { name: 'end-to-end tests', cmd: [process.execPath, [require.resolve('@playwright/test/cli'), 'test']], tests: true },
];

const color = process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {};

function run([cmd, args]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['inherit', 'pipe', 'pipe'], env: { ...process.env, ...color }, shell: process.platform === 'win32' && cmd === 'npm' });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      out += d;
    });
    child.on('error', (e) => resolve({ code: 127, out: `${out}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

let log = '';
let failed = null;
let ranTests = false;
for (const step of steps) {
  const r = await run(step.cmd);
  if (step.tests) {
    ranTests = true;
    log += r.out;
  }
  if (r.code !== 0) {
    failed = { step: step.name, code: r.code };
    break;
  }
}
if (failed?.step === 'prerequisites') process.exit(failed.code);
process.stdout.write('\n' + summaryText(summarize(log)));
if (failed) process.stdout.write(`npm test: ${failed.step} failed${ranTests ? '' : ', so no test ran'}.\n`);
process.exit(failed ? failed.code : 0);
