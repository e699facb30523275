import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file opened for writing, as far as a write needs it. */
export interface OpenFile {
  /** Writes the whole text (UTF-8) from the current position. */
  readonly write: (text: string) => Promise<void>;
  /** fsync: the text is on the disk, not only in the page cache. */
  readonly sync: () => Promise<void>;
  readonly close: () => Promise<void>;
}

/** The file operations a write needs; tests pass failing or recording ones. */
export interface WriteOps {
  /** What is at `path`, not following a symbolic link; rejects (ENOENT) when nothing is. */
  readonly lstat: (path: string) => Promise<{ isFile: () => boolean }>;
  /** `wx` creates exclusively (O_CREAT|O_EXCL: fails on anything already there, a symbolic link too); `w` follows. */
  readonly open: (path: string, flags: 'w' | 'wx', mode: number) => Promise<OpenFile>;
  readonly rename: (from: string, to: string) => Promise<void>;
  readonly rm: (path: string) => Promise<void>;
  /** Makes a directory's entries (the rename) durable; best effort. */
  readonly syncDirectory: (path: string) => Promise<void>;
}

export const NODE_OPS: WriteOps = {
  lstat: (path) => fs.lstat(path),
  open: async (path, flags, mode) => {
    const handle = await fs.open(path, flags, mode);
    return {
      write: (text) => handle.writeFile(text, 'utf8'),
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  rename: (from, to) => fs.rename(from, to),
  rm: (path) => fs.rm(path, { force: true }),
  syncDirectory: async (path) => {
    const handle = await fs.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** Owner read and write only: a report or snapshot names the account, its clusters, subnets and routes. */
const PRIVATE_FILE_MODE = 0o600;

export interface WriteOptions {
  /** Permission bits of a newly created file (the umask still applies); default PRIVATE_FILE_MODE. */
  readonly mode?: number;
  readonly ops?: WriteOps;
  /** The unguessable part of a temporary file's name; tests pass a predictable one. */
  readonly randomName?: () => string;
}

/** 96 random bits: no one can plant something at the name beforehand. */
const randomName = (): string => randomBytes(12).toString('hex');

/** How many names to try when one is taken: with random names, only a planted one (or a stubbed source) is. */
const ATTEMPTS = 10;

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Write `text` to `path` so that a reader sees the old file or the whole new one, never a half-written one.
 *
 * A new or regular-file target is written beside it under a random hidden name, created exclusively (`wx`:
 * anything already at that name, a planted symbolic link included, makes it try another name; it is never
 * followed) with `mode`, synced, then renamed over the target; any failure removes it and leaves the target
 * as it was. The new file has `mode` even when it replaces one with other permissions.
 *
 * A target that exists and is not a regular file is written to directly, as the shell's `>` would, and stays
 * what it is: a device (`/dev/stdout`, `/dev/null`) or a FIFO must not be replaced by a regular file, and a
 * symbolic link is written through (its destination, created with `mode` if missing, gets the text; the link
 * stays a link), with the kernel's usual checks on following it. Such a write is not atomic.
 * @throws the failing operation's error (ENOENT, EACCES, ENOSPC, EISDIR, ...), unchanged.
 */
export const writeFileAtomically = async (path: string, text: string, options: WriteOptions = {}): Promise<void> => {
  const { mode = PRIVATE_FILE_MODE, ops = NODE_OPS } = options;
  if (!(await isRegularFileOrMissing(path, ops))) return writeThrough(path, text, mode, ops);
  let temporary: string | undefined;
  let file: OpenFile | undefined;
  try {
    ({ temporary, file } = await createTemporary(path, mode, ops, options.randomName ?? randomName));
    await file.write(text);
    await file.sync();
    const closing = file;
    file = undefined;
    await closing.close();
    await ops.rename(temporary, path);
    temporary = undefined;
  } catch (error) {
    await file?.close().catch(() => undefined);
    if (temporary !== undefined) await ops.rm(temporary).catch(() => undefined);
    throw error;
  }
  await ops.syncDirectory(dirname(path)).catch(() => undefined);
};

const isRegularFileOrMissing = async (path: string, ops: WriteOps): Promise<boolean> => {
  try {
    return (await ops.lstat(path)).isFile();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
};

/** A new, empty file beside `path` under a name no one could have guessed; only this call creates it. */
const createTemporary = async (
  path: string,
  mode: number,
  ops: WriteOps,
  random: () => string,
): Promise<{ temporary: string; file: OpenFile }> => {
  // Hidden, and short enough for the file system whatever the target's name.
  const prefix = join(dirname(path), `.${basename(path).slice(0, 100)}.`);
  for (let attempt = 1; ; attempt++) {
    const temporary = `${prefix}${random()}.tmp`;
    try {
      return { temporary, file: await ops.open(temporary, 'wx', mode) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt >= ATTEMPTS) throw error;
    }
  }
};

const writeThrough = async (path: string, text: string, mode: number, ops: WriteOps): Promise<void> => {
  const file = await ops.open(path, 'w', mode);
  try {
    await file.write(text);
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
  await file.close();
};
