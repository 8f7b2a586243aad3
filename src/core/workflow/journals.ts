/** Reads the drives prepared for a staging location from its journals (`journals/<journal>_DriveInfo_<serial>.xml`). */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { OfflineSeedError } from '../../shared/errors';
import { stagingLayout } from '../../shared/stagingLayout';
import { fileLimits, readFileLimited } from '../platform/readLimited';

/** One prepared drive, as the import job's driveList needs it. `bitLockerKey` is a secret: never log it. */
export interface PreparedDrive {
  driveId: string;
  bitLockerKey: string;
  manifestFile: string;
  manifestHash: string;
  /** The DriveInfo file it came from. */
  driveInfoFile: string;
}

const driveInfoName = /^(.+)_DriveInfo_(.+)\.xml$/i;

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Parses one DriveInfo document (`<Drive><DriveId/><BitLockerKey/><ManifestFile/><ManifestHash/></Drive>`). */
export function parseDriveInfo(xml: string, file: string): PreparedDrive {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw journalError(file, e);
  }
  const drive = (doc.Drive ?? (doc.DriveInfo as Record<string, unknown> | undefined)?.Drive) as Record<string, unknown> | undefined;
  const text = (k: string) => (drive && typeof drive[k] === 'string' ? (drive[k] as string).trim() : typeof drive?.[k] === 'number' ? String(drive[k]) : '');
  const out = {
    driveId: text('DriveId'),
    bitLockerKey: text('BitLockerKey'),
    manifestFile: text('ManifestFile'),
    manifestHash: text('ManifestHash').toUpperCase(),
    driveInfoFile: file,
  };
  if (!out.driveId || !out.bitLockerKey || !out.manifestFile || !/^[0-9A-F]{32}$/.test(out.manifestHash)) throw journalError(file);
  return out;
}

function journalError(file: string, cause?: unknown): OfflineSeedError {
  return new OfflineSeedError({
    code: 'workflow:errors.journalInvalid',
    params: { file },
    step: 'importJob',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Every prepared drive of `stagingDir`, sorted by drive id; one entry per drive id (the newest DriveInfo wins). */
export async function readPreparedDrives(stagingDir: string): Promise<PreparedDrive[]> {
  const dir = path.join(stagingDir, stagingLayout.journalsDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const byId = new Map<string, { drive: PreparedDrive; mtime: number }>();
  for (const name of names.filter((n) => driveInfoName.test(n)).sort()) {
    const file = path.join(dir, name);
    const [xml, stat] = await Promise.all([readFileLimited(file, fileLimits.driveInfo, 'utf8'), fs.stat(file)]);
    const drive = parseDriveInfo(xml, file);
    const prev = byId.get(drive.driveId);
    if (!prev || stat.mtimeMs >= prev.mtime) byId.set(drive.driveId, { drive, mtime: stat.mtimeMs });
  }
  return [...byId.values()].map((v) => v.drive).sort((a, b) => a.driveId.localeCompare(b.driveId));
}
