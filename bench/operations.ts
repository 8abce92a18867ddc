/**
 * What the benchmark asks: the dashboard's own operations (dashboard/src/features/**\/graphql)
 * with the variables its views send for a city, and the main analyst aggregations three ways —
 * our API, plain SQL over the base tables through the same pg driver (the floor), and
 * PostGraphile 4.14 + @graphile/pg-aggregates 0.1.1 on the same database.
 */
import { COST_VARIABLES } from './cost.js';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type pg from 'pg';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { isFragmentFile, readDocument } from '../dashboard/graphql-documents.mjs';

export const ROOT = resolve(import.meta.dirname, '..');

/** The facts about one city the variables need. */
export interface CityFacts {
  id: number;
  code: string;
  year: number;
  planId: number;
  topNodeId: number;
  nodeId: number;
  departmentId: number;
  indicatorIds: number[];
  /** A project with cost sheets (the project page, issue 22). */
  projectId: number;
  /** The codes of the first 40 cities (a prefecture's worth): the compare-cities view's selection. */
  peerCodes: string[];
}

export async function cityFacts(db: pg.Pool, municipalityId: number): Promise<CityFacts> {
  const one = async (sql: string) => (await db.query(sql, [municipalityId])).rows[0] ?? {};
  const m = await one(`select id, code from municipality where id = $1`);
  const y = await one(`select max(fiscal_year) as y from evaluation where municipality_id = $1 and level_id is not null and stage = 'self'`);
  const plan = await one(`select id from plan where municipality_id = $1 order by (kind = 'comprehensive') desc, id limit 1`);
  const top = await one(`select id from policy_node where municipality_id = $1 and parent_id is null order by sort_order, id limit 1 offset 1`);
  const node = await one(`select id from policy_node where municipality_id = $1 and depth = 3 order by sort_order, id limit 1 offset 3`);
  const dept = await one(`select d.id from department d where d.municipality_id = $1 and exists (select 1 from department c where c.parent_id = d.id) order by d.id limit 1 offset 1`);
  const project = await one(`select p.id from project p where p.municipality_id = $1 and exists (select 1 from project_cost c where c.project_id = p.id) order by p.id limit 1`);
  const inds = (await db.query(`select id from indicator where municipality_id = $1 order by sort_order, id limit 5`, [municipalityId])).rows.map((r) => Number(r.id));
  const peers = (await db.query(`select code from municipality order by id limit 40`)).rows.map((r) => String(r.code));
  return {
    id: Number(m.id),
    code: String(m.code),
    year: Number(y.y),
    planId: Number(plan.id),
    topNodeId: Number(top.id),
    nodeId: Number(node.id),
    departmentId: Number(dept.id),
    indicatorIds: inds,
    projectId: Number(project.id),
    peerCodes: peers,
  };
}

function graphqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...graphqlFiles(p));
    else if (name.endsWith('.graphql')) out.push(p);
  }
  return out.sort();
}

export interface Operation {
  /** The dashboard view (feature folder). */
  view: string;
  name: string;
  query: string;
  variables: (c: CityFacts) => Record<string, unknown>;
}

const SELF = 'SELF';
const cityFilter = (c: CityFacts) => ({ municipalityCodes: [c.code] });
const evalFilter = (c: CityFacts, years: number[], stages: string[] | null = [SELF]) => ({
  ...cityFilter(c),
  fiscalYears: { in: years },
  ...(stages ? { stages } : {}),
});

/** Variables per operation name, as the views build them (useFilters: city, fiscal year, stage). */
const VARIABLES: Record<string, (c: CityFacts) => Record<string, unknown>> = {
  GetMunicipalities: () => ({}),
  GetCityYears: (c) => ({ code: c.code }),
  GetCityStructure: (c) => ({ code: c.code }),
  GetEvaluationYears: (c) => ({ filter: { ...cityFilter(c), stages: [SELF] } }),
  GetOverview: (c) => ({
    ratings: evalFilter(c, [c.year - 1, c.year]),
    current: evalFilter(c, [c.year]),
    subject: cityFilter(c),
    fiscalYear: c.year,
    sinceLastYear: cityFilter(c),
    from: { fiscalYear: c.year - 1, stage: SELF },
    to: { fiscalYear: c.year, stage: SELF },
  }),
  GetIndicatorList: (c) => ({ filter: cityFilter(c), fiscalYear: c.year }),
  GetIndicator: (c) => ({ id: String(c.indicatorIds[0]) }),
  GetIndicatorSeries: (c) => ({ ids: c.indicatorIds.map(String) }),
  GetPolicyNodes: (c) => ({ filter: { planIds: [String(c.planId)] }, first: 500 }),
  GetNodeRatings: (c) => ({ filter: { ...cityFilter(c), fiscalYears: { in: [c.year] }, subjectKinds: ['POLICY_NODE'] }, first: 500 }),
  GetNodeAchievement: (c) => ({ filter: cityFilter(c), fiscalYear: c.year }),
  GetPolicyNode: (c) => ({ id: String(c.nodeId) }),
  GetTransitions: (c) => ({ filter: cityFilter(c), from: { fiscalYear: c.year - 1, stage: SELF }, to: { fiscalYear: c.year, stage: SELF } }),
  GetStageComparison: (c) => ({ filter: { ...cityFilter(c), fiscalYears: { in: [c.year] } }, base: SELF, compare: 'SECONDARY' }),
  GetDepartment: (c) => ({ id: String(c.departmentId), filter: { departmentIds: [String(c.departmentId)], stages: [SELF] }, anyStage: { departmentIds: [String(c.departmentId)] } }),
  GetDepartmentHeatmap: (c) => ({ filter: { ...cityFilter(c), stages: [SELF] } }),
  GetEvaluations: (c) => ({ filter: evalFilter(c, [c.year]), first: 50 }),
  GetAnnualReport: (c) => ({ code: c.code, year: c.year, plan: String(c.planId), stage: SELF }),
  ...COST_VARIABLES,
};

/**
 * Variables for an operation not listed above, from its variable definitions: a city code, a
 * fiscal year, a filter limited to the city, a page size; null when a required one is
 * something else (an id of some record).
 */
function inferVariables(query: string): ((c: CityFacts) => Record<string, unknown>) | null {
  const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) return null;
  const parts: ((c: CityFacts) => [string, unknown])[] = [];
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    let t = def.type;
    while (t.kind !== Kind.NAMED_TYPE) t = t.type;
    const type = t.name.value;
    if (type === 'String' && /code/i.test(name)) parts.push((c) => [name, c.code]);
    else if (type === 'Int' && /year/i.test(name)) parts.push((c) => [name, c.year]);
    else if (type === 'Int' && name === 'first') parts.push(() => [name, 50]);
    else if (/Filter$/.test(type)) parts.push((c) => [name, { municipalityCodes: [c.code] }]);
    else if (def.type.kind === Kind.NON_NULL_TYPE) return null;
  }
  return (c) => Object.fromEntries(parts.map((p) => p(c)));
}

/** Operations of the dashboard the benchmark could not give variables to (reported). */
export const SKIPPED = new Set<string>();

/**
 * Administration (the audit log, users and their tokens, a cycle's reviewers, imports) and a
 * signed-in user's own page and bell: administrators or one person, not the dashboard's reading load.
 */
const ADMINISTRATION = new Set(['GetAuditLog', 'GetAuditUsers', 'GetUsers', 'GetUserTokens', 'GetReviewers', 'GetImportJob', 'GetMyAccount', 'GetNotifications']);

/** Every operation of the dashboard, with its view. */
export function dashboardOperations(): Operation[] {
  const dir = resolve(ROOT, 'dashboard/src/features');
  const out: Operation[] = [];
  for (const file of graphqlFiles(dir)) {
    if (isFragmentFile(file)) continue;
    const query = readDocument(file);
    const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
    if (!name || /^\s*mutation/m.test(query.replace(/#.*$/gm, '')) || ADMINISTRATION.has(name)) continue;
    const variables = VARIABLES[name] ?? inferVariables(query);
    if (!variables) {
      SKIPPED.add(`${name} (${relative(ROOT, file)})`);
      continue;
    }
    out.push({ view: relative(dir, file).split('/')[0]!, name, query, variables });
  }
  return out;
}

/** A main analyst aggregation, three ways. */
export interface Aggregation {
  name: string;
  ours: { query: string; variables: (c: CityFacts) => Record<string, unknown> };
  /** Plain SQL over the base tables (the floor). */
  sql: { text: string; values: (c: CityFacts) => unknown[] };
  /** PostGraphile's nearest equivalent (what a client of it would send); null where it has none worth timing. */
  postgraphile: { query: string; variables: (c: CityFacts) => Record<string, unknown> } | null;
  note: string;
}

/** A subject's department as the view evaluation_subject defines it, from the base tables. */
const BASE_JOINS = `left join indicator i on i.id = e.indicator_id
       left join project p on p.id = e.project_id
       left join project ip on ip.id = i.project_id
       left join policy_node pn on pn.id = coalesce(e.policy_node_id, i.policy_node_id, p.policy_node_id, ip.policy_node_id)`;
const BASE_DEPARTMENT = `coalesce(case when e.subject_kind = 'project' then p.department_id end, ip.department_id, pn.effective_department_id)`;

export const SEARCH_TERM = '防災';

export const AGGREGATIONS: Aggregation[] = [
  {
    name: 'ratingDistribution FISCAL_YEAR × DEPARTMENT (one city, self)',
    ours: {
      // The compact form an analyst fetching a large grouping uses: each scale with its levels once,
      // per group the keys (with the department's name), totals, mean and the counts per level.
      query: `query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [FISCAL_YEAR, DEPARTMENT, SCALE]) {
        scales { id key levels { id code } }
        groups { fiscalYear { year } department { id name } scale { id } total rated meanScore levelCounts } } }`,
      variables: (c) => ({ f: { municipalityCodes: [c.code], stages: [SELF] } }),
    },
    sql: {
      text: `select e.fiscal_year, ${BASE_DEPARTMENT} as department_id, e.scale_id, e.level_id, count(*)::int as n
       from evaluation e ${BASE_JOINS}
      where e.municipality_id = $1 and e.stage = 'self' and e.scale_id is not null
      group by 1, 2, 3, 4`,
      values: (c) => [c.id],
    },
    postgraphile: {
      query: `query($m: Int!) { allEvaluationSubjects(condition: { municipalityId: $m, stage: SELF }, filter: { scaleId: { isNull: false } }) {
        groupedAggregates(groupBy: [FISCAL_YEAR, DEPARTMENT_ID, SCALE_ID, LEVEL_ID]) { keys distinctCount { id } } } }`,
      variables: (c) => ({ m: c.id }),
    },
    note: 'ours: the compact form (scales and levels once, levelCounts per group, department names); PostGraphile: grouped aggregates over the same view (keys and counts only, no names or levels)',
  },
  {
    name: 'achievementBands by policy area (one city, one year)',
    ours: {
      query: `query($f: SubjectFilter, $y: Int!) { achievementBands(filter: $f, fiscalYear: $y, groupBy: [POLICY_NODE], policyDepth: 1) {
        bands { key label } groups { policyNode { id name } total measured counts { band { key } count share } } } }`,
      variables: (c) => ({ f: { municipalityCodes: [c.code] }, y: c.year }),
    },
    sql: {
      text: `with v as (
        select i.id, i.direction, nullif(split_part(pn.path, '/', 2), '')::int as area,
               (select a.value from indicator_value a where a.indicator_id = i.id and a.fiscal_year = $2 and a.kind = 'actual') as actual,
               (select t.value from indicator_value t where t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year >= $2 order by t.fiscal_year limit 1) as target
          from indicator i left join project ip on ip.id = i.project_id
          left join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id)
         where i.municipality_id = $1),
      r as (select area, case when direction = 'lower_is_better' then target / nullif(actual, 0) else actual / nullif(target, 0) end * 100 as rate from v)
      select area, case when rate is null then 'NOT_MEASURED' when rate >= 100 then 'A' when rate >= 80 then 'B' when rate >= 60 then 'C' else 'D' end as band, count(*)::int
        from r group by 1, 2`,
      values: (c) => [c.id, c.year],
    },
    postgraphile: {
      query: `query($m: Int!) { allIndicators(condition: { municipalityId: $m }) { nodes { id direction policyNodeId projectId
        indicatorValuesByIndicatorId { nodes { fiscalYear kind value qualifier } } } } }`,
      variables: (c) => ({ m: c.id }),
    },
    note: 'floor: the default bands in SQL (no city rule, 以内 not special-cased); PostGraphile: the indicators with their values, the bands left to the client',
  },
  {
    name: 'transitions between two years (one city, self)',
    ours: {
      query: `query($f: EvaluationFilter, $a: TransitionSide!, $b: TransitionSide!) { transitions(filter: $f, from: $a, to: $b) {
        total onlyFrom onlyTo cells { from { id code } to { id code } count } } }`,
      variables: (c) => ({ f: { municipalityCodes: [c.code] }, a: { fiscalYear: c.year - 1, stage: SELF }, b: { fiscalYear: c.year, stage: SELF } }),
    },
    sql: {
      text: `with f as (select subject_kind, coalesce(policy_node_id, indicator_id, project_id) as sid, scale_id, level_id from evaluation
                  where municipality_id = $1 and fiscal_year = $2 and stage = 'self' and scale_id is not null),
                t as (select subject_kind, coalesce(policy_node_id, indicator_id, project_id) as sid, scale_id, level_id from evaluation
                  where municipality_id = $1 and fiscal_year = $3 and stage = 'self' and scale_id is not null)
           select coalesce(f.scale_id, t.scale_id) as scale_id, f.level_id as from_level, t.level_id as to_level, count(*)::int as n
             from f full join t on t.subject_kind = f.subject_kind and t.sid = f.sid and t.scale_id = f.scale_id
            group by 1, 2, 3`,
      values: (c) => [c.id, c.year - 1, c.year],
    },
    postgraphile: {
      query: `query($m: Int!, $a: Int!, $b: Int!) {
        from: allEvaluations(condition: { municipalityId: $m, fiscalYear: $a, stage: SELF }) { nodes { subjectKind policyNodeId indicatorId projectId scaleId levelId } }
        to: allEvaluations(condition: { municipalityId: $m, fiscalYear: $b, stage: SELF }) { nodes { subjectKind policyNodeId indicatorId projectId scaleId levelId } } }`,
      variables: (c) => ({ m: c.id, a: c.year - 1, b: c.year }),
    },
    note: 'PostGraphile: both years’ evaluations, paired by the client',
  },
  {
    name: `text search "${SEARCH_TERM}" in evaluations (one city)`,
    ours: {
      query: `query($f: EvaluationFilter) { evaluations(filter: $f, first: 20) { totalCount nodes { id subjectName fiscalYear { year } stage level { id code } } } }`,
      variables: (c) => ({ f: { municipalityCodes: [c.code], search: SEARCH_TERM } }),
    },
    sql: {
      text: `select e.id, coalesce(i.name, p.name, pn.name) as subject_name, e.fiscal_year, e.stage, e.level_id, count(*) over () as total
       from evaluation e ${BASE_JOINS}
      where e.municipality_id = $1 and (coalesce(i.name, p.name, pn.name) ilike $2 or e.achievement ilike $2 or e.issues ilike $2
            or e.response ilike $2 or e.comment ilike $2 or e.request ilike $2)
      order by e.fiscal_year, e.id limit 20`,
      values: (c) => [c.id, `%${SEARCH_TERM}%`],
    },
    postgraphile: {
      query: `query($m: Int!, $s: String!) { allEvaluations(condition: { municipalityId: $m }, first: 20, orderBy: [FISCAL_YEAR_ASC, ID_ASC],
        filter: { or: [{ achievement: { includesInsensitive: $s } }, { issues: { includesInsensitive: $s } }, { response: { includesInsensitive: $s } },
                       { comment: { includesInsensitive: $s } }, { request: { includesInsensitive: $s } }] }) {
        totalCount nodes { id fiscalYear stage levelId } } }`,
      variables: (c) => ({ m: c.id, s: SEARCH_TERM }),
    },
    note: 'PostGraphile: the evaluation texts only (the subject’s name needs joins it does not offer in a filter)',
  },
];

/**
 * Aggregations over every city, without a city filter (issue 21 item 6, issue 25): ours, the
 * plain-SQL floor over the base tables, and PostGraphile where it has an equivalent. The sample
 * city only gives the fiscal year (every generated city has the same years).
 */
export const NATIONWIDE: Aggregation[] = [
  {
    name: 'ratingDistribution by MUNICIPALITY (every city, one year, self)',
    ours: {
      query: `query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [MUNICIPALITY]) {
        scales { id key levels { id code } } groups { municipality { id code } scale { id } total rated levelCounts } } }`,
      variables: (c) => ({ f: { fiscalYears: { in: [c.year] }, stages: [SELF] } }),
    },
    sql: {
      text: `select e.municipality_id, e.scale_id, e.level_id, count(*)::int as n from evaluation e
              where e.fiscal_year = $1 and e.stage = 'self' and e.scale_id is not null group by 1, 2, 3`,
      values: (c) => [c.year],
    },
    postgraphile: {
      query: `query($y: Int!) { allEvaluations(condition: { fiscalYear: $y, stage: SELF }, filter: { scaleId: { isNull: false } }) {
        groupedAggregates(groupBy: [MUNICIPALITY_ID, SCALE_ID, LEVEL_ID]) { keys distinctCount { id } } } }`,
      variables: (c) => ({ y: c.year }),
    },
    note: 'ours from the rating rollup, compact (scales once, levelCounts per city and scale, city codes); floor and PostGraphile over the evaluations (keys and counts only)',
  },
  {
    name: 'ratingDistribution by MUNICIPALITY × STAGE (every city, one year)',
    ours: {
      query: `query($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [MUNICIPALITY, STAGE]) {
        scales { id key levels { id code } } groups { municipality { id code } stage scale { id } total rated levelCounts } } }`,
      variables: (c) => ({ f: { fiscalYears: { in: [c.year] } } }),
    },
    sql: {
      text: `select e.municipality_id, e.stage, e.scale_id, e.level_id, count(*)::int as n from evaluation e
              where e.fiscal_year = $1 and e.scale_id is not null group by 1, 2, 3, 4`,
      values: (c) => [c.year],
    },
    postgraphile: {
      query: `query($y: Int!) { allEvaluations(condition: { fiscalYear: $y }, filter: { scaleId: { isNull: false } }) {
        groupedAggregates(groupBy: [MUNICIPALITY_ID, STAGE, SCALE_ID, LEVEL_ID]) { keys distinctCount { id } } } }`,
      variables: (c) => ({ y: c.year }),
    },
    note: 'as above, by stage too',
  },
  {
    name: 'stageComparison SELF vs SECONDARY (every city, one year, first page)',
    ours: {
      query: `query($f: EvaluationFilter) { stageComparison(filter: $f, compare: SECONDARY, first: 50) {
        compared agreed stricter moreLenient differences { totalCount nodes { difference stricter base { id } compare { id } } pageInfo { hasNextPage endCursor } } } }`,
      variables: (c) => ({ f: { fiscalYears: { in: [c.year] } } }),
    },
    sql: {
      text: `select count(*)::int as compared, count(*) filter (where cl.sort_order = bl.sort_order)::int as agreed,
                    count(*) filter (where cl.sort_order > bl.sort_order)::int as stricter, count(*) filter (where cl.sort_order < bl.sort_order)::int as lenient
               from evaluation b join rating_level bl on bl.id = b.level_id
               join evaluation c on c.municipality_id = b.municipality_id and c.fiscal_year = b.fiscal_year and c.scale_id = b.scale_id
                and c.subject_kind = b.subject_kind and coalesce(c.policy_node_id, c.indicator_id, c.project_id) = coalesce(b.policy_node_id, b.indicator_id, b.project_id)
               join rating_level cl on cl.id = c.level_id
              where b.fiscal_year = $1 and b.stage = 'self' and c.stage = 'secondary'`,
      values: (c) => [c.year],
    },
    postgraphile: null,
    note: 'ours: the counts from the stage rollup (`stage_rollup`), the page from the differing pairs kept per evaluation (`stage_difference`); floor: the summary counts over the base tables (the page of differences not included); PostGraphile cannot pair two stages',
  },
  {
    name: 'ruleInconsistencies (every city, first page)',
    ours: {
      query: `{ ruleInconsistencies(first: 50) { totalCount nodes { evaluation { id } printed { code } computed { code } explanation value } pageInfo { hasNextPage endCursor } } }`,
      variables: () => ({}),
    },
    sql: {
      text: `with r as (
        select e.id, e.fiscal_year, rl.code as printed, i.direction,
               (select a.value from indicator_value a where a.indicator_id = i.id and a.fiscal_year = e.fiscal_year and a.kind = 'actual') as actual,
               (select t.value from indicator_value t where t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year >= e.fiscal_year order by t.fiscal_year limit 1) as target
          from evaluation e join rating_scale rs on rs.id = e.scale_id and rs.rule->>'kind' = 'achievementBands'
          join rating_level rl on rl.id = e.level_id join indicator i on i.id = e.indicator_id),
      b as (select id, fiscal_year, printed, case when rate is null then '-' when rate >= 100 then 'A' when rate >= 80 then 'B' when rate >= 60 then 'C' else 'D' end as computed
              from (select r.*, case when direction = 'lower_is_better' then target / nullif(actual, 0) else actual / nullif(target, 0) end * 100 as rate from r) x)
      select *, count(*) over () as total from b where computed <> printed order by fiscal_year, id limit 50`,
      values: () => [],
    },
    postgraphile: null,
    note: 'ours from the checks kept per evaluation (rule_check); floor: the band rule (default bands, no 以内, no mean-score rule) computed over the base tables; PostGraphile has no rule',
  },
  {
    name: 'transitions between two years (every city, self)',
    ours: {
      // The compact form (a count matrix per scale, levels once): over every city the cells are
      // one object per level pair of every city's scales (8.5 MB nationally; refused past 5,000).
      query: `query($a: TransitionSide!, $b: TransitionSide!) { transitions(from: $a, to: $b) { total onlyFrom onlyTo
        scales { id levels { id code } } matrices { scale { id } counts total } } }`,
      variables: (c) => ({ a: { fiscalYear: c.year - 1, stage: SELF }, b: { fiscalYear: c.year, stage: SELF } }),
    },
    sql: {
      text: `with f as (select subject_kind, coalesce(policy_node_id, indicator_id, project_id) as sid, scale_id, level_id from evaluation
                  where fiscal_year = $1 and stage = 'self' and scale_id is not null),
                t as (select subject_kind, coalesce(policy_node_id, indicator_id, project_id) as sid, scale_id, level_id from evaluation
                  where fiscal_year = $2 and stage = 'self' and scale_id is not null)
           select coalesce(f.scale_id, t.scale_id) as scale_id, f.level_id as from_level, t.level_id as to_level, count(*)::int as n
             from f full join t on t.subject_kind = f.subject_kind and t.sid = f.sid and t.scale_id = f.scale_id
            group by 1, 2, 3`,
      values: (c) => [c.year - 1, c.year],
    },
    postgraphile: null,
    note: 'ours in the compact form (`matrices`: a count matrix per scale, the levels once; the response says `answerForms.transitions = compact`), without subjects; PostGraphile cannot pair two years without returning every evaluation of both (millions)',
  },
  {
    name: 'achievementBands (every city, one year)',
    ours: {
      query: `query($y: Int!) { achievementBands(fiscalYear: $y) { bands { key label } groups { total measured counts { band { key } count share } } } }`,
      variables: (c) => ({ y: c.year }),
    },
    sql: {
      text: `with v as (
        select i.direction,
               (select a.value from indicator_value a where a.indicator_id = i.id and a.fiscal_year = $1 and a.kind = 'actual') as actual,
               (select t.value from indicator_value t where t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year >= $1 order by t.fiscal_year limit 1) as target
          from indicator i),
      r as (select case when direction = 'lower_is_better' then target / nullif(actual, 0) else actual / nullif(target, 0) end * 100 as rate from v)
      select case when rate is null then 'NOT_MEASURED' when rate >= 100 then 'A' when rate >= 80 then 'B' when rate >= 60 then 'C' else 'D' end as band, count(*)::int
        from r group by 1`,
      values: (c) => [c.year],
    },
    postgraphile: null,
    note: 'floor: the default bands in SQL over every indicator; PostGraphile: the indicators with their values nationwide (a million rows) is not worth timing',
  },
  {
    name: `text search "${SEARCH_TERM}" in evaluations (every city, first page)`,
    ours: {
      query: `query($f: EvaluationFilter) { evaluations(filter: $f, first: 20) { nodes { id subjectName fiscalYear { year } stage level { id code } } pageInfo { hasNextPage endCursor } } }`,
      variables: () => ({ f: { search: SEARCH_TERM } }),
    },
    sql: {
      text: `select e.id, coalesce(i.name, p.name, pn.name) as subject_name, e.fiscal_year, e.stage, e.level_id
       from evaluation e ${BASE_JOINS}
      where (coalesce(i.name, p.name, pn.name) like $1 or e.achievement like $1 or e.issues like $1
            or e.response like $1 or e.comment like $1 or e.request like $1)
      order by e.fiscal_year, e.id limit 20`,
      values: () => [`%${SEARCH_TERM}%`],
    },
    postgraphile: {
      query: `query($s: String!) { allEvaluations(first: 20, orderBy: [FISCAL_YEAR_ASC, ID_ASC],
        filter: { or: [{ achievement: { includesInsensitive: $s } }, { issues: { includesInsensitive: $s } }, { response: { includesInsensitive: $s } },
                       { comment: { includesInsensitive: $s } }, { request: { includesInsensitive: $s } }] }) {
        nodes { id fiscalYear stage levelId } } }`,
      variables: () => ({ s: SEARCH_TERM }),
    },
    note: 'the first page without a total (the dashboard’s search asks for the first page); ours narrowed by the bigram index (every two-character substring, GIN) and planned for the term; floor with `like` over the base tables, no index made for it (the term has no cased letter)',
  },
  {
    name: 'GetCityComparison: compare-cities view, 40 cities × 目的別歳出, self',
    ours: {
      query: readDocument(resolve(ROOT, 'dashboard/src/features/comparison/graphql/get_city_comparison.query.graphql')),
      variables: (c) => ({ cities: { codes: c.peerCodes }, scheme: 'PURPOSE', stage: SELF, groupBy: [], grouped: false }),
    },
    sql: {
      // Every year's mean normalised score and on-track share per city and class (the view's
      // trend and latest year), over the base tables and the effective classes.
      text: `select e.municipality_id, ec.class_id, e.fiscal_year, count(*)::int as n, avg(l.normalized_score)::float8 as score,
                    avg(case when l.on_track then 1.0 else 0.0 end)::float8 as on_track
               from evaluation e join rating_level l on l.id = e.level_id
               join policy_node_classes(array(select id from municipality where code = any($1)), 'purpose') ec on ec.policy_node_id = e.policy_node_id
              where e.municipality_id = any(array(select id from municipality where code = any($1))) and e.stage = 'self'
                and e.subject_kind = 'policy_node' and l.normalized_score is not null
              group by 1, 2, 3`,
      values: (c) => [c.peerCodes],
    },
    postgraphile: null,
    note: 'the dashboard’s own request (dashboard/src/features/comparison/graphql); floor: the class scores per city, class and year over the base tables (without the indicators at target); PostGraphile has no normalised score or inherited class',
  },
  {
    name: 'GetComparisonOptions: every city, classes, peer groups',
    ours: {
      query: readDocument(resolve(ROOT, 'dashboard/src/features/comparison/graphql/get_comparison_options.query.graphql')),
      variables: () => ({}),
    },
    sql: {
      text: `select (select json_agg(m order by m.code) from (select id, code, name, prefecture, generated, population, category from municipality) m) as cities,
                    (select json_agg(t order by t.id) from taxonomy_class t) as classes, (select json_agg(g) from peer_group g) as groups`,
      values: () => [],
    },
    postgraphile: {
      query: `{ allMunicipalities(orderBy: CODE_ASC) { nodes { id code name prefecture generated population category } } allTaxonomyClasses { nodes { id scheme code nameJa nameEn } } }`,
      variables: () => ({}),
    },
    note: 'the compare-cities view’s choices (every city by code); floor: the same rows as JSON in one statement',
  },
];
