/**
 * The per-drive journal in <staging>/journals (never on the drive): WAImportExport-style `.jrn` records, plus
 * `<journal>_DriveInfo_<serial>.xml`. Both hold the BitLocker key, so both are written with mode 0600.
 *
 * Records are appended and fsynced one at a time; a record cut short by a kill has no `[EndUpdateRecord]` and
 * is ignored on reading, so a file counts as copied only once its record is complete.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { stagingLayout } from '../../shared/stagingLayout';
import { writeFileAtomic } from '../session/sessionFile';
import type { ManifestBlock } from '../drives/driveManifest';

export interface JournalFileRecord {
  relPath: string;
  blobPath: string;
  filePath: string;
  length: number;
  blocks: ManifestBlock[];
}

export interface DriveInfoRecord {
  driveId: string;
  bitLockerKey: string;
  manifestFile: string;
  manifestHash: string;
}

/** File names are the drive serial, as the documentation recommends; characters Windows refuses become '_'. */
export function journalName(driveId: string): string {
  return driveId.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function journalPaths(stagingDir: string, driveId: string) {
  const dir = path.join(stagingDir, stagingLayout.journalsDir);
  const name = journalName(driveId);
  return {
    dir,
    journal: path.join(dir, `${name}.jrn`),
    driveInfo: path.join(dir, `${name}_DriveInfo_${name}.xml`),
    /** A copy of the drive's manifest, for verify after import. */
    manifestCopy: path.join(dir, `${name}_DriveManifest.xml`),
  };
}

function stamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

function record(type: string, lines: string[]): string {
  return `[BeginUpdateRecord][${stamp()}][Type:${type}]\n${lines.join('\n')}\n[EndUpdateRecord]\n`;
}

async function append(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const h = await fs.open(file, 'a', 0o600);
  try {
    await h.chmod(0o600);
    await h.appendFile(text, 'utf8');
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Starts a journal (when new) with the NewJournalFile and command-context records. */
export async function openJournal(file: string, ctx: { driveId: string; sessionId: string; device: string }): Promise<void> {
  const exists = await fs.stat(file).then(
    (s) => s.size > 0,
    () => false,
  );
  if (exists) {
    await append(file, record('ActivityRecord', ['ActivityId: ResumeSession', `SessionId: ${ctx.sessionId}`]));
    return;
  }
  await append(
    file,
    record('NewJournalFile', ['VocabularyVersion: 2013-02-01']) +
      record('ActivityRecord', ['ActivityId: PrepImportDriveCommandContext', `DriveId: ${ctx.driveId}`, `SessionId: ${ctx.sessionId}`, `TargetDrive: ${ctx.device}`]),
  );
}

/** Appends the record of one completed file. */
export async function journalFileCompleted(file: string, r: JournalFileRecord): Promise<void> {
  await append(
    file,
    record('FileRecord', [
      'ActivityId: CopyFile',
      `RelativePath: ${r.relPath}`,
      `BlobPath: ${r.blobPath}`,
      `FilePath: ${r.filePath}`,
      `Length: ${r.length}`,
      `Blocks: ${r.blocks.map((b) => `${b.offset}:${b.length}:${b.md5}`).join(',')}`,
    ]),
  );
}

/** Appends that a file was taken off the drive (it did not fit, or its copy failed verification). */
export async function journalFileRemoved(file: string, relPath: string): Promise<void> {
  await append(file, record('FileRecord', ['ActivityId: RemoveFile', `RelativePath: ${relPath}`]));
}

const xml = new XMLBuilder({ format: true, indentBy: '   ' });

/** The `<Drive>` document of the DriveInfo file and record. */
export function driveInfoXml(d: DriveInfoRecord): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.build({ Drive: { DriveId: d.driveId, BitLockerKey: d.bitLockerKey, ManifestFile: d.manifestFile, ManifestHash: d.manifestHash } }) as string}`;
}

/** Records the drive's final state: a DriveInfo record in the journal and the `_DriveInfo_<serial>.xml` file. */
export async function journalDriveInfo(stagingDir: string, d: DriveInfoRecord): Promise<{ journal: string; driveInfo: string }> {
  const p = journalPaths(stagingDir, d.driveId);
  const doc = driveInfoXml(d);
  await append(p.journal, record('ActivityRecord', ['ActivityId: DriveInfo', 'DriveState: [BeginValue]', doc.trimEnd(), '[EndValue]', 'SaveCommandOutput: Completed']));
  await writeFileAtomic(p.driveInfo, doc, 0o600);
  return { journal: p.journal, driveInfo: p.driveInfo };
}

export interface JournalState {
  /** Completed files still on the drive, by relative path (the last record wins). */
  files: Map<string, JournalFileRecord>;
  driveInfo: DriveInfoRecord | null;
}

/** Reads a journal; complete records only. A missing journal reads as empty. */
export async function readJournal(file: string): Promise<JournalState> {
  const state: JournalState = { files: new Map(), driveInfo: null };
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw e;
  }
  const re = /\[BeginUpdateRecord\]\[[^\]]*\]\[Type:([A-Za-z]+)\]\n([\s\S]*?)\n\[EndUpdateRecord\]/g;
  for (const m of text.matchAll(re)) {
    const body = m[2]!;
    const field = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(body)?.[1] ?? '';
    const activity = field('ActivityId');
    if (m[1] === 'FileRecord' && activity === 'CopyFile') {
      const blocks = field('Blocks')
        .split(',')
        .filter(Boolean)
        .map((s) => {
          const [o, l, h] = s.split(':');
          return { offset: Number(o), length: Number(l), md5: h ?? '' };
        });
      const r = { relPath: field('RelativePath'), blobPath: field('BlobPath'), filePath: field('FilePath'), length: Number(field('Length')), blocks };
      state.files.set(r.relPath, r);
    } else if (m[1] === 'FileRecord' && activity === 'RemoveFile') {
      state.files.delete(field('RelativePath'));
    } else if (activity === 'DriveInfo') {
      const doc = /<Drive>([\s\S]*?)<\/Drive>/.exec(body)?.[1] ?? '';
      const tag = (t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(doc)?.[1]?.trim() ?? '';
      state.driveInfo = { driveId: tag('DriveId'), bitLockerKey: tag('BitLockerKey'), manifestFile: tag('ManifestFile'), manifestHash: tag('ManifestHash') };
    }
  }
  return state;
}

/** Base16 MD5 (upper case) of a file's bytes, as ManifestHash wants. */
export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex').toUpperCase();
}
