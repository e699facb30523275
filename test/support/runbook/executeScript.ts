/**
 * aws:executeScript for Python runtimes: the script runs in a local python3, handler(events, context). One
 * python3 process per test process serves every script, each in a fresh namespace: starting python3 for each
 * step cost the runbook tests most of their time. A script's own output (print) is captured, not mixed in.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const WORKER = `
import contextlib, io, json, sys
for line in sys.stdin:
    request = json.loads(line)
    namespace = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(request["script"], "script", "exec"), namespace)
            payload = namespace[request["handler"]](request["events"], None)
        answer = {"ok": True, "payload": payload}
    except Exception as error:
        answer = {"ok": False, "error": type(error).__name__ + ": " + str(error)}
    sys.stdout.write(json.dumps({"id": request["id"], "result": answer}) + "\\n")
    sys.stdout.flush()
`;

export type ScriptResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly error: string };

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pending: Map<number, { resolve: (r: ScriptResult) => void; reject: (e: Error) => void }>;
}

let worker: Worker | undefined;
let nextId = 0;

/** The running worker, started on first use; it never keeps the test process alive. */
const workerOf = (): Worker => {
  if (worker !== undefined) return worker;
  const child = spawn('python3', ['-u', '-c', WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const started: Worker = { child, pending: new Map() };
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const { id, result } = JSON.parse(line) as { id: number; result: ScriptResult };
    started.pending.get(id)?.resolve(result);
    started.pending.delete(id);
  });
  const fail = (error: Error) => {
    for (const { reject } of started.pending.values()) reject(error);
    started.pending.clear();
    worker = undefined;
  };
  child.on('error', fail);
  child.on('close', (code) => fail(new Error(`python3 exited ${code}: ${stderr}`)));
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void }).unref?.();
  worker = started;
  return started;
};

export const runPythonScript = (script: string, handler: string, events: unknown): Promise<ScriptResult> =>
  new Promise((resolve, reject) => {
    const { child, pending } = workerOf();
    const id = nextId++;
    pending.set(id, { resolve, reject });
    child.stdin.write(`${JSON.stringify({ id, script, handler, events })}\n`);
  });
