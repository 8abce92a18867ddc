import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 25 / issue 21 item 6: the cities' rule checks kept per evaluation (`rule_check`), so that
 * `ruleInconsistencies` over every city pages and counts in SQL instead of reading every
 * evaluation with a rule into the API (4.82 M nationwide). Derived data, like `rating_rollup`:
 * rebuilt for a city in the transaction that wrote its evaluations or values
 * (analytics/rule-checks.ts), without foreign keys but to its city. `rule_check_city` records
 * which cities have theirs; the server fills the missing ones when it starts (data imported
 * before this migration).
 */
export class Migration20261225000000_rule_check extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rule_check" (
      "evaluation_id" int primary key,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" smallint not null,
      "agrees" boolean not null,
      "computed_level_id" int null,
      "value" double precision null,
      "explanation" text not null);`);
    // The disagreements in the order they are paged (fiscal year, evaluation), and a city's.
    this.addSql(`create index "rule_check_disagreement_index" on "rule_check" ("fiscal_year", "evaluation_id") where not "agrees";`);
    this.addSql(`create index "rule_check_municipality_index" on "rule_check" ("municipality_id", "fiscal_year", "evaluation_id") where not "agrees";`);
    this.addSql(`create table "rule_check_city" (
      "municipality_id" int primary key references "municipality" ("id") on update cascade on delete cascade,
      "refreshed_at" timestamptz not null default now());`);

    // As the evaluations they check (Migration20261201000100_row_level_security): by city, and in
    // PUBLIC_MODE only where the evaluation itself is visible (accepted, published year).
    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    for (const t of ['rule_check', 'rule_check_city']) {
      this.addSql(`alter table "${t}" enable row level security; alter table "${t}" force row level security;`);
      this.addSql(`create policy city_isolation on "${t}" using (${visible}) with check (${visible});`);
    }
    this.addSql(`create policy published_only on "rule_check" as restrictive for select
      using (not (select app_published_only()) or exists (select 1 from evaluation e where e.id = rule_check.evaluation_id));`);
    // Evaluation edits on the API's role rebuild their city's checks.
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
          grant select, insert, delete on "rule_check" to seisaku_app;
          grant select, insert, update on "rule_check_city" to seisaku_app;
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rule_check";`);
    this.addSql(`drop table if exists "rule_check_city";`);
  }
}
