import * as fs from 'node:fs/promises';

/** The file operations an atomic write needs; tests pass failing ones. */
export interface WriteOps {
  readonly writeFile: (path: string, text: string) => Promise<void>;
  readonly rename: (from: string, to: string) => Promise<void>;
  readonly rm: (path: string) => Promise<void>;
}

const NODE_OPS: WriteOps = {
  writeFile: (path, text) => fs.writeFile(path, text, 'utf8'),
  rename: (from, to) => fs.rename(from, to),
  rm: (path) => fs.rm(path, { force: true }),
};

/**
 * Write beside the target, then rename over it: a reader sees the old file or the whole new one, never a
 * half-written one, and a failed write (a full disk) leaves neither a broken target nor a stray temporary file.
 * @throws the write's or the rename's error.
 */
export const writeFileAtomically = async (path: string, text: string, ops: WriteOps = NODE_OPS): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await ops.writeFile(temporary, text);
    await ops.rename(temporary, path);
  } catch (error) {
    await ops.rm(temporary).catch(() => undefined);
    throw error;
  }
};
