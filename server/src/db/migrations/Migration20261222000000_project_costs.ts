import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261201000100_row_level_security.js';

const PROVENANCE = `"source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_page" int null, "source_note" text null, "uncertain" boolean not null default false`;
const NEW_TABLES = ['project_cost', 'project_share'] as const;

/**
 * Money and results (issue 22): a project's 事務事業評価 sheet per year (cost by kind, sources of
 * funds, 今後の方向性) and its shares of the policy nodes it serves. トータルコスト is a generated
 * column (server/src/cost/cost-parts.ts's rule): null when any part is unknown, so a sum over
 * projects never counts an unknown part as zero.
 */
export class Migration20261222000000_project_costs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "project_direction" as enum ('expand', 'maintain', 'improve', 'reduce', 'integrate', 'abolish', 'complete');`);
    this.addSql(`create table "project_cost" ("id" serial primary key, "municipality_id" int not null, ${PROVENANCE}, "project_id" int not null, "fiscal_year" smallint not null,
      "business_cost" double precision null, "staff" double precision null, "cost_per_staff" double precision null, "personnel_cost" double precision null,
      "other_cost" double precision null, "printed_total" double precision null,
      "fund_national" double precision null, "fund_bonds" double precision null, "fund_other_specific" double precision null, "fund_general" double precision null,
      "direction" "project_direction" null, "direction_text" text null,
      "total_cost" double precision generated always as ("business_cost" + coalesce("personnel_cost", "staff" * "cost_per_staff") + "other_cost") stored,
      constraint project_cost_year check (fiscal_year between 1989 and 2100));`);
    this.addSql(`create index "project_cost_municipality_id_index" on "project_cost" ("municipality_id", "fiscal_year");`);
    this.addSql(`alter table "project_cost" add constraint "project_cost_project_id_fiscal_year_unique" unique ("project_id", "fiscal_year");`);
    this.addSql(`alter table "project_cost" add constraint "project_cost_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_cost" add constraint "project_cost_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "project_cost" add constraint "project_cost_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "project_share" ("id" serial primary key, "municipality_id" int not null, ${PROVENANCE}, "project_id" int not null, "policy_node_id" int not null, "share" double precision not null,
      constraint project_share_range check (share > 0 and share <= 1));`);
    this.addSql(`create index "project_share_municipality_id_index" on "project_share" ("municipality_id");`);
    this.addSql(`create index "project_share_policy_node_id_index" on "project_share" ("policy_node_id");`);
    this.addSql(`alter table "project_share" add constraint "project_share_project_id_policy_node_id_unique" unique ("project_id", "policy_node_id");`);
    this.addSql(`alter table "project_share" add constraint "project_share_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_share" add constraint "project_share_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "project_share" add constraint "project_share_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_share" add constraint "project_share_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);
    for (const t of NEW_TABLES) this.addSql(`create index if not exists "${t}_uncertain_index" on "${t}" ("municipality_id") where "uncertain";`);

    // Row-level security as on every city table; a year's costs, like its amounts, only once published.
    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    for (const t of NEW_TABLES) {
      this.addSql(`alter table "${t}" enable row level security; alter table "${t}" force row level security;`);
      this.addSql(`create policy city_isolation on "${t}" using (${visible}) with check (${visible});`);
    }
    this.addSql(`create policy published_only on "project_cost" as restrictive for select
      using (not (select app_published_only()) or exists (select 1 from publication p where p.municipality_id = project_cost.municipality_id and p.fiscal_year = project_cost.fiscal_year));`);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          grant select on ${NEW_TABLES.map((t) => `"${t}"`).join(', ')} to ${APP_ROLE};
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    for (const t of NEW_TABLES) this.addSql(`drop table if exists "${t}" cascade;`);
    this.addSql(`drop type if exists "project_direction";`);
  }
}
