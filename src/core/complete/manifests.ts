/**
 * The drive manifests of a staging location's jobs, for verify: the copies kept in staging/journals when the
 * drives were prepared, else the backups the service wrote to the diagnostics path (`manifestUri`).
 */

import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { stagingLayout } from '../../shared/stagingLayout';
import type { ImportJobRecord } from '../../shared/session/workflow';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { azureError, isNotFound } from '../azure/failures';
import { driveBlobs, isDriveManifestXml, parseDriveManifestXml, type DriveBlob } from '../formats/driveManifest';

/** The blobs listed by one drive manifest, with its drive id; a document that is not a manifest is named. */
export function parseDriveManifest(xml: string, source: string): DriveBlob[] {
  try {
    return driveBlobs(parseDriveManifestXml(xml));
  } catch (e) {
    throw new OfflineSeedError({
      code: 'workflow:errors.manifestInvalid',
      params: { source },
      step: 'complete',
      cause: e,
    });
  }
}

async function walk(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && /\.xml$/i.test(e.name) && !/_DriveInfo_/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Manifest copies in staging/journals (any XML there whose root is DriveManifest), for the given drive ids. */
export async function manifestsInStaging(stagingDir: string, driveIds: Set<string>): Promise<DriveBlob[]> {
  const out: DriveBlob[] = [];
  const seen = new Set<string>();
  for (const file of (await walk(path.join(stagingDir, stagingLayout.journalsDir))).sort()) {
    const xml = await fs.readFile(file, 'utf8');
    if (!isDriveManifestXml(xml)) continue;
    const blobs = parseDriveManifest(xml, file);
    const id = blobs[0]?.driveId ?? '';
    if (!driveIds.has(id) || seen.has(id)) continue;
    seen.add(id);
    out.push(...blobs);
  }
  return out;
}

export async function loadManifests(azure: WorkflowAzure, stagingDir: string, jobs: ImportJobRecord[]): Promise<DriveBlob[]> {
  const wanted = new Set(jobs.flatMap((j) => j.driveIds));
  const local = await manifestsInStaging(stagingDir, wanted);
  const have = new Set(local.map((b) => b.driveId));
  const out = [...local];
  for (const job of jobs) {
    const missing = job.driveIds.filter((id) => !have.has(id));
    if (missing.length === 0) continue;
    let driveList;
    try {
      driveList = (await azure.importExport.jobs.get(job.name, job.resourceGroup)).properties?.driveList ?? [];
    } catch (e) {
      throw azureError(e, 'readJob', 'complete', { job: job.name });
    }
    for (const d of driveList) {
      if (!d.driveId || !missing.includes(d.driveId) || !d.manifestUri) continue;
      try {
        const xml = (await (await azure.blobs.blob(d.manifestUri)).downloadToBuffer()).toString('utf8');
        out.push(...parseDriveManifest(xml, d.manifestUri).map((b) => ({ ...b, driveId: b.driveId || d.driveId! })));
        have.add(d.driveId);
      } catch (e) {
        if (!isNotFound(e)) throw azureError(e, 'readBlob', 'complete', { blob: d.manifestUri });
      }
    }
  }
  if (out.length === 0) {
    throw new OfflineSeedError({
      code: 'workflow:errors.noManifests',
      params: { staging: stagingDir },
      step: 'complete',
    });
  }
  return out;
}
