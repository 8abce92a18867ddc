/**
 * A database of its own for one test file, cloned from the migrated template, so test files
 * can run in parallel. Call `drop()` in afterAll.
 */
import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { connect } from '../../server/src/db/database.js';

export interface TestDatabase {
  url: string;
  name: string;
  orm: MikroORM;
  /** Runs SQL as the database owner, outside the ORM. */
  query: <T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  drop: () => Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Cloning a template needs no other session on it; retry briefly if another file is cloning.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (e) {
      if (attempt > 50 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const orm = await connect(url);
  const client = new pg.Pool({ connectionString: url, max: 2 });
  // A connection still closing when `drop` terminates the database's sessions reports it here; nothing to do.
  client.on('error', () => {});
  return {
    url,
    name,
    orm,
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    drop: async () => {
      await client.end();
      await orm.close(true);
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * A checksum of every row of every table: equal before and after means nothing changed.
 * `except`: tables left out (an import that changes no data is still logged in `audit_log`).
 */
export async function databaseChecksum(db: TestDatabase, opts: { except?: string[] } = {}): Promise<string> {
  const tables = (
    await db.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations' order by 1`)
  ).filter(({ t }) => !opts.except?.includes(t));
  const parts: string[] = [];
  for (const { t } of tables) {
    const [row] = await db.query<{ n: string; h: string | null }>(
      `select count(*)::text as n, md5(string_agg(md5(x::text), ',' order by md5(x::text))) as h from ${pg.escapeIdentifier(t)} x`,
    );
    parts.push(`${t}:${row!.n}:${row!.h ?? ''}`);
  }
  return parts.join('|');
}
