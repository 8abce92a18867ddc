import { Migration } from '@mikro-orm/migrations';

/**
 * A project's own evaluation on its 事務事業評価 sheet (issue 22): 妥当性・有効性・効率性, each as
 * the city prints its mark (「A」「◎」「高い」…), null where the sheet prints none. Kept on the
 * year's sheet beside its 今後の方向性: the same record a city prints, one row per project and year.
 */
export class Migration20261229000000_project_criteria extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "project_cost" add column "validity" text null, add column "effectiveness" text null, add column "efficiency" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "project_cost" drop column if exists "validity", drop column if exists "effectiveness", drop column if exists "efficiency";`);
  }
}
