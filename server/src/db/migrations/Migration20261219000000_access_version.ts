import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 19: what a caller may see changes with accounts, roles and tokens as much as with a
 * city's data, so the response cache is keyed by a version of them too: `access_version`, one
 * row, bumped in the same statement or transaction as every such change (graphql/cache.ts reads
 * it with the cities' data versions; a process that did not make the change sees it on its next
 * read of the versions). The API's role may bump it (publishing runs in its transaction).
 */
export class Migration20261219000000_access_version extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "access_version" ("id" smallint primary key default 1 check (id = 1), "version" bigint not null default 1);`);
    this.addSql(`insert into "access_version" (id, version) values (1, 1);`);
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
        grant select, update (version) on "access_version" to seisaku_app;
      end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "access_version";`);
  }
}
