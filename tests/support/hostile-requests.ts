/**
 * The hostile requests of issue 19 (finding 4): what a tester sent to stall the server, and one
 * request over each bound a client controls, with the answer each must get. Shared by
 * tests/integration/input-bounds.test.ts (each is refused, and /healthz still answers) and
 * bench/hostile.ts (how much slower /healthz answers while they arrive).
 */
import { MAX_LIST_ITEMS, MAX_SEARCH_CHARS, MAX_STRING_CHARS } from '../../server/src/graphql/limits.js';

const big = 'x'.repeat(25_000_000);
export const MANY = 2_500_000;
export const EVALS = (field: string, type: string) => `query ($v: ${type}) { evaluations(filter: { ${field}: $v }, first: 1) { totalCount } }`;
const SIGN_IN = `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`;
export const SEARCH = `query ($s: String) { evaluations(filter: { search: $s }, first: 1) { totalCount } }`;
const GQL_RESPONSE = { accept: 'application/graphql-response+json' };

/** One hostile request and the answer it must get. */
export interface Hostile {
  what: string;
  /** The body, made once before any measuring. */
  body: () => string;
  status: number;
  limit?: string;
  code?: string;
  /** The amount the answer must name. */
  value?: number;
  /** The argument or input field the answer names (`extensions.field`), and where in the variables. */
  path?: string;
  variable?: string;
  headers?: Record<string, string>;
}
/** A GraphQL request body. */
export const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Every hostile request, the tester's first. */
export const hostile: Hostile[] = [
  // The tester's requests: refused by the body's size before it is read.
  { what: 'a 25 MB unused variable', body: () => body('{ __typename }', { junk: big }), status: 413, limit: 'bodyBytes' },
  { what: 'a 25 MB e-mail on sign-in', body: () => body(SIGN_IN, { e: big, p: 'x' }), status: 413, limit: 'bodyBytes' },
  { what: '2.5 M municipalityCodes', body: () => body(EVALS('municipalityCodes', '[String!]'), { v: Array(MANY).fill('102041') }), status: 413, limit: 'bodyBytes' },
  { what: '2.5 M levelCodes', body: () => body(EVALS('levelCodes', '[String!]'), { v: Array(MANY).fill('A') }), status: 413, limit: 'bodyBytes' },
  { what: '2.5 M departmentIds', body: () => body(EVALS('departmentIds', '[ID!]'), { v: Array.from({ length: MANY }, (_, i) => String(i)) }), status: 413, limit: 'bodyBytes' },
  { what: 'deeply nested variables', body: () => `{"query":"{ __typename }","variables":{"v":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, status: 400, limit: 'jsonDepth', value: 100_002 },
  // Within the body's size: each bound by itself.
  { what: 'variables over their size', body: () => body('{ __typename }', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`v${i}`, 'y'.repeat(300)]))), status: 400, limit: 'variablesBytes', headers: GQL_RESPONSE },
  { what: 'a list one item too long', body: () => body(EVALS('municipalityCodes', '[String!]'), { v: Array(MAX_LIST_ITEMS + 1).fill('102041') }), status: 400, limit: 'listItems', value: MAX_LIST_ITEMS + 1, path: 'municipalityCodes', variable: '$v', headers: GQL_RESPONSE },
  { what: 'a literal list one item too long', body: () => body(`{ evaluations(filter: { planIds: [${Array(MAX_LIST_ITEMS + 1).fill('1').join(' ')}] }, first: 1) { totalCount } }`, {}), status: 400, limit: 'listItems', path: 'planIds', headers: GQL_RESPONSE },
  { what: 'an e-mail of 255 characters', body: () => body(SIGN_IN, { e: `${'a'.repeat(243)}@example.lg.jp`, p: 'x' }), status: 400, limit: 'stringLength', value: 257, path: 'email', variable: '$e', headers: GQL_RESPONSE },
  { what: 'a search one character too long', body: () => body(SEARCH, { s: 'あ'.repeat(MAX_SEARCH_CHARS + 1) }), status: 400, limit: 'stringLength', value: MAX_SEARCH_CHARS + 1, path: 'search', variable: '$s', headers: GQL_RESPONSE },
  { what: 'a search inside a filter variable', body: () => body(`query ($f: EvaluationFilter) { evaluations(filter: $f, first: 1) { totalCount } }`, { f: { search: 'x'.repeat(MAX_SEARCH_CHARS + 1) } }), status: 400, limit: 'stringLength', path: 'search', variable: '$f.search', headers: GQL_RESPONSE },
  { what: 'a plan id of 1,001 characters', body: () => body(`query ($id: ID!) { plan(id: $id) { id } }`, { id: '1'.repeat(MAX_STRING_CHARS + 1) }), status: 400, limit: 'stringLength', headers: GQL_RESPONSE },
  { what: 'NUL in a search', body: () => body(SEARCH, { s: 'a\u0000b' }), status: 400, code: 'BAD_USER_INPUT', path: 'search', variable: '$s', headers: GQL_RESPONSE },
  { what: 'NUL in a literal', body: () => body(`{ evaluations(filter: { search: "a\\u0000b" }, first: 1) { totalCount } }`, {}), status: 400, code: 'BAD_USER_INPUT', path: 'search', headers: GQL_RESPONSE },
];
