import { Migration } from '@mikro-orm/migrations';

/**
 * National scale (issue 8), found on the annual report:
 * - a plan belongs to one city, but the planner multiplied the selectivities of
 *   `municipality_id = ?` and `plan_id = ?` on policy_node (a few hundred of 350,000 rows each)
 *   and expected one node for the pair; joined to a city's evaluations that made a nested loop
 *   of 130,000 probes (300 ms instead of 3). Functional-dependency statistics tell it that the
 *   plan implies the city;
 * - the report counts a city's evaluations without a scale (text-only) per plan and year: the
 *   (municipality_id, fiscal_year, stage) index read every evaluation of the city (about 5,000
 *   pages) to find a handful; a partial index on the unrated rows finds them directly.
 */
export class Migration20261206000000_report_statements extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create statistics if not exists "policy_node_city_plan" (dependencies) on "municipality_id", "plan_id" from "policy_node";`);
    this.addSql(`analyze "policy_node";`);
    this.addSql(`create index if not exists "evaluation_unrated_index" on "evaluation" ("municipality_id") where "scale_id" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "evaluation_unrated_index";`);
    this.addSql(`drop statistics if exists "policy_node_city_plan";`);
  }
}
