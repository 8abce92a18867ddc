/**
 * Achievement bands' counts (`achievementBands` without the indicators behind each band) counted
 * in SQL: each indicator's rate and band are computed in the statement (the same rule as
 * rules.ts `achievementRate` and `bandLevel`, in float8 as JavaScript computes them) and the rows
 * that reach the API are the groups × bands × the cities' distinct band rules, not one per
 * indicator (nationwide they were every indicator of every city, and the API's memory went from
 * 151 MB to 650–800 MB: issue 25).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { subjectScope, whereSql, type SubjectFilter } from '../graphql/filters.js';
import { executePrepared } from '../graphql/loaders.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';
import { BandGroupBy, type BandGroupType, type BandType } from './analytics.types.js';
import { BAND_INDICATOR_COLUMNS, bandTypes, newBandGroup, notMeasuredBand } from './analytics.service.js';
import { DEFAULT_BANDS, type Band } from './rules.js';
import { runSql, type SqlRunner } from './sql-runner.js';

/** The default bands as the statement reads a rule's (`-infinity` as null: JSON has no infinities). */
const DEFAULT_BANDS_JSON = JSON.stringify(DEFAULT_BANDS.map((b) => ({ level: b.level, minPercent: Number.isFinite(b.minPercent) ? b.minPercent : null })));

/** Floating-point slack at a boundary, as rules.ts. */
const EPS = 1e-9;

/** The city's band rule (`br`: its rule, actual and target years), looked up per indicator `i` (PostgreSQL memoises it). */
const RULE_LOOKUP = `left join lateral (select rs.rule, (rs.rule->>'actualYear')::int as actual_year, (rs.rule->>'targetYear')::int as target_year
                             from rating_scale rs
                            where rs.municipality_id = i.municipality_id and rs.rule is not null and rs.rule->>'kind' = 'achievementBands'
                            order by rs.id limit 1) br on true`;

/**
 * The target an actual of `year` (SQL) is compared with (`tv`): the rule's target year where the
 * rule names the actual's, else that year's target or the nearest later one.
 */
// sql-safe: year is a fixed SQL expression of this module (a column or a placeholder)
const targetFor = (year: string) => `left join lateral (select t.value, t.qualifier from indicator_value t
                            where t.indicator_id = i.id and t.kind = 'target'
                              and case when br.target_year is not null and br.actual_year = ${year} then t.fiscal_year = br.target_year else t.fiscal_year >= ${year} end
                            order by t.fiscal_year limit 1) tv on true`;

/** The achievement in percent of the actual `av` against the target `tv` (null when not measured), as rules.ts `achievementRate`. */
// sql-safe: EPS is a numeric constant
const PERCENT = `case when av.id is null or av.value is null or tv.value is null then null
                  when tv.qualifier = 'at_most' and av.value <= tv.value + ${EPS} * abs(tv.value) then 100::float8
                  when case tv.qualifier when 'at_most' then true when 'at_least' then false else i.direction = 'lower_is_better' end
                       then case when av.value = 0 then null else tv.value / av.value * 100 end
                  else case when tv.value = 0 then null else av.value / tv.value * 100 end end`;

/** The band of `pct` by the rule's `bands` (JSON; the lowest band below every bound), as rules.ts `bandLevel`. */
// sql-safe: EPS is a numeric constant
const LEVEL = `case when pct is null then null else coalesce(
               (select b->>'level' from jsonb_array_elements(bands) b
                 where pct >= coalesce((b->>'minPercent')::float8, '-infinity'::float8) - ${EPS}
                 order by coalesce((b->>'minPercent')::float8, '-infinity'::float8) desc limit 1),
               (select b->>'level' from jsonb_array_elements(bands) b
                 order by coalesce((b->>'minPercent')::float8, '-infinity'::float8) limit 1)) end`;

/**
 * The band rollup's rows (`band_rollup`, Migration20261228000100_band_rollup) of the indicators `i` matching `condition`: a city's
 * measured indicators per fiscal year of their actuals, rule and band. Who is not measured is
 * the rest of the city's indicators (`municipality_summary.indicators`).
 */
export function bandRollupInsert(condition: string): string {
  // sql-safe: the default bands are a constant of this module (JSON without single quotes); the condition is fixed text of the caller
  return `
  insert into band_rollup (municipality_id, fiscal_year, bands, level, n)
  with x as (
    select i.municipality_id, av.fiscal_year, coalesce(br.rule->'bands', '${DEFAULT_BANDS_JSON}'::jsonb) as bands, ${PERCENT} as pct
      from indicator i
      ${RULE_LOOKUP}
      join indicator_value av on av.indicator_id = i.id and av.kind = 'actual'
      ${targetFor('av.fiscal_year')}
     where ${condition}
  )
  select municipality_id, fiscal_year, bands, level, count(*)::int
    from (select municipality_id, fiscal_year, bands, ${LEVEL} as level from x) y
   where level is not null
   group by 1, 2, 3, 4`;
}

/** Rebuilds one city's band rollup (call in the transaction that wrote its indicators or values). */
export async function refreshBandRollup(db: SqlRunner, municipalityId: number): Promise<void> {
  await runSql(db, 'delete from band_rollup where municipality_id = ?', [municipalityId]);
  await runSql(db, bandRollupInsert('i.municipality_id = ?'), [municipalityId]);
}

/**
 * The counts from the band rollup, in the rows the live statement gives (group keys, rule, band,
 * count, first row), when the question is over whole cities: no condition but cities, grouped by
 * nothing or by city. Null otherwise.
 */
async function rollupRows(em: EntityManager, filter: SubjectFilter | undefined, fiscalYear: number, by: Set<BandGroupBy>): Promise<SqlRow[] | null> {
  if ([...by].some((g) => g !== BandGroupBy.MUNICIPALITY)) return null;
  const f = filter ?? {};
  const other = Object.entries(f).filter(([k, v]) => !['municipalityCodes', 'prefectures', 'includeSubDepartments', 'includeSubtree'].includes(k) && v !== undefined && v !== null);
  if (other.length) return null;
  const scope = subjectScope(filter, { ...BAND_INDICATOR_COLUMNS, municipalityId: 's.municipality_id' });
  const muni = by.has(BandGroupBy.MUNICIPALITY) ? 'c.m' : 'null::int';
  // Each city's rule (or the default bands) even where none of its indicators is measured.
  // sql-safe: muni is one of two fixed expressions; values are ? bindings
  return executePrepared<SqlRow[]>(
    em,
    `with c as materialized (
       select s.municipality_id as m, s.indicators as total,
              coalesce((select rs.rule->'bands' from rating_scale rs
                         where rs.municipality_id = s.municipality_id and rs.rule is not null and rs.rule->>'kind' = 'achievementBands'
                         order by rs.id limit 1), ?::jsonb) as bands
         from municipality_summary s
        ${whereSql({ where: ['s.indicators > 0', ...scope.where], bindings: [] })}
     ), r as materialized (
       select r.municipality_id as m, r.level, sum(r.n)::int as n from band_rollup r
        where r.fiscal_year = ? and r.municipality_id in (select m from c) group by 1, 2
     )
     select null::int as dept, null::int as node, ${muni} as muni, c.bands, x.level, sum(x.n)::int as n, min(c.m) as first__
       from c
       join lateral (select r.level, r.n from r where r.m = c.m
                     union all
                     select null, c.total - coalesce((select sum(r.n) from r where r.m = c.m), 0)::int) x on x.n > 0
      group by 1, 2, 3, 4, 5
      order by first__, level nulls last`,
    [DEFAULT_BANDS_JSON, ...scope.bindings, fiscalYear],
  );
}

/**
 * Counts per group and band for a fiscal year, in one statement: see `achievementBands`
 * (analytics.service.ts), whose counts-only answer this is.
 */
export async function achievementBandCounts(
  em: EntityManager,
  filter: SubjectFilter | undefined,
  fiscalYear: number,
  groupBy: BandGroupBy[],
  policyDepth: number | null,
  withNodes: boolean,
): Promise<{ bands: BandType[]; groups: BandGroupType[]; nodes: PolicyNodeType[] }> {
  const scope = subjectScope(filter, BAND_INDICATOR_COLUMNS);
  const by = new Set(groupBy);
  const grouped = by.size > 0;
  const depthBindings: unknown[] = [];
  const nodeKey = by.has(BandGroupBy.POLICY_NODE)
    ? policyDepth
      ? (depthBindings.push(policyDepth), `nullif(split_part(pn.path, '/', ?::int + 1), '')::int`)
      : 'pn.id'
    : 'null::int';
  const deptKey = by.has(BandGroupBy.DEPARTMENT) ? 'coalesce(ip.department_id, pn.effective_department_id)' : 'null::int';
  const muniKey = by.has(BandGroupBy.MUNICIPALITY) ? 'i.municipality_id' : 'null::int';
  // Groups come in the order of their first indicator (city, node path, order), as the full form's.
  const order = 'i.municipality_id, pn.path nulls last, i.sort_order, i.id';
  // sql-safe: every fragment is fixed text chosen here; values are ? bindings
  const sql = `
    with x as (
      select ${deptKey} as dept, ${nodeKey} as node, ${muniKey} as muni,
             coalesce(br.rule->'bands', ?::jsonb) as bands,
             ${grouped ? `row_number() over (order by ${order})` : '0::bigint'} as rn,
             ${PERCENT} as pct
        from indicator i
        left join project ip on ip.id = i.project_id
        left join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id) and pn.municipality_id = i.municipality_id
        ${RULE_LOOKUP}
        left join indicator_value av on av.indicator_id = i.id and av.kind = 'actual' and av.fiscal_year = ?
        ${targetFor('?::int')}
        ${whereSql(scope)}
    ),
    y as (select dept, node, muni, bands, rn, ${LEVEL} as level from x)
    select dept, node, muni, bands, level, count(*)::int as n, min(rn) as first__
           ${withNodes && by.has(BandGroupBy.POLICY_NODE) ? ', (select row_to_json(g) from policy_node g where g.id = y.node) as group_node__' : ''}
      from y
     group by dept, node, muni, bands, level
     order by first__, level nulls last`;
  // Over whole cities, from the band rollup (nationwide the live statement rates a million indicators).
  const rows =
    (!withNodes && (await rollupRows(em, filter, fiscalYear, by))) ||
    (await executePrepared<SqlRow[]>(em, sql, [...depthBindings, DEFAULT_BANDS_JSON, fiscalYear, fiscalYear, fiscalYear, ...scope.bindings]));

  // The bands: each distinct rule's, de-duplicated by level and bound, from the top; then not measured.
  const allBands: BandType[] = [];
  const bandsOfRule = new Map<string, BandType[]>();
  for (const r of rows) {
    const key = JSON.stringify(r.bands);
    if (bandsOfRule.has(key)) continue;
    const rule = (typeof r.bands === 'string' ? JSON.parse(r.bands) : r.bands) as { level: string; minPercent: number | null }[];
    const bands: Band[] = rule.map((b) => ({ level: b.level, minPercent: b.minPercent ?? Number.NEGATIVE_INFINITY }));
    bandsOfRule.set(
      key,
      bandTypes(bands).map((b) => {
        const same = allBands.find((x) => x.key === b.key && x.minPercent === b.minPercent && x.maxPercent === b.maxPercent);
        if (same) return same;
        allBands.push(b);
        return b;
      }),
    );
  }
  if (!rows.length) allBands.push(...bandTypes(DEFAULT_BANDS));
  allBands.sort((a, b) => (b.minPercent ?? Number.NEGATIVE_INFINITY) - (a.minPercent ?? Number.NEGATIVE_INFINITY));
  const notMeasured = notMeasuredBand();
  const bands = [...allBands, notMeasured];

  const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const groups = new Map<string, BandGroupType>();
  const nodes = new Map<number, PolicyNodeType>();
  for (const r of rows) {
    const [dept, node, muni] = [int(r.dept), int(r.node), int(r.muni)];
    const gk = `${dept}|${node}|${muni}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = newBandGroup(bands, dept, node, muni, by)));
    const n = Number(r.n);
    g.total += n;
    const band = r.level === null || r.level === undefined ? notMeasured : bandsOfRule.get(JSON.stringify(r.bands))!.find((b) => b.key === r.level)!;
    if (band !== notMeasured) g.measured += n;
    g.counts.find((c) => c.band === band)!.count += n;
    if (r.group_node__ != null && node !== null && !nodes.has(node))
      nodes.set(node, PolicyNodeType.fromRow((typeof r.group_node__ === 'string' ? JSON.parse(r.group_node__) : r.group_node__) as SqlRow));
  }
  for (const g of groups.values()) for (const c of g.counts) c.share = g.total ? c.count / g.total : 0;
  return { bands, groups: [...groups.values()], nodes: [...nodes.values()] };
}
