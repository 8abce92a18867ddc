/**
 * `npm start` is production by default (issue 19, finding 8): it answered errors with stack
 * traces and file paths because production was opt-in (NODE_ENV=production). Now details are
 * shown only with NODE_ENV=development, and the server says so when it starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherServer, startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient } from '../support/api-client.js';

let plain: RunningServer;
let development: RunningServer;
beforeAll(async () => {
  // As `npm start` runs it: no NODE_ENV at all.
  plain = await startServer({ NODE_ENV: '', LOG_LEVEL: 'info' });
  development = await startAnotherServer(plain.db, { NODE_ENV: 'development', LOG_LEVEL: 'info' });
}, 180_000);
afterAll(async () => {
  await development?.stop();
  await plain?.stop();
});

/** A real internal error: the table a query reads is gone behind the servers' backs. */
async function internalError(server: RunningServer) {
  await server.db.query('alter table plan rename to plan_hidden');
  try {
    return await new ApiClient(server.baseUrl).gql(`{ municipalities { plans { id } } }`);
  } finally {
    await server.db.query('alter table plan_hidden rename to plan');
  }
}

describe('production by default', () => {
  it('without NODE_ENV, an internal error says nothing of stacks, paths or SQL', async () => {
    const r = await internalError(plain);
    expect(r.errors?.[0]?.extensions?.code, r.text).toBe('INTERNAL_SERVER_ERROR');
    expect(r.text).not.toMatch(/stacktrace|\/work\/|node_modules|\.ts:\d+|\.js:\d+|plan_hidden|relation|select /i);
    expect(plain.output()).not.toMatch(/development mode/);
  });

  it('NODE_ENV=development shows the details, and says so at startup', async () => {
    const r = await internalError(development);
    expect(r.text).toMatch(/stacktrace/);
    expect(development.output()).toMatch(/development mode \(NODE_ENV=development\)/);
  });
});
