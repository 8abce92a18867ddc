import { Migration } from '@mikro-orm/migrations';
import { bandRollupInsert } from '../../analytics/band-counts.js';

/**
 * Issue 21 item 6 / issue 25: `achievementBands` over whole cities (no other condition, grouped
 * by nothing or by city) from each city's measured indicators counted per fiscal year, rule and
 * band (`band_rollup`); the not measured are the rest of the city's indicators. The national
 * run timed the live statement out at the 5 s budget (its floor 5.4 s). Derived like
 * `rating_rollup`: rebuilt per city in the transaction that wrote its indicators or values
 * (rollups.ts `refreshRollups`, `refreshValueRollups`).
 */
export class Migration20261228000100_band_rollup extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "band_rollup" (
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" smallint not null,
      "bands" jsonb not null,
      "level" text not null,
      "n" int not null);`);
    this.addSql(`create index "band_rollup_year_index" on "band_rollup" ("fiscal_year", "municipality_id");`);
    this.addSql(`${bandRollupInsert('true')};`);
    // As the actuals it counts (Migration20261201000100_row_level_security): by city, and in
    // PUBLIC_MODE only published years (the rest is then counted as not measured, as live).
    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    this.addSql(`alter table "band_rollup" enable row level security; alter table "band_rollup" force row level security;`);
    this.addSql(`create policy city_isolation on "band_rollup" using (${visible}) with check (${visible});`);
    this.addSql(`create policy published_only on "band_rollup" as restrictive for select
      using (not (select app_published_only())
             or exists (select 1 from publication p where p.municipality_id = band_rollup.municipality_id and p.fiscal_year = band_rollup.fiscal_year));`);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
          grant select, insert, delete on "band_rollup" to seisaku_app;
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "band_rollup";`);
  }
}
