/**
 * GraphiQL for analysts: queries go to /graphql on this server as JSON POSTs; the example
 * queries in docs/queries are bundled in and open as tabs.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { Kind, parse, valueFromASTUntyped } from 'graphql';
import 'graphiql/graphiql.css';
import './style.css';
import { fetcher } from './fetcher';

// Example queries, bundled at build time (one tab each).
const files = import.meta.glob('../../docs/queries/*.graphql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const examples = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, query]) => ({ query, variables: defaultVariables(query) }));

/** The example's variables with their default values, shown in the Variables pane to be changed. */
function defaultVariables(query: string): string | undefined {
  try {
    const op = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const vars = Object.fromEntries(
      (op?.kind === Kind.OPERATION_DEFINITION ? (op.variableDefinitions ?? []) : [])
        .filter((v) => v.defaultValue)
        .map((v) => [v.variable.name.value, valueFromASTUntyped(v.defaultValue!)]),
    );
    return Object.keys(vars).length ? JSON.stringify(vars, null, 2) : undefined;
  } catch {
    return undefined; // GraphiQL shows the syntax error in the editor itself
  }
}

const welcome = `# 総合計画の進行管理 API — GraphiQL
# 上のタブに分析の例があります（市・年度は下の Variables で変えられます）。
# Ctrl+Enter で実行、Ctrl+Space で補完、左端の本のアイコン（Docs）で
# スキーマの説明（日本語・英語）を読めます。
# 一覧は CSV でも取得できます: GET /csv/<例の名前>, POST /csv {query, variables}
#
# Example analyses are in the tabs (change city and year in Variables below).
# Ctrl+Enter runs, Ctrl+Space completes; the book icon on the left opens the
# Docs pane, which describes every type and field. Lists also come as CSV (/csv).

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
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'variables',
    }),
  );
}
