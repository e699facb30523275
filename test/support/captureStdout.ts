/** Capture what a Lambda handler logs (Powertools writes JSON lines to stdout) within each test. */
import sinon from 'sinon';

export interface CapturedStdout {
  /** Stop capturing (before assertions, so mocha's own output is not swallowed). */
  restore(): void;
  /** The JSON lines written so far. */
  jsonLines(): Record<string, unknown>[];
}

/** Installs beforeEach/afterEach hooks in the enclosing `describe`. */
export const useCapturedStdout = (): CapturedStdout => {
  let output: string[] = [];
  let stub: sinon.SinonStub | undefined;
  beforeEach(() => {
    output = [];
    stub = sinon.stub(process.stdout, 'write').callsFake((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });
  const restore = () => {
    stub?.restore();
    stub = undefined;
  };
  afterEach(restore);
  return {
    restore,
    jsonLines: () =>
      output
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
};
