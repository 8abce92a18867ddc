import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000000_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "subject_kind" as enum ('policy_node', 'indicator', 'project');`);
    this.addSql(`create type "plan_kind" as enum ('comprehensive', 'basic', 'implementation', 'strategic', 'priority', 'other');`);
    this.addSql(`create type "department_kind" as enum ('部', '本部', '課', '室', '局', '事務局', '委員会', '学校', 'その他');`);
    this.addSql(`create type "amount_kind" as enum ('settled', 'budget');`);
    this.addSql(`create type "indicator_direction" as enum ('higher_is_better', 'lower_is_better', 'maintain', 'unknown');`);
    this.addSql(`create type "indicator_kind" as enum ('outcome', 'activity', 'unknown');`);
    this.addSql(`create type "value_kind" as enum ('baseline', 'target', 'actual');`);
    this.addSql(`create type "value_qualifier" as enum ('at_most', 'at_least', 'approx');`);
    this.addSql(`create type "evaluation_subject_kind" as enum ('policy_node', 'indicator', 'project');`);
    this.addSql(`create type "evaluation_stage" as enum ('self', 'secondary', 'external', 'council');`);
    this.addSql(`create table "municipality" ("id" serial primary key, "code" varchar(6) not null, "name" text not null, "name_kana" text null, "name_en" text null, "prefecture" text not null, "generated" boolean not null default false, "data_version" int not null default 0, constraint municipality_code_format check (code ~ '^[0-9]{6}\$'));`);
    this.addSql(`alter table "municipality" add constraint "municipality_code_unique" unique ("code");`);

    this.addSql(`create table "source_document" ("id" serial primary key, "municipality_id" int not null, "key" text not null, "title" text not null, "file" text null, "url" text null, "issued_on" date null, "generated" boolean not null default false);`);
    this.addSql(`alter table "source_document" add constraint "source_document_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "rating_scale" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "name" text not null, "description" text null, "subject_kind" "subject_kind" not null, "rule" jsonb null);`);
    this.addSql(`create index "rating_scale_municipality_id_index" on "rating_scale" ("municipality_id");`);
    this.addSql(`alter table "rating_scale" add constraint "rating_scale_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "rating_level" ("id" serial primary key, "municipality_id" int not null, "scale_id" int not null, "code" text not null, "label" text not null, "description" text null, "sort_order" smallint not null, "score" double precision null, "color" varchar(7) null, constraint rating_level_color check (color is null or color ~ '^#[0-9a-fA-F]{6}\$'));`);
    this.addSql(`create index "rating_level_municipality_id_index" on "rating_level" ("municipality_id");`);
    this.addSql(`alter table "rating_level" add constraint "rating_level_scale_id_code_unique" unique ("scale_id", "code");`);

    this.addSql(`create table "plan" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "name" text not null, "kind" "plan_kind" not null, "parent_id" int null, "start_year" smallint not null, "end_year" smallint not null, "level_names" jsonb not null, constraint plan_period check (end_year >= start_year));`);
    this.addSql(`create index "plan_municipality_id_index" on "plan" ("municipality_id");`);
    this.addSql(`alter table "plan" add constraint "plan_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "department" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "name" text not null, "kind" "department_kind" not null, "parent_id" int null, "path" text not null);`);
    this.addSql(`create index "department_municipality_id_index" on "department" ("municipality_id");`);
    this.addSql(`create index department_path_idx on department (municipality_id, path text_pattern_ops);`);
    this.addSql(`alter table "department" add constraint "department_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "policy_node" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "plan_id" int not null, "parent_id" int null, "depth" smallint not null, "path" text not null, "code" text null, "name" text not null, "description" text null, "lead_department_id" int null, "priority" boolean not null default false, "sort_order" int not null default 0, constraint policy_node_depth check (depth between 1 and 10));`);
    this.addSql(`create index "policy_node_municipality_id_index" on "policy_node" ("municipality_id");`);
    this.addSql(`create index policy_node_path_idx on policy_node (plan_id, path text_pattern_ops);`);
    this.addSql(`create index "policy_node_lead_department_id_index" on "policy_node" ("lead_department_id");`);
    this.addSql(`create index "policy_node_plan_id_depth_index" on "policy_node" ("plan_id", "depth");`);
    this.addSql(`alter table "policy_node" add constraint "policy_node_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "project" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "policy_node_id" int null, "name" text not null, "description" text null, "department_id" int null, "sort_order" int not null default 0);`);
    this.addSql(`create index "project_municipality_id_index" on "project" ("municipality_id");`);
    this.addSql(`create index "project_policy_node_id_index" on "project" ("policy_node_id");`);
    this.addSql(`create index "project_department_id_index" on "project" ("department_id");`);
    this.addSql(`alter table "project" add constraint "project_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "project_amount" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "project_id" int not null, "fiscal_year" smallint not null, "kind" "amount_kind" not null, "thousand_yen" double precision null, "text" text not null, constraint project_amount_year check (fiscal_year between 1989 and 2100));`);
    this.addSql(`create index "project_amount_municipality_id_index" on "project_amount" ("municipality_id");`);
    this.addSql(`alter table "project_amount" add constraint "project_amount_project_id_fiscal_year_kind_unique" unique ("project_id", "fiscal_year", "kind");`);

    this.addSql(`create table "policy_node_related_department" ("id" serial primary key, "municipality_id" int not null, "policy_node_id" int not null, "department_id" int not null);`);
    this.addSql(`create index "policy_node_related_department_municipality_id_index" on "policy_node_related_department" ("municipality_id");`);
    this.addSql(`create index "policy_node_related_department_department_id_index" on "policy_node_related_department" ("department_id");`);
    this.addSql(`alter table "policy_node_related_department" add constraint "policy_node_related_department_policy_node_id_dep_641cd_unique" unique ("policy_node_id", "department_id");`);

    this.addSql(`create table "indicator" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "policy_node_id" int null, "project_id" int null, "name" text not null, "description" text null, "unit" text null, "direction" "indicator_direction" not null, "kind" "indicator_kind" not null, "source" text null, "is_kpi" boolean not null default false, "sort_order" int not null default 0);`);
    this.addSql(`create index "indicator_municipality_id_index" on "indicator" ("municipality_id");`);
    this.addSql(`create index "indicator_project_id_index" on "indicator" ("project_id");`);
    this.addSql(`create index "indicator_policy_node_id_index" on "indicator" ("policy_node_id");`);
    this.addSql(`alter table "indicator" add constraint "indicator_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "indicator_value" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "indicator_id" int not null, "fiscal_year" smallint not null, "kind" "value_kind" not null, "value" double precision null, "text" text not null, "observed_year" smallint null, "year_note" text null, "qualifier" "value_qualifier" null, "span_from" smallint null, "span_to" smallint null, "printed_achievement" double precision null, "printed_achievement_text" text null, constraint indicator_value_span check (span_from is null or span_to is null or span_to >= span_from), constraint indicator_value_year check (fiscal_year between 1989 and 2100));`);
    this.addSql(`create index "indicator_value_municipality_id_index" on "indicator_value" ("municipality_id");`);
    this.addSql(`alter table "indicator_value" add constraint "indicator_value_indicator_id_fiscal_year_kind_unique" unique ("indicator_id", "fiscal_year", "kind");`);

    this.addSql(`create table "evaluation" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "subject_kind" "evaluation_subject_kind" not null, "policy_node_id" int null, "indicator_id" int null, "project_id" int null, "fiscal_year" smallint not null, "stage" "evaluation_stage" not null, "scale_id" int null, "level_id" int null, "achievement" text null, "issues" text null, "response" text null, "comment" text null, "request" text null, "other_texts" jsonb null, "evaluator" text null, "evaluated_on" date null, constraint evaluation_level_needs_scale check (level_id is null or scale_id is not null), constraint evaluation_year check (fiscal_year between 1989 and 2100), constraint evaluation_one_subject check ((subject_kind = 'policy_node' and policy_node_id is not null and indicator_id is null and project_id is null) or (subject_kind = 'indicator' and indicator_id is not null and policy_node_id is null and project_id is null) or (subject_kind = 'project' and project_id is not null and policy_node_id is null and indicator_id is null)));`);
    this.addSql(`create index "evaluation_municipality_id_index" on "evaluation" ("municipality_id");`);
    this.addSql(`create index "evaluation_project_id_index" on "evaluation" ("project_id");`);
    this.addSql(`create index "evaluation_indicator_id_index" on "evaluation" ("indicator_id");`);
    this.addSql(`create index "evaluation_municipality_id_fiscal_year_stage_index" on "evaluation" ("municipality_id", "fiscal_year", "stage");`);
    this.addSql(`create unique index evaluation_subject_unique on evaluation (policy_node_id, indicator_id, project_id, fiscal_year, stage, scale_id) nulls not distinct;`);

    this.addSql(`create table "department_policy" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "key" text not null, "department_id" int not null, "fiscal_year" smallint not null, "basic_approach" text not null, constraint department_policy_year check (fiscal_year between 1989 and 2100));`);
    this.addSql(`create index "department_policy_municipality_id_index" on "department_policy" ("municipality_id");`);
    this.addSql(`alter table "department_policy" add constraint "department_policy_department_id_fiscal_year_unique" unique ("department_id", "fiscal_year");`);
    this.addSql(`alter table "department_policy" add constraint "department_policy_municipality_id_key_unique" unique ("municipality_id", "key");`);

    this.addSql(`create table "department_policy_initiative" ("id" serial primary key, "municipality_id" int not null, "source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_note" text null, "uncertain" boolean not null default false, "policy_id" int not null, "category" text not null, "title" text not null, "body" text not null, "sort_order" int not null);`);
    this.addSql(`create index "department_policy_initiative_municipality_id_index" on "department_policy_initiative" ("municipality_id");`);
    this.addSql(`alter table "department_policy_initiative" add constraint "department_policy_initiative_policy_id_sort_order_unique" unique ("policy_id", "sort_order");`);

    this.addSql(`alter table "source_document" add constraint "source_document_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "rating_scale" add constraint "rating_scale_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "rating_scale" add constraint "rating_scale_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "rating_level" add constraint "rating_level_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "rating_level" add constraint "rating_level_scale_id_foreign" foreign key ("scale_id") references "rating_scale" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "plan" add constraint "plan_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "plan" add constraint "plan_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "plan" add constraint "plan_parent_id_foreign" foreign key ("parent_id") references "plan" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "department" add constraint "department_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "department" add constraint "department_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "department" add constraint "department_parent_id_foreign" foreign key ("parent_id") references "department" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "policy_node" add constraint "policy_node_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node" add constraint "policy_node_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "policy_node" add constraint "policy_node_plan_id_foreign" foreign key ("plan_id") references "plan" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node" add constraint "policy_node_parent_id_foreign" foreign key ("parent_id") references "policy_node" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node" add constraint "policy_node_lead_department_id_foreign" foreign key ("lead_department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "project" add constraint "project_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project" add constraint "project_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "project" add constraint "project_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "project" add constraint "project_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "project_amount" add constraint "project_amount_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_amount" add constraint "project_amount_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "project_amount" add constraint "project_amount_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "policy_node_related_department" add constraint "policy_node_related_department_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node_related_department" add constraint "policy_node_related_department_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node_related_department" add constraint "policy_node_related_department_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "indicator" add constraint "indicator_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "indicator" add constraint "indicator_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "indicator" add constraint "indicator_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "indicator" add constraint "indicator_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "indicator_value" add constraint "indicator_value_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "indicator_value" add constraint "indicator_value_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "indicator_value" add constraint "indicator_value_indicator_id_foreign" foreign key ("indicator_id") references "indicator" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "evaluation" add constraint "evaluation_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_indicator_id_foreign" foreign key ("indicator_id") references "indicator" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_scale_id_foreign" foreign key ("scale_id") references "rating_scale" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_level_id_foreign" foreign key ("level_id") references "rating_level" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "department_policy" add constraint "department_policy_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "department_policy" add constraint "department_policy_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "department_policy" add constraint "department_policy_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "department_policy_initiative" add constraint "department_policy_initiative_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "department_policy_initiative" add constraint "department_policy_initiative_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "department_policy_initiative" add constraint "department_policy_initiative_policy_id_foreign" foreign key ("policy_id") references "department_policy" ("id") on update cascade on delete cascade;`);

    // A rating must be a level of the evaluation's own scale: a composite key the ORM cannot declare.
    this.addSql(`alter table "rating_level" add constraint "rating_level_id_scale_id_unique" unique ("id", "scale_id");`);
    this.addSql(`alter table "evaluation" add constraint "evaluation_level_on_scale_fk" foreign key ("level_id", "scale_id") references "rating_level" ("id", "scale_id");`);
  }

}
