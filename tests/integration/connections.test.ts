/**
 * Pooled connections are never handed back dirty (issue 19, finding 1): a read transaction whose
 * setup or statement fails is rolled back (and destroyed when even that fails) before its
 * connection returns to the pool, so the next requests all succeed; /readyz turns red when the
 * API's pool cannot serve.
 *
 * The HTTP part replays the tester's finding: a viewer asks for another city's annual report while
 * the pool is idle, so the report asks for a second connection in the first one's snapshot, which
 * ends before the second imports it (`SET TRANSACTION SNAPSHOT` fails on a connection that had
 * already begun its transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, codeOf, firstAccount, makeUser } from '../support/api-client.js';
import { ormConfig, POOL } from '../../server/src/db/orm-config.js';
import { closeReadTransaction, execute, openReadTransaction, sideConnection } from '../../server/src/graphql/loaders.js';

const SETTINGS = { 'app.municipality_ids': '*', 'app.published_only': 'off', statement_timeout: '5000', plan_cache_mode: 'force_generic_plan' };

describe('read transactions on a pool of two connections', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init(ormConfig(db.url, { pool: { ...POOL, max: 2 } }));
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  /** 100 read transactions, two at a time (so both connections serve): how many failed, and the first error. */
  async function hundredReads(): Promise<{ failed: number; first?: string }> {
    let failed = 0;
    let first: string | undefined;
    for (let i = 0; i < 50; i++) {
      await Promise.all(
        [0, 1].map(async () => {
          const em = orm.em.fork();
          try {
            await openReadTransaction(em, SETTINGS);
            const [r] = await execute<{ n: number }[]>(em, 'select count(*)::int as n from municipality');
            expect(r!.n).toBeGreaterThanOrEqual(0);
            await closeReadTransaction(em, true);
          } catch (e) {
            failed++;
            first ??= (e as Error).message;
            await closeReadTransaction(em, false);
          }
        }),
      );
    }
    return { failed, first };
  }

  /** Connections of this database that sit in an open or aborted transaction while nobody uses them. */
  async function dirtyIdle(): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state in ('idle in transaction', 'idle in transaction (aborted)')`,
    );
    return rows[0]!.n;
  }

  it('a read transaction whose settings are refused leaves no dirty connection', async () => {
    for (let i = 0; i < 3; i++) {
      const em = orm.em.fork();
      await expect(openReadTransaction(em, { ...SETTINGS, statement_timeout: 'not a duration' })).rejects.toThrow(/statement_timeout/);
    }
    expect(await dirtyIdle()).toBe(0);
    const r = await hundredReads();
    expect(r.failed, r.first).toBe(0);
  });

  it('a second connection that cannot import the snapshot (its transaction ended first) leaves no dirty connection', async () => {
    let poisoned = 0;
    for (let i = 0; i < 5; i++) {
      const em = orm.em.fork();
      await openReadTransaction(em, SETTINGS);
      const side = sideConnection(em);
      // The request ends while the second connection is being set up: its snapshot is gone.
      await new Promise((r) => setImmediate(r));
      await closeReadTransaction(em, true);
      const got = await side;
      if (got === em) poisoned++;
      await closeReadTransaction(got, true);
    }
    expect(poisoned, 'the race never happened: the test proves nothing').toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(await dirtyIdle()).toBe(0);
    const r = await hundredReads();
    expect(r.failed, r.first).toBe(0);
  });

  it('a statement that fails inside the transaction is rolled back with it', async () => {
    const em = orm.em.fork();
    await openReadTransaction(em, SETTINGS);
    await expect(execute(em, 'select 1 / 0')).rejects.toThrow(/division by zero/);
    await closeReadTransaction(em, true);
    await new Promise((r) => setTimeout(r, 100));
    expect(await dirtyIdle()).toBe(0);
    const r = await hundredReads();
    expect(r.failed, r.first).toBe(0);
  });

  it('a connection whose ROLLBACK fails too is destroyed, not handed back', async () => {
    const em = orm.em.fork();
    await openReadTransaction(em, SETTINGS);
    const [me] = await execute<{ pid: number }[]>(em, 'select pg_backend_pid() as pid');
    // The backend goes away under the open transaction: neither COMMIT nor ROLLBACK can run.
    await db.query('select pg_terminate_backend($1)', [me!.pid]);
    await new Promise((r) => setTimeout(r, 100));
    await closeReadTransaction(em, true);
    const r = await hundredReads();
    expect(r.failed, r.first).toBe(0);
  });
});

describe('over HTTP: another city’s report while the pool is idle', () => {
  let server: RunningServer;
  let viewer: ApiClient;
  let A: { code: string };
  let B: { code: string; year: number };

  beforeAll(async () => {
    // No response cache, so every request below takes a connection.
    server = await startServer({ RESPONSE_CACHE_MB: '0', NODE_ENV: 'production' });
    const cities = await server.db.query<{ code: string; name: string; year: number }>(
      `select m.code, m.name, max(e.fiscal_year)::int as year from municipality m join evaluation e on e.municipality_id = m.id group by m.code, m.name order by m.code`,
    );
    A = cities.find((c) => c.name.includes('伊勢崎'))!;
    B = cities.find((c) => c.name.includes('所沢'))!;
    const root = await firstAccount(server);
    viewer = await makeUser(root, 'viewer@a.jp', 'VIEWER', A.code);
  }, 180_000);
  afterAll(async () => server?.stop());

  it('the next 100 requests all succeed, and /readyz stays green', async () => {
    for (let i = 0; i < 5; i++) {
      // The pool idle: the report asks for its second connection.
      await new Promise((r) => setTimeout(r, 50));
      const other = await viewer.get(`/reports/${B.code}/${B.year}.xlsx`);
      expect(other.status).toBe(404);
      const field = await viewer.gql(`query ($c: String!, $y: Int!) { annualReport(municipalityCode: $c, fiscalYear: $y) { municipalityName } }`, { c: B.code, y: B.year });
      expect(codeOf(field)).toBe('NOT_FOUND');
    }
    const failures: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await viewer.gql(`query ($n: Int!) { evaluations(first: $n) { totalCount } }`, { n: 1 + (i % 50) });
      if (r.status !== 200 || r.errors) failures.push(`${r.status} ${r.text.slice(0, 200)}`);
    }
    expect(failures, failures.slice(0, 3).join('\n')).toEqual([]);
    const stuck = await server.db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction (aborted)'`,
    );
    expect(stuck[0]!.n).toBe(0);
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
  });

  it('/readyz turns red while the API’s role cannot connect, and green again after', async () => {
    const db = server.db;
    await db.query(`revoke connect on database ${db.name} from public`);
    await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and usename = 'seisaku_app'`, [db.name]);
    try {
      let red = false;
      for (let i = 0; i < 20 && !red; i++) {
        const r = await fetch(`${server.baseUrl}/readyz`);
        red = r.status === 503;
        if (!red) await new Promise((ok) => setTimeout(ok, 100));
      }
      expect(red).toBe(true);
      const q = await viewer.gql(`{ municipalities { code } }`);
      expect(q.status).toBe(503);
    } finally {
      await db.query(`grant connect on database ${db.name} to public`);
    }
    let green = false;
    for (let i = 0; i < 50 && !green; i++) {
      green = (await fetch(`${server.baseUrl}/readyz`)).status === 200;
      if (!green) await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(green).toBe(true);
  });
});

