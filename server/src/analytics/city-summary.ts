/**
 * Each city's record counts (`municipality_summary`, Migration20261204000000_city_summary): the
 * overview lists every city with its counts, which at national size would otherwise count 30
 * million rows per request. Rebuilt for one city, in the writing transaction, wherever the rating
 * rollup is (rollups.ts `afterCityWrite`, the importer, evaluation and indicator edits).
 */
/** The counted tables, as summary column → table. */
export const COUNTED = {
  plans: 'plan',
  policy_nodes: 'policy_node',
  departments: 'department',
  indicators: 'indicator',
  indicator_values: 'indicator_value',
  evaluations: 'evaluation',
  projects: 'project',
  department_policies: 'department_policy',
} as const;

export const CITY_SUMMARY_COLUMNS = ['municipality_id', ...Object.keys(COUNTED)].join(', ');

/**
 * The summary rows of the cities matching `condition` (SQL over `m`, the municipality), each
 * count one index scan of that city's rows.
 */
export function citySummarySelect(condition: string): string {
  // sql-safe: table and column names from the constant COUNTED map
  const counts = Object.entries(COUNTED).map(([col, table]) => `(select count(*) from "${table}" x where x.municipality_id = m.id)::int as ${col}`);
  // sql-safe: the counts above and a condition written by the caller in code (never input)
  return `select m.id, ${counts.join(', ')} from municipality m where ${condition}`;
}

/** Upserts one city's counts (`?` is the city): run it in the writing transaction (rollups.ts `refreshCitySummary`). */
export function citySummaryUpsert(): string {
  const set = Object.keys(COUNTED).map((c) => `${c} = excluded.${c}`);
  // sql-safe: constant column lists and the select above; the city is bound
  return `insert into municipality_summary (${CITY_SUMMARY_COLUMNS}) ${citySummarySelect('m.id = ?')}
    on conflict (municipality_id) do update set ${set.join(', ')}, refreshed_at = now()`;
}
