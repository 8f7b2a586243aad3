/** Test wiring: a real copy job through the runtime onto one folder as the drive, with every report it sent. */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRuntime } from '../../src/core/runtime';
import { readSession, writeSession } from '../../src/core/session/sessionFile';
import type { PreparedDriveRecord } from '../../src/shared/session/drives';
import type { JobEnd, Progress } from '../../src/shared/progress';
import { localAzureStarter } from './localAzure';
import { sessionFixture } from './session';
import { stageForDrives } from './staging';

export async function copyOntoFolder(tmp: string): Promise<{ drive: string; reports: Progress[]; end: JobEnd; record: PreparedDriveRecord }> {
  const staging = path.join(tmp, 'staging');
  await stageForDrives(staging, [1, 1]);
  await writeSession(staging, sessionFixture({ cloud: path.join(tmp, 'cloud.json'), importJobName: 'rows' }));
  const drive = path.join(tmp, 'drive');
  mkdirSync(drive);
  const reports: Progress[] = [];
  const ended = new Promise<JobEnd>((resolve) => {
    const rt = createRuntime({
      shell: 'host',
      language: 'en',
      startLocalAzure: localAzureStarter,
      openExternal: async () => undefined,
      dataDir: path.join(tmp, 'data'),
      emit: (name, payload) => {
        if (name === 'job.progress') reports.push(payload as Progress);
        if (name === 'job.end') resolve(payload as JobEnd);
      },
    });
    void rt.handle('drives.prepare', { stagingDir: staging, drives: [`dir:${drive}`], confirmations: [] }).then((r) => {
      if (!r.ok) throw new Error(r.error.message);
    });
  });
  const end = await ended;
  return { drive: `dir:${drive}`, reports, end, record: (await readSession(staging))!.drives!.drives![0]! };
}
