import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24: read-your-writes across API processes and read replicas. A session remembers the
 * primary's WAL position after its latest committed mutation; its reads, through any process, are
 * then served from a replica that has replayed it, or from the primary (graphql/read-routing.ts).
 */
export class Migration20261224000000_session_write_lsn extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "session" add column "write_lsn" pg_lsn null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "session" drop column if exists "write_lsn";`);
  }
}
