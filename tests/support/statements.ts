/**
 * Counts the SQL statements an ORM sends, at the knex client, which the ORM's own statements,
 * `execute` and the prepared statements (`executePrepared`) all pass through.
 */
import type { MikroORM } from '@mikro-orm/postgresql';

export interface StatementCounter {
  /** Statements since the counter started or was last reset. */
  readonly count: number;
  reset(): void;
  stop(): void;
}

export function countStatements(orm: MikroORM): StatementCounter {
  const knex = orm.em.getConnection().getKnex();
  let n = 0;
  const record = () => n++;
  knex.on('query', record);
  return {
    get count() {
      return n;
    },
    reset: () => (n = 0),
    stop: () => void knex.off('query', record),
  };
}
