/**
 * The first requests, sent before the app's JavaScript has loaded: the list of cities with each
 * one's default year (GetMunicipalities), and on the overview (`/`) the overview itself for the
 * URL's city and year, or for the city and year the app will choose (the first city, its
 * latestFiscalYear). A separate, tiny entry put first in the page; main.ts puts the list into
 * Apollo's cache and useOverview takes the overview's answer when its variables are the same.
 */
import municipalitiesQuery from './features/shell/graphql/get_municipalities.query.graphql?request';
import overviewQuery from './features/overview/graphql/get_overview.query.graphql?request';
import { parseFilters } from './shared/filters';
import { overviewVariables } from './features/overview/graphql/overview-variables';

/** A request's variables with its answer's data (null: failed, had errors, or not asked). */
export type BootAnswer = { variables: Record<string, unknown>; data: unknown } | null;

declare global {
  interface Window {
    seisakuBoot?: { municipalities: Promise<BootAnswer>; overview: Promise<BootAnswer> };
  }
}

function post(operationName: string, query: string, variables: Record<string, unknown>): Promise<BootAnswer> {
  return fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationName, query, variables }),
  })
    .then((r) => (r.ok ? (r.json() as Promise<{ data?: unknown; errors?: unknown[] }>) : null))
    .then((b) => (b?.data && !b.errors?.length ? { variables, data: b.data } : null))
    .catch(() => null);
}

interface City {
  code: string;
  latestFiscalYear: { year: number } | null;
}

const filters = parseFilters(Object.fromEntries(new URLSearchParams(location.search)));
const municipalities = post('GetMunicipalities', municipalitiesQuery, { stage: filters.stage });
const overview: Promise<BootAnswer> =
  location.pathname !== '/'
    ? Promise.resolve(null)
    : (async () => {
        let f = filters;
        if (!f.city || !f.fiscalYear) {
          // As the shell chooses: the URL's city or the first, and its default year.
          const list = ((await municipalities)?.data as { municipalities?: City[] } | undefined)?.municipalities ?? [];
          const city = f.city ? list.find((c) => c.code === f.city) : list[0];
          if (!city?.latestFiscalYear) return null;
          f = { ...f, city: city.code, fiscalYear: f.fiscalYear ?? city.latestFiscalYear.year };
        }
        return post('GetOverview', overviewQuery, overviewVariables(f));
      })();
window.seisakuBoot = { municipalities, overview };
