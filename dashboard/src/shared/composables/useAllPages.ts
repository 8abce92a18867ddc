/**
 * Every page of a cursor connection, fetched page by page (each request stays under the
 * API's page-size and cost limits). Options in, `{ data, error, loading }` out.
 */
import { shallowRef, watch, type Ref } from 'vue';
import { useApolloClient } from '@vue/apollo-composable';
import type { DocumentNode } from 'graphql';
import type { Connection } from '../graphql/types';

/**
 * @param document a query with `$first` and `$after` whose result has the connection at `field`
 * @param variables reactive variables (without first/after); null skips the request
 * @param options.pageSize default 200; options.maxPages default 20
 */
export function useAllPages<T>(
  document: DocumentNode,
  field: string,
  variables: () => Record<string, unknown> | null,
  options: { pageSize?: number; maxPages?: number } = {},
): { data: Ref<T[] | undefined>; error: Ref<unknown>; loading: Ref<boolean>; refetch: () => void } {
  const { resolveClient } = useApolloClient();
  const data = shallowRef<T[] | undefined>();
  const error = shallowRef<unknown>(null);
  const loading = shallowRef(false);
  let run = 0;
  async function load(vars: Record<string, unknown> | null) {
    const mine = ++run;
    if (!vars) {
      data.value = undefined;
      return;
    }
    loading.value = true;
    error.value = null;
    const out: T[] = [];
    try {
      let after: string | null = null;
      for (let page = 0; page < (options.maxPages ?? 20); page++) {
        const r: { data: Record<string, Connection<T> | undefined> } = await resolveClient().query<Record<string, Connection<T>>>({
          query: document,
          variables: { ...vars, first: options.pageSize ?? 200, after },
          errorPolicy: 'none',
        });
        if (mine !== run) return;
        const conn: Connection<T> | undefined = r.data[field];
        if (!conn) break;
        out.push(...conn.nodes);
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      data.value = out;
    } catch (e) {
      if (mine === run) {
        error.value = e;
        data.value = undefined;
      }
    } finally {
      if (mine === run) loading.value = false;
    }
  }
  // Compare by value: a new but equal variables object (any navigation) must not refetch.
  watch(
    () => JSON.stringify(variables()),
    () => void load(variables()),
    { immediate: true },
  );
  return { data, error, loading, refetch: () => void load(variables()) };
}
