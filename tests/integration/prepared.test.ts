/**
 * Prepared statements (graphql/loaders.ts executePrepared) when a table changes under them, as
 * a migration by a newer instance does during a rolling deploy: the statement that had been
 * prepared fails once, then the statements are prepared again under new names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { ormConfig } from '../../server/src/db/orm-config.js';
import { executePrepared } from '../../server/src/graphql/loaders.js';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase();
  // One connection, so every call meets the statement its predecessor prepared.
  orm = await MikroORM.init(ormConfig(db.url, { pool: { min: 1, max: 1 } }));
  await db.query(`create table prepared_probe (id int primary key, a text not null)`);
  await db.query(`insert into prepared_probe values (1, 'one'), (2, 'two')`);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

describe('executePrepared', () => {
  const SQL = `select * from prepared_probe where id = any(?) order by id`;

  it('binds values as parameters (arrays as one PostgreSQL array) and answers again from the prepared statement', async () => {
    expect(await executePrepared(orm.em.fork(), SQL, [[1, 2]])).toEqual([{ id: 1, a: 'one' }, { id: 2, a: 'two' }]);
    expect(await executePrepared(orm.em.fork(), SQL, [[2]])).toEqual([{ id: 2, a: 'two' }]);
    const [{ n }] = (await orm.em.getConnection().execute(`select count(*)::int as n from pg_prepared_statements where statement like '%prepared_probe%'`)) as { n: number }[];
    expect(n).toBe(1);
  });

  it('after a column is added, fails once with PostgreSQL’s own error, then prepares anew and sees the column', async () => {
    await executePrepared(orm.em.fork(), SQL, [[1]]);
    await db.query(`alter table prepared_probe add column b int not null default 7`);
    await expect(executePrepared(orm.em.fork(), SQL, [[1]])).rejects.toMatchObject({ code: '0A000' });
    expect(await executePrepared(orm.em.fork(), SQL, [[1]])).toEqual([{ id: 1, a: 'one', b: 7 }]);
  });
});
