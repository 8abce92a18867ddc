/**
 * Bounds on everything a client sends (issue 19, finding 4): the body's size (before it is read)
 * and nesting (before it is parsed), the variables' size, the items of every list, the characters
 * of every string, no NUL — each refused with the limit and the amount, before any SQL, while
 * /healthz, asked from another process as the hostile request arrives, goes on answering.
 *
 * How much slower /healthz answers meanwhile is a figure, not an assertion here: `npm run
 * bench:hostile` (bench/hostile.ts) prints its p95 during these requests against its p95 idle,
 * in the same run (bench/results/hostile.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, codeOf } from '../support/api-client.js';
import { healthzProbe } from '../support/healthz-probe.js';
import { EVALS, MANY, SEARCH, body, hostile } from '../support/hostile-requests.js';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_LIST_ITEMS, MAX_SEARCH_CHARS, STRING_LIMITS, jsonDepth } from '../../server/src/graphql/limits.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';

const ROOT = join(import.meta.dirname, '../..');
const ADMIN_TOKEN = 'input-bounds-admin-token-0123456789';
let server: RunningServer;
let anyone: ApiClient;

beforeAll(async () => {
  server = await startServer({ NODE_ENV: 'production', ADMIN_TOKEN });
  anyone = new ApiClient(server.baseUrl);
}, 180_000);
afterAll(async () => server?.stop());

describe('hostile requests are refused with the limit and the amount, and /healthz answers meanwhile', () => {
  it.each(hostile.map((h) => [h.what, h] as const))('%s', async (_what, h) => {
    const payload = Buffer.from(h.body());
    const probe = await healthzProbe(server.baseUrl);
    await probe.start();
    const answer = await anyone.post('/graphql', payload as unknown as string, h.headers);
    const seen = await probe.stop();
    const where = `${h.what}: ${answer.status} ${answer.text.slice(0, 300)}`;
    expect(answer.status, where).toBe(h.status);
    const ext = answer.errors?.[0]?.extensions ?? {};
    if (h.limit) {
      expect(ext.code, where).toBe('LIMIT_EXCEEDED');
      expect(ext.limit, where).toBe(h.limit);
      expect(ext.value, where).toBeGreaterThan(Number(ext.max));
      if (h.value !== undefined) expect(ext.value, where).toBe(h.value);
      // The message says both numbers.
      expect(answer.errors![0]!.message).toContain(String(ext.value));
      expect(answer.errors![0]!.message).toContain(String(ext.max));
    }
    if (h.code) expect(ext.code, where).toBe(h.code);
    if (h.path) expect(String(ext.field), where).toBe(h.path);
    if (h.variable) expect(String(ext.variable), where).toBe(h.variable);
    // /healthz answered while the request arrived and was refused, and never failed.
    expect(seen.samples.length, `${h.what}: /healthz did not answer`).toBeGreaterThan(0);
    expect(seen.failures, `${h.what}: /healthz failed`).toBe(0);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses the same on POST /csv', async () => {
    const tooMany = await anyone.post('/csv', body(EVALS('municipalityCodes', '[String!]'), { v: Array(MANY).fill('102041') }));
    expect(tooMany.status).toBe(413);
    const nul = await anyone.post('/csv', body(SEARCH, { s: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    expect(codeOf(nul)).toBe('BAD_USER_INPUT');
  });

  it('refuses an oversized body without a Content-Length as it arrives', async () => {
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode(i === 0 ? '{"query":"{ __typename }","variables":{"x":"' : 'z'.repeat(64 * 1024)));
        c.close();
      },
    });
    const res = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    const r = (await res.json()) as { errors: { extensions: { limit: string; max: number } }[] };
    expect(res.status).toBe(413);
    expect(r.errors[0]!.extensions).toMatchObject({ limit: 'bodyBytes', max: MAX_BODY_BYTES });
  });
});

describe('what stays possible', () => {
  it('an administrator imports a file larger than the body limit; anyone else’s is refused unread', async () => {
    const file = readFileSync(join(SEEDS_DIR, 'generated-sample-city.json'));
    expect(file.length).toBeGreaterThan(MAX_BODY_BYTES);
    const query = `mutation ($n: String!, $c: String!) { importDataset(fileName: $n, contentBase64: $c, dryRun: true) { ok problems { path en } } }`;
    const payload = body(query, { n: 'generated-sample-city.json', c: file.toString('base64') });
    const admin = await new ApiClient(server.baseUrl, ADMIN_TOKEN).post('/graphql', payload);
    expect(admin.errors, admin.text.slice(0, 300)).toBeUndefined();
    expect(admin.data.importDataset.ok).toBe(true);
    const other = await anyone.post('/graphql', payload);
    expect(other.status).toBe(413);
  });

  it('the dashboard’s own requests pass (a filter of 500 codes, a search of 200 characters)', async () => {
    const r = await anyone.gql(EVALS('municipalityCodes', '[String!]'), { v: Array(MAX_LIST_ITEMS).fill('102041') });
    expect(r.errors, r.text.slice(0, 200)).toBeUndefined();
    const s = await anyone.gql(SEARCH, { s: 'あ'.repeat(MAX_SEARCH_CHARS) });
    expect(s.errors, s.text.slice(0, 200)).toBeUndefined();
  });
});

describe('the limits themselves', () => {
  it('name only string arguments and input fields that exist in the schema', () => {
    const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
    const coordinates = new Set<string>();
    for (const t of Object.values(schema.getTypeMap())) {
      if (isObjectType(t)) for (const f of Object.values(t.getFields())) for (const a of f.args) if (getNamedType(a.type).name === 'String') coordinates.add(`${t.name}.${f.name}(${a.name}:)`);
      if (isInputObjectType(t)) for (const f of Object.values(t.getFields())) if (getNamedType(f.type).name === 'String') coordinates.add(`${t.name}.${f.name}`);
    }
    for (const c of Object.keys(STRING_LIMITS)) expect(coordinates.has(c), c).toBe(true);
    // Every search of every filter is bounded the same.
    for (const c of coordinates) if (c.endsWith('.search')) expect(STRING_LIMITS[c], c).toBe(MAX_SEARCH_CHARS);
  });

  it('measures JSON depth on bytes, brackets inside strings not counted', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":"[[[[{{{"}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('"\\"[["'))).toBe(0);
    expect(jsonDepth(Buffer.from('['.repeat(MAX_JSON_DEPTH + 1)))).toBe(MAX_JSON_DEPTH + 1);
  });
});
