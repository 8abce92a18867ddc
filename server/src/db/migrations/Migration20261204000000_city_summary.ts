import { Migration } from '@mikro-orm/migrations';
import { CITY_SUMMARY_COLUMNS, COUNTED } from '../../analytics/city-summary.js';

/**
 * National scale (issue 8): `municipality_summary`, each city's record counts, so the overview's
 * list of every city (1,741 at national size) reads 1,741 rows instead of counting 30 million.
 * Rebuilt for one city by `refreshCitySummary` (server/src/analytics/city-summary.ts) wherever the
 * rating rollup is (the importer's transaction, evaluation and indicator edits). Filled here for
 * the data already present; isolated by city like every city table.
 */
export class Migration20261204000000_city_summary extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "municipality_summary" (
      "municipality_id" int primary key references "municipality" ("id") on update cascade on delete cascade,
      "plans" int not null,
      "policy_nodes" int not null,
      "departments" int not null,
      "indicators" int not null,
      "indicator_values" int not null,
      "evaluations" int not null,
      "projects" int not null,
      "department_policies" int not null,
      "refreshed_at" timestamptz not null default now());`);
    // Every city at once: one grouped scan per table (per-city counts would walk the indexes 14,000 times at national size).
    const counted = Object.entries(COUNTED);
    // sql-safe: table and column names from the constant COUNTED map
    this.addSql(`insert into municipality_summary (${CITY_SUMMARY_COLUMNS})
      select m.id, ${counted.map(([c]) => `coalesce(${c}.n, 0)`).join(', ')}
        from municipality m
        ${counted.map(([c, t]) => `left join (select municipality_id, count(*)::int as n from "${t}" group by 1) ${c} on ${c}.municipality_id = m.id`).join(' ')};`);
    this.addSql(`alter table "municipality_summary" enable row level security; alter table "municipality_summary" force row level security;`);
    this.addSql(`create policy city_isolation on "municipality_summary"
      using ((select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[]))
      with check ((select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[]));`);
    // PUBLIC_MODE counts only what is published: the summary counts everything, so it is hidden
    // there and the API counts the visible rows instead (municipality.resolver.ts).
    this.addSql(`create policy published_only on "municipality_summary" as restrictive for select using (not (select app_published_only()));`);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
          grant select, insert, update, delete on "municipality_summary" to seisaku_app;
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "municipality_summary";`);
  }
}
