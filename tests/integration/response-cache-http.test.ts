/**
 * The response cache over HTTP (server/src/graphql/cache.ts): a repeated query is answered by
 * the middleware in front of Apollo from the stored UTF-8 JSON (header `x-response-cache: hit`),
 * byte for byte what Apollo answered; a client that accepts gzip gets it compressed (once, then
 * kept); a burst of equal requests is computed once; malformed requests and mutations are never
 * answered from the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { startServer, type RunningServer } from '../browser/support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ RESPONSE_CACHE_MB: '16' });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** A raw POST (no automatic decompression), returning status, headers and body bytes. */
function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(`${server.baseUrl}/graphql`);
  return new Promise((ok, fail) => {
    const req = request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

const QUERY = `query Cities { municipalities { code name prefecture fiscalYears { year label labelEn } plans { id name } ratingScales { id key name levels { id code label } } } }`;

describe('response cache over HTTP', () => {
  it('answers a repeated query from the cache, byte for byte what Apollo answered', async () => {
    const first = await post({ query: QUERY });
    expect(first.status).toBe(200);
    expect(first.headers['x-response-cache']).toBeUndefined();
    const data = JSON.parse(first.body.toString('utf8'));
    expect(data.data.municipalities.length).toBeGreaterThan(0);
    const second = await post({ query: QUERY });
    expect(second.status).toBe(200);
    expect(second.headers['x-response-cache']).toBe('hit');
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.body.equals(first.body)).toBe(true);
  });

  it('sends the cached answer gzipped to a client that accepts gzip', async () => {
    const plain = await post({ query: QUERY });
    const zipped = await post({ query: QUERY }, { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['x-response-cache']).toBe('hit');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  });

  it('keeps the gzip it sent a first client, and gives another client that does not accept gzip the same JSON', async () => {
    const query = `query Kept($code: String!) { municipality(code: $code) { code name plans { id name } ratingScales { key name levels { code label color } } } }`;
    const variables = { code: '102041' };
    const first = await post({ query, variables }, { 'accept-encoding': 'gzip' });
    expect(first.headers['x-response-cache']).toBeUndefined();
    expect(first.headers['content-encoding']).toBe('gzip');
    const json = gunzipSync(first.body);
    expect(json.length).toBeGreaterThan(1024);
    // Hits: the very gzip sent the first time, and for a client without gzip the JSON it held.
    const zipped = await post({ query, variables }, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['x-response-cache']).toBe('hit');
    expect(zipped.body.equals(first.body)).toBe(true);
    const plain = await post({ query, variables });
    expect(plain.headers['x-response-cache']).toBe('hit');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(json)).toBe(true);
  });

  it('computes a burst of equal requests of a new document once', async () => {
    // A document never sent before (not yet validated): the first request goes to Apollo, the
    // others wait for its answer and are served from the cache.
    const query = `query Burst { annualReport(municipalityCode: "102041", fiscalYear: 2022) { municipalityName measures { name texts { label text } } indicators { name achievement } } }`;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise<void>((r) => setTimeout(r, i * 3)).then(() => post({ query }))));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.filter((a) => a.headers['x-response-cache'] !== 'hit')).toHaveLength(1);
    for (const a of answers) expect(a.body.equals(answers[0]!.body)).toBe(true);
  });

  it('leaves malformed requests and mutations to Apollo', async () => {
    const bad = await post({ query: QUERY, operationName: { not: 'a string' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['x-response-cache']).toBeUndefined();
    const variables = await post({ query: QUERY, variables: [1, 2] });
    expect(variables.status).toBe(400);
    const mutation = await post({ query: 'mutation { signOut }' });
    expect(mutation.headers['x-response-cache']).toBeUndefined();
    const again = await post({ query: 'mutation { signOut }' });
    expect(again.headers['x-response-cache']).toBeUndefined();
  });
});
