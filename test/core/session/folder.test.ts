import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyedFolder, rememberSessionFolder, requireSessionOf, sessionFolder, stagingKey } from '../../../src/core/session/folder';

const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});
async function temp() {
  const d = await mkdtemp(path.join(os.tmpdir(), 'os-folder-'));
  temps.push(d);
  return d;
}

describe('where the session of a staging location is kept', () => {
  it('keys a staging path by a readable name and a hash; Windows paths without case or trailing separator', () => {
    expect(stagingKey('/srv/staging/')).toBe(stagingKey('/srv/staging'));
    expect(stagingKey('/srv/staging')).not.toBe(stagingKey('/srv/Staging'));
    expect(stagingKey('\\\\FILER\\Backup\\Staging\\', 'win32')).toBe(stagingKey('\\\\filer\\backup\\staging', 'win32'));
    expect(stagingKey('\\\\filer\\backup\\staging', 'win32')).toMatch(/^staging-[0-9a-f]{16}$/);
  });

  it("uses Offline Seed's own staging location in place, else the data folder's keyed folder, or the --work-dir it remembered", async () => {
    const base = await temp();
    const dataDir = path.join(base, 'data');
    const own = path.join(base, 'own');
    await mkdir(own);
    await writeFile(path.join(own, 'offline-seed.json'), '{}');
    expect(await sessionFolder({ dataDir, stagingDir: own })).toEqual({ stagingDir: own, sessionDir: own, inPlace: true });

    const agent = path.join(base, 'agent');
    await mkdir(agent);
    expect((await sessionFolder({ dataDir, stagingDir: agent })).sessionDir).toBe(keyedFolder(dataDir, agent));
    const work = path.join(base, 'work');
    await rememberSessionFolder(dataDir, agent, work);
    expect((await sessionFolder({ dataDir, stagingDir: agent })).sessionDir).toBe(work);
    expect((await stat(keyedFolder(dataDir, agent))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path.join(keyedFolder(dataDir, agent), 'location.json'), 'utf8'))).toEqual({ stagingDir: agent, workDir: work });
  });

  it('says what to run first: diskprep with the job for a folder the agent wrote, the staging step for an empty one', async () => {
    const base = await temp();
    const dataDir = path.join(base, 'data');
    const agent = path.join(base, 'agent');
    await mkdir(agent);
    await expect(requireSessionOf({ dataDir, stagingDir: agent }, 'drives')).rejects.toMatchObject({ code: 'staging:errors.noSession' });
    await writeFile(path.join(agent, 'x.dat'), 'x');
    await expect(requireSessionOf({ dataDir, stagingDir: agent }, 'drives')).rejects.toMatchObject({ code: 'agent:errors.notPrepared', params: { staging: agent } });
  });
});
