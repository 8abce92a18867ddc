/**
 * The benchmark's rows for money and results (issue 22), kept in their own module so that other
 * benchmark rows merge apart: the variables of the cost views' operations (timed with the other
 * dashboard operations, p95 uncached against the views' budget) and the cost roll-ups three ways
 * (ours, the plain-SQL floor, PostGraphile's grouped aggregates), for the city's latest rated year
 * (a generated city has sheets for all ten years).
 */
import type { Aggregation, CityFacts } from './operations.js';

const SELF = 'SELF';
const costYear = (c: CityFacts) => c.year;

/** Variables of the cost views' operations (dashboard/src/features/cost/graphql). */
export const COST_VARIABLES: Record<string, (c: CityFacts) => Record<string, unknown>> = {
  GetCostView: (c) => ({ municipalityCode: c.code, fiscalYear: costYear(c), depth: 3, areaId: null, stage: SELF }),
  GetCostProjects: (c) => ({ filter: { municipalityCodes: [c.code], policyNodeIds: [String(c.topNodeId)] }, fiscalYear: costYear(c) }),
  GetMoneyLine: (c) => ({ municipalityCode: c.code, fiscalYear: costYear(c) }),
  GetProject: (c) => ({ id: String(c.projectId) }),
};

/** A project's allocation to the nodes it serves, with the year's sheet and amounts (the floor's FROM). */
const ALLOCATIONS = `from project p
        left join project_share s on s.project_id = p.id
        join policy_node n on n.id = coalesce(s.policy_node_id, p.policy_node_id)
        left join project_cost c on c.project_id = p.id and c.fiscal_year = $2
        left join project_amount st on st.project_id = p.id and st.fiscal_year = $2 and st.kind = 'settled'
        left join project_amount bu on bu.project_id = p.id and bu.fiscal_year = $2 and bu.kind = 'budget'
       where p.municipality_id = $1`;
const SUMS = `sum(coalesce(s.share, 1) * c.total_cost) as total_cost, count(c.total_cost) as known,
             sum(coalesce(s.share, 1) * st.thousand_yen) as settled, sum(coalesce(s.share, 1) * bu.thousand_yen) as budget`;

export const COST_AGGREGATIONS: Aggregation[] = [
  {
    name: 'costRollup by area (one city, one year)',
    ours: {
      query: `query($m: String!, $y: Int!) { costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: NODE, depth: 1) {
        id key name projects totalCost totalCostProjects settled budget executionRate previousTotalCost changeRate } }`,
      variables: (c) => ({ m: c.code, y: costYear(c) }),
    },
    sql: {
      text: `select split_part(n.path, '/', 2)::int as area, count(*) as projects, ${SUMS} ${ALLOCATIONS} group by 1`,
      values: (c) => [c.id, costYear(c)],
    },
    postgraphile: {
      query: `query($m: Int!, $y: Int!) { allProjectCosts(condition: { municipalityId: $m, fiscalYear: $y }) { groupedAggregates(groupBy: [PROJECT_ID]) { keys sum { totalCost } } } }`,
      variables: (c) => ({ m: c.id, y: costYear(c) }),
    },
    note: 'ours: shares applied, previous year and execution rate too; floor: the same sums without the previous year; PostGraphile: sums per project (it has no path to group by area)',
  },
  {
    name: 'costRollup by direction (one city, one year)',
    ours: {
      query: `query($m: String!, $y: Int!) { costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: DIRECTION) { id key projects totalCost totalCostProjects } }`,
      variables: (c) => ({ m: c.code, y: costYear(c) }),
    },
    sql: {
      text: `select c.direction, count(*) as projects, ${SUMS} ${ALLOCATIONS} group by 1`,
      values: (c) => [c.id, costYear(c)],
    },
    postgraphile: {
      query: `query($m: Int!, $y: Int!) { allProjectCosts(condition: { municipalityId: $m, fiscalYear: $y }) { groupedAggregates(groupBy: [DIRECTION]) { keys sum { totalCost } } } }`,
      variables: (c) => ({ m: c.id, y: costYear(c) }),
    },
    note: 'ours: shares applied; PostGraphile: grouped aggregates over the sheets (no shares)',
  },
  {
    name: 'costRollup by 目的別歳出 class (one city, one year)',
    ours: {
      query: `query($m: String!, $y: Int!) { costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: PURPOSE) { id key name code projects totalCost totalCostProjects settled budget } }`,
      variables: (c) => ({ m: c.code, y: costYear(c) }),
    },
    sql: {
      // Each node's classes from issue 21's function, a node of n classes giving each 1/n.
      text: `with cls as (select policy_node_id, class_id, 1.0 / count(*) over (partition by policy_node_id) as part from policy_node_classes(array[$1::int], 'purpose'))
        select cls.class_id, count(*) as projects, sum(coalesce(s.share, 1) * coalesce(cls.part, 1) * c.total_cost) as total_cost, count(c.total_cost) as known,
               sum(coalesce(s.share, 1) * coalesce(cls.part, 1) * st.thousand_yen) as settled, sum(coalesce(s.share, 1) * coalesce(cls.part, 1) * bu.thousand_yen) as budget
          ${ALLOCATIONS.replace('       where', '        left join cls on cls.policy_node_id = n.id\n       where')} group by 1`,
      values: (c) => [c.id, costYear(c)],
    },
    postgraphile: {
      query: `query($m: Int!, $y: Int!) { allProjectCosts(condition: { municipalityId: $m, fiscalYear: $y }) { aggregates { sum { totalCost } } } }`,
      variables: (c) => ({ m: c.id, y: costYear(c) }),
    },
    note: 'ours: shares and classes applied, unmapped kept as 未分類; floor: the same through policy_node_classes(); PostGraphile: the grand total only (it has no class mapping to group by)',
  },
];
