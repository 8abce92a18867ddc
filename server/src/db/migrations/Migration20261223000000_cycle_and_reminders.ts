import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 23: the yearly cycle as data, and reminders.
 * - `evaluation_cycle`: a city's fiscal year and stage, opened on a date, with a default deadline
 *   and who reviews; `cycle_deadline`: a department's own deadline. Read and written by requests
 *   (row-level security by city, as every city table).
 * - `notification_event`: a workflow step worth telling someone about, written in the step's own
 *   transaction by the API's role; the worker (server/src/cycle/worker.ts) turns it into
 *   `notification` rows per recipient and `mail_outbox` rows, on the owner's connection (the API's
 *   role cannot read accounts). Both of those are the owner's only.
 * - `app_user.must_change_password`: an administrator reset the password; the user sets a new one
 *   at next sign-in.
 */
export class Migration20261223000000_cycle_and_reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "must_change_password" boolean not null default false;`);
    this.addSql(`create table "evaluation_cycle" (
      "id" serial primary key,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" int not null,
      "stage" "evaluation_stage" not null,
      "opens_on" date not null,
      "deadline" date not null,
      "reviewer_user_id" int null references "app_user" ("id") on update cascade on delete set null,
      "closed_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      constraint evaluation_cycle_deadline_after_opening check (deadline >= opens_on));`);
    this.addSql(`create unique index "evaluation_cycle_city_year_stage_unique" on "evaluation_cycle" ("municipality_id", "fiscal_year", "stage");`);
    this.addSql(`create table "cycle_deadline" (
      "cycle_id" int not null references "evaluation_cycle" ("id") on update cascade on delete cascade,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "department_id" int not null references "department" ("id") on update cascade on delete cascade,
      "deadline" date not null,
      primary key ("cycle_id", "department_id"));`);
    this.addSql(`create table "notification_event" (
      "id" bigserial primary key,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "kind" text not null,
      "evaluation_id" int not null references "evaluation" ("id") on update cascade on delete cascade,
      "actor_user_id" int null,
      "comment" text null,
      "created_at" timestamptz not null default now(),
      "dispatched_at" timestamptz null);`);
    this.addSql(`create index "notification_event_pending_index" on "notification_event" ("id") where dispatched_at is null;`);
    this.addSql(`create table "notification" (
      "id" bigserial primary key,
      "municipality_id" int null references "municipality" ("id") on update cascade on delete cascade,
      "user_id" int not null references "app_user" ("id") on update cascade on delete cascade,
      "kind" text not null,
      "title" text not null,
      "body" text not null,
      "link" text null,
      "cycle_id" int null references "evaluation_cycle" ("id") on update cascade on delete cascade,
      "department_id" int null references "department" ("id") on update cascade on delete set null,
      "dedupe_key" text null,
      "created_at" timestamptz not null default now(),
      "read_at" timestamptz null);`);
    this.addSql(`create index "notification_user_id_id_index" on "notification" ("user_id", "id");`);
    this.addSql(`create unique index "notification_dedupe_key_unique" on "notification" ("dedupe_key");`);
    this.addSql(`create index "notification_cycle_id_index" on "notification" ("cycle_id") where cycle_id is not null;`);
    this.addSql(`create table "mail_outbox" (
      "id" bigserial primary key,
      "notification_id" bigint null references "notification" ("id") on update cascade on delete set null,
      "to_address" text not null,
      "subject" text not null,
      "body" text not null,
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "sent_at" timestamptz null,
      "last_error" text null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "mail_outbox_due_index" on "mail_outbox" ("next_attempt_at") where sent_at is null;`);

    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    for (const t of ['evaluation_cycle', 'cycle_deadline', 'notification_event']) {
      this.addSql(`alter table "${t}" enable row level security; alter table "${t}" force row level security;`);
      this.addSql(`create policy city_isolation on "${t}" using (${visible}) with check (${visible});`);
      this.addSql(`create policy published_only on "${t}" as restrictive for select using (not (select app_published_only()));`);
    }
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
        grant select, insert, update, delete on "evaluation_cycle", "cycle_deadline" to seisaku_app;
        grant usage on sequence evaluation_cycle_id_seq to seisaku_app;
        grant insert on "notification_event" to seisaku_app;
        grant usage on sequence notification_event_id_seq to seisaku_app;
      end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail_outbox", "notification", "notification_event", "cycle_deadline", "evaluation_cycle";`);
    this.addSql(`alter table "app_user" drop column if exists "must_change_password";`);
  }
}
