/**
 * The policy view's class filter (issue 21): a city opened from the compare-cities view carries
 * `cscheme` and `cclass` in the URL; this asks which of the city's nodes are in that class (own
 * mapping or inherited, `policyNodesInClass`: one request) and prunes a tree to them and their
 * ancestors. Options in (the city),
 * `{ active, label, ids, loading, error, query, remove, prune }` out.
 */
import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { useGraphqlQuery } from '../../../shared/composables/useGraphqlQuery';
import type { TreeItem } from '../../../shared/components/tree';
import GetPolicyNodesInClass from '../graphql/get_policy_nodes_in_class.query.graphql';

interface PolicyNodesInClassResult {
  policyNodesInClass: { id: string; taxonomyClass: { id: string; code: string; name: string; nameEn: string }; policyNodeIds: string[] };
}
const SCHEMES = ['PURPOSE', 'SDG'] as const;

/** @param city the city's code (null: no city chosen, nothing loaded) */
export function useClassFilter(city: ComputedRef<string | null | undefined>) {
  const route = useRoute();
  const router = useRouter();
  const { t, locale } = useI18n();
  const one = (k: string) => {
    const v = route.query[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const scheme = computed(() => ((SCHEMES as readonly string[]).includes(one('cscheme')) ? (one('cscheme') as (typeof SCHEMES)[number]) : null));
  const code = computed(() => (scheme.value ? one('cclass') || null : null));
  const active = computed(() => !!scheme.value && !!code.value && !!city.value);
  const nodes = useGraphqlQuery<PolicyNodesInClassResult, Record<string, unknown>>(
    GetPolicyNodesInClass,
    () => ({ municipalityCode: city.value ?? '', scheme: scheme.value, classCode: code.value }),
    { enabled: () => active.value },
  );
  const found = computed(() => (active.value ? (nodes.data.value?.policyNodesInClass ?? null) : null));
  const ids = computed(() => new Set(found.value?.policyNodeIds ?? []));
  const name = computed(() => (found.value ? (locale.value === 'en' ? found.value.taxonomyClass.nameEn : found.value.taxonomyClass.name) : (code.value ?? '')));
  const label = computed(() => t('comparison.classFilter', { scheme: t(scheme.value === 'SDG' ? 'comparison.sdg' : 'comparison.purpose'), name: name.value, n: ids.value.size }));
  /** The URL keys to keep when moving inside the view. */
  const query = computed(() => (active.value ? { cscheme: scheme.value!, cclass: code.value! } : {}));
  function remove() {
    const q = { ...route.query };
    delete q.cscheme;
    delete q.cclass;
    void router.push({ query: q });
  }
  /** The items in the class, with their ancestors (for the tree's shape); every item when inactive or still loading. */
  function prune<T>(items: TreeItem<T>[]): TreeItem<T>[] {
    if (!found.value) return items;
    const walk = (list: TreeItem<T>[]): TreeItem<T>[] =>
      list.flatMap((i) => {
        const children = walk(i.children);
        return ids.value.has(i.id) || children.length ? [{ ...i, children }] : [];
      });
    return walk(items);
  }
  return { active, name, label, ids, loading: nodes.loading, error: nodes.error, query, remove, prune };
}
