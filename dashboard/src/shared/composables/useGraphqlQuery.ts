/**
 * A typed query in the VueUse manner: options in, `{ data, error, loading, refetch }` out.
 * Wraps @vue/apollo-composable's useQuery with errorPolicy 'all' (partial data stays usable),
 * and reports errors per root field so each panel can show its own.
 */
import { computed, shallowRef, watch, type ComputedRef, type Ref } from 'vue';
import { useQuery } from '@vue/apollo-composable';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';

export interface QueryState<T> {
  data: Ref<T | undefined>;
  /** An error for the whole request (network, validation): every panel fails. */
  error: ComputedRef<Error | null>;
  /** The error of one root field (by alias), or the whole request's. */
  fieldError: (field: string) => Error | null;
  loading: Ref<boolean>;
  refetch: () => void;
}

/**
 * @param document the operation (one per `.graphql` file)
 * @param variables reactive variables
 * @param options.enabled skip the request while false (default true)
 * @param options.fetchPolicy e.g. 'cache-and-network' for forms that must show the latest version,
 *   'no-cache' for a large answer read once (the server's response cache keeps it)
 */
export function useGraphqlQuery<T, V extends Record<string, unknown>>(
  document: DocumentNode,
  variables: () => V,
  options: { enabled?: () => boolean; fetchPolicy?: 'cache-first' | 'cache-and-network' | 'network-only' | 'no-cache' } = {},
): QueryState<T> {
  const q = useQuery<T, V>(document, variables, () => ({
    enabled: options.enabled ? options.enabled() : true,
    ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
    errorPolicy: 'all',
    notifyOnNetworkStatusChange: true,
  }));
  const data = shallowRef<T | undefined>();
  watch(
    () => q.result.value,
    (r) => {
      data.value = r ?? undefined;
    },
    { immediate: true },
  );
  const graphQLErrors = computed<readonly GraphQLFormattedError[]>(() => q.error.value?.graphQLErrors ?? []);
  const error = computed<Error | null>(() => {
    const e = q.error.value;
    if (!e) return null;
    // Errors with a path belong to one field; anything else is the whole request's.
    if (e.graphQLErrors?.length && e.graphQLErrors.every((g) => g.path && g.path.length > 0) && !e.networkError) return null;
    return e;
  });
  function fieldError(field: string): Error | null {
    if (error.value) return error.value;
    const g = graphQLErrors.value.find((x) => x.path?.[0] === field);
    if (g) return new Error(g.message);
    // A failing non-null root field nulls the whole result: every field without data failed.
    const d = data.value as Record<string, unknown> | null | undefined;
    const first = graphQLErrors.value[0];
    if (first && (d === null || d === undefined || d[field] === null || d[field] === undefined)) return new Error(first.message);
    return null;
  }
  return {
    data,
    error,
    fieldError,
    loading: q.loading,
    refetch: () => void q.refetch(),
  };
}
