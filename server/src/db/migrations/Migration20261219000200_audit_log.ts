import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 19: the audit log of administration (server/src/audit/): imports, publishing, users,
 * roles and tokens — who, when, what. Written in the same transaction (or statement) as the
 * change it records; read by administrators through the API, a city's administrator seeing its
 * city's entries (row-level security, as every city table), a system administrator every entry
 * (also those of no city: system administrators' accounts). `action` is open text so issue 23
 * can add workflow steps, edits and exports without a migration; `details` holds what each
 * action adds (counts, hash, year, before and after).
 */
export class Migration20261219000200_audit_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "municipality_id" int null constraint "audit_log_municipality_id_foreign" references "municipality" ("id") on update cascade on delete cascade,
      "user_id" int null references "app_user" ("id") on update cascade on delete set null,
      "user_name" text not null,
      "action" text not null,
      "target" text null,
      "details" jsonb not null default '{}');`);
    this.addSql(`create index "audit_log_municipality_id_id_index" on "audit_log" ("municipality_id", "id");`);
    this.addSql(`create index "audit_log_action_id_index" on "audit_log" ("action", "id");`);
    this.addSql(`create index "audit_log_user_id_id_index" on "audit_log" ("user_id", "id");`);
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);

    // As every city table (Migration20261201000100_row_level_security): a city's rows to its
    // requests; rows of no city only where every city is visible (system administrators).
    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    this.addSql(`alter table "audit_log" enable row level security; alter table "audit_log" force row level security;`);
    this.addSql(`create policy city_isolation on "audit_log" using (${visible}) with check (${visible});`);
    this.addSql(`create policy published_only on "audit_log" as restrictive for select using (not (select app_published_only()));`);
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
        grant select, insert on "audit_log" to seisaku_app;
        grant usage on sequence audit_log_id_seq to seisaku_app;
      end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log";`);
  }
}
