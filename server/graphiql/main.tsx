/**
 * GraphiQL for analysts: queries go to /graphql on this server as JSON POSTs; the example
 * queries in docs/queries are bundled in and open as tabs.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import './style.css';

interface FetcherParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}
interface FetcherOpts {
  headers?: Record<string, string>;
}

/** One POST per operation (no batching, no websockets). */
async function fetcher(params: FetcherParams, opts?: FetcherOpts): Promise<unknown> {
  const res = await fetch(new URL('../graphql', window.location.href), {
    method: 'POST',
    headers: {
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(opts?.headers ?? {}),
      'content-type': 'application/json',
    },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
  }
}

// Example queries, bundled at build time (one tab each).
const files = import.meta.glob('../../docs/queries/*.graphql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const examples = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, query]) => ({ query }));

const welcome = `# 総合計画の進行管理 API — GraphiQL
# 左上のタブに分析の例があります。Ctrl+Enter で実行、Ctrl+Space で補完、
# 右の「Docs」でスキーマの説明（日本語・英語）を読めます。
# 一覧は CSV でも取得できます: GET /csv/<例の名前>, POST /csv {query, variables}
#
# Example analyses are in the tabs. Ctrl+Enter runs, Ctrl+Space completes;
# the Docs pane describes every type and field. Lists also come as CSV (/csv).

query Municipalities {
  municipalities {
    id
    code
    name
    fiscalYears { year label }
  }
}
`;

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher: fetcher as never,
      defaultQuery: welcome,
      defaultTabs: [{ query: welcome }, ...examples],
      defaultHeaders: JSON.stringify({ 'Content-Type': 'application/json' }, null, 2),
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'variables',
    }),
  );
}
