/**
 * Starts one real PostgreSQL for the whole test run (the embedded one, or the server at
 * DATABASE_URL) and prepares a migrated template database; each test file clones it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../../server/src/db/embedded-postgres.js';
import { connect, migrate } from '../../server/src/db/database.js';
import { browserTestsEnabled } from '../browser/support/chromium.js';

export const TEMPLATE_DB = 'seisaku_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export default async function setup(project: TestProject) {
  // One plain line when browser tests cannot run here (CI sets REQUIRE_BROWSER_TESTS, which throws instead).
  if (!browserTestsEnabled()) console.log('Chromium not found: browser tests are skipped (apt-get install chromium fonts-noto-cjk to run them).');

  let cluster: EmbeddedCluster | undefined;
  let dir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    dir = mkdtempSync(join(tmpdir(), 'seisaku-test-pg-'));
    chmodSync(dir, 0o755); // the postgres user must reach it when tests run as root
    cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() });
    adminUrl = cluster.url('postgres');
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.query(`create database ${TEMPLATE_DB} encoding 'UTF8' template template0`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  const orm = await connect(templateUrl.toString());
  await migrate(orm);
  await orm.close(true);

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE_DB);
  return async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
