/**
 * The policy tree of the chosen city (and plan), with each node's ratings for the fiscal
 * year by stage and its indicators' achievement bands.
 */
import { computed, type ComputedRef } from 'vue';
import { useAllPages } from '../../../shared/composables/useAllPages';
import { useGraphqlQuery } from '../../../shared/composables/useGraphqlQuery';
import type { Filters } from '../../../shared/composables/useFilters';
import type { TreeItem } from '../../../shared/components/tree';
import type { PlanItem } from '../../shell/graphql/types';
import GetPolicyNodes from '../graphql/get_policy_nodes.query.graphql';
import GetNodeRatings from '../graphql/get_node_ratings.query.graphql';
import GetNodeAchievement from '../graphql/get_node_achievement.query.graphql';
import type { GetNodeAchievementResult, NodeRatingRow, TreeNodeRow } from '../graphql/types';

export interface TreeRowData {
  kind: 'plan' | 'node';
  code: string | null;
  name: string;
  levelName: string | null;
  priority: boolean | null;
  ratings: NodeRatingRow[];
  bands: { key: string; count: number }[];
}

/** @param plans the city's plans (to group roots by plan when no plan is chosen) */
export function usePolicyTree(filters: ComputedRef<Filters>, plans: ComputedRef<PlanItem[]>) {
  const nodes = useAllPages<TreeNodeRow & { plan?: { id: string } }>(GetPolicyNodes, 'policyNodes', () =>
    filters.value.city ? { filter: { municipalityCodes: [filters.value.city], ...(filters.value.plan ? { planIds: [filters.value.plan] } : {}) } } : null,
  );
  const ratings = useAllPages<NodeRatingRow>(GetNodeRatings, 'evaluations', () =>
    filters.value.city && filters.value.fiscalYear
      ? {
          filter: {
            municipalityCodes: [filters.value.city],
            fiscalYears: { in: [filters.value.fiscalYear] },
            subjectKinds: ['POLICY_NODE'],
            ...(filters.value.plan ? { planIds: [filters.value.plan] } : {}),
          },
        }
      : null,
  );
  const achievement = useGraphqlQuery<GetNodeAchievementResult, Record<string, unknown>>(
    GetNodeAchievement,
    () => ({ filter: { municipalityCodes: [filters.value.city ?? ''] }, fiscalYear: filters.value.fiscalYear ?? 0 }),
    { enabled: () => !!filters.value.city && !!filters.value.fiscalYear },
  );

  const ratingsByNode = computed(() => {
    const m = new Map<string, NodeRatingRow[]>();
    for (const r of ratings.data.value ?? []) if (r.policyNode) m.set(r.policyNode.id, [...(m.get(r.policyNode.id) ?? []), r]);
    return m;
  });
  const bandsByNode = computed(() => {
    const m = new Map<string, { key: string; count: number }[]>();
    for (const g of achievement.data.value?.achievementBands.groups ?? [])
      if (g.policyNode) m.set(g.policyNode.id, g.counts.filter((c) => c.count > 0).map((c) => ({ key: c.band.key, count: c.count })));
    return m;
  });

  const items = computed<TreeItem<TreeRowData>[]>(() => {
    const rows = nodes.data.value ?? [];
    const kids = new Map<string | null, typeof rows>();
    for (const r of rows) kids.set(r.parent?.id ?? null, [...(kids.get(r.parent?.id ?? null) ?? []), r]);
    const build = (r: TreeNodeRow): TreeItem<TreeRowData> => ({
      id: r.id,
      children: (kids.get(r.id) ?? []).map(build),
      data: {
        kind: 'node',
        code: r.code,
        name: r.name,
        levelName: r.levelName,
        priority: r.priority,
        ratings: ratingsByNode.value.get(r.id) ?? [],
        bands: bandsByNode.value.get(r.id) ?? [],
      },
    });
    const roots = (kids.get(null) ?? []).map(build);
    if (filters.value.plan || plans.value.length < 2) return roots;
    // Several plans: each plan is a group item over its own roots (roots no plan lists stay at the top level).
    const listed = new Set(plans.value.flatMap((p) => p.roots.map((r) => r.id)));
    const unlisted = roots.filter((r) => !listed.has(r.id));
    const groups = plans.value.map((p) => {
      const ids = new Set(p.roots.map((r) => r.id));
      return {
        id: `plan-${p.id}`,
        group: true,
        children: roots.filter((r) => ids.has(r.id)),
        data: { kind: 'plan' as const, code: null, name: p.name, levelName: null, priority: false, ratings: [], bands: [] },
      };
    });
    return [...groups, ...unlisted];
  });
  return {
    items,
    loading: computed(() => nodes.loading.value),
    error: computed(() => nodes.error.value),
    ratingsError: computed(() => ratings.error.value),
    count: computed(() => nodes.data.value?.length ?? 0),
    bandLabels: computed(() => new Map((achievement.data.value?.achievementBands.bands ?? []).map((b) => [b.key, b.label]))),
    refetch: () => (nodes.refetch(), ratings.refetch()),
  };
}
