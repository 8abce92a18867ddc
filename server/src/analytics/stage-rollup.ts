/**
 * Pairs of ratings at two stages (`stage_rollup`, `stage_difference`;
 * Migration20261228000000_stage_pairs_and_search): what `stageComparison` counts and pages
 * without joining the evaluations of every city at request time. A pair is two rated
 * evaluations of one subject, fiscal year and scale at different stages (both orders kept:
 * SELF → SECONDARY and SECONDARY → SELF are different questions). Derived data like the rating
 * rollup: a city's rows are rebuilt by `refreshRollups` (rollups.ts) in the transaction that
 * wrote its evaluations.
 */
import { runSql, type SqlRunner } from './sql-runner.js';

/**
 * The rated evaluations matching `condition` (over the view `es`), once, then paired with each
 * other by a hash join on (city, year, scale, subject kind, subject): joined to `evaluation`
 * directly the pairing became a nested loop over a city's year per evaluation (26 s a city).
 */
function pairsOf(condition: string, columns: string, tail: string): string {
  // sql-safe: condition, columns and tail are fixed text of this module's callers (values are ? bindings)
  return `select p.* from (with r as materialized (
      select es.id, es.municipality_id, es.fiscal_year, es.stage, es.subject_kind, es.scale_id, es.level_id,
             coalesce(es.policy_node_id, es.indicator_id, es.project_id) as sid, es.level_order, es.department_id, es.plan_id,
             nullif(split_part(es.subject_node_path, '/', 2), '')::int as top_node_id, es.uncertain, e.status = 'accepted' as accepted
        from evaluation_subject es join evaluation e on e.id = es.id
       where es.level_id is not null and ${condition})
    select ${columns} from r b join r c
      on c.municipality_id = b.municipality_id and c.fiscal_year = b.fiscal_year and c.scale_id = b.scale_id
     and c.subject_kind = b.subject_kind and c.sid = b.sid and c.stage <> b.stage
    ${tail}) p`;
}

/** The stage rollup's columns, in the order `stageRollupSelect` produces them (the rating rollup's dimensions, the base's). */
export const STAGE_ROLLUP_COLUMNS =
  'municipality_id, fiscal_year, stage, compare_stage, subject_kind, scale_id, level_id, compare_level_id, difference, department_id, plan_id, top_node_id, uncertain, accepted, n';

/** The stage rollup's rows for the evaluations matching `condition` (SQL over `es`, the view). */
export function stageRollupSelect(condition: string): string {
  return pairsOf(
    condition,
    `b.municipality_id, b.fiscal_year, b.stage, c.stage as compare_stage, b.subject_kind, b.scale_id, b.level_id, c.level_id as compare_level_id,
     c.level_order - b.level_order, b.department_id, b.plan_id, b.top_node_id, b.uncertain, b.accepted and c.accepted, count(*)::int`,
    'group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14',
  );
}

export const STAGE_DIFFERENCE_COLUMNS = 'base_id, compare_id, municipality_id, fiscal_year, stage, compare_stage, difference';

/** The pairs whose levels differ, for the evaluations matching `condition` (SQL over `es`, the view). */
export function stageDifferenceSelect(condition: string): string {
  return pairsOf(
    condition,
    'b.id, c.id as compare_id, b.municipality_id, b.fiscal_year, b.stage, c.stage as compare_stage, c.level_order - b.level_order',
    'where c.level_order <> b.level_order',
  );
}

/** Rebuilds one city's stage pairs (call in the writing transaction, after its evaluations are written). */
export async function refreshStagePairs(db: SqlRunner, municipalityId: number): Promise<void> {
  // A city just written is estimated at a few rows (no statistics yet), and its evaluations were
  // then paired by a nested loop (9 s a generated city): a hash join, for these statements only.
  await runSql(db, `select set_config('enable_nestloop', 'off', true)`, []);
  await runSql(db, 'delete from stage_rollup where municipality_id = ?', [municipalityId]);
  // sql-safe: column lists and selects are constants of this module; the city is a ? binding
  await runSql(db, `insert into stage_rollup (${STAGE_ROLLUP_COLUMNS}) ${stageRollupSelect('es.municipality_id = ?')}`, [municipalityId]);
  await runSql(db, 'delete from stage_difference where municipality_id = ?', [municipalityId]);
  // sql-safe: column lists and selects are constants of this module; the city is a ? binding
  await runSql(db, `insert into stage_difference (${STAGE_DIFFERENCE_COLUMNS}) ${stageDifferenceSelect('es.municipality_id = ?')}`, [municipalityId]);
  await runSql(db, `select set_config('enable_nestloop', 'on', true)`, []);
}
