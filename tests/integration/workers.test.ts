/**
 * WORKERS (issue 24): one command starts several API processes sharing the port (node's cluster
 * module) over one database; a process that dies is replaced and the others keep answering.
 * Coherence between processes (writes, caches, sessions) is shown with separate processes in
 * replicas.test.ts; here, that the workers share the sessions and the limits kept in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, firstAccount } from '../support/api-client.js';

let server: RunningServer;
/** The supervisor's child processes (from /proc: their parent pid is the fourth field of stat). */
const workers = (): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === server.process.pid;
      } catch {
        return false;
      }
    })
    .map(Number);
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  server = await startServer({ WORKERS: '2', PUBLIC_MODE: '0' });
  await until('two workers run', () => workers().length === 2);
}, 120_000);
afterAll(async () => server?.stop());

describe('WORKERS=2', () => {
  it('serves one port from two processes that share sessions, and replaces one that dies', async () => {
    const root = await firstAccount(server);
    // Many requests, spread by the cluster over both workers: the session works on each.
    const answers = await Promise.all(Array.from({ length: 40 }, () => root.gql(`{ me { email } }`)));
    for (const r of answers) expect(r.data?.me?.email, r.text).toBe('root@example.jp');

    const [first, second] = workers();
    process.kill(first!, 'SIGKILL');
    // The other worker answers meanwhile (a kept-alive connection to the dead one is reset once).
    await until('the remaining worker answers', async () => {
      try {
        return (await root.gql(`{ me { email } }`)).data?.me?.email === 'root@example.jp';
      } catch {
        return false;
      }
    });
    await until('a new worker replaces the one that died', () => {
      const now = workers();
      return now.length === 2 && now.includes(second!) && !now.includes(first!);
    });
    const r = await new ApiClient(server.baseUrl).gql(`{ municipalities { code } }`);
    expect(r.status).toBe(401);
  });
});
