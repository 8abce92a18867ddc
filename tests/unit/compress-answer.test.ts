/**
 * GraphQL answers gzipped in one call (server/src/http/compress-answer.ts): small ones on the
 * spot, large ones on zlib's thread pool, tiny ones and clients that refuse gzip left plain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import compression from 'compression';
import { COMPRESS_MIN_BYTES, COMPRESS_SYNC_MAX_BYTES, compressAnswers } from '../../server/src/http/compress-answer.js';

let server: Server;
let port: number;
/** An answer of exactly `bytes` UTF-8 bytes (Japanese text, ASCII padding). */
const answer = (bytes: number) => {
  const head = `{"data":{"text":"${'施策'.repeat(Math.floor((bytes - 24) / 6))}`;
  return `${head}${'a'.repeat(bytes - Buffer.byteLength(head) - 4)}"}}`;
};

beforeAll(async () => {
  const app = express();
  app.use(compression());
  app.use('/graphql', compressAnswers());
  app.get('/graphql/:bytes', (req, res) => {
    res.type('application/json; charset=utf-8').send(answer(Number(req.params.bytes)));
  });
  app.get('/other', (_req, res) => {
    res.type('application/json; charset=utf-8').send(answer(5000));
  });
  server = createServer(app);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/** The raw response: headers and the body's bytes as sent. */
function get(path: string, acceptEncoding?: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((ok, fail) => {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', fail)
      .end();
  });
}

describe('compressAnswers', () => {
  it.each([
    ['a small answer, gzipped on the spot', 5_000],
    ['a large answer, gzipped on the thread pool', COMPRESS_SYNC_MAX_BYTES * 5],
  ])('%s: gzip, the same bytes once unzipped, Vary and Content-Length right', async (_what, bytes) => {
    const r = await get(`/graphql/${bytes}`, 'gzip, deflate, br');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(String(r.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(bytes / 4);
    expect(gunzipSync(r.body).toString('utf8')).toBe(answer(bytes));
  });

  it('leaves a tiny answer plain, and answers a client that refuses gzip plainly', async () => {
    const tiny = await get(`/graphql/${COMPRESS_MIN_BYTES - 1}`, 'gzip');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString('utf8')).toBe(answer(COMPRESS_MIN_BYTES - 1));
    for (const accept of [undefined, 'identity', 'gzip;q=0']) {
      const r = await get('/graphql/5000', accept);
      expect(r.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(r.body.toString('utf8')).toBe(answer(5000));
    }
  });

  it('is the only compression of an answer (the middleware leaves it alone); other routes keep the middleware', async () => {
    const r = await get('/graphql/5000', 'br, gzip');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.body).toString('utf8')).toBe(answer(5000));
    const other = await get('/other', 'br');
    expect(other.headers['content-encoding']).toBe('br');
  });
});
