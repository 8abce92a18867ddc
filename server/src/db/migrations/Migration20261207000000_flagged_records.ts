import { Migration } from '@mikro-orm/migrations';

/**
 * National scale (issue 8), the annual report's list of records to check: it looks for the
 * uncertain records of a plan (for a city whose data is all generated, only those), of which a
 * city has few or none. Without an index it read all of the city's indicator values, projects'
 * amounts and the year's evaluations (14 ms per report on the national data) to find none; a
 * partial index per table on the uncertain rows finds them directly.
 */
const TABLES: [table: string, columns: string][] = [
  ['policy_node', '"municipality_id"'],
  ['indicator', '"municipality_id"'],
  ['indicator_value', '"municipality_id"'],
  ['project', '"municipality_id"'],
  ['project_amount', '"municipality_id"'],
  ['evaluation', '"municipality_id", "fiscal_year"'],
];

export class Migration20261207000000_flagged_records extends Migration {
  override async up(): Promise<void> {
    for (const [table, columns] of TABLES) this.addSql(`create index if not exists "${table}_uncertain_index" on "${table}" (${columns}) where "uncertain";`);
  }

  override async down(): Promise<void> {
    for (const [table] of TABLES) this.addSql(`drop index if exists "${table}_uncertain_index";`);
  }
}
