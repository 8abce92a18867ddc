/**
 * Pre-aggregated rating counts (`rating_rollup`, Migration20261202000000_national_scale) and the
 * hooks that keep them and the response cache current.
 *
 * Whoever writes evaluations of a city must, in the same transaction, call
 * `refreshRollups(trx, municipalityId)`, `refreshCitySummary(trx, municipalityId)` and
 * `bumpDataVersion(trx, municipalityId)` (or `afterCityWrite`, all three): the importer does; evaluation edits (saveEvaluation, status changes)
 * must too. The rollup is rebuilt for that one city (a few thousand rows, milliseconds). After
 * the transaction commits, call `dataChanged()` so this process's response cache re-reads the
 * versions at once (other processes see them within VERSION_TTL_MS, 250 ms).
 */
import { dataChanged } from '../graphql/cache.js';
import { VERSIONS_CHANNEL } from '../graphql/read-routing.js';
import { citySummaryUpsert } from './city-summary.js';
import { refreshRuleChecks } from './rule-checks.js';
import { runSql, type SqlRunner } from './sql-runner.js';
import { refreshStagePairs } from './stage-rollup.js';
import { refreshBandRollup } from './band-counts.js';

export { dataChanged };
export type { SqlRunner };

/**
 * The rollup's columns, in the order `rollupSelect` produces them. A taxonomy class of the
 * subject's node (issue 21) is one more column here, in `rollupSelect` and in its grouping.
 */
export const ROLLUP_COLUMNS =
  'municipality_id, fiscal_year, stage, subject_kind, scale_id, level_id, department_id, plan_id, top_node_id, uncertain, status, n';

/**
 * The rollup rows for the evaluations matching `condition` (SQL over `es`, the view
 * evaluation_subject, and `e`, the evaluation): the view gives every evaluation the same
 * department, plan and node as every other aggregation; the top-level node is the first id of
 * the subject node's path.
 */
export function rollupSelect(condition: string): string {
  return `select es.municipality_id, es.fiscal_year, es.stage, es.subject_kind, es.scale_id, es.level_id, es.department_id, es.plan_id,
                 nullif(split_part(es.subject_node_path, '/', 2), '')::int, es.uncertain, e.status, count(*)::int
            from evaluation_subject es join evaluation e on e.id = es.id
           where es.scale_id is not null and ${condition}
           group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`;
}

/**
 * Rebuilds the rollup rows, the stage pairs (stage-rollup.ts) and the rule checks
 * (rule-checks.ts) of one municipality from its evaluations and values (call in the writing
 * transaction).
 */
export async function refreshRollups(db: SqlRunner, municipalityId: number): Promise<void> {
  await runSql(db, 'delete from rating_rollup where municipality_id = ?', [municipalityId]);
  await runSql(db, `insert into rating_rollup (${ROLLUP_COLUMNS}) ${rollupSelect('es.municipality_id = ?')}`, [municipalityId]);
  await refreshStagePairs(db, municipalityId);
  await refreshValueRollups(db, municipalityId);
}

/** Rebuilds what an indicator value moves: the rule checks (rule-checks.ts) and the band rollup (band-counts.ts). */
export async function refreshValueRollups(db: SqlRunner, municipalityId: number): Promise<void> {
  await refreshRuleChecks(db, municipalityId);
  await refreshBandRollup(db, municipalityId);
}

/** Rebuilds one city's record counts (`municipality_summary`, city-summary.ts; call in the writing transaction). */
export async function refreshCitySummary(db: SqlRunner, municipalityId: number): Promise<void> {
  await runSql(db, citySummaryUpsert(), [municipalityId]);
}

/** Marks the city's data as changed: cached responses that involve it are no longer served. */
export async function bumpDataVersion(db: SqlRunner, municipalityId: number): Promise<void> {
  // NOTIFY is delivered at commit: every API process (also for an import by the CLI) reads the versions again then.
  // sql-safe: VERSIONS_CHANNEL is a constant channel name; the city is a ? binding
  await runSql(db, `update municipality set data_version = data_version + 1 from (select pg_notify('${VERSIONS_CHANNEL}', '')) n where id = ?`, [municipalityId]);
  dataChanged(); // and call dataChanged() again once the transaction has committed
}

/** All three, for a write that changed a city's records. */
export async function afterCityWrite(db: SqlRunner, municipalityId: number): Promise<void> {
  await refreshRollups(db, municipalityId);
  await refreshCitySummary(db, municipalityId);
  await bumpDataVersion(db, municipalityId);
}
