/**
 * The first request, sent before the app's JavaScript has loaded: the list of cities with each
 * one's default year (GetMunicipalities), which every view waits for. A separate, tiny entry
 * (the page loads it beside the main bundle); main.ts puts its answer into Apollo's cache before
 * mounting, so the first view's own request starts at once.
 */
import query from './features/shell/graphql/get_municipalities.query.graphql?raw';
import { stageFromParam } from './shared/graphql/types';

declare global {
  interface Window {
    /** The answer of the boot request (its `data`), or null when it failed. */
    seisakuBoot?: Promise<{ variables: { stage: string }; data: unknown } | null>;
  }
}

const variables = { stage: stageFromParam(new URLSearchParams(location.search).get('stage')) };
window.seisakuBoot = fetch('/graphql', {
  method: 'POST',
  credentials: 'same-origin',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ operationName: 'GetMunicipalities', query, variables }),
})
  .then((r) => (r.ok ? (r.json() as Promise<{ data?: unknown; errors?: unknown[] }>) : null))
  .then((b) => (b?.data && !b.errors?.length ? { variables, data: b.data } : null))
  .catch(() => null);
