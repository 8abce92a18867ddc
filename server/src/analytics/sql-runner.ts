/** One statement through whichever connection a caller writes with (the importer's knex transaction or a request's EntityManager). */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/** A knex transaction (the importer), knex itself, or a MikroORM EntityManager (inside `em.transactional` it uses that transaction). */
export type SqlRunner = Knex | Knex.Transaction | EntityManager;

/** Runs `sql` with `?` bindings on `db`. */
export async function runSql(db: SqlRunner, sql: string, bindings: unknown[]): Promise<unknown> {
  if (typeof db === 'function') return db.raw(sql, bindings as Knex.RawBinding[]);
  return db.execute(sql, bindings);
}
