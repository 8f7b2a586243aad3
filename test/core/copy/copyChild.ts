/** Child process for the kill-and-resume test: copies and prints `done <file>` after each finished file. */

import { copySession } from '../../../src/core/copy/copySession';

const { dir, target } = JSON.parse(process.argv[2]!) as { dir: string; target: { root: string; label: string; driveId: string; bitLockerKey: string } };
let current = '';
await copySession({
  stagingDir: dir,
  container: 'c',
  importJobName: 'j',
  sessionId: 's',
  targets: [target],
  onBytes: (_n, phase, file) => {
    if (phase === 'copying' && file !== current) {
      if (current) process.stdout.write(`done ${current}\n`);
      current = file;
    }
  },
});
