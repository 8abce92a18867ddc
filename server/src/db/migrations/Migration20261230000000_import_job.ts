import { Migration } from '@mikro-orm/migrations';

/**
 * The dashboard's import jobs in the database rather than in one process's memory, so that a
 * preview made by one API process can be polled, confirmed or cancelled through any other
 * (WORKERS, several servers). The file waits here between preview and confirmation (at most
 * 20 MB, MAX_IMPORT_FILE_BYTES) and is dropped once the job is written, cancelled or failed.
 * `data_version` is the city's version the preview was made against: a confirmation after it
 * moved is refused. Only the owner's connection (administration) uses the table.
 */
export class Migration20261230000000_import_job extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "import_job" (
      "id" uuid primary key,
      "owner" text not null,
      "file_name" text not null,
      "format" text not null,
      "status" text not null check ("status" in ('reading', 'invalid', 'ready', 'writing', 'done', 'failed', 'cancelled', 'stale')),
      "municipality_code" text null,
      "municipality_name" text null,
      "data_version" int null,
      "progress" jsonb null,
      "problems" jsonb not null default '[]',
      "preview" jsonb null,
      "result" jsonb null,
      "remove_missing" boolean not null default false,
      "file" bytea null check (octet_length("file") <= 20971520),
      "sha256" text not null,
      "started_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "import_job_started_at_index" on "import_job" ("started_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "import_job";`);
  }
}
