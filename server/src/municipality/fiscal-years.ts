/**
 * What a city has per fiscal year, for the dashboard's defaults and empty states: its latest
 * year worth opening (`latestFiscalYear`) for every city in one statement, and each year's rated
 * evaluations per stage and indicator values per kind (`yearSummaries`). Both read through the
 * request's transaction, so row-level security (and PUBLIC_MODE's published-only rows) applies.
 */
import DataLoader from 'dataloader';
import type { SqlRow as Row } from '../provenance/provenance.type.js';

/**
 * Each city's default year: the latest with rated evaluations of the stage (any stage when it is
 * null), else the latest with actual values (実績値), else the latest with baseline values
 * (現状値, measured when the plan was made). Ratings come from the pre-aggregated rollup; the
 * indicator values are only read for a city without ratings (COALESCE stops at the first).
 */
export const LATEST_FISCAL_YEAR_SQL = `select m.id, coalesce(
    (select max(r.fiscal_year) from rating_rollup r
      where r.municipality_id = m.id and r.level_id is not null and (?::text is null or r.stage::text = ?::text)),
    (select max(v.fiscal_year) from indicator_value v where v.municipality_id = m.id and v.kind = 'actual'),
    (select max(v.fiscal_year) from indicator_value v where v.municipality_id = m.id and v.kind = 'baseline'))::int as year
  from municipality m where m.id = any(?)`;

/**
 * Every city with its latest fiscal year with rated evaluations of one stage (one `?`, the stage):
 * the first rule of the default year above, as rows (id, fiscal_year) that a filter keeps
 * (`fiscalYears: { latestRatedStage }`, graphql/filters.ts). One index probe of the rollup per city.
 */
export const LATEST_RATED_YEARS_SQL = `select m.id, (select max(r.fiscal_year) from rating_rollup r
      where r.municipality_id = m.id and r.level_id is not null and r.stage = ?::evaluation_stage)
    from municipality m`;

/** Runs one statement with its values (the loaders' prepared `run`). */
export type RunSql = (sql: string, params: unknown[]) => Promise<Row[]>;

/**
 * Batches `latestFiscalYear` over every city asked for in one step: one statement per stage
 * (a list of cities asks them all with the same stage). Keys are `cityId|stage`.
 */
export function latestFiscalYearLoader(run: RunSql, options: DataLoader.Options<string, number | null>): DataLoader<string, number | null> {
  return new DataLoader<string, number | null>(async (keys) => {
    const byStage = new Map<string, number[]>();
    for (const k of keys) {
      const [id, stage = ''] = k.split('|');
      const ids = byStage.get(stage) ?? [];
      ids.push(Number(id)); // in place: copying the list per key was quadratic over 1,741 cities
      byStage.set(stage, ids);
    }
    const years = new Map<string, number | null>();
    for (const [stage, ids] of byStage) {
      const rows = await run(LATEST_FISCAL_YEAR_SQL, [stage || null, stage || null, ids]);
      for (const r of rows) years.set(`${r.id}|${stage}`, r.year == null ? null : Number(r.year));
    }
    return keys.map((k) => years.get(k) ?? null);
  }, options);
}

/** One city's rated evaluations per year and stage, and indicator values per year and kind (`what`). */
export const YEAR_SUMMARY_SQL = `select fiscal_year, stage::text as what, sum(n)::int as n
    from rating_rollup where municipality_id = ? and level_id is not null group by 1, 2
  union all
  select fiscal_year, kind::text, count(*)::int from indicator_value where municipality_id = ? group by 1, 2
  order by 1, 2`;
