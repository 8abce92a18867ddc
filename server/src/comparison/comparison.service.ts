/**
 * Cities compared on the shared taxonomy (issue 21), in plain SQL over the base tables. Each
 * aggregate is one function with a narrow signature (cities, scheme, classes, stage), so that a
 * precomputed rollup can answer it later without changing the API.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { execute } from '../graphql/loaders.js';
import { achievementRate, type Direction } from '../analytics/rules.js';
import type { SqlRow as Row } from '../provenance/provenance.type.js';
import type { CitySelectionInput } from './comparison.types.js';

/** The most cities one comparison may hold (a prefecture has at most 179). */
export const MAX_COMPARED_CITIES = 200;

const badInput = (ja: string, en: string, field: string) => new GraphQLError(`${ja} / ${en}`, { extensions: { code: 'BAD_USER_INPUT', field } });

/** The cities meeting every condition of the selection, by code. Refuses an empty or too large selection. */
export async function selectCities(em: EntityManager, sel: CitySelectionInput): Promise<Row[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (sel.codes?.length) {
    if (sel.codes.length > MAX_COMPARED_CITIES)
      throw badInput(`自治体は${MAX_COMPARED_CITIES}まで選べます`, `at most ${MAX_COMPARED_CITIES} codes`, 'cities.codes');
    where.push('code = any(?)');
    params.push(sel.codes);
  }
  if (sel.peerGroupId != null) {
    if (!/^\d{1,9}$/.test(sel.peerGroupId)) throw badInput('比較グループのIDが正しくありません', 'peerGroupId must be a group id', 'cities.peerGroupId');
    const [g] = await execute<Row[]>(em, 'select municipality_ids from peer_group where id = ?', [Number(sel.peerGroupId)]);
    if (!g) throw badInput(`比較グループ ${sel.peerGroupId} はありません`, `no peer group ${sel.peerGroupId}`, 'cities.peerGroupId');
    where.push('id = any(?)');
    params.push(g.municipality_ids);
  }
  const add = (sqlText: string, value: unknown) => {
    where.push(sqlText);
    params.push(value);
  };
  if (sel.prefecture) add('prefecture = ?', sel.prefecture);
  if (sel.category) add('category = ?', sel.category);
  if (sel.similarGroup) add('similar_group = ?', sel.similarGroup);
  if (sel.populationMin != null) add('population >= ?', sel.populationMin);
  if (sel.populationMax != null) add('population <= ?', sel.populationMax);
  if (!where.length) throw badInput('比較する自治体の条件を1つ以上指定してください', 'give at least one condition for the cities', 'cities');
  // sql-safe: `where` holds fixed fragments; every value is a ? binding
  const rows = await execute<Row[]>(em, `select * from municipality where ${where.join(' and ')} order by code limit ?`, [...params, MAX_COMPARED_CITIES + 1]);
  if (rows.length > MAX_COMPARED_CITIES)
    throw badInput(`条件に合う自治体が${MAX_COMPARED_CITIES}を超えます。条件を絞ってください`, `more than ${MAX_COMPARED_CITIES} cities match; narrow the selection`, 'cities');
  return rows;
}

/**
 * The compared cities' nodes with their classes of one scheme (`ec`, from the tree walk
 * `policy_node_classes`), worked out once before the aggregate joins them.
 */
function effectiveClassesCte(classIds: number[] | null): string {
  return `with ec as materialized (
      select policy_node_id, class_id from policy_node_classes(?::int[], ?::text) ${classIds ? 'where class_id = any(?)' : ''})`;
}
const cteBindings = (cityIds: number[], scheme: string, classIds: number[] | null) => [cityIds, scheme, ...(classIds ? [classIds] : [])];

/** Per city, class and year: rated subjects, mean normalised score, share on track, and the scales counted. */
export interface ScoreRow {
  cityId: number;
  classId: number | null;
  year: number;
  subjects: number;
  score: number;
  onTrack: number;
  scaleIds: number[];
}

/**
 * The normalised ratings of the cities' subjects of one kind and stage, every year, per class of
 * `scheme` (a subject counts in each class its node has, own or inherited), or all together when
 * the scheme is null. Levels without a normalised score (未測定) are not counted.
 */
export async function classScores(
  em: EntityManager,
  cityIds: number[],
  scheme: string | null,
  classIds: number[] | null,
  stage: string,
  subjectKind: string,
): Promise<ScoreRow[]> {
  // The rated subjects first, then their classes by a hash join: the planner cannot see how many
  // rows the class function yields, and nested the view's evaluations inside it.
  // sql-safe: the CTE and the join are fixed fragments; every value is a ? binding
  const rows = await execute<Row[]>(
    em,
    `${scheme ? `${effectiveClassesCte(classIds)},` : 'with'} ev as materialized (
       select es.municipality_id, es.fiscal_year, es.subject_node_id, es.scale_id, l.normalized_score, l.on_track
         from evaluation_subject es join rating_level l on l.id = es.level_id
        where es.municipality_id = any(?) and es.stage = ?::evaluation_stage and es.subject_kind = ?::evaluation_subject_kind and l.normalized_score is not null)
     select ev.municipality_id, ${scheme ? 'ec.class_id' : 'null::int'} as class_id, ev.fiscal_year, count(*)::int as n,
            avg(ev.normalized_score)::float8 as score, avg(case when ev.on_track then 1.0 else 0.0 end)::float8 as on_track,
            array_agg(distinct ev.scale_id) as scale_ids
       from ev ${scheme ? 'join ec on ec.policy_node_id = ev.subject_node_id' : ''}
      group by 1, 2, 3`,
    [...(scheme ? cteBindings(cityIds, scheme, classIds) : []), cityIds, stage, subjectKind],
  );
  return rows.map((r) => ({
    cityId: Number(r.municipality_id),
    classId: r.class_id == null ? null : Number(r.class_id),
    year: Number(r.fiscal_year),
    subjects: Number(r.n),
    score: Number(r.score),
    onTrack: Number(r.on_track),
    scaleIds: (r.scale_ids as number[]).map(Number),
  }));
}

/** Each city's latest fiscal year with counted ratings of the stage and subject kind (any class). */
export async function latestRatedYears(em: EntityManager, cityIds: number[], stage: string, subjectKind: string): Promise<Map<number, number>> {
  const rows = await execute<Row[]>(
    em,
    `select r.municipality_id, max(r.fiscal_year)::int as year
       from rating_rollup r join rating_level l on l.id = r.level_id
      where r.municipality_id = any(?) and r.stage = ?::evaluation_stage and r.subject_kind = ?::evaluation_subject_kind and l.normalized_score is not null
      group by 1`,
    [cityIds, stage, subjectKind],
  );
  return new Map(rows.map((r) => [Number(r.municipality_id), Number(r.year)]));
}

/** Per city and class: indicators measured against a target in the city's year, at target, median achievement. */
export interface IndicatorRow {
  cityId: number;
  classId: number | null;
  measured: number;
  atTarget: number;
  medianAchievement: number | null;
}

/**
 * The cities' indicators (of nodes in the class) in each city's year: the actual of that year
 * against that year's target or the nearest later one, rated as everywhere else (`achievementRate`).
 */
export async function indicatorsAtTarget(
  em: EntityManager,
  years: Map<number, number>,
  scheme: string | null,
  classIds: number[] | null,
): Promise<IndicatorRow[]> {
  if (!years.size) return [];
  const join = scheme ? 'join ec on ec.policy_node_id = pn.id' : '';
  // sql-safe: join and the CTE are fixed fragments; every value is a ? binding
  const rows = await execute<Row[]>(
    em,
    `${scheme ? effectiveClassesCte(classIds) : ''}
     select i.municipality_id, ${scheme ? 'ec.class_id' : 'null::int'} as class_id, i.direction, a.value as actual, t.value as target, t.qualifier
       from unnest(?::int[], ?::int[]) as y(city, year)
       join indicator i on i.municipality_id = y.city
       left join project ip on ip.id = i.project_id and ip.municipality_id = i.municipality_id
       join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id) and pn.municipality_id = i.municipality_id
       ${join}
       join indicator_value a on a.indicator_id = i.id and a.kind = 'actual' and a.fiscal_year = y.year and a.value is not null
       join lateral (select t.value, t.qualifier from indicator_value t
                      where t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year >= y.year and t.value is not null
                      order by t.fiscal_year limit 1) t on true`,
    [...(scheme ? cteBindings([...years.keys()], scheme, classIds) : []), [...years.keys()], [...years.values()]],
  );
  const groups = new Map<string, { cityId: number; classId: number | null; rates: number[]; at: number; n: number }>();
  for (const r of rows) {
    const a = achievementRate({ actual: Number(r.actual), target: Number(r.target), direction: r.direction as Direction, qualifier: r.qualifier ?? null });
    const k = `${r.municipality_id}|${r.class_id ?? ''}`;
    const g = groups.get(k) ?? { cityId: Number(r.municipality_id), classId: r.class_id == null ? null : Number(r.class_id), rates: [], at: 0, n: 0 };
    g.n++;
    if (a.achieved) g.at++;
    if (a.percent != null) g.rates.push(a.percent);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({ cityId: g.cityId, classId: g.classId, measured: g.n, atTarget: g.at, medianAchievement: median(g.rates) }));
}

/** The median of a list (null when empty). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Below this a difference of two means is rounding, not a difference. */
const TIE = 1e-9;

/**
 * Since when a series has been below the peers' median in every year up to `year` (both by
 * year); null when it is not below in `year`. A year without data for the city ends the run.
 */
export function belowMedianSince(series: Map<number, number>, medians: Map<number, number>, year: number): number | null {
  let since: number | null = null;
  const years = [...series.keys()].filter((y) => y <= year).sort((a, b) => b - a);
  let expect = year;
  for (const y of years) {
    if (y !== expect) break;
    const m = medians.get(y);
    // Means of the same levels tie often; a tie computed in a different order is not "below".
    if (m === undefined || !(series.get(y)! < m - TIE)) break;
    since = y;
    expect = y - 1;
  }
  return since;
}
