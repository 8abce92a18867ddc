import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 19: sign-in failures in the database rather than in one process's memory, so every API
 * process counts the same (auth/rate-limit.ts). Read by address and by account within a window of
 * minutes; old rows are deleted as new ones come. Only the owner's connection (authentication)
 * uses it.
 */
export class Migration20261219000100_sign_in_failure extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "sign_in_failure" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "email" text not null,
      "address" text not null);`);
    this.addSql(`create index "sign_in_failure_email_at_index" on "sign_in_failure" ("email", "at");`);
    this.addSql(`create index "sign_in_failure_address_at_index" on "sign_in_failure" ("address", "at");`);
    this.addSql(`create index "sign_in_failure_at_index" on "sign_in_failure" ("at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sign_in_failure";`);
  }
}
