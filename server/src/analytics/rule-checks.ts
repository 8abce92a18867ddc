/**
 * The cities' rule checks kept per evaluation (`rule_check`, Migration20261225000000_rule_check):
 * what `ruleInconsistencies` pages and counts in SQL. Derived data like the rating rollup: a
 * city's rows are rebuilt in the transaction that wrote its evaluations or values
 * (`refreshRollups` calls `refreshRuleChecks`), from the same `ruleChecks` the report and
 * `Evaluation.ruleCheck` use, so the three always agree.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { arrayLiteral } from '../graphql/loaders.js';
import { ruleChecksWith, type RowQuery } from './analytics.service.js';
import type { SqlRunner } from './rollups.js';

type Row = Record<string, unknown>;

/** `query` over a knex transaction, knex or an EntityManager: arrays as one array parameter (as `execute` sends them). */
function rowQuery(db: SqlRunner): RowQuery {
  // One statement at a time: a transaction is one connection (node-pg deprecates a query sent while another runs).
  let tail: Promise<unknown> = Promise.resolve();
  return (sql, bindings) => {
    const values = bindings.map((b) => (Array.isArray(b) ? arrayLiteral(b) : b));
    const result = tail.then(async () => {
      if (typeof db === 'function') return ((await db.raw(sql, values as never[])) as unknown as { rows: Row[] }).rows;
      return (await db.execute(sql, values)) as Row[];
    });
    tail = result.catch(() => undefined);
    return result;
  };
}

/** Rebuilds one city's rule checks (call in the writing transaction, after its evaluations and values are written). */
export async function refreshRuleChecks(db: SqlRunner, municipalityId: number): Promise<void> {
  const query = rowQuery(db);
  const checks = await ruleChecksWith(query, { where: ['es.municipality_id = ?'], bindings: [municipalityId] });
  await query('delete from rule_check where municipality_id = ?', [municipalityId]);
  if (checks.length) {
    // One statement for the city's checks: their columns as one JSON array.
    const rows = checks.map((c) => [c.evaluationId, c.fiscalYear, c.agrees, c.computed ? Number(c.computed.id) : null, c.value ?? null, c.explanation]);
    await query(
      `insert into rule_check (evaluation_id, municipality_id, fiscal_year, agrees, computed_level_id, value, explanation)
       select (r->>0)::int, ?::int, (r->>1)::smallint, (r->>2)::boolean, (r->>3)::int, (r->>4)::float8, r->>5
         from jsonb_array_elements(?::jsonb) r`,
      [municipalityId, JSON.stringify(rows)],
    );
  }
  await query(
    `insert into rule_check_city (municipality_id) values (?) on conflict (municipality_id) do update set refreshed_at = now()`,
    [municipalityId],
  );
}

/**
 * Computes the checks of every city that has none recorded (data imported before `rule_check`
 * existed), each city in a transaction of its own. Returns how many cities it filled.
 */
export async function fillMissingRuleChecks(orm: MikroORM | EntityManager, log: (m: string) => void = () => {}): Promise<number> {
  const em = ('em' in orm ? orm.em : orm).fork();
  const missing = (await em.execute(
    `select m.id from municipality m where not exists (select 1 from rule_check_city r where r.municipality_id = m.id) order by m.id`,
  )) as { id: number }[];
  for (const { id } of missing) await em.transactional((trx) => refreshRuleChecks(trx, Number(id)));
  if (missing.length) log(`rule checks computed for ${missing.length} cities`);
  return missing.length;
}
