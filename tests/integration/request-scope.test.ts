/**
 * The request transaction (server/src/auth/request-scope.ts): queries run read-only, mutations
 * read-write, with the caller's cities and the statement timeout set, all after one BEGIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { connect } from '../../server/src/db/database.js';
import { createContext, type GraphQLContext } from '../../server/src/graphql/context.js';
import { execute, executePrepared, hasReadTransaction, sideConnection } from '../../server/src/graphql/loaders.js';
import { MikroORM as Orm } from '@mikro-orm/postgresql';
import { ormConfig } from '../../server/src/db/orm-config.js';
import { requestScopePlugin } from '../../server/src/auth/request-scope.js';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await connect(db.url);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

/** Runs the plugin's hooks around `inside` for an operation of the given text (`failed`: the answer has errors). */
async function inRequest(source: string, inside: (ctx: GraphQLContext) => Promise<void>, failed = false, on: MikroORM = orm) {
  const ctx = createContext(on.em.fork(), { principal: { kind: 'system', admin: true }, transactional: true });
  const hooks = (await requestScopePlugin(1234).requestDidStart!({ contextValue: ctx } as never))!;
  const operation = parse(source).definitions[0] as OperationDefinitionNode;
  await hooks.didResolveOperation!({ operation, contextValue: ctx } as never);
  try {
    await inside(ctx);
  } finally {
    await hooks.willSendResponse!({ contextValue: ctx, response: { body: { kind: 'single', singleResult: failed ? { errors: [{ message: 'x' }] } : {} } } } as never);
  }
}
const setting = async (ctx: GraphQLContext, name: string) => (await execute<{ v: string }[]>(ctx.em, 'select current_setting(?) as v', [name]))[0]!.v;

describe('the request transaction', () => {
  it('is read-only for a query, with the cities and the statement timeout set', async () => {
    await inRequest('query { municipalities { code } }', async (ctx) => {
      expect(await setting(ctx, 'transaction_read_only')).toBe('on');
      expect(await setting(ctx, 'app.municipality_ids')).toBe('*');
      // What is left of the request's budget of 1,234 ms when its transaction began.
      const timeout = await setting(ctx, 'statement_timeout');
      expect(timeout).toMatch(/^\d+ms$/);
      expect(parseInt(timeout, 10)).toBeLessThanOrEqual(1234);
      expect(parseInt(timeout, 10)).toBeGreaterThan(1000);
      await expect(execute(ctx.em, 'create temporary table scratch (a int)')).rejects.toThrow(/read-only transaction/);
    });
  });

  it('is read-write for a mutation', async () => {
    await inRequest('mutation { signOut }', async (ctx) => {
      expect(await setting(ctx, 'transaction_read_only')).toBe('off');
      await execute(ctx.em, 'create temporary table scratch (a int)');
    });
  });

  it('runs a query’s statements, plain and prepared, on one connection in one transaction, and gives the connection back (also after a failed statement)', async () => {
    const pool = (orm.em.getConnection().getKnex().client as unknown as { pool: { numUsed(): number; numFree(): number } }).pool;
    const sessionOf = async (ctx: GraphQLContext) => {
      const [a] = await execute<{ pid: number; at: string }[]>(ctx.em, 'select pg_backend_pid() as pid, now()::text as at');
      const [b] = await executePrepared<{ pid: number; at: string }[]>(ctx.em, 'select pg_backend_pid() as pid, now()::text as at where ?::int = 1', [1]);
      return [a!, b!];
    };
    let seen: { pid: number; at: string }[] = [];
    await inRequest('query { municipalities { code } }', async (ctx) => {
      expect(hasReadTransaction(ctx.em)).toBe(true);
      const [a, b] = await sessionOf(ctx);
      await new Promise((r) => setTimeout(r, 5));
      const [c] = await sessionOf(ctx);
      seen = [a, b, c];
    });
    // One backend, one transaction (now() is the transaction's start, the same after a pause).
    expect(new Set(seen.map((x) => x.pid)).size).toBe(1);
    expect(new Set(seen.map((x) => x.at)).size).toBe(1);
    // A statement fails: the transaction is rolled back and the connection is usable again.
    for (let i = 0; i < 3; i++)
      await inRequest(
        'query { municipalities { code } }',
        async (ctx) => {
          await expect(execute(ctx.em, 'select 1/0')).rejects.toThrow(/division by zero/);
          await expect(execute(ctx.em, 'select 1')).rejects.toThrow(/current transaction is aborted/);
        },
        true,
      );
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.numUsed()).toBe(0);
    // The next request's transaction is a new one, on a clean connection.
    await inRequest('query { municipalities { code } }', async (ctx) => {
      const [a] = await sessionOf(ctx);
      expect(a.at).not.toBe(seen[0]!.at);
      expect(await setting(ctx, 'transaction_read_only')).toBe('on');
    });
  });

  it('queues statements sent at once (DataLoaders of one step) on its connection, in order, and refuses statements once it has ended', async () => {
    // node-pg deprecates a query sent while another runs on the same client (it will refuse it in
    // pg 9): the transaction queues them itself.
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    let ended: GraphQLContext | undefined;
    try {
      await inRequest('query { municipalities { code } }', async (ctx) => {
        ended = ctx;
        const n = 20;
        const rows = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            i % 2
              ? execute<{ i: number; pid: number }[]>(ctx.em, 'select ?::int as i, pg_backend_pid() as pid, pg_sleep(0.001)', [i])
              : executePrepared<{ i: number; pid: number }[]>(ctx.em, 'select ?::int as i, pg_backend_pid() as pid', [i]),
          ),
        );
        expect(rows.map((r) => Number(r[0]!.i))).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(new Set(rows.map((r) => r[0]!.pid)).size).toBe(1);
      });
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
    // A statement after the end (a resolver still running when the answer went out) fails: it
    // does not run outside the transaction, without the caller's cities.
    expect(hasReadTransaction(ended!.em)).toBe(false);
    await expect(execute(ended!.em, 'select 1')).rejects.toThrow(/read transaction is closed/);
  });

  it('gives a second connection in the same snapshot and with the same settings when the pool has room, and none when it has not', async () => {
    const pool = (orm.em.getConnection().getKnex().client as unknown as { pool: { numUsed(): number } }).pool;
    type Seen = { n: number; pid: number; ids: string; ro: string };
    const look = async (em: GraphQLContext['em']) =>
      (await execute<Seen[]>(em, `select count(*)::int as n, pg_backend_pid() as pid, current_setting('app.municipality_ids') as ids, current_setting('transaction_read_only') as ro from municipality`))[0]!;
    const outside = orm.em.fork();
    let seen: Seen[] = [];
    try {
      await inRequest('query { municipalities { code } }', async (ctx) => {
        const before = await look(ctx.em);
        // Committed by another connection after this transaction's snapshot was taken.
        await execute(outside, `insert into municipality (code, name, prefecture) values ('999991', 'スナップショット市', 'テスト県')`);
        const side = await sideConnection(ctx.em);
        expect(side).not.toBe(ctx.em);
        expect(await sideConnection(ctx.em)).toBe(side); // one per request
        seen = [before, ...(await Promise.all([look(ctx.em), look(side)]))];
      });
      const [before, main, side] = seen as [Seen, Seen, Seen];
      expect(main.n).toBe(before.n);
      expect(side.n).toBe(before.n); // the insert is invisible to both: one snapshot
      expect(side.pid).not.toBe(main.pid);
      expect(side).toMatchObject({ ids: '*', ro: 'on' });
      await new Promise((r) => setTimeout(r, 50));
      expect(pool.numUsed()).toBe(0); // both connections back
      expect((await look(orm.em.fork())).n).toBe(before.n + 1);
    } finally {
      await execute(outside, `delete from municipality where code = '999991'`);
    }
    // A mutation's transaction is MikroORM's: no second connection.
    await inRequest('mutation { signOut }', async (ctx) => {
      expect(await sideConnection(ctx.em)).toBe(ctx.em);
    });
    // A pool of one connection, in use: the request keeps to its own (never waits for another).
    const small = await Orm.init(ormConfig(db.url, { pool: { min: 1, max: 1 } }));
    try {
      await inRequest('query { municipalities { code } }', async (ctx) => {
        expect(await sideConnection(ctx.em)).toBe(ctx.em);
        expect((await look(ctx.em)).ro).toBe('on');
      }, false, small);
    } finally {
      await small.close(true);
    }
  });
});
