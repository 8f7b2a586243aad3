/**
 * Reading back what is on a drive, not what a cache remembers having written there.
 *
 * Files are opened for direct I/O: O_DIRECT on Linux; on Windows libuv's UV_FS_O_DIRECT (0x02000000), which libuv
 * turns into CreateFileW's FILE_FLAG_NO_BUFFERING, so reads come from the volume and not the system cache. Microsoft's
 * rules for such a handle: every read starts at an offset and asks for a length that are multiples of the volume's
 * sector size, into a buffer aligned on the physical sector size; page-aligned memory satisfies that
 * (https://learn.microsoft.com/windows/win32/fileio/file-buffering). Reads here are whole multiples of 64 KiB at
 * multiples of 64 KiB, into buffers cut at multiples of 64 KiB from a WebAssembly memory, which is allocated on page
 * boundaries (4 KiB on Linux; VirtualAlloc's 64 KiB granularity on Windows): aligned for the 512- and 4096-byte
 * sectors drives have. A read that reaches the end of the file returns the bytes up to it.
 *
 * A file system that refuses direct I/O (tmpfs) is read normally and the caller is told (`direct: false`); macOS
 * has no O_DIRECT and reads normally too. Caches this cannot bypass: the drive's own hardware cache, and, through
 * FUSE (ntfs-3g), the kernel's buffer cache of the block device that ntfs-3g reads, which
 * platform/linux/deviceCache.ts empties before a read-back.
 */

import { constants, promises as fs } from 'node:fs';

/** libuv's UV_FS_O_DIRECT on Windows (uv/win.h), mapped to FILE_FLAG_NO_BUFFERING by its fs__open. */
export const windowsNoBuffering = 0x02000000;

/** The part of a FileHandle a read-back uses. */
export interface MediumHandle {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

export interface MediumFile {
  handle: MediumHandle;
  /** Whether reads bypass the system's caches; false where the file system does not allow it. */
  direct: boolean;
}

export interface MediumAccess {
  platform?: NodeJS.Platform;
  /** fs.promises.open, or a replay of what the platform does. */
  open?: (file: string, flags: number) => Promise<MediumHandle>;
  /** Told, for each file, whether it is read past the caches (and for a drive root whose device cache could not be emptied: false). */
  onOpen?: (file: string, direct: boolean) => void;
}

function directFlag(platform: NodeJS.Platform): number {
  if (platform === 'win32') return windowsNoBuffering;
  if (platform === 'linux') return constants.O_DIRECT ?? 0o40000;
  return 0;
}

/** Opens `file` to read what the medium holds; falls back to a normal open where direct I/O is refused. */
export async function openOnMedium(file: string, access: MediumAccess = {}): Promise<MediumFile> {
  const open = access.open ?? ((f: string, flags: number) => fs.open(f, flags));
  const flag = directFlag(access.platform ?? process.platform);
  if (flag) {
    try {
      return { handle: await open(file, constants.O_RDONLY | flag), direct: true };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    }
  }
  return { handle: await open(file, constants.O_RDONLY), direct: false };
}

/**
 * Reads up to `buf.length` bytes at `pos`. With direct I/O one request is made (`pos` and `buf.length` are multiples
 * of 64 KiB) and fewer bytes than asked mean the end of the file: a second request would start off alignment, and
 * a regular file, FUSE included, answers short only there. A caller expecting more then reports the file short,
 * never as good. Otherwise short reads are looped over.
 */
export async function readAt(f: MediumFile, buf: Buffer, pos: number): Promise<number> {
  if (f.direct) return (await f.handle.read(buf, 0, buf.length, pos)).bytesRead;
  let n = 0;
  while (n < buf.length) {
    const { bytesRead } = await f.handle.read(buf, n, buf.length - n, pos + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return n;
}

/** The alignment of every buffer and read size here. */
export const mediumAlignment = 64 * 1024;

/** The global WebAssembly.Memory (not in the Node typings this project compiles against). */
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer } } }).WebAssembly.Memory;
const free = new Map<string, Buffer[][]>();

/**
 * `count` page-aligned buffers of `size` bytes (a multiple of 64 KiB), reused across read-backs: a WebAssembly
 * memory reserves address space, so sets are pooled rather than made per file. The memory is shared, so the MD5
 * thread (md5Thread.ts) hashes blocks of a read where they are.
 */
export function takeAlignedBuffers(count: number, size: number): { bufs: Buffer[]; release(): void } {
  if (size <= 0 || size % mediumAlignment !== 0) throw new Error(`aligned buffers come in multiples of ${mediumAlignment} bytes`);
  const key = `${count}x${size}`;
  const pool = free.get(key) ?? [];
  free.set(key, pool);
  let bufs = pool.pop();
  if (!bufs) {
    const mem = new WasmMemory({ initial: (count * size) / mediumAlignment, maximum: (count * size) / mediumAlignment, shared: true });
    bufs = Array.from({ length: count }, (_, i) => Buffer.from(mem.buffer, i * size, size));
  }
  const taken = bufs;
  let released = false;
  return {
    bufs: taken,
    release: () => {
      if (released) return;
      released = true;
      pool.push(taken);
    },
  };
}

/** The whole of a small file (the drive's manifest) as the medium holds it. */
export async function readFileOnMedium(file: string, access: MediumAccess = {}): Promise<Buffer> {
  const f = await openOnMedium(file, access);
  access.onOpen?.(file, f.direct);
  const { bufs, release } = takeAlignedBuffers(1, 1024 * 1024);
  try {
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const n = await readAt(f, bufs[0]!, pos);
      if (n === 0) break;
      parts.push(Buffer.from(bufs[0]!.subarray(0, n)));
      pos += n;
      if (n < bufs[0]!.length) break;
    }
    return Buffer.concat(parts);
  } finally {
    release();
    await f.handle.close();
  }
}
