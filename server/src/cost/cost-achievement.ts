/**
 * The result axis of the cost quadrant by achievement (issue 22): for each node of a roll-up at a
 * depth of the tree, the median 達成率 of the indicators in its subtree (the node's own and its
 * descendants', projects' indicators at their project's node) for the year: each indicator's
 * actual of that year against its first target from that year on, by analytics' `achievementRate`.
 * Indicators without a measured rate are left out and counted apart; none measured = unknown.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '../graphql/loaders.js';
import { achievementRate, type Direction, type Qualifier } from '../analytics/rules.js';
import { median } from '../comparison/comparison.service.js';
import { bindNamed } from './cost-rollup.js';

/** A group's achievement: the median rate in percent (null = none measured) and how many indicators it is the median of. */
export interface GroupAchievement {
  median: number | null;
  measured: number;
  indicators: number;
}

const SQL = `
  select split_part(pn.path, '/', $depth + 1)::int as key, i.direction::text as direction, av.value as actual, tv.value as target, tv.qualifier::text as qualifier
    from indicator i
    left join project ip on ip.id = i.project_id
    join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id) and pn.municipality_id = i.municipality_id
    left join indicator_value av on av.indicator_id = i.id and av.kind = 'actual' and av.fiscal_year = $year
    left join lateral (select t.value, t.qualifier from indicator_value t
                        where t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year >= $year
                        order by t.fiscal_year limit 1) tv on true
   where i.municipality_id = $city and pn.depth >= $depth
     and ($node is null or pn.path like (select p.path from policy_node p where p.id = $node) || '%')`;
const TYPES = { city: 'int', year: 'int', node: 'int', depth: 'int' };

/** The achievement of every node at `depth` (under `nodeId`) for the year, by node id; one statement. */
export async function groupAchievements(em: EntityManager, a: { municipalityId: number; fiscalYear: number; depth: number; nodeId: number | null }): Promise<Map<string, GroupAchievement>> {
  const [text, bindings] = bindNamed(SQL, { city: a.municipalityId, year: a.fiscalYear, depth: a.depth, node: a.nodeId }, TYPES);
  const rows = await executePrepared<{ key: number; direction: Direction; actual: number | null; target: number | null; qualifier: string | null }[]>(em, text, bindings);
  const rates = new Map<string, { rates: number[]; indicators: number }>();
  for (const r of rows) {
    const key = String(r.key);
    const g = rates.get(key) ?? { rates: [], indicators: 0 };
    g.indicators++;
    const { percent } = achievementRate({ actual: r.actual, target: r.target, direction: r.direction, qualifier: r.qualifier as Qualifier | null });
    if (percent !== null) g.rates.push(percent);
    rates.set(key, g);
  }
  return new Map([...rates].map(([k, g]) => [k, { median: median(g.rates), measured: g.rates.length, indicators: g.indicators }]));
}
