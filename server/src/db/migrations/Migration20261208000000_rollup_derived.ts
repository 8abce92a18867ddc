import { Migration } from '@mikro-orm/migrations';

/**
 * National scale (issue 8), import speed: `rating_rollup` is derived data, rebuilt for a city in
 * the transaction that wrote its evaluations (analytics/rollups.ts), from a join that has just
 * read every record it names. Its foreign keys to the scale, level, department, plan and
 * top-level node only checked that again, row by row: 6 checks for each of a city's ~3,800
 * rollup rows, 125 ms of the rollup's 160 ms and a sixth of a generated city's import. Nothing
 * deletes those records (the importer never deletes them, and their own foreign keys from the
 * evaluations would refuse it). The key to the municipality stays: deleting a city still
 * removes its rollup rows.
 */
const DERIVED_KEYS: [column: string, references: string][] = [
  ['scale_id', 'rating_scale'],
  ['level_id', 'rating_level'],
  ['department_id', 'department'],
  ['plan_id', 'plan'],
  ['top_node_id', 'policy_node'],
];

export class Migration20261208000000_rollup_derived extends Migration {
  override async up(): Promise<void> {
    for (const [column] of DERIVED_KEYS) this.addSql(`alter table "rating_rollup" drop constraint if exists "rating_rollup_${column}_fkey";`);
  }

  override async down(): Promise<void> {
    for (const [column, table] of DERIVED_KEYS)
      this.addSql(
        `alter table "rating_rollup" add constraint "rating_rollup_${column}_fkey" foreign key ("${column}") references "${table}" ("id") on update cascade on delete cascade;`,
      );
  }
}
