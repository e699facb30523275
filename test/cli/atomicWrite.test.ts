import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { writeFileAtomically } from '../../src/cli/atomicWrite.ts';

describe('writeFileAtomically', () => {
  const setUp = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'snapshot.json');
    await writeFile(target, 'previous');
    return { dir, target };
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
    const error = await writeFileAtomically(target, 'x'.repeat(1000), {
      // Half the text reaches the disk, then the disk is full: the way a real write fails.
      writeFile: async (path, text) => {
        await writeFile(path, text.slice(0, text.length / 2));
        throw full;
      },
      rename: () => Promise.reject(new Error('must not rename after a failed write')),
      rm: (path) => import('node:fs/promises').then((fs) => fs.rm(path, { force: true })),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.equal(full);
    expect(await readFile(target, 'utf8')).to.equal('previous');
    expect(await readdir(dir)).to.deep.equal(['snapshot.json']);
  });
});
