/**
 * Cost rolled up over a city's projects for one fiscal year, in one statement: each project is
 * allocated to the policy nodes it serves (its shares, else wholly to its node), and the
 * allocations are summed per group with their shares. The grouping is one key expression over
 * the allocation (`GROUPINGS`): a node at a chosen depth of the tree (area, policy, measure), the
 * department, the direction, the rating of the node served, or the 目的別歳出 class the node is
 * mapped to (issue 21's rule: its own mapping, else its nearest ancestor's; a node mapped to n
 * classes gives each 1/n of its share, an unmapped one the group without a key: 未分類, never
 * dropped). Unknown amounts are left out of the sums and counted, so a total never treats an
 * unknown as zero. Sums are exact (numeric) and rounded to 1円 (`YEN`).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '../graphql/loaders.js';
import type { SqlRow } from '../provenance/provenance.type.js';

/** What the projects are grouped by. */
export type CostGroupingKey = 'node' | 'department' | 'direction' | 'rating' | 'purpose';

interface Grouping {
  /** The group's key over the allocation `y` (columns: node_id, path, depth, dept_id, direction, level_code, class_id). */
  key: string;
  /** Name and code of a group (joined as `g`), when the key is a row id. */
  label?: { join: string; name: string; code: string; order: string };
  /** Splits an allocation over several keys: a lateral join on `a` (the allocation) giving `class_id` and the fraction `part` of its share. */
  split?: string;
}

const GROUPINGS: Record<CostGroupingKey, Grouping> = {
  // The ancestor at depth ?depth (the node itself at that depth); deeper levels roll up into it.
  node: {
    key: `case when y.depth >= $depth then split_part(y.path, '/', $depth + 1)::int end`,
    label: { join: 'left join policy_node g on g.id = k.key', name: 'g.name', code: 'g.code', order: 'g.sort_order' },
  },
  department: { key: 'y.dept_id', label: { join: 'left join department g on g.id = k.key', name: 'g.name', code: 'null::text', order: 'g.path' } },
  direction: { key: 'y.direction::text' },
  rating: { key: 'y.level_code' },
  purpose: {
    key: 'y.class_id',
    label: { join: 'left join taxonomy_class g on g.id = k.key', name: 'g.name_ja', code: 'g.code', order: 'g.sort_order' },
    // policy_node_effective_class's rule (the nearest ancestor-or-self mapping the scheme) on the
    // node already joined: the view, joined here, made the planner scan every city's nodes.
    split: `left join lateral (
      select c.class_id, 1::numeric / count(*) over () as part from policy_node_class c
       where c.scheme = 'purpose' and c.policy_node_id = (
         select x.policy_node_id from policy_node_class x
          where x.municipality_id = $city and x.scheme = 'purpose' and x.policy_node_id = any(string_to_array(trim(both '/' from n.path), '/')::int[])
          order by array_position(string_to_array(trim(both '/' from n.path), '/')::int[], x.policy_node_id) desc limit 1)) pc on true`,
  },
};

export interface CostRollupArgs {
  municipalityId: number;
  fiscalYear: number;
  groupBy: CostGroupingKey;
  /** For `node`: the depth of the groups (1 = the plan's top level). */
  depth?: number;
  /** Only projects serving this node or its descendants. */
  nodeId?: number | null;
  /** The evaluation stage whose rating `rating` groups by and `node` groups carry. */
  stage: string;
}

/** The SQL of a roll-up with `$name` parameters; the grouping's key is spliced from `GROUPINGS` (never from input). */
export function costRollupSql(groupBy: CostGroupingKey): string {
  const g = GROUPINGS[groupBy];
  const ratingOfGroup =
    groupBy === 'node'
      ? `left join lateral (${RATING_OF_NODE('k.key')}) r on true`
      : `left join lateral (select null::int as level_id, null::text as level_code, null::text as level_label, null::float8 as level_score, null::float8 as level_normalized, null::text as level_color) r on true`;
  // sql-safe: keys, labels, joins and RATING_OF_NODE come from GROUPINGS and constants chosen by the enum; values are $name bindings
  return `
    with alloc as (
      select pr.id as project_id, coalesce(s.policy_node_id, pr.policy_node_id) as node_id, coalesce(s.share::numeric, 1) as share, pr.department_id
        from project pr left join project_share s on s.project_id = pr.id
       where pr.municipality_id = $city
    ), y as (
      select a.project_id, a.share${g.split ? ' * coalesce(pc.part, 1)' : ''} as share, n.path, n.depth, coalesce(a.department_id, n.effective_department_id) as dept_id,
             c.total_cost::numeric as total_cost, c.direction, prev.total_cost::numeric as prev_total, am.settled::numeric as settled, am.budget::numeric as budget, ${groupBy === 'rating' ? 'nr.level_code' : 'null::text as level_code'},
             ${g.split ? 'pc.class_id' : 'null::int as class_id'}
        from alloc a
        left join policy_node n on n.id = a.node_id and n.municipality_id = $city
        left join project_cost c on c.project_id = a.project_id and c.fiscal_year = $year
        left join project_cost prev on prev.project_id = a.project_id and prev.fiscal_year = $year - 1
        left join lateral (
          select max(x.thousand_yen) filter (where x.kind = 'settled') as settled, max(x.thousand_yen) filter (where x.kind = 'budget') as budget
            from project_amount x where x.project_id = a.project_id and x.fiscal_year = $year
        ) am on true
        ${groupBy === 'rating' ? `left join lateral (${RATING_OF_NODE('a.node_id')}) nr on true` : ''}
        ${g.split ?? ''}
       where $node is null or n.path like (select p.path from policy_node p where p.id = $node) || '%'
    ), k as (
      select ${g.key} as key, count(*)::int as projects,
             ${YEN('sum(y.share * y.total_cost)')} as total_cost, count(y.total_cost)::int as total_cost_projects,
             ${YEN('sum(y.share * y.settled)')} as settled, count(y.settled)::int as settled_projects,
             ${YEN('sum(y.share * y.budget)')} as budget, count(y.budget)::int as budget_projects,
             (sum(y.share * y.settled) filter (where y.budget is not null) / nullif(sum(y.share * y.budget) filter (where y.settled is not null), 0))::float8 as execution_rate,
             count(*) filter (where y.settled is not null and y.budget is not null)::int as execution_projects,
             ${YEN('sum(y.share * y.prev_total) filter (where y.total_cost is not null)')} as previous_total_cost,
             ${YEN('sum(y.share * y.total_cost) filter (where y.prev_total is not null)')} as comparable_total_cost,
             count(*) filter (where y.total_cost is not null and y.prev_total is not null)::int as change_projects
        from y group by 1
    )
    select k.*, ${g.label ? `${g.label.name} as name, ${g.label.code} as code` : 'null::text as name, null::text as code'}, r.*
      from k ${g.label?.join ?? ''} ${ratingOfGroup}
     order by ${g.label ? `${g.label.order} nulls last, ` : ''}k.key nulls last`;
}

/**
 * A sum of 千円 amounts as the API gives it: computed in numeric (a share of 0.3 is exactly 0.3, so
 * no float noise such as 575621.0000000001) and rounded to 1円, the unit's smallest amount, which
 * the 1/n split of a node over n classes would otherwise extend without end.
 */
// sql-safe: `sum` is an aggregate written in this file, never input
const YEN = (sum: string) => `round(${sum}, 3)::float8`;

/**
 * The level of a node's evaluation for the year and stage (the first of its scales), with the level's
 * stored 0–100 `normalized_score` (issue 21: what a level means across cities) as a fraction 0–1.
 */
// sql-safe: `node` is a column name written in this file ('a.node_id', 'k.key'), never input
const RATING_OF_NODE = (node: string) => `
  select l.id as level_id, l.code as level_code, l.label as level_label, l.score as level_score, l.color as level_color,
         l.normalized_score / 100 as level_normalized
    from evaluation e join rating_level l on l.id = e.level_id
   where e.policy_node_id = ${node} and e.fiscal_year = $year and e.stage = $stage and e.status = 'accepted'
   order by e.scale_id, e.id limit 1`;

/** `$name` parameters as `?` placeholders with their values in order (each typed, for a generic plan). */
export function bindNamed(sql: string, values: Record<string, unknown>, types: Record<string, string>): [string, unknown[]] {
  const bindings: unknown[] = [];
  const text = sql.replace(/\$([a-z]+)\b/g, (_, name: string) => {
    if (!(name in types)) throw new Error(`internal: no parameter $${name}`);
    bindings.push(values[name] ?? null);
    return `?::${types[name]}`;
  });
  return [text, bindings];
}

const TYPES = { city: 'int', year: 'int', node: 'int', depth: 'int', stage: 'evaluation_stage' };

/** Runs the roll-up (one prepared statement). */
export async function costRollup(em: EntityManager, a: CostRollupArgs): Promise<SqlRow[]> {
  const [text, bindings] = bindNamed(costRollupSql(a.groupBy), { city: a.municipalityId, year: a.fiscalYear, node: a.nodeId ?? null, depth: a.depth ?? 1, stage: a.stage }, TYPES);
  return executePrepared<SqlRow[]>(em, text, bindings);
}
