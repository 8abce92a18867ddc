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

/** The pair join: `es` (the view) or `e` rated at one stage, `c` at another, with their levels `bl`, `cl`. */
function pairs(base: string): string {
  // sql-safe: base is one of two aliases given in this module
  return `join rating_level bl on bl.id = ${base}.level_id
          join evaluation c
            on c.municipality_id = ${base}.municipality_id and c.fiscal_year = ${base}.fiscal_year and c.scale_id = ${base}.scale_id
           and c.subject_kind = ${base}.subject_kind and c.stage <> ${base}.stage
           and coalesce(c.policy_node_id, c.indicator_id, c.project_id) = coalesce(${base}.policy_node_id, ${base}.indicator_id, ${base}.project_id)
          join rating_level cl on cl.id = c.level_id`;
}

/** The stage rollup's columns, in the order `stageRollupSelect` produces them (the rating rollup's dimensions, the base's). */
export const STAGE_ROLLUP_COLUMNS =
  'municipality_id, fiscal_year, stage, compare_stage, subject_kind, scale_id, level_id, compare_level_id, difference, department_id, plan_id, top_node_id, uncertain, accepted, n';

/** The stage rollup's rows for the base evaluations matching `condition` (SQL over `es`, the view, and `e`). */
export function stageRollupSelect(condition: string): string {
  // sql-safe: the pair join is fixed text; the condition is fixed text of the caller (its values are ? bindings)
  return `select es.municipality_id, es.fiscal_year, es.stage, c.stage, es.subject_kind, es.scale_id, es.level_id, c.level_id,
                 cl.sort_order - bl.sort_order, es.department_id, es.plan_id, nullif(split_part(es.subject_node_path, '/', 2), '')::int,
                 es.uncertain, e.status = 'accepted' and c.status = 'accepted', count(*)::int
            from evaluation_subject es join evaluation e on e.id = es.id
            ${pairs('es')}
           where ${condition}
           group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14`;
}

export const STAGE_DIFFERENCE_COLUMNS = 'base_id, compare_id, municipality_id, fiscal_year, stage, compare_stage, difference';

/** The pairs whose levels differ, for the base evaluations `e` matching `condition`. */
export function stageDifferenceSelect(condition: string): string {
  // sql-safe: the pair join is fixed text; the condition is fixed text of the caller (its values are ? bindings)
  return `select e.id, c.id, e.municipality_id, e.fiscal_year, e.stage, c.stage, cl.sort_order - bl.sort_order
            from evaluation e
            ${pairs('e')}
           where cl.sort_order <> bl.sort_order and ${condition}`;
}

/** Rebuilds one city's stage pairs (call in the writing transaction, after its evaluations are written). */
export async function refreshStagePairs(db: SqlRunner, municipalityId: number): Promise<void> {
  await runSql(db, 'delete from stage_rollup where municipality_id = ?', [municipalityId]);
  // sql-safe: column lists and selects are constants of this module; the city is a ? binding
  await runSql(db, `insert into stage_rollup (${STAGE_ROLLUP_COLUMNS}) ${stageRollupSelect('es.municipality_id = ?')}`, [municipalityId]);
  await runSql(db, 'delete from stage_difference where municipality_id = ?', [municipalityId]);
  // sql-safe: column lists and selects are constants of this module; the city is a ? binding
  await runSql(db, `insert into stage_difference (${STAGE_DIFFERENCE_COLUMNS}) ${stageDifferenceSelect('e.municipality_id = ?')}`, [municipalityId]);
}
