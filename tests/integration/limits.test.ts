/**
 * Query limits (server/src/graphql/limits.ts) against the built server, run as `npm start` runs
 * it (NODE_ENV=production), with its database connections passing through a small proxy that
 * counts the statements the server sends (simple-protocol Query and extended-protocol Execute
 * messages). Every refused query must be refused with a clear error and with no statement sent.
 * The proxy also sees the connection's startup parameters (statement_timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { freePort } from '../browser/support/server.js';
import {
  REQUEST_BUDGET_MS,
  MAX_ALIASES,
  MAX_COST,
  MAX_DEPTH,
  MAX_DOCUMENT_BYTES,
  MAX_PAGE_SIZE,
  MAX_TOKENS,
  countTokens,
  measureOperation,
  preferredMediaType,
} from '../../server/src/graphql/limits.js';

/** A TCP proxy in front of PostgreSQL that counts statements and records startup parameters. */
async function countingProxy(upstreamHost: string, upstreamPort: number) {
  const stats = { statements: 0, startupParams: [] as Record<string, string>[] };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, upstreamHost);
    sockets.add(client).add(upstream);
    let buf = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!started) {
          if (buf.length < 8) break;
          const len = buf.readInt32BE(0);
          if (buf.length < len) break;
          const code = buf.readInt32BE(4);
          if (code === 196608) {
            // StartupMessage: protocol 3.0 then name\0value\0 pairs.
            const parts = buf.subarray(8, len).toString('utf8').split('\0');
            const params: Record<string, string> = {};
            for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params[parts[i]!] = parts[i + 1]!;
            stats.startupParams.push(params);
            started = true;
          }
          buf = buf.subarray(len);
          continue;
        }
        if (buf.length < 5) break;
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) break;
        const type = String.fromCharCode(buf[0]!);
        if (type === 'Q' || type === 'E') stats.statements++;
        buf = buf.subarray(1 + len);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (c) => client.write(c));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    port,
    stats,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}

let db: TestDatabase;
let proxy: Awaited<ReturnType<typeof countingProxy>>;
let child: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  db = await createTestDatabase();
  const u = new URL(db.url);
  proxy = await countingProxy(u.hostname, Number(u.port));
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  const port = await freePort();
  child = spawn(process.execPath, [resolve(import.meta.dirname, '../../server/dist/main.js')], {
    env: { ...process.env, DATABASE_URL: u.toString(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await proxy?.close();
  await db?.drop();
});

interface Sent {
  status: number;
  headers: Headers;
  body: any;
  statements: number;
}

/** POSTs a body to /graphql and counts the statements the server sent while answering. */
async function post(body: unknown, accept = 'application/graphql-response+json'): Promise<Sent> {
  const before = proxy.stats.statements;
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  // Anything the request started would have been sent before the response.
  return { status: res.status, headers: res.headers, body: JSON.parse(text), statements: proxy.stats.statements - before };
}

function expectRefused(r: Sent, limit: string) {
  expect(r.body.errors, JSON.stringify(r.body)).toHaveLength(1);
  const e = r.body.errors[0];
  expect(e.extensions.code).toBe('LIMIT_EXCEEDED');
  expect(e.extensions.limit).toBe(limit);
  expect(e.extensions.value).toBeGreaterThan(e.extensions.max);
  expect(e.message).toContain(String(e.extensions.value));
  expect(e.message).toContain(String(e.extensions.max));
  expect(e.message).toMatch(/[ぁ-んァ-ヶ一-龠]/); // Japanese first …
  expect(e.message).toContain(' / '); // … then English
  expect(e.extensions.stacktrace).toBeUndefined();
  expect(r.body.data).toBeUndefined();
  expect(r.statements).toBe(0);
}

/** `{ municipalities { plans { municipality { plans { … { id } } } } } }` of the given depth (the leaf counts). */
const nest = (depth: number) => {
  const names = ['municipalities'];
  for (let i = 1; i < depth - 1; i++) names.push(i % 2 === 1 ? 'plans' : 'municipality');
  return `{ ${names.map((n) => `${n} { `).join('')}id${' }'.repeat(names.length)} }`;
};

describe('the statement counter', () => {
  it('sees the statements of an ordinary query (so zero below means none were sent)', async () => {
    const r = await post({ query: '{ municipalities { id name plans { id name } } }' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.municipalities.length).toBeGreaterThan(0);
    expect(r.statements).toBeGreaterThan(0);
  });

  it('connects with the API statement timeout', () => {
    const withTimeout = proxy.stats.startupParams.filter((p) => p.statement_timeout !== undefined);
    expect(withTimeout.length).toBeGreaterThan(0);
    for (const p of withTimeout) expect(Number(p.statement_timeout)).toBe(REQUEST_BUDGET_MS);
    expect(REQUEST_BUDGET_MS).toBe(5000);
  });
});

describe('refused before any SQL', () => {
  it('deep nesting: depth', async () => {
    const query = nest(14);
    expect(query).toContain('municipalities { plans { municipality { plans {');
    const r = await post({ query });
    expect(r.status).toBe(400);
    expectRefused(r, 'depth');
    expect(r.body.errors[0].message).toBe(`クエリの深さ 14 が上限 ${MAX_DEPTH} を超えています / query depth 14 exceeds the limit ${MAX_DEPTH}`);
  });

  it('a query at the depth limit runs (a chain of single objects, cheap)', async () => {
    const k = MAX_DEPTH - 2;
    const query = `{ department(id: "1") { ${'parent { '.repeat(k)}name${' }'.repeat(k)} } }`;
    const r = await post({ query });
    expect(r.body.errors).toBeUndefined();
    expect(r.statements).toBeGreaterThan(0);
  });

  it('an alias flood of thousands of aliases: refused by size before it is parsed', async () => {
    const query = `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const r = await post({ query });
    expectRefused(r, 'documentBytes');
  });

  it('aliases over the limit in a small document', async () => {
    const n = MAX_ALIASES + 20;
    const query = `{ ${Array.from({ length: n }, (_, i) => `m${i}: municipalities { id }`).join(' ')} }`;
    const r = await post({ query });
    expectRefused(r, 'aliases');
    expect(r.body.errors[0].extensions.value).toBe(n);
  });

  it('a huge first: page size', async () => {
    const r = await post({ query: '{ evaluations(first: 1000000) { nodes { id } } }' });
    expectRefused(r, 'pageSize');
    expect(r.body.errors[0].extensions.max).toBe(MAX_PAGE_SIZE);
    expect(r.body.errors[0].message).toContain('Query.evaluations');
  });

  it('a huge first in a variable: page size', async () => {
    const r = await post({ query: 'query($n: Int) { evaluations(first: $n) { nodes { id } } }', variables: { n: 100000 } });
    expectRefused(r, 'pageSize');
  });

  it('the largest page with a wide selection: cost', async () => {
    const query = `{ evaluations(first: ${MAX_PAGE_SIZE}) { nodes { id level { code } scale { name } department { name parent { name } }
      policyNode { name plan { name } leadDepartment { name } } municipality { name } fiscalYear { label } } } }`;
    const r = await post({ query });
    expectRefused(r, 'cost');
    expect(r.body.errors[0].extensions.max).toBe(MAX_COST);
  });

  it('a fragment cycle: refused by validation', async () => {
    const query = `query { municipalities { ...A } }
      fragment A on Municipality { plans { municipality { ...B } } }
      fragment B on Municipality { plans { municipality { ...A } } }`;
    const r = await post({ query });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.body.errors[0].message).toMatch(/Cannot spread fragment "A" within itself/);
    expect(r.statements).toBe(0);
  });

  it('fragments spread many times are measured without being walked again (no blow-up)', async () => {
    // Each level doubles the expansion: 2^30 selections if walked naively.
    const frags = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Municipality { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `{ municipalities { ...F0 } }\n${frags}\nfragment F30 on Municipality { id }`;
    const started = Date.now();
    const r = await post({ query });
    expect(Date.now() - started).toBeLessThan(5000);
    // Valid GraphQL, cheap: the fields merge, so it runs.
    expect(r.body.errors).toBeUndefined();
  });

  it('a very long document: size', async () => {
    const query = `{ municipalities { id } }\n${'#'.repeat(MAX_DOCUMENT_BYTES)}\n`;
    const r = await post({ query });
    expectRefused(r, 'documentBytes');
  });

  it('a document within the size but over the token count: tokens', async () => {
    const query = `{ municipalities { ${'id '.repeat(MAX_TOKENS)} } }`;
    expect(Buffer.byteLength(query)).toBeLessThan(MAX_DOCUMENT_BYTES);
    const r = await post({ query });
    expectRefused(r, 'tokens');
  });

  it('a batched array body: 400', async () => {
    const one = { query: '{ municipalities { id } }' };
    for (const body of [[one, one, one], [one]]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
      expect(r.body.errors[0].extensions.limit).toBe('batch');
      expect(r.body.errors[0].message).toMatch(/一括リクエスト.*batched requests/);
      expect(r.statements).toBe(0);
    }
  });

  it('a GET that tries a mutation: 405', async () => {
    const before = proxy.stats.statements;
    const url = `${base}/graphql?query=${encodeURIComponent('mutation { __typename }')}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const body: any = await res.json();
    expect(body.errors[0].message).toMatch(/GET.*POST/);
    // Without a preflight header it is refused just the same (the GET guard answers before CSRF prevention).
    const csrf = await fetch(url);
    expect(csrf.status).toBe(405);
    expect(proxy.stats.statements - before).toBe(0);
  });

  it('a GET query with a preflight header runs', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent('{ municipalities { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
  });

  it('application/json gets 200 for a refused query (GraphQL over HTTP), graphql-response+json 400', async () => {
    const query = nest(14);
    const json = await post({ query }, 'application/json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toContain('application/json');
    expectRefused(json, 'depth');
    const gql = await post({ query }, 'application/graphql-response+json');
    expect(gql.status).toBe(400);
    expect(gql.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('errors carry no stack trace or SQL in production', async () => {
    const r = await post({ query: '{ nope }' }, 'application/json');
    expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|at .*\.js:\d+|select |from /i);
    const bad = await post('{ "not json', 'application/json');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/stack|node_modules/);
  });
});

describe('measureOperation (unit)', () => {
  const schema = buildSchema(`
    type Query { items(first: Int): ItemConnection! item: Item list: [Item!]! agg(groupBy: [String!]): Agg! }
    type ItemConnection { totalCount: Int! nodes: [Item!]! edges: [ItemEdge!]! }
    type ItemEdge { cursor: String! node: Item! }
    type Item { id: ID! name: String! child: Item children: [Item!]! }
    type Agg { groups: [Group!]! }
    type Group { n: Int! }
  `);
  const measure = (q: string, vars?: Record<string, unknown>) => {
    const doc = parse(q);
    return measureOperation(schema, doc, getOperationAST(doc)!, vars);
  };

  it('counts depth from the root field to the leaves', () => {
    expect(measure('{ item { id } }').depth).toBe(2);
    expect(measure('{ item { child { child { name } } } }').depth).toBe(4);
    expect(measure('{ __typename }').depth).toBe(1);
  });

  it('multiplies by first (or the default), not again for nodes/edges', () => {
    expect(measure('{ items(first: 10) { nodes { id } } }').cost).toBe(10 * (1 + 1));
    expect(measure('{ items { nodes { id } } }').cost).toBe(50 * 2);
    expect(measure('query($n: Int = 7) { items(first: $n) { nodes { id } } }').cost).toBe(7 * 2);
    expect(measure('query($n: Int = 7) { items(first: $n) { nodes { id } } }', { n: 3 }).cost).toBe(3 * 2);
    expect(measure('{ items(first: 10) { nodes { children { id } } } }').cost).toBe(10 * (1 + 1 + 10 * 1));
    expect(measure('{ items(first: 600) { totalCount } }').pageSize).toEqual({ value: 600, field: 'Query.items' });
  });

  it('counts one group for an aggregation without groupBy', () => {
    expect(measure('{ agg { groups { n } } }').cost).toBe(1 + 1);
    expect(measure('{ agg(groupBy: ["x"]) { groups { n } } }').cost).toBe(1 + 10);
  });

  it('counts aliases and introspection nesting', () => {
    expect(measure('{ a: item { id } b: item { id } }').aliases).toBe(2);
    expect(measure('{ __schema { types { fields { args { name } } } } }').introspectionNesting).toBe(3);
    expect(measure('{ __schema { types { fields { type { fields { name } } } } } }').introspectionNesting).toBe(3);
    expect(measure('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }').introspectionNesting).toBe(4);
  });

  it('counts tokens like the parser and negotiates media types like Apollo', () => {
    expect(countTokens('{ a { b } } # comment')).toBe(6);
    expect(preferredMediaType(undefined)).toBe('application/json');
    expect(preferredMediaType('*/*')).toBe('application/json');
    expect(preferredMediaType('application/graphql-response+json')).toBe('application/graphql-response+json');
    expect(preferredMediaType('application/graphql-response+json, application/json;q=0.9')).toBe('application/graphql-response+json');
    expect(preferredMediaType('application/json, application/graphql-response+json')).toBe('application/json');
    expect(preferredMediaType('text/html')).toBeNull();
  });
});
