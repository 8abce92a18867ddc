import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts (issue 7) and the evaluation cycle:
 * - `app_user` (one role each; a department editor has a department; a system administrator has
 *   no municipality), `session` and `api_token` (both store only a SHA-256 of the secret).
 *   `identity_provider` / `external_subject` leave room for OIDC sign-in later (not implemented:
 *   a user with a provider other than 'local' has no password and cannot sign in yet).
 * - `evaluation.status` (draft → submitted → returned/accepted; imported rows are accepted) and
 *   `version` for optimistic locking; `evaluation_history` and `indicator_value_history` (who,
 *   when, what, before and after as jsonb).
 * - `publication`: a municipality's fiscal year is published (readable without signing in when
 *   PUBLIC_MODE is on).
 */
export class Migration20261201000000_accounts_and_cycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "user_role" as enum ('viewer', 'analyst', 'department_editor', 'reviewer', 'committee_member', 'administrator');`);
    this.addSql(`create type "evaluation_status" as enum ('draft', 'submitted', 'returned', 'accepted');`);

    this.addSql(`create table "app_user" (
      "id" serial primary key,
      "municipality_id" int null references "municipality" ("id") on update cascade on delete cascade,
      "email" text not null,
      "display_name" text not null,
      "role" "user_role" not null,
      "department_id" int null references "department" ("id") on update cascade on delete set null,
      "password_hash" text null,
      "identity_provider" text not null default 'local',
      "external_subject" text null,
      "disabled" boolean not null default false,
      "created_at" timestamptz not null default now(),
      constraint app_user_email_lower check (email = lower(email)),
      constraint app_user_department_editor check (role <> 'department_editor' or department_id is not null),
      constraint app_user_system_admin check (municipality_id is not null or role = 'administrator'));`);
    this.addSql(`create unique index "app_user_email_unique" on "app_user" ("email");`);
    this.addSql(`create unique index "app_user_external_unique" on "app_user" ("identity_provider", "external_subject") where external_subject is not null;`);
    this.addSql(`create index "app_user_municipality_id_index" on "app_user" ("municipality_id");`);

    this.addSql(`create table "session" (
      "id" serial primary key,
      "municipality_id" int null references "municipality" ("id") on update cascade on delete cascade,
      "user_id" int not null references "app_user" ("id") on update cascade on delete cascade,
      "token_hash" char(64) not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "ip" text null);`);
    this.addSql(`create unique index "session_token_hash_unique" on "session" ("token_hash");`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "api_token" (
      "id" serial primary key,
      "municipality_id" int null references "municipality" ("id") on update cascade on delete cascade,
      "user_id" int not null references "app_user" ("id") on update cascade on delete cascade,
      "name" text not null,
      "token_hash" char(64) not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz null,
      "last_used_at" timestamptz null,
      "revoked" boolean not null default false);`);
    this.addSql(`create unique index "api_token_token_hash_unique" on "api_token" ("token_hash");`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);

    this.addSql(`alter table "evaluation" add column "status" "evaluation_status" not null default 'accepted', add column "version" int not null default 1;`);
    this.addSql(`create table "evaluation_history" (
      "id" bigserial primary key,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "evaluation_id" int not null references "evaluation" ("id") on update cascade on delete cascade,
      "user_id" int null references "app_user" ("id") on update cascade on delete set null,
      "user_name" text not null,
      "action" text not null,
      "comment" text null,
      "at" timestamptz not null default now(),
      "before" jsonb null,
      "after" jsonb null);`);
    this.addSql(`create index "evaluation_history_evaluation_id_index" on "evaluation_history" ("evaluation_id", "at");`);
    this.addSql(`create index "evaluation_history_municipality_id_index" on "evaluation_history" ("municipality_id");`);

    this.addSql(`alter table "indicator_value" add column "version" int not null default 1;`);
    this.addSql(`create table "indicator_value_history" (
      "id" bigserial primary key,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "indicator_id" int not null references "indicator" ("id") on update cascade on delete cascade,
      "indicator_value_id" int null references "indicator_value" ("id") on update cascade on delete set null,
      "user_id" int null references "app_user" ("id") on update cascade on delete set null,
      "user_name" text not null,
      "action" text not null,
      "at" timestamptz not null default now(),
      "before" jsonb null,
      "after" jsonb null);`);
    this.addSql(`create index "indicator_value_history_indicator_id_index" on "indicator_value_history" ("indicator_id", "at");`);
    this.addSql(`create index "indicator_value_history_municipality_id_index" on "indicator_value_history" ("municipality_id");`);

    this.addSql(`create table "publication" (
      "id" serial primary key,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" smallint not null,
      "published_at" timestamptz not null default now(),
      "published_by" int null references "app_user" ("id") on update cascade on delete set null,
      constraint publication_year check (fiscal_year between 1989 and 2100));`);
    this.addSql(`create unique index "publication_municipality_year_unique" on "publication" ("municipality_id", "fiscal_year");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "publication", "indicator_value_history", "evaluation_history", "api_token", "session", "app_user" cascade;`);
    this.addSql(`alter table "indicator_value" drop column "version";`);
    this.addSql(`alter table "evaluation" drop column "status", drop column "version";`);
    this.addSql(`drop type "evaluation_status"; drop type "user_role";`);
  }
}
