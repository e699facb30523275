import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { NODE_OPS, type WriteOps, writeFileAtomically } from '../../src/cli/atomicWrite.ts';

const failure = (error: Promise<unknown>): Promise<unknown> =>
  error.then(
    () => expect.fail('the write should have failed'),
    (e: unknown) => e,
  );

describe('writeFileAtomically', () => {
  const setUp = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'snapshot.json');
    await writeFile(target, 'previous');
    return { dir, target };
  };

  /** The real operations, recording every file opened. */
  const recording = () => {
    const opened: { path: string; flags: string; mode: number }[] = [];
    const ops: WriteOps = {
      ...NODE_OPS,
      open: (path, flags, mode) => {
        opened.push({ path, flags, mode });
        return NODE_OPS.open(path, flags, mode);
      },
    };
    return { ops, opened };
  };

  it('replaces the file whole', async () => {
    const { dir, target } = await setUp();
    await writeFileAtomically(target, '{"new":true}');
    expect(await readFile(target, 'utf8')).to.equal('{"new":true}');
    expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
  });

  it('leaves the old file and no temporary file when the disk fills up halfway through the write', async () => {
    const { dir, target } = await setUp();
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const error = await failure(
      writeFileAtomically(target, 'x'.repeat(1000), {
        ops: {
          ...NODE_OPS,
          // Half the text reaches the disk, then the disk is full: the way a real write fails.
          open: async (path, flags, mode) => {
            const file = await NODE_OPS.open(path, flags, mode);
            return {
              ...file,
              write: async (text) => {
                await file.write(text.slice(0, text.length / 2));
                throw full;
              },
            };
          },
          rename: () => Promise.reject(new Error('must not rename after a failed write')),
        },
      }),
    );
    expect(error).to.equal(full);
    expect(await readFile(target, 'utf8')).to.equal('previous');
    expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
  });

  for (const step of ['sync', 'close', 'rename'] as const) {
    it(`leaves the old file and no temporary file when the ${step} fails`, async () => {
      const { dir, target } = await setUp();
      const broken = Object.assign(new Error(`EIO: i/o error, ${step}`), { code: 'EIO' });
      const ops: WriteOps = {
        ...NODE_OPS,
        open: async (path, flags, mode) => {
          const file = await NODE_OPS.open(path, flags, mode);
          if (step === 'sync') return { ...file, sync: () => Promise.reject(broken) };
          // A close that fails still closes the descriptor, as close(2) does.
          if (step === 'close') return { ...file, close: () => file.close().then(() => Promise.reject(broken)) };
          return file;
        },
        rename: step === 'rename' ? () => Promise.reject(broken) : NODE_OPS.rename,
      };
      expect(await failure(writeFileAtomically(target, 'new', { ops }))).to.equal(broken);
      expect(await readFile(target, 'utf8')).to.equal('previous');
      expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
    });
  }

  it('creates the temporary file exclusively, in the target directory, under a new random name each time', async () => {
    const { dir, target } = await setUp();
    const { ops, opened } = recording();
    await writeFileAtomically(target, 'one', { ops });
    await writeFileAtomically(target, 'two', { ops });
    expect(opened.map((o) => o.flags)).to.deep.equal(['wx', 'wx']);
    const [first, second] = opened.map((o) => o.path);
    expect(first).to.not.equal(second);
    for (const temporary of [first, second]) {
      expect(dirname(temporary ?? '')).to.equal(dir);
      expect(basename(temporary ?? '')).to.match(/^\.snapshot\.json\.[0-9a-f]{24}\.tmp$/);
      expect(temporary).to.not.include(String(process.pid));
    }
    expect(await readFile(target, 'utf8')).to.equal('two');
    expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
  });

  describe('a symbolic link planted at a temporary name', () => {
    const plant = async (dir: string, names: readonly string[]) => {
      const victim = join(dir, 'victim.txt');
      await writeFile(victim, 'victim');
      for (const name of names) await symlink(victim, join(dir, name));
      return victim;
    };

    it('cannot redirect the write, even at the old predictable name', async () => {
      const { dir, target } = await setUp();
      const victim = await plant(dir, [`snapshot.json.${process.pid}.tmp`, `.snapshot.json.${process.pid}.tmp`]);
      await writeFileAtomically(target, 'new');
      expect(await readFile(victim, 'utf8')).to.equal('victim');
      expect((await lstat(target)).isFile()).to.equal(true);
      expect(await readFile(target, 'utf8')).to.equal('new');
    });

    it('is neither followed nor removed: another name is tried', async () => {
      const { dir, target } = await setUp();
      const victim = await plant(dir, ['.snapshot.json.a.tmp', '.snapshot.json.b.tmp']);
      const names = ['a', 'b', 'c'];
      await writeFileAtomically(target, 'new', { randomName: () => names.shift() ?? 'exhausted' });
      expect(names).to.deep.equal([]);
      expect(await readFile(victim, 'utf8')).to.equal('victim');
      expect(await readFile(target, 'utf8')).to.equal('new');
      expect((await lstat(target)).isFile()).to.equal(true);
      for (const name of ['.snapshot.json.a.tmp', '.snapshot.json.b.tmp']) {
        expect(await readlink(join(dir, name))).to.equal(victim);
      }
      expect((await readdir(dir)).sort()).to.deep.equal(
        ['.snapshot.json.a.tmp', '.snapshot.json.b.tmp', 'snapshot.json', 'victim.txt'].sort(),
      );
    });

    it('fails with EEXIST, touching nothing, when every name tried is taken', async () => {
      const { dir, target } = await setUp();
      const victim = await plant(dir, ['.snapshot.json.a.tmp']);
      const error = await failure(writeFileAtomically(target, 'new', { randomName: () => 'a' }));
      expect((error as NodeJS.ErrnoException).code).to.equal('EEXIST');
      expect(await readFile(victim, 'utf8')).to.equal('victim');
      expect(await readFile(target, 'utf8')).to.equal('previous');
      expect(await readlink(join(dir, '.snapshot.json.a.tmp'))).to.equal(victim);
      expect((await readdir(dir)).sort()).to.deep.equal(['.snapshot.json.a.tmp', 'snapshot.json', 'victim.txt']);
    });
  });

  describe('permissions', () => {
    it('creates a new file readable by its owner only (0600) by default, as a snapshot needs', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
      const target = join(dir, 'snapshot.json');
      await writeFileAtomically(target, '{}');
      expect((await stat(target)).mode & 0o777).to.equal(0o600);
    });

    it('gives a replaced file the new mode, not the old one', async () => {
      const { target } = await setUp();
      await chmod(target, 0o644);
      await writeFileAtomically(target, '{}');
      expect((await stat(target)).mode & 0o777).to.equal(0o600);
    });

    it('takes the mode the caller asks for, less the umask', async () => {
      const { target } = await setUp();
      const { ops, opened } = recording();
      await writeFileAtomically(target, '{}', { mode: 0o644, ops });
      expect(opened.map((o) => o.mode)).to.deep.equal([0o644]);
      expect((await stat(target)).mode & 0o777).to.equal(0o644 & ~process.umask());
    });
  });

  describe('a target that is not a regular file', () => {
    it('writes through a symbolic link, as `>` does, and leaves the link a link', async () => {
      const { dir, target } = await setUp();
      const elsewhere = await mkdtemp(join(tmpdir(), 'atomic-dest-'));
      const destination = join(elsewhere, 'report.json');
      await writeFile(destination, 'previous');
      const link = join(dir, 'latest.json');
      await symlink(destination, link);
      await writeFileAtomically(link, 'new');
      expect((await lstat(link)).isSymbolicLink()).to.equal(true);
      expect(await readlink(link)).to.equal(destination);
      expect(await readFile(destination, 'utf8')).to.equal('new');
      expect(await readFile(target, 'utf8')).to.equal('previous');
      expect((await readdir(dir)).sort()).to.deep.equal(['latest.json', 'snapshot.json']);
      expect(await readdir(elsewhere)).to.deep.equal(['report.json']);
    });

    it('creates the destination of a dangling symbolic link, as `>` does', async () => {
      const { dir } = await setUp();
      const destination = join(dir, 'new.json');
      const link = join(dir, 'latest.json');
      await symlink(destination, link);
      await writeFileAtomically(link, 'new');
      expect((await lstat(link)).isSymbolicLink()).to.equal(true);
      expect(await readFile(destination, 'utf8')).to.equal('new');
      expect((await stat(destination)).mode & 0o777).to.equal(0o600);
    });

    it('writes to a character device (/dev/null) and leaves it a device', async () => {
      // Never let a regression replace the real /dev/null (a root test run could): anything but a direct write fails.
      const refuse = () => Promise.reject(new Error('must write /dev/null directly'));
      const ops: WriteOps = {
        ...NODE_OPS,
        open: (path, flags, mode) => (flags === 'w' ? NODE_OPS.open(path, flags, mode) : refuse()),
        rename: refuse,
        rm: refuse,
      };
      await writeFileAtomically('/dev/null', 'discarded', { ops });
      expect((await lstat('/dev/null')).isCharacterDevice()).to.equal(true);
    });

    it('writes into a FIFO and leaves it a FIFO', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      // Open for reading and writing, non-blocking: the writer's open does not wait, and neither does the read
      // when nothing arrived (EAGAIN), so a wrong implementation fails instead of hanging.
      const reader = await open(fifo, constants.O_RDWR | constants.O_NONBLOCK);
      try {
        await writeFileAtomically(fifo, 'streamed');
        const buffer = Buffer.alloc(64);
        const { bytesRead } = await reader.read(buffer, 0, buffer.length, null);
        expect(buffer.subarray(0, bytesRead).toString('utf8')).to.equal('streamed');
      } finally {
        await reader.close();
      }
      expect((await lstat(fifo)).isFIFO()).to.equal(true);
      expect(await readdir(dir)).to.deep.equal(['pipe']);
    });

    it('refuses a directory (EISDIR) and leaves nothing behind', async () => {
      const { dir } = await setUp();
      const directory = join(dir, 'reports');
      await mkdir(directory);
      const error = await failure(writeFileAtomically(directory, 'new'));
      expect((error as NodeJS.ErrnoException).code).to.equal('EISDIR');
      expect((await readdir(dir)).sort()).to.deep.equal(['reports', 'snapshot.json']);
      expect(await readdir(directory)).to.deep.equal([]);
    });
  });

  describe('a write that cannot happen', () => {
    it("fails with ENOENT when the target's directory does not exist, creating nothing", async () => {
      const { dir } = await setUp();
      const error = await failure(writeFileAtomically(join(dir, 'missing', 'report.json'), 'new'));
      expect((error as NodeJS.ErrnoException).code).to.equal('ENOENT');
      expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
    });

    it('keeps the old file and leaves nothing behind when the write fails half-way (a full disk)', async () => {
      const { dir, target } = await setUp();
      const fullDisk: WriteOps = {
        ...NODE_OPS,
        open: async (path, flags, mode) => {
          const file = await NODE_OPS.open(path, flags, mode);
          return {
            ...file,
            write: async () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })),
          };
        },
      };
      const error = await failure(writeFileAtomically(target, 'new', { ops: fullDisk }));
      expect((error as NodeJS.ErrnoException).code).to.equal('ENOSPC');
      expect(await readFile(target, 'utf8')).to.equal('previous');
      expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
    });
  });
});
