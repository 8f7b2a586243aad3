/**
 * The per-drive journal in <staging>/journals (never on the drive), in the shape of WAImportExport's: `.jrn`
 * update records, plus `<journal>_DriveInfo_<serial>.xml`. Both hold the BitLocker key, so both are written with
 * mode 0600.
 *
 * Microsoft documents the record framing (`[BeginUpdateRecord][time][Type:…]` … `[EndUpdateRecord]`), the
 * NewJournalFile, PrepImportDriveCommandContext and DriveInfo records and the `<Drive>` document with DriveId,
 * BitLockerKey, ManifestFile and ManifestHash, and recommends the disk serial as the journal name ("Preparing hard
 * drives for an Import Job", journal file section):
 * https://learn.microsoft.com/previous-versions/azure/storage/common/storage-import-export-tool-preparing-hard-drives-import
 * The `FileRecord` records (CopyFile, RemoveFile) and the ResumeSession activity are Offline Seed's own: the
 * documentation does not describe how WAImportExport records single files.
 *
 * Records are appended and fsynced one at a time; a record cut short by a kill has no `[EndUpdateRecord]` and
 * is ignored on reading, so a file counts as copied only once its record is complete. (Appending keeps the cost
 * of a record independent of the journal's length; a rewrite through a temporary file per record would copy the
 * whole journal once per pack.) Reading checks the rest: anything that is not a complete record, other than one
 * cut-short record at the end, and a record whose fields do not parse, make the journal damaged, and a damaged
 * journal is never taken as the drive's state (drives/driveKey.ts decides what is).
 *
 * Each record ends with `RecordCheck: <n>:<hash>` (Offline Seed's own line, not WAImportExport's): its number among
 * the complete records and a SHA-256 (32 hex digits) over the previous record's hash, its type and its lines. A
 * record removed, reordered or edited anywhere but at the very end breaks the chain. Whole records cut off the end
 * leave a sound chain; the DriveInfo file (written after the journal's DriveInfo record) catches the end of a
 * finished drive (drives/driveKey.ts). Records of an older journal without the line are accepted before the first
 * record that has one.
 *
 * The `DriveSize` activity record (`DriveSizeBytes: <n>`), written with the journal when a drive is first written,
 * is Offline Seed's own too: the size of the disk as it was prepared, which a resumed run checks the disk against.
 * Journals written before it have none, and resume without that check.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { OfflineSeedError } from '../../shared/errors';
import { stagingLayout } from '../../shared/stagingLayout';
import { writeFileAtomic } from '../session/sessionFile';
import type { BlobType } from '../../shared/rules/agentStaging';
import type { ManifestBlock } from './driveManifest';
import { ensurePrivateDir } from '../files/privateDir';
import { formatXmlParser } from './xml';
import { isRecoveryPassword } from '../../shared/rules/recoveryPassword';

export interface JournalFileRecord {
  relPath: string;
  blobPath: string;
  filePath: string;
  length: number;
  /** Blocks, or the page ranges of a page blob. */
  blocks: ManifestBlock[];
  /** Absent: a block blob. */
  blobType?: BlobType;
  /** The source file's modification time (ms) when it was read: a later change means it must be copied again. */
  sourceModifiedMs?: number;
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

interface Rec {
  type: string;
  lines: string[];
}
const record = (type: string, lines: string[]): Rec => ({ type, lines });

/** The chain hash of a record after `prev` (its type and lines, without its RecordCheck line). */
function chainHash(prev: string, type: string, body: string): string {
  return createHash('sha256').update(`${prev}\n${type}\n${body}`).digest('hex').slice(0, 32);
}

/** Where each journal this process appends to ends: its size then, and the last record's number and hash. */
const chainEnds = new Map<string, { size: number; n: number; hash: string }>();

async function append(file: string, ...recs: Rec[]): Promise<void> {
  // journals/ holds the drives' BitLocker keys.
  await ensurePrivateDir(path.dirname(file));
  const h = await fs.open(file, 'a+', 0o600);
  try {
    await h.chmod(0o600);
    const size = (await h.stat()).size;
    let end = chainEnds.get(file);
    if (!end || end.size !== size) {
      // First append here in this process, or the file changed since: read where its chain ends.
      const s = parseJournal(size > 0 ? await h.readFile('utf8') : '');
      end = { size, n: s.chain.n, hash: s.chain.hash };
    }
    let text = '';
    let { n, hash } = end;
    for (const r of recs) {
      n++;
      hash = chainHash(hash, r.type, r.lines.join('\n'));
      text += `[BeginUpdateRecord][${stamp()}][Type:${r.type}]\n${r.lines.join('\n')}\nRecordCheck: ${n}:${hash}\n[EndUpdateRecord]\n`;
    }
    await h.appendFile(text, 'utf8');
    await h.sync();
    chainEnds.set(file, { size: size + Buffer.byteLength(text), n, hash });
  } finally {
    await h.close();
  }
}

/** Starts a journal (when new) with the NewJournalFile and command-context records. */
export async function openJournal(file: string, ctx: { driveId: string; sessionId: string; device: string; driveSizeBytes?: number }): Promise<void> {
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
    record('NewJournalFile', ['VocabularyVersion: 2013-02-01']),
    record('ActivityRecord', ['ActivityId: PrepImportDriveCommandContext', `DriveId: ${ctx.driveId}`, `SessionId: ${ctx.sessionId}`, `TargetDrive: ${ctx.device}`]),
    ...(ctx.driveSizeBytes !== undefined ? [record('ActivityRecord', ['ActivityId: DriveSize', `DriveSizeBytes: ${ctx.driveSizeBytes}`])] : []),
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
      ...(r.blobType === 'page' ? ['BlobType: PageBlob'] : []),
      ...(r.sourceModifiedMs !== undefined ? [`SourceModified: ${r.sourceModifiedMs}`] : []),
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
  /** The disk's size when it was first prepared (bytes); null for a folder, or a journal written before it was recorded. */
  driveSizeBytes: number | null;
  /** Why the journal cannot be trusted (text that is not a record, a record that does not parse); null when sound. */
  damage: string | null;
  /** The number of complete records and the last one's chain hash (where the next record continues the chain). */
  chain: { n: number; hash: string };
}

/** Reads a journal; complete records only. A missing journal reads as empty. */
export async function readJournal(file: string): Promise<JournalState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { files: new Map(), driveInfo: null, driveSizeBytes: null, damage: null, chain: { n: 0, hash: '' } };
    throw e;
  }
  return parseJournal(text);
}

/** The state a journal's text records: complete records only, the last record of a file wins; damage is reported. */
export function parseJournal(text: string): JournalState {
  const state: JournalState = { files: new Map(), driveInfo: null, driveSizeBytes: null, damage: null, chain: { n: 0, hash: '' } };
  const damaged = (why: string) => {
    state.damage ??= why;
  };
  const all = text.replace(/\r\n/g, '\n');
  const begin = '[BeginUpdateRecord]';
  if (all !== '' && !all.startsWith(begin)) damaged('text before the first record');
  // One piece per record start: a complete record, or the start of one a kill cut short (no end marker), which
  // is ignored; anything else is damage.
  const re = /^\[BeginUpdateRecord\]\[[^\]\n]*\]\[Type:([A-Za-z]+)\]\n([\s\S]*?)\n\[EndUpdateRecord\]\n?$/;
  const pieces = all.split(begin).slice(1).map((p) => begin + p);
  const records: RegExpExecArray[] = [];
  for (const [i, piece] of pieces.entries()) {
    const m = re.exec(piece);
    if (m) records.push(m);
    else if (piece.includes('[EndUpdateRecord]')) damaged(`record ${i + 1} is not a record`);
  }
  let checked = false;
  for (const m of records) {
    // The chain: every record's check line names its place and hash; older records without one only come first.
    const check = /\nRecordCheck: (\d+):([0-9a-f]{32})$/.exec(`\n${m[2]!}`);
    const body = check ? m[2]!.slice(0, m[2]!.length - check[0].length + 1).replace(/\n$/, '') : m[2]!;
    state.chain.n++;
    state.chain.hash = chainHash(state.chain.hash, m[1]!, body);
    if (check) {
      checked = true;
      if (Number(check[1]) !== state.chain.n || check[2] !== state.chain.hash) damaged(`record ${state.chain.n} does not follow the one before it (a record was removed, changed or moved)`);
    } else if (checked) damaged(`record ${state.chain.n} has no RecordCheck line`);
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
      const modified = field('SourceModified');
      const r: JournalFileRecord = {
        relPath: field('RelativePath'),
        blobPath: field('BlobPath'),
        filePath: field('FilePath'),
        length: Number(field('Length')),
        blocks,
        ...(field('BlobType') === 'PageBlob' ? { blobType: 'page' as const } : {}),
        ...(modified !== '' && Number.isFinite(Number(modified)) ? { sourceModifiedMs: Number(modified) } : {}),
      };
      // Blocks tile the file; a page blob's ranges are in order, apart, and inside it.
      const pageEnd = blocks.reduce((n, b) => (n >= 0 && b.offset >= n ? b.offset + b.length : -1), 0);
      const tiled = r.blobType === 'page' ? pageEnd >= 0 && pageEnd <= r.length : blocks.reduce((n, b) => (b.offset === n ? n + b.length : -1), 0) === r.length;
      const sound =
        r.relPath !== '' &&
        r.blobPath !== '' &&
        r.filePath !== '' &&
        Number.isSafeInteger(r.length) &&
        r.length >= 0 &&
        blocks.every((b) => Number.isSafeInteger(b.offset) && Number.isSafeInteger(b.length) && /^[0-9A-Fa-f]{32}$/.test(b.md5)) &&
        tiled;
      if (!sound) damaged(`a CopyFile record that does not parse (${r.relPath || 'no path'})`);
      else state.files.set(r.relPath, r);
    } else if (m[1] === 'FileRecord' && activity === 'RemoveFile') {
      state.files.delete(field('RelativePath'));
    } else if (activity === 'DriveSize') {
      const size = Number(field('DriveSizeBytes'));
      if (!/^\d+$/.test(field('DriveSizeBytes')) || !Number.isSafeInteger(size) || size <= 0) damaged('a DriveSize record that does not parse');
      else state.driveSizeBytes = size;
    } else if (activity === 'DriveInfo') {
      const doc = /<Drive>([\s\S]*?)<\/Drive>/.exec(body)?.[1] ?? '';
      const tag = (t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(doc)?.[1]?.trim() ?? '';
      const info = { driveId: tag('DriveId'), bitLockerKey: tag('BitLockerKey'), manifestFile: tag('ManifestFile'), manifestHash: tag('ManifestHash') };
      if (!info.driveId || !isRecoveryPassword(info.bitLockerKey) || !/^[0-9A-Fa-f]{32}$/.test(info.manifestHash)) damaged('a DriveInfo record that does not parse');
      else state.driveInfo = info;
    }
  }
  return state;
}

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

const driveInfoParser = formatXmlParser([]);

/** Parses one DriveInfo document (`<Drive><DriveId/><BitLockerKey/><ManifestFile/><ManifestHash/></Drive>`). */
export function parseDriveInfo(xml: string, file: string): PreparedDrive {
  let doc: Record<string, unknown>;
  try {
    doc = driveInfoParser.parse(xml) as Record<string, unknown>;
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
    const [xml, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    const drive = parseDriveInfo(xml, file);
    const prev = byId.get(drive.driveId);
    if (!prev || stat.mtimeMs >= prev.mtime) byId.set(drive.driveId, { drive, mtime: stat.mtimeMs });
  }
  return [...byId.values()].map((v) => v.drive).sort((a, b) => a.driveId.localeCompare(b.driveId));
}
