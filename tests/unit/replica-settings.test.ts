/** Settings of issue 24 (WORKERS, DATABASE_READ_URLS, replica bounds) and WAL positions: bad values are refused with the name at fault. */
import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn, readUrlsFromEnv } from '../../server/src/db/replicas.js';
import { loadConfig } from '../../server/src/config.js';

describe('WAL positions', () => {
  it('read and write PostgreSQL’s form and order as numbers', () => {
    expect(parseLsn('0/3000060')).toBe(0x3000060n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    for (const bad of ['', '16', '16/', 'x/1', '1/2/3', '123456789/0', ' 0/1', undefined, 42]) expect(parseLsn(bad)).toBeNull();
  });
});

describe('settings', () => {
  it('DATABASE_READ_URLS: a comma-separated list of postgres URLs, at most 16', () => {
    expect(readUrlsFromEnv(undefined)).toEqual([]);
    expect(readUrlsFromEnv(' postgres://h1:5432/db , postgresql://h2/db ')).toEqual(['postgres://h1:5432/db', 'postgresql://h2/db']);
    expect(() => readUrlsFromEnv('postgres://h1/db,not a url')).toThrow(/entry 2 is not a URL/);
    expect(() => readUrlsFromEnv('http://h1/db')).toThrow(/entry 1 must start with postgres/);
    expect(() => readUrlsFromEnv(Array.from({ length: 17 }, (_, i) => `postgres://h${i}/db`).join(','))).toThrow(/at most 16/);
  });

  it('WORKERS and the replica bounds are whole numbers', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WORKERS: '4' }).workers).toBe(4);
    for (const bad of ['0', '-1', '1.5', 'two', '65']) expect(() => loadConfig({ WORKERS: bad })).toThrow(/WORKERS must be a whole number from 1 to 64/);
    expect(loadConfig({ REPLICA_MAX_LAG_MS: '2000' }).replicas.maxLagMs).toBe(2000);
    expect(() => loadConfig({ READ_YOUR_WRITES_WAIT_MS: '0' })).toThrow(/READ_YOUR_WRITES_WAIT_MS/);
  });
});
