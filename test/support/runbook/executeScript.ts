/** aws:executeScript for Python runtimes: the script runs in a local python3, handler(events, context). */
import { spawn } from 'node:child_process';

const HARNESS = `
import json, sys
request = json.load(sys.stdin)
namespace = {}
exec(compile(request["script"], "script", "exec"), namespace)
try:
    payload = namespace[request["handler"]](request["events"], None)
    print(json.dumps({"ok": True, "payload": payload}))
except Exception as error:
    print(json.dumps({"ok": False, "error": type(error).__name__ + ": " + str(error)}))
`;

export type ScriptResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly error: string };

export const runPythonScript = (script: string, handler: string, events: unknown): Promise<ScriptResult> =>
  new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', HARNESS], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`python3 exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ScriptResult);
    });
    child.stdin.end(JSON.stringify({ script, handler, events }));
  });
