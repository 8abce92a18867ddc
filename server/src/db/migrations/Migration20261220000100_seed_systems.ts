import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261201000100_row_level_security.js';

/** Tables whose records carry a provenance (`Imported`), before this migration. */
const IMPORTED_TABLES = [
  'rating_scale',
  'plan',
  'department',
  'policy_node',
  'project',
  'project_amount',
  'indicator',
  'indicator_value',
  'evaluation',
  'department_policy',
  'department_policy_initiative',
] as const;

/** The tables this migration adds, keyed by city like every other (row-level security). */
const NEW_TABLES = ['survey_result', 'yearly_goal'] as const;

const PROVENANCE = `"source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_page" int null, "source_note" text null, "uncertain" boolean not null default false`;

/**
 * Every seed system whole (issue 20): what the five documents print and the model could not say.
 * - 重点 may be unknown (null, shown as 不明): 15 of 香取's policies carry badges the text does not place.
 * - A value printed in several parts keeps each part (label, number, text) in `parts`.
 * - Source documents keep where their pages begin; every imported record the page it is printed on.
 * - A citizen survey's results (所沢 市民意識調査) and a node's goals per year (各年度の目標) are records.
 */
export class Migration20261220000100_seed_systems extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "policy_node" alter column "priority" drop not null;`);

    this.addSql(`alter table "indicator_value" add column "parts" jsonb null;`);
    this.addSql(`alter table "indicator_value" add constraint "indicator_value_parts_array" check (parts is null or jsonb_typeof(parts) = 'array');`);

    this.addSql(`alter table "source_document" add column "pages" jsonb null;`);
    this.addSql(`alter table "source_document" add constraint "source_document_pages_array" check (pages is null or jsonb_typeof(pages) = 'array');`);
    for (const t of IMPORTED_TABLES) this.addSql(`alter table "${t}" add column "source_page" int null;`);

    this.addSql(`create table "survey_result" ("id" serial primary key, "municipality_id" int not null, ${PROVENANCE}, "key" text not null, "policy_node_id" int null, "fiscal_year" smallint not null, "survey" text not null, "question" text not null, "item" text not null, "respondents" int null, "count" int null, "percent" double precision null, "rank" int null, "rank_of" int null, "text" text not null, "sort_order" int not null default 0, constraint survey_result_year check (fiscal_year between 1989 and 2100), constraint survey_result_rank check (rank is null or rank_of is null or rank <= rank_of));`);
    this.addSql(`create index "survey_result_municipality_id_index" on "survey_result" ("municipality_id");`);
    this.addSql(`create index "survey_result_policy_node_id_index" on "survey_result" ("policy_node_id");`);
    this.addSql(`alter table "survey_result" add constraint "survey_result_municipality_id_key_unique" unique ("municipality_id", "key");`);
    this.addSql(`alter table "survey_result" add constraint "survey_result_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "survey_result" add constraint "survey_result_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "survey_result" add constraint "survey_result_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "yearly_goal" ("id" serial primary key, "municipality_id" int not null, ${PROVENANCE}, "policy_node_id" int not null, "fiscal_year" smallint not null, "goal" text not null, constraint yearly_goal_year check (fiscal_year between 1989 and 2100));`);
    this.addSql(`create index "yearly_goal_municipality_id_index" on "yearly_goal" ("municipality_id");`);
    this.addSql(`alter table "yearly_goal" add constraint "yearly_goal_policy_node_id_fiscal_year_unique" unique ("policy_node_id", "fiscal_year");`);
    this.addSql(`alter table "yearly_goal" add constraint "yearly_goal_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "yearly_goal" add constraint "yearly_goal_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "yearly_goal" add constraint "yearly_goal_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);

    // Row-level security as on every city table (Migration20261201000100_row_level_security).
    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    for (const t of NEW_TABLES) {
      this.addSql(`alter table "${t}" enable row level security; alter table "${t}" force row level security;`);
      this.addSql(`create policy city_isolation on "${t}" using (${visible}) with check (${visible});`);
    }
    // PUBLIC_MODE: a survey's results only for published fiscal years; goals, like targets, always.
    this.addSql(`create policy published_only on "survey_result" as restrictive for select
      using (not (select app_published_only()) or exists (select 1 from publication p where p.municipality_id = survey_result.municipality_id and p.fiscal_year = survey_result.fiscal_year));`);
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
    for (const t of IMPORTED_TABLES) this.addSql(`alter table "${t}" drop column if exists "source_page";`);
    this.addSql(`alter table "source_document" drop column if exists "pages";`);
    this.addSql(`alter table "indicator_value" drop column if exists "parts";`);
    this.addSql(`update "policy_node" set "priority" = false where "priority" is null;`);
    this.addSql(`alter table "policy_node" alter column "priority" set not null;`);
  }
}
