/** Test helpers: a generated source tree with every case the writer must keep, and a deep comparison of two trees. */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Builds a few MiB tree: text, random, duplicates, empty folders, symlinks, modes, mtimes, sparse, long and Unicode names. */
export async function makeTree(root: string, opts: { randomMiB?: number } = {}): Promise<void> {
  const MiB = 1024 * 1024;
  await fs.mkdir(path.join(root, 'docs', 'deep', 'er'), { recursive: true });
  await fs.mkdir(path.join(root, 'empty', 'nested-empty'), { recursive: true });
  const text = Array.from({ length: 40_000 }, (_, i) => `line ${i} of the offline seed test text\n`).join('');
  await fs.writeFile(path.join(root, 'docs', 'text.txt'), text);
  const rnd = randomBytes((opts.randomMiB ?? 3) * MiB);
  await fs.writeFile(path.join(root, 'random.bin'), rnd);
  await fs.writeFile(path.join(root, 'docs', 'deep', 'er', 'random-copy.bin'), rnd);
  await fs.writeFile(path.join(root, 'docs', 'deep', 'small.txt'), 'small\n');
  await fs.writeFile(path.join(root, 'zero-length'), '');
  await fs.writeFile(path.join(root, 'script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o750 });
  await fs.chmod(path.join(root, 'script.sh'), 0o750);
  await fs.writeFile(path.join(root, 'readonly.txt'), 'read only\n');
  await fs.chmod(path.join(root, 'readonly.txt'), 0o444);
  await fs.symlink('docs/text.txt', path.join(root, 'link-to-text'));
  await fs.symlink('/nonexistent/target', path.join(root, 'dangling-link'));
  await fs.symlink('docs', path.join(root, 'link-to-dir'));
  const unicode = path.join(root, 'Ünïcødé 文件夹 🚀');
  await fs.mkdir(unicode);
  await fs.writeFile(path.join(unicode, 'naïve résumé — 日本語.txt'), 'unicode content ✓\n');
  const long = path.join(root, 'l'.repeat(200), 'm'.repeat(200), 'n'.repeat(200));
  await fs.mkdir(long, { recursive: true });
  await fs.writeFile(path.join(long, 'f'.repeat(250)), 'deep long name\n');
  // Sparse: 64 MiB with a little data in the middle and at the end.
  const sparse = await fs.open(path.join(root, 'sparse.img'), 'w');
  await sparse.write(Buffer.from('data in the middle'), 0, 18, 20 * MiB);
  await sparse.truncate(64 * MiB);
  await sparse.write(Buffer.from('tail'), 0, 4, 64 * MiB - 4);
  await sparse.close();
  await fs.utimes(path.join(root, 'docs', 'text.txt'), new Date('2001-02-03T04:05:06.789Z'), new Date('2001-02-03T04:05:06.789Z'));
  await fs.utimes(path.join(root, 'docs', 'deep'), new Date('2010-01-01T00:00:00Z'), new Date('2010-01-01T00:00:00Z'));
  await fs.chmod(path.join(root, 'empty', 'nested-empty'), 0o700);
}

export interface TreeEntry {
  type: 'dir' | 'file' | 'link';
  mode: number;
  mtimeMs: number;
  size?: number;
  content?: string;
  target?: string;
}

/** Everything restore must keep, per relative path (mtimes to the millisecond; file content by hash-free Buffer compare). */
export async function describeTree(root: string): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const walk = async (rel: string) => {
    const abs = path.join(root, rel);
    const st = await fs.lstat(abs);
    const base = { mode: st.mode & 0o7777, mtimeMs: Math.floor(st.mtimeMs) };
    if (st.isSymbolicLink()) out.set(rel, { ...base, type: 'link', target: await fs.readlink(abs), mtimeMs: 0 });
    else if (st.isFile()) out.set(rel, { ...base, type: 'file', size: st.size, content: (await fs.readFile(abs)).toString('base64') });
    else if (st.isDirectory()) {
      out.set(rel, { ...base, type: 'dir' });
      for (const n of (await fs.readdir(abs)).sort()) await walk(rel ? path.join(rel, n) : n);
    }
  };
  await walk('');
  return out;
}

/** Disk blocks a file occupies, in bytes. */
export async function allocated(file: string): Promise<number> {
  return (await fs.stat(file)).blocks * 512;
}
